// kioskctl config check [FILE] | config show | config defaults
#include <iostream>

#include "command.hpp"
#include "mc/core/service_state.hpp"

namespace mc::ctl {
namespace {

// Errors (the kiosk goes out of service with this file), then warnings (it serves, but check them).
// Exit 0: the kiosk would serve citizens with this file; 1: it would stay out of service.
int config_check(CommandContext& context) {
  const std::string path = context.args.empty() ? context.config_path : context.args[0];
  const ConfigLoadResult loaded = load_config(path);
  std::vector<ConfigIssue> errors = loaded.issues;
  for (auto& blocker : production_blockers(loaded)) errors.push_back(std::move(blocker));
  const ConfigurationState state = configuration_state(loaded);
  if (errors.empty()) {
    context.out << "OK: " << loaded.source << " (" << configuration_state_name(state) << " configuration)\n";
  } else {
    context.out << loaded.source << ": " << errors.size()
                << " problem(s); the kiosk stays out of service with this file:\n";
    for (const auto& issue : errors) context.out << "  " << issue.key << ": " << issue.reason << "\n";
  }
  for (const auto& warning : loaded.warnings)
    context.out << "  warning: " << warning.key << ": " << warning.reason << "\n";
  return errors.empty() ? kExitOk : kExitFailure;
}

std::string masked(const std::string& secret) { return secret.empty() ? "(not set)" : "(set, hidden)"; }

int config_show(CommandContext& context) {
  const Config& c = context.config();
  auto& out = context.out;
  auto clock = [](int minutes) {
    char text[16];
    std::snprintf(text, sizeof text, "%02d:%02d", minutes / 60, minutes % 60);
    return std::string(text);
  };
  out << "data_dir = \"" << c.data_dir << "\"\nassets_dir = \"" << c.resolved_assets_dir() << "\"\nlog_level = \""
      << c.log_level << "\"\n";
  out << "\n[kiosk]\nid = \"" << c.kiosk.id << "\"\nslot = " << c.kiosk.slot << "\nstaff_pin_file = \""
      << c.resolved_staff_pin_file() << "\" " << masked(c.kiosk.staff_pin_hash) << "\n";
  out << "\n[agency]\ncode = \"" << c.agency.code << "\"\nname_vi = \"" << c.agency.name_vi << "\"\nplace = \""
      << c.agency.place << "\"\n";
  out << "\n[server]\nurl = \"" << c.server.url << "\"\ncredentials_file = \"" << c.server.credentials_file
      << "\"\nverify_tls = " << (c.server.verify_tls ? "true" : "false") << "\nbatch_size = " << c.server.batch_size
      << "\n";
  out << "\n[printer]\ntransport = \"" << c.printer.transport << "\"\nprofile = \"" << c.printer.profile
      << "\"\nbank_account = " << (c.printer.bank_account.empty() ? "(not set)" : "(set)") << "\n";
  out << "\n[ui]\ndefault_language = \"" << c.ui.default_language << "\"\nidle_timeout_s = " << c.ui.idle_timeout_s
      << "\n";
  out << "\n[office]\nopen = \"" << clock(c.office.open_minutes) << "\"\nclose = \"" << clock(c.office.close_minutes)
      << "\"\nintake_cutoff = \"" << clock(c.office.cutoff_minutes) << "\"\n";
  out << "\n[metrics]\ntextfile_dir = \"" << c.metrics.textfile_dir << "\"\ninterval_s = " << c.metrics.interval_s
      << "\n";
  return kExitOk;
}

int config_defaults(CommandContext& context) {
  context.out << default_config_toml();
  return kExitOk;
}

const bool registered =
    register_command({"config check", "config check [FILE]",
                      "Validate a configuration file (default: --config, $MC_CONFIG, or the embedded defaults)",
                      config_check}) &&
    register_command({"config show", "config show", "Print the configuration in force (secrets hidden)", config_show}) &&
    register_command({"config defaults", "config defaults",
                      "Print the embedded defaults: a documented starting point for a site's file", config_defaults});

}  // namespace
}  // namespace mc::ctl
