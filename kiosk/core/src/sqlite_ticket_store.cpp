#include "mc/core/sqlite_ticket_store.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "mc/core/log.hpp"

namespace mc {

namespace {
constexpr const char* kColumns = "id, area, priority, number, issued_at, state, counter, called_at, people_ahead";

// `?first, ?first+1, ...` for an IN list, or "" for no list.
std::string area_filter(const std::vector<std::string>& areas, int first) {
  if (areas.empty()) return "";
  std::string placeholders;
  for (size_t i = 0; i < areas.size(); ++i) placeholders += (i ? ", ?" : "?") + std::to_string(first + int(i));
  return " AND area IN (" + placeholders + ")";
}

void bind_areas(Statement& statement, const std::vector<std::string>& areas, int first) {
  for (size_t i = 0; i < areas.size(); ++i) statement.bind(first + int(i), areas[i]);
}

bool has_column(Database& db, const char* table, const char* column) {
  auto info = db.prepare(std::string("PRAGMA table_info(") + table + ")");
  while (info.step())
    if (info.column_text(1) == column) return true;
  return false;
}
}  // namespace

SqliteTicketStore::SqliteTicketStore(Database& db, Clock clock) : db_(db), clock_(std::move(clock)) {
  db_.exec(
      "CREATE TABLE IF NOT EXISTS tickets (id INTEGER PRIMARY KEY AUTOINCREMENT, day TEXT NOT NULL,"
      " area TEXT NOT NULL, priority INTEGER NOT NULL, number INTEGER NOT NULL, issued_at INTEGER NOT NULL,"
      " state INTEGER NOT NULL, counter TEXT NOT NULL DEFAULT '', called_at INTEGER NOT NULL DEFAULT 0,"
      " people_ahead INTEGER NOT NULL DEFAULT 0, first_called_at INTEGER NOT NULL DEFAULT 0,"
      " UNIQUE (day, area, priority, number))");
  // kiosk.db files from before the statistics: the first call time measures the wait (a recall moves
  // called_at). Their earlier calls count from their last call.
  if (!has_column(db_, "tickets", "first_called_at")) {
    Transaction transaction(db_);
    db_.exec("ALTER TABLE tickets ADD COLUMN first_called_at INTEGER NOT NULL DEFAULT 0");
    db_.exec("UPDATE tickets SET first_called_at = called_at");
    transaction.commit();
  }
}

std::string SqliteTicketStore::today() const {
  return LocalDateTime::from_unix(clock_()).date.iso();
}

Ticket SqliteTicketStore::read(Statement& row) const {
  Ticket ticket;
  ticket.id = row.column_int(0);
  ticket.area = row.column_text(1);
  ticket.priority = row.column_int(2) != 0;
  ticket.number = static_cast<int>(row.column_int(3));
  ticket.issued_at = LocalDateTime::from_unix(row.column_int(4));
  ticket.state = static_cast<TicketState>(row.column_int(5));
  ticket.counter = row.column_text(6);
  ticket.called_at_unix = row.column_int(7);
  ticket.people_ahead = static_cast<int>(row.column_int(8));
  ticket.label = ticket_label(ticket.area, ticket.priority, ticket.number);
  return ticket;
}

Ticket SqliteTicketStore::take(const std::string& area, bool priority) {
  Transaction transaction(db_);
  const std::string day = today();
  auto last =
      db_.prepare("SELECT COALESCE(MAX(number), 0) FROM tickets WHERE day = ?1 AND area = ?2 AND priority = ?3");
  last.bind(1, day).bind(2, area).bind(3, priority ? 1 : 0).step();
  const int64_t number = last.column_int(0) + 1;
  // Who will be called before this ticket: priority tickets go first, so a priority ticket waits only for
  // earlier priority tickets, a normal ticket for everyone waiting in the area.
  auto waiting_before = db_.prepare(
      "SELECT COUNT(*) FROM tickets WHERE day = ?1 AND area = ?2 AND state = 0 AND (?3 = 0 OR priority = 1)");
  waiting_before.bind(1, day).bind(2, area).bind(3, priority ? 1 : 0).step();
  const int ahead = static_cast<int>(waiting_before.column_int(0));
  db_.prepare(
         "INSERT INTO tickets (day, area, priority, number, issued_at, state, people_ahead)"
         " VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6)")
      .bind(1, day)
      .bind(2, area)
      .bind(3, priority ? 1 : 0)
      .bind(4, number)
      .bind(5, clock_())
      .bind(6, ahead)
      .step();
  const int64_t id = db_.last_insert_rowid();
  transaction.commit();
  auto row = db_.prepare(std::string("SELECT ") + kColumns + " FROM tickets WHERE id = ?1");
  row.bind(1, id).step();
  return read(row);
}

int SqliteTicketStore::waiting(const std::string& area) {
  auto count = db_.prepare("SELECT COUNT(*) FROM tickets WHERE day = ?1 AND area = ?2 AND state = 0");
  count.bind(1, today()).bind(2, area).step();
  return static_cast<int>(count.column_int(0));
}

std::optional<Ticket> SqliteTicketStore::call_next(const std::vector<std::string>& areas, const std::string& counter) {
  // BEGIN IMMEDIATE takes the write lock first, so two processes never pick the same waiting ticket.
  Transaction transaction(db_);
  // The counter's previous ticket is done once it calls the next one.
  db_.prepare("UPDATE tickets SET state = 3 WHERE counter = ?1 AND state = 1").bind(1, counter).step();
  auto next = db_.prepare(std::string("SELECT ") + kColumns + " FROM tickets WHERE day = ?1 AND state = 0" +
                          area_filter(areas, 2) + " ORDER BY priority DESC, id ASC LIMIT 1");
  next.bind(1, today());
  bind_areas(next, areas, 2);
  if (!next.step()) {
    transaction.commit();
    return std::nullopt;
  }
  Ticket ticket = read(next);
  ticket.state = TicketState::Called;
  ticket.counter = counter;
  ticket.called_at_unix = clock_();
  db_.prepare("UPDATE tickets SET state = 1, counter = ?1, called_at = ?2, first_called_at = ?2 WHERE id = ?3")
      .bind(1, counter)
      .bind(2, ticket.called_at_unix)
      .bind(3, ticket.id)
      .step();
  transaction.commit();
  return ticket;
}

std::optional<Ticket> SqliteTicketStore::current_of(const std::string& counter) {
  auto row = db_.prepare(std::string("SELECT ") + kColumns +
                         " FROM tickets WHERE counter = ?1 AND state = 1 ORDER BY called_at DESC, id DESC LIMIT 1");
  row.bind(1, counter);
  if (!row.step()) return std::nullopt;
  return read(row);
}

std::optional<Ticket> SqliteTicketStore::recall(const std::string& counter) {
  auto ticket = current_of(counter);
  if (!ticket) return std::nullopt;
  ticket->called_at_unix = clock_();
  db_.prepare("UPDATE tickets SET called_at = ?1 WHERE id = ?2")
      .bind(1, ticket->called_at_unix)
      .bind(2, ticket->id)
      .step();
  return ticket;
}

std::optional<Ticket> SqliteTicketStore::skip(const std::string& counter) {
  auto ticket = current_of(counter);
  if (!ticket) return std::nullopt;
  db_.prepare("UPDATE tickets SET state = 2 WHERE id = ?1").bind(1, ticket->id).step();
  ticket->state = TicketState::Skipped;
  return ticket;
}

std::vector<Ticket> SqliteTicketStore::recently_called(int limit, const std::vector<std::string>& areas) {
  const int limit_index = 2 + int(areas.size());
  auto rows = db_.prepare(std::string("SELECT ") + kColumns +
                          " FROM tickets WHERE day = ?1 AND called_at > 0 AND state IN (1, 3)" + area_filter(areas, 2) +
                          " ORDER BY called_at DESC, id DESC LIMIT ?" + std::to_string(limit_index));
  rows.bind(1, today());
  bind_areas(rows, areas, 2);
  rows.bind(limit_index, limit);
  std::vector<Ticket> tickets;
  while (rows.step()) tickets.push_back(read(rows));
  return tickets;
}

TicketTotals SqliteTicketStore::totals() {
  auto count = db_.prepare(
      "SELECT COUNT(*), COUNT(NULLIF(called_at, 0)), COALESCE(SUM(day = ?1 AND state = 0), 0)"
      " FROM tickets");
  count.bind(1, today()).step();
  return {count.column_int(0), count.column_int(1), static_cast<int>(count.column_int(2))};
}

TicketStats SqliteTicketStore::stats() {
  TicketStats stats;
  stats.day = LocalDateTime::from_unix(clock_()).date;
  const std::string figures =
      "SUM(state = 0), SUM(state = 1), SUM(state = 3), SUM(state = 2), SUM(state <> 4), SUM(state = 4),"
      " AVG(CASE WHEN first_called_at > 0 THEN first_called_at - issued_at END)";
  auto read_row = [](Statement& row, TicketStats::Row& out, int first) {
    out.waiting = int(row.column_int(first));
    out.called = int(row.column_int(first + 1));
    out.served = int(row.column_int(first + 2));
    out.skipped = int(row.column_int(first + 3));
    out.issued = int(row.column_int(first + 4));
    out.void_tickets = int(row.column_int(first + 5));
    if (!row.is_null(first + 6)) out.average_wait_s = row.column_double(first + 6);
  };
  auto areas = db_.prepare("SELECT area, " + figures + " FROM tickets WHERE day = ?1 GROUP BY area ORDER BY area");
  areas.bind(1, today());
  while (areas.step()) {
    TicketStats::Row row;
    row.key = areas.column_text(0);
    read_row(areas, row, 1);
    stats.areas.push_back(row);
  }
  auto counters = db_.prepare("SELECT counter, " + figures +
                              " FROM tickets WHERE day = ?1 AND counter <> '' GROUP BY counter ORDER BY counter");
  counters.bind(1, today());
  while (counters.step()) {
    TicketStats::Row row;
    row.key = counters.column_text(0);
    read_row(counters, row, 1);
    row.waiting = 0;
    row.issued = 0;
    stats.counters.push_back(row);
  }
  auto total = db_.prepare("SELECT " + figures + " FROM tickets WHERE day = ?1");
  total.bind(1, today());
  if (total.step()) read_row(total, stats.total, 0);
  stats.total.key = "*";
  return stats;
}

namespace {

// Re-reads the calls once a period on its own connection and thread. The first read, and any read after
// an error, is a catch-up: its calls are shown, not announced.
class SqliteCallFollower : public CallFollower {
 public:
  SqliteCallFollower(std::string path, Database* shared, Clock clock, CallFollowerOptions options, int64_t period_ms)
      : path_(std::move(path)),
        shared_(shared),
        clock_(std::move(clock)),
        options_(std::move(options)),
        period_ms_(period_ms),
        thread_([this] { run(); }) {}

