// kioskctl restart --when-idle [--reason TEXT]: asks the running kiosk (and a counter terminal sharing its
// data directory) to finish and restart at its next attract screen (mc/core/restart_request.hpp). The
// package's postinst runs it after an upgrade; systemd then starts the new version.
#include "command.hpp"
#include "mc/core/restart_request.hpp"

namespace mc::ctl {
namespace {

constexpr const char* kUsage = "restart --when-idle [--reason TEXT]";

int restart_command(CommandContext& ctx) {
  const bool when_idle = ctx.take_flag("--when-idle");
  const std::string reason = ctx.take_option("--reason", "requested by kioskctl");
  if (!when_idle || !ctx.args.empty()) {
    // Only the gentle kind: an immediate restart is `systemctl restart`, which interrupts a citizen.
    ctx.err << "Usage: kioskctl " << kUsage << "\n";
    return kExitUsage;
  }
  const Config& config = ctx.config();
  try {
    request_restart(config, reason, system_clock()());
  } catch (const std::exception& error) {
    ctx.err << "kioskctl restart: " << error.what() << "\n";
    return kExitFailure;
  }
  ctx.out << "the kiosk restarts at its next attract screen (" << config.path_in_data(kRestartRequestName) << ")\n";
  return kExitOk;
}

const bool registered = register_command(
    {"restart", kUsage, "ask the running kiosk to finish and restart at its next attract screen (after an upgrade)",
     restart_command});

}  // namespace
}  // namespace mc::ctl
