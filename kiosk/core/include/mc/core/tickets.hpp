#pragma once
// Queue tickets (lấy số thứ tự), DOMAIN.md §7: a citizen takes a numbered ticket for a service area,
// normal or priority; counters call next / recall / skip; a waiting-room display shows the called
// numbers. Numbers restart each day (Vietnam local time) and survive restarts.
//
// One interface, TicketStore, with two implementations: SqliteTicketStore (mc/core/sqlite_ticket_store.hpp,
// the single-machine default in kiosk.db) and the office's PostgreSQL database (mc_office, chosen by
// [office] database), which lets kiosks, counters and displays on several machines share one queue.
//
// Service areas come from assets/tickets/areas.json:
//   {"areas": [{"code": "A", "name": {"vi": "Đường bộ", "en": "Roads"}}, ...]}
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>
#include "mc/core/calendar.hpp"
#include "mc/core/datetime.hpp"
#include "mc/core/localized.hpp"

namespace mc {

struct ServiceArea {
  std::string code;  // one capital letter, also the ticket prefix
  LocalizedText name;
};
// Throws std::runtime_error naming the file, path and reason.
std::vector<ServiceArea> load_service_areas(const std::string& path);

// Stored as integers (0–4) by both stores: never renumber.
enum class TicketState {
  Waiting = 0,
  Called = 1,   // at a counter now
  Skipped = 2,  // called, did not come
  Done = 3,     // served (the counter called the next one)
  Void = 4,     // never handed out: the kiosk lost the database's answer and printed nothing
};
const char* ticket_state_name(TicketState state);  // "waiting", "called", ...

struct Ticket {
  int64_t id = 0;
  std::string area;
  bool priority = false;
  int number = 0;
  std::string label;  // "A007"; priority tickets "UA003" (ưu tiên)
  LocalDateTime issued_at;
  TicketState state = TicketState::Waiting;
  std::string counter;  // who called it
  int64_t called_at_unix = 0;
  int people_ahead = 0;  // at issue time
  // Grows with every call and recall in the office database: the display's order (0 in the SQLite store,
  // which orders by called_at_unix and id).
  int64_t call_order = 0;
};
// "A007", "UA003": the label printed and shown (at least three digits).
std::string ticket_label(const std::string& area, bool priority, int number);

// The day's figures for the office's view (staff summary, kioskctl ticket stats).
struct TicketStats {
  Date day;
  struct Row {
    std::string key;  // the area code, or the counter's name
    int waiting = 0;  // areas only
    int called = 0;   // at a counter now
    int served = 0;   // done
    int skipped = 0;
    int issued = 0;  // areas only: every ticket of the day but void ones
    int void_tickets = 0;
    // Mean seconds from issue to the first call, over the tickets called so far; nullopt when none.
    std::optional<double> average_wait_s;
  };
  std::vector<Row> areas;     // sorted by area code
  std::vector<Row> counters;  // sorted by counter name
  Row total;                  // over all areas
};

// For metrics (TicketStore::totals): the tickets this machine ever issued and called (tickets are never
// deleted), so that adding them up over an office's machines counts each ticket once; and today's still waiting
// (the whole office's when the store is the office database).
struct TicketTotals {
  int64_t issued = 0;
  int64_t called = 0;  // called at least once (a recall does not count again)
  int waiting_today = 0;
};

// Thrown when the store cannot answer right now (the office database is away). Callers must not invent
// a number: the kiosk says "Tạm ngừng cấp số thứ tự", a counter says calling is unavailable.
struct TicketStoreUnavailable : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A counter as the waiting room and staff read it: "Quầy 2" / "Counter 2" from counter.name "2", "Q2" or
// "Quầy 2" alike (a name that already says "Quầy"/"Counter" is not said twice; README's example is "Quầy 2").
LocalizedText counter_display_name(const std::string& counter_name);

// What a citizen is told when no number can be issued because the office database is away.
LocalizedText ticket_issuing_suspended_message();

// A queue ticket asked for when the office is closed (issue 13): after office.close on a working day, or on a
// day off. Before office.open a ticket is normal (people queue for the opening). `refuse` follows
// office.tickets_after_close; `text` says the office is closed and when it opens next.
struct TicketHoursNotice {
  bool refuse = false;
  LocalizedText text;
  // What the text is made of, for the paper ticket's own wording (printing/, ticket_closed_*).
  bool day_off = false;  // a day off, not after office.close on a working day
  std::string close;     // "17:00"
  std::string open;      // "07:30"
  Date opens_on;         // the next working day
};
std::optional<TicketHoursNotice> tickets_after_hours(const WorkingCalendar& calendar, const OfficeHours& hours,
                                                     const LocalDateTime& now);

struct TicketServiceStatus {
  bool available = true;
  std::string detail;      // why not (no password, no personal data): for staff screens and logs
  int64_t since_unix = 0;  // when it became unavailable (0: available or unknown)
};

// What a waiting-room display shows: the newest calls of its areas, newest first, and whether the
// source is reachable. `live_calls` are the calls that arrived since the last snapshot as they were
// made (to announce); calls recovered after a reconnect appear in `tickets` only.
struct CallBoard {
  std::vector<Ticket> tickets;
  std::vector<Ticket> live_calls;  // oldest first
  bool connected = true;
  int catch_ups = 0;  // how many times the list was re-read after a (re)connect
};

// Follows the calls for a display from a thread of its own; `changed` is called on that thread
// (keep it short and thread-safe: wake the UI loop). Destroying the follower stops the thread.
class CallFollower {
 public:
  virtual ~CallFollower() = default;
  virtual CallBoard snapshot() = 0;  // also clears live_calls
};

struct CallFollowerOptions {
  std::vector<std::string> areas;  // empty: every area
  int limit = 6;                   // tickets kept on the board
  std::function<void()> changed;
};

class TicketStore {
 public:
  virtual ~TicketStore() = default;
  // Every operation may throw TicketStoreUnavailable; nothing is then issued or called.
  virtual Ticket take(const std::string& area, bool priority) = 0;
  virtual int waiting(const std::string& area) = 0;  // today's tickets still waiting in that area
  // Priority tickets first, then the oldest; only today's; areas empty: every area. nullopt when nobody
  // waits. Two counters never get the same ticket. The counter's previous ticket becomes Done.
  virtual std::optional<Ticket> call_next(const std::vector<std::string>& areas, const std::string& counter) = 0;
  virtual std::optional<Ticket> recall(const std::string& counter) = 0;  // its last called ticket, again
  virtual std::optional<Ticket> skip(const std::string& counter) = 0;    // its current ticket, skipped
  // Today's calls for the display, newest first (skipped and void tickets are not shown).
  virtual std::vector<Ticket> recently_called(int limit, const std::vector<std::string>& areas = {}) = 0;
  virtual TicketStats stats() = 0;  // today
  virtual TicketTotals totals() = 0;
  virtual TicketServiceStatus status() = 0;
  virtual std::unique_ptr<CallFollower> follow_calls(CallFollowerOptions options) = 0;
};

}  // namespace mc
