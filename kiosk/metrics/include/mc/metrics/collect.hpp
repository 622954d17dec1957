#pragma once
// Gathers mc::metrics::KioskFigures for one kiosk: the queue (states, oldest waiting, totals, last sync),
// the durable counters and tickets in kiosk.db, the staff lockout, the printer and the configured devices.
// Used by the kiosk (every metrics.interval_s, mc::metrics::MetricsWriter) and `kioskctl metrics`.
#include <cstdint>
#include <functional>
#include <string>
#include "mc/core/config.hpp"
#include "mc/core/metrics.hpp"
#include "mc/core/tickets.hpp"

namespace mc::sync {
class Outbox;
}

namespace mc::metrics {

struct CollectSources {
  // The kiosk's open queue. Null: <data_dir>/queue.db is opened here when it exists (never created).
  sync::Outbox* outbox = nullptr;
  // The printer's state name (mc::printing::printer_state_name). Null: not reported. A new state is also
  // recorded in kiosk.db, which counts paper-out events.
  std::function<std::string()> printer_state;
  // Where the tickets are when it is not kiosk.db: the office database ([office] database), whose store the
  // caller has open. Null: kiosk.db's tickets (opened here when it exists). Must be usable from the thread that
  // collects (PgTicketStore is); a store that is away leaves the ticket figures out.
  TicketStore* tickets = nullptr;
};

// Reads only, except kiosk.db's metric tables (created, and the printer mark updated); never creates
// queue.db or kiosk.db. A part that cannot be read is reported as such (queue_readable) or left out; this
// never throws for an unreadable queue.
KioskFigures collect_figures(const Config& config, int64_t now_unix, const CollectSources& sources = {});

// The printer's state asked directly (kioskctl): the configured transport, within printer.timeout_ms.
std::string ask_printer_state(const Config& config);

}  // namespace mc::metrics
