#include "mc/metrics/collect.hpp"

#include <filesystem>
#include <memory>

#include "mc/core/log.hpp"
#include "mc/core/sqlite_ticket_store.hpp"
#include "mc/core/staff.hpp"
#include "mc/core/version.hpp"
#include "mc/printing/escpos.hpp"
#include "mc/printing/printer.hpp"
#include "mc/sync/outbox.hpp"

namespace mc::metrics {

namespace fs = std::filesystem;

namespace {

void add_queue(KioskFigures& figures, const Config& config, sync::Outbox* outbox, int64_t now) {
  std::unique_ptr<sync::Outbox> opened;
  try {
    if (!outbox) {
      std::error_code ec;
      if (!fs::exists(config.path_in_data("queue.db"), ec)) return;  // a new kiosk: an empty queue
      opened = sync::Outbox::open(config);
      outbox = opened.get();
    }
    const sync::QueueStats stats = outbox->stats();
    figures.queued = stats.queued;
    figures.sending = stats.sending;
    figures.synced = stats.synced;
    figures.quarantined = stats.quarantined;
    figures.purged = stats.purged;
    // Rows are never deleted (the retention purge keeps them without personal data), and a synced dossier
    // never goes back: both totals only grow.
    figures.accepted_total = stats.queued + stats.sending + stats.synced + stats.quarantined;
    figures.synced_total = stats.synced;
    if (stats.oldest_queued_unix) figures.oldest_queued_age_s = std::max<int64_t>(0, now - *stats.oldest_queued_unix);
    if (auto last = outbox->last_synced_at()) figures.last_sync_success_unix = *last;
  } catch (const std::exception& error) {
    figures.queue_readable = false;
    log_warn("metrics", std::string("queue not readable: ") + error.what());
  }
}

void add_tickets(KioskFigures& figures, TicketStore& store) {
  const TicketTotals tickets = store.totals();
  figures.tickets_issued_total = tickets.issued;
  figures.tickets_called_total = tickets.called;
  figures.tickets_waiting = tickets.waiting_today;
}

void add_office_tickets(KioskFigures& figures, TicketStore& store) {
  try {
    add_tickets(figures, store);
  } catch (const std::exception& error) {  // TicketStoreUnavailable: the office database is away
    log_warn("metrics", std::string("tickets not readable from the office database: ") + error.what());
  }
}

void add_local_state(KioskFigures& figures, const Config& config, const CollectSources& sources, int64_t now) {
  figures.staff_pin_set = !config.kiosk.staff_pin_hash.empty();
  if (sources.printer_state) figures.printer_state = sources.printer_state();
  // Never created here: kioskctl may run as root, and a root-owned kiosk.db would lock the kiosk's own user
  // out of its tickets and staff state. (SQLite gives the WAL files of an existing database its owner.)
  const std::string path = config.path_in_data(kLocalStateDbName);
  std::error_code ec;
  if (!fs::exists(path, ec)) return;
  try {
    CounterStore store(path);
    store.observe_printer_state(figures.printer_state, now);
    figures.counters = store.all();
    if (auto success = store.mark(mark::kSyncSuccess))
      figures.last_sync_success_unix = std::max(figures.last_sync_success_unix.value_or(0), success->second);
  } catch (const std::exception& error) {
    log_warn("metrics", std::string("counters not readable: ") + error.what());
  }
  try {
    Database db(path);
    if (!sources.tickets) {
      TicketQueue local_tickets(db, fixed_clock(now));
      add_tickets(figures, local_tickets);
    }
    // Read only: StaffAuth itself would create its table (kioskctl may run as root).
    if (figures.staff_pin_set) figures.staff_locked = read_staff_lockout(db).locked_until_unix > now;
  } catch (const std::exception& error) {
    log_warn("metrics", std::string("tickets and staff state not readable: ") + error.what());
  }
}

void add_devices(KioskFigures& figures, const Config& config) {
  std::error_code ec;
  if (!config.scanner.camera_device.empty())
    figures.devices_present["camera"] = fs::exists(config.scanner.camera_device, ec);
  if (!config.scanner.serial_device.empty())
    figures.devices_present["serial_scanner"] = fs::exists(config.scanner.serial_device, ec);
  if (config.printer.transport == "device")
    figures.devices_present["printer_device"] = fs::exists(config.printer.device, ec);
}

}  // namespace

KioskFigures collect_figures(const Config& config, int64_t now_unix, const CollectSources& sources) {
  KioskFigures figures;
  figures.kiosk_id = config.kiosk.id;
  figures.agency_code = config.agency.code;
  figures.version = software_version();
  figures.collected_at_unix = now_unix;
  for (auto state :
       {printing::PrinterState::Ready, printing::PrinterState::PaperNearEnd, printing::PrinterState::PaperOut,
        printing::PrinterState::CoverOpen, printing::PrinterState::Offline, printing::PrinterState::Unknown})
    figures.printer_states.push_back(printing::printer_state_name(state));
  add_queue(figures, config, sources.outbox, now_unix);
  add_local_state(figures, config, sources, now_unix);
  if (sources.tickets) add_office_tickets(figures, *sources.tickets);
  add_devices(figures, config);
  return figures;
}

std::string ask_printer_state(const Config& config) {
  printing::ReceiptPrinter printer(config);
  return printing::printer_state_name(printer.state());
}

}  // namespace mc::metrics