  ~SqliteCallFollower() override {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }

  CallBoard snapshot() override {
    std::lock_guard lock(mutex_);
    CallBoard copy = board_;
    board_.live_calls.clear();
    return copy;
  }

 private:
  void run() {
    std::unique_ptr<Database> own;
    std::unique_ptr<SqliteTicketStore> store;
    bool caught_up = false;
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      std::optional<std::vector<Ticket>> fresh;
      try {
        if (!store) {
          // An in-memory database exists only on its own connection: read that one.
          if (!shared_) own = std::make_unique<Database>(path_, Durability::Normal);
          store = std::make_unique<SqliteTicketStore>(shared_ ? *shared_ : *own, clock_);
        }
        fresh = store->recently_called(options_.limit, options_.areas);
      } catch (const std::exception& e) {
        log_warn("tickets", std::string("display cannot read the tickets: ") + e.what());
        store.reset();
        own.reset();
      }
      lock.lock();
      bool changed = false;
      if (!fresh) {
        changed = board_.connected;
        board_.connected = false;
        caught_up = false;
      } else {
        changed = !board_.connected || !same(*fresh, board_.tickets);
        if (caught_up) {
          for (auto it = fresh->rbegin(); it != fresh->rend(); ++it)
            if (!contains(board_.tickets, *it)) board_.live_calls.push_back(*it);
        } else {
          ++board_.catch_ups;
          caught_up = true;
          changed = true;
        }
        board_.connected = true;
        board_.tickets = std::move(*fresh);
      }
      if (changed && options_.changed) {
        lock.unlock();
        options_.changed();
        lock.lock();
      }
      wake_.wait_for(lock, std::chrono::milliseconds(period_ms_), [this] { return stopping_; });
    }
  }

