// kioskctl metrics [--write] [--dir DIR] [--no-printer]: the kiosk's figures in the Prometheus text format,
// the same text the kiosk writes every metrics.interval_s (mc/core/metrics.hpp). --write writes the file
// once, atomically, into metrics.textfile_dir (or DIR): for scripts, cron on a counter PC, and tests.
#include "command.hpp"
#include "mc/core/metrics.hpp"
#include "mc/metrics/collect.hpp"
#include "tickets_backend.hpp"

namespace mc::ctl {
namespace {

constexpr const char* kUsage = "metrics [--write] [--dir DIR] [--no-printer]";

int metrics_command(CommandContext& ctx) {
  const bool write = ctx.take_flag("--write");
  const bool no_printer = ctx.take_flag("--no-printer");
  std::string dir = ctx.take_option("--dir");
  if (!ctx.args.empty()) {
    ctx.err << "kioskctl metrics: unexpected '" << ctx.args[0] << "'\nUsage: kioskctl " << kUsage << "\n";
    return kExitUsage;
  }
  const Config& config = ctx.config();
  if (dir.empty()) dir = config.metrics.textfile_dir;
  if (write && dir.empty()) {
    ctx.err << "kioskctl metrics --write: no directory: set metrics.textfile_dir in the configuration or pass "
               "--dir DIR\n";
    return kExitUsage;
  }
  metrics::CollectSources sources;
  // Asking a printer the kiosk is using at the same moment is harmless (a status request), but it takes up to
  // printer.timeout_ms when the printer is off: --no-printer leaves it out.
  if (!no_printer) sources.printer_state = [&config] { return metrics::ask_printer_state(config); };
  // With an office database the tickets are there (kiosk.db's are then unused); an office database that cannot
  // be reached leaves the ticket figures out and says so, the rest is still written.
  std::unique_ptr<office::TicketBackend> office_tickets;
  if (!config.office_db.database.empty()) {
    office_tickets = open_tickets(ctx);
    if (office_tickets) sources.tickets = &office_tickets->store();
  }
  const std::string text = metrics::render_metrics(metrics::collect_figures(config, system_clock()(), sources));
  if (!write) {
    ctx.out << text;
    return kExitOk;
  }
  try {
    metrics::write_textfile(dir, text);
  } catch (const std::exception& error) {
    ctx.err << "kioskctl metrics: " << error.what() << "\n";
    return kExitFailure;
  }
  ctx.out << "wrote " << dir << "/" << metrics::kTextfileName << "\n";
  return kExitOk;
}

const bool registered = register_command(
    {"metrics", kUsage,
     "the kiosk's figures in the Prometheus text format (queue, sync, printer, tickets, staff, journeys); "
     "--write writes them once to metrics.textfile_dir for node_exporter",
     metrics_command});

}  // namespace
}  // namespace mc::ctl