  static bool same_call(const Ticket& a, const Ticket& b) {
    return a.id == b.id && a.called_at_unix == b.called_at_unix && a.counter == b.counter;
  }
  static bool contains(const std::vector<Ticket>& list, const Ticket& ticket) {
    return std::any_of(list.begin(), list.end(), [&](const Ticket& t) { return same_call(t, ticket); });
  }
  static bool same(const std::vector<Ticket>& a, const std::vector<Ticket>& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), same_call);
  }

  std::string path_;
  Database* shared_;
  Clock clock_;
  CallFollowerOptions options_;
  int64_t period_ms_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  CallBoard board_{{}, {}, false, 0};
  std::thread thread_;  // last: starts once everything above exists
};

}  // namespace

std::unique_ptr<CallFollower> SqliteTicketStore::follow_calls(CallFollowerOptions options) {
  return follow_calls(std::move(options), 1000);
}

std::unique_ptr<CallFollower> SqliteTicketStore::follow_calls(CallFollowerOptions options, int64_t period_ms) {
  const bool in_memory = db_.path().empty() || db_.path() == ":memory:";
  return std::make_unique<SqliteCallFollower>(db_.path(), in_memory ? &db_ : nullptr, clock_, std::move(options),
                                              period_ms);
}

}  // namespace mc
