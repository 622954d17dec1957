#include "mc/office/pg_ticket_store.hpp"

#include <fcntl.h>
#include <libpq-fe.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "mc/core/log.hpp"
#include "mc/office/schema.hpp"

namespace mc::office {

namespace {
constexpr const char* kLog = "office";

// $1 of every statement: the test clock's time, or NULL for the database server's own.
constexpr const char* kNow = "COALESCE(to_timestamp($1::float8), now())";
constexpr const char* kColumns =
    "t.id, t.area, t.priority, t.number, extract(epoch FROM t.issued_at), t.state, t.counter,"
    " COALESCE(extract(epoch FROM t.called_at), 0), t.people_ahead, COALESCE(t.call_order, 0)";
// Areas as a text[] parameter; an empty array means every area.
std::string area_condition(int parameter) {
  const std::string p = "$" + std::to_string(parameter) + "::text[]";
  return "(cardinality(" + p + ") = 0 OR t.area = ANY(" + p + "))";
}

Ticket read_ticket(const PgResult& result, int row) {
  Ticket ticket;
  ticket.id = result.integer(row, 0);
  ticket.area = result.text(row, 1);
  ticket.priority = result.boolean(row, 2);
  ticket.number = int(result.integer(row, 3));
  ticket.issued_at = LocalDateTime::from_unix(int64_t(std::floor(result.number(row, 4))));
  ticket.state = TicketState(result.integer(row, 5));
  ticket.counter = result.text(row, 6);
  ticket.called_at_unix = int64_t(std::floor(result.number(row, 7)));
  ticket.people_ahead = int(result.integer(row, 8));
  ticket.call_order = result.integer(row, 9);
  ticket.label = ticket_label(ticket.area, ticket.priority, ticket.number);
  return ticket;
}

std::string new_request_key() {
  thread_local std::mt19937_64 random(std::random_device{}());
  char key[33];
  std::snprintf(key, sizeof key, "%016llx%016llx", static_cast<unsigned long long>(random()),
                static_cast<unsigned long long>(random()));
  return key;
}

std::string recent_sql() {
  return std::string("SELECT ") + kColumns + " FROM mc_office.tickets t WHERE t.day = mc_office.office_day(" + kNow +
         ") AND t.call_order IS NOT NULL AND t.state IN (1, 3) AND " + area_condition(2) +
         " ORDER BY t.call_order DESC LIMIT $3";
}

std::vector<Ticket> read_tickets(const PgResult& result) {
  std::vector<Ticket> tickets;
  for (int row = 0; row < result.rows(); ++row) tickets.push_back(read_ticket(result, row));
  return tickets;
}
}  // namespace

Ticket ticket_from_json(const std::string& payload) {
  const auto json = nlohmann::json::parse(payload);
  Ticket ticket;
  ticket.id = json.at("id").get<int64_t>();
  ticket.area = json.at("area").get<std::string>();
  ticket.priority = json.at("priority").get<bool>();
  ticket.number = json.at("number").get<int>();
  ticket.state = TicketState(json.at("state").get<int>());
  ticket.counter = json.at("counter").get<std::string>();
  ticket.people_ahead = json.at("people_ahead").get<int>();
  ticket.issued_at = LocalDateTime::from_unix(int64_t(std::floor(json.at("issued_at").get<double>())));
  if (json.at("called_at").is_number()) ticket.called_at_unix = int64_t(std::floor(json["called_at"].get<double>()));
  if (json.at("call_order").is_number()) ticket.call_order = json["call_order"].get<int64_t>();
  ticket.label = ticket_label(ticket.area, ticket.priority, ticket.number);
  return ticket;
}

PgTicketStore::PgTicketStore(Session& session, ConnectionSettings settings, PgTicketStoreOptions options)
    : session_(session), settings_(std::move(settings)), options_(std::move(options)) {
  session_.add_on_connect([this](pg_conn* connection) { on_connect(connection); });
}

Param PgTicketStore::now_param() const {
  if (!options_.clock) return std::nullopt;
  return std::to_string(options_.clock());
}

void PgTicketStore::on_connect(pg_conn* connection) {
  ensure_schema(connection, settings_.application_name);
  // The day is written out in every condition rather than taken from a CTE: as a stable expression it is
  // a constant for the planner, so the waiting tickets are read from the partial index tickets_waiting in
  // calling order (a CTE's value would make it scan and sort every ticket at each call).
  const std::string today = std::string("mc_office.office_day(") + kNow + ")";
  prepare(connection, "mc_take",
          std::string("WITH numbered AS (INSERT INTO mc_office.ticket_numbers AS n (day, area, priority, last_number)"
                      "   VALUES (") +
              today +
              ", $2, $3::boolean, 1)"
              "   ON CONFLICT (day, area, priority) DO UPDATE SET last_number = n.last_number + 1"
              "   RETURNING n.day, n.last_number),"
              // Who is called before this ticket: priority tickets go first, so a priority ticket waits
              // only for earlier priority tickets, a normal one for everyone waiting in the area.
              " ahead AS (SELECT count(*)::integer AS people FROM mc_office.tickets w"
              "   WHERE w.day = " +
              today +
              " AND w.state = 0 AND w.area = $2 AND (NOT $3::boolean OR w.priority))"
              " INSERT INTO mc_office.tickets AS t (day, area, priority, number, issued_at, issued_by, request_key,"
              "   people_ahead)"
              " SELECT numbered.day, $2, $3::boolean, numbered.last_number, " +
              kNow + ", $4, $5, ahead.people FROM numbered, ahead RETURNING " + kColumns);
  prepare(connection, "mc_call",
          // The counter's previous ticket is done once it calls the next one. `finished` must run before
          // `next` locks anything (the sub-select makes it an init plan; an unread CTE would run last): a
          // concurrent `next` may lock this counter's previous ticket while re-checking it (FOR UPDATE keeps
          // the lock even when the row no longer qualifies), and two counters each holding the other's
          // previous ticket while finishing their own was a deadlock under a 20-counter storm.
          std::string("WITH finished AS (UPDATE mc_office.tickets SET state = 3 WHERE counter = $2 AND state = 1"
                      "   RETURNING id),"
                      " next AS (SELECT t.id FROM mc_office.tickets t WHERE (SELECT count(*) FROM finished) >= 0"
                      "   AND t.day = ") +
              today + " AND t.state = 0 AND " + area_condition(3) +
              "   ORDER BY t.priority DESC, t.id LIMIT 1 FOR UPDATE OF t SKIP LOCKED)"
              " UPDATE mc_office.tickets t SET state = 1, counter = $2, called_at = " +
              kNow + ", first_called_at = " + kNow +
              ", call_order = nextval('mc_office.call_order')"
              " FROM next WHERE t.id = next.id RETURNING " +
              kColumns);
  prepare(connection, "mc_recent", recent_sql());
  prepare(connection, "mc_waiting",
          std::string("SELECT count(*) FROM mc_office.tickets WHERE day = mc_office.office_day(") + kNow +
              ") AND area = $2 AND state = 0");

  // Takes whose answer was lost: nobody holds these numbers, so no counter must call them.
  std::vector<std::string> keys;
  {
    std::lock_guard lock(doubt_mutex_);
    keys.assign(in_doubt_.begin(), in_doubt_.end());
  }
  if (keys.empty()) return;
  auto voided = exec(connection,
                     "UPDATE mc_office.tickets t SET state = 4 WHERE request_key = ANY($1::text[]) AND state = 0"
                     " RETURNING t.area, t.priority, t.number",
                     {text_array(keys)});
  for (int row = 0; row < voided.rows(); ++row)
    log_warn(kLog, "ticket " + ticket_label(voided.text(row, 0), voided.boolean(row, 1), int(voided.integer(row, 2))) +
                       " voided: the database took it but this kiosk never got the answer, nothing was printed");
  std::lock_guard lock(doubt_mutex_);
  for (const auto& key : keys) in_doubt_.erase(key);
}

size_t PgTicketStore::takes_in_doubt() const {
  std::lock_guard lock(doubt_mutex_);
  return in_doubt_.size();
}

Ticket PgTicketStore::take(const std::string& area, bool priority) {
  const std::string key = new_request_key();
  return session_.with([&](pg_conn* connection) {
    try {
      auto result =
          exec_prepared(connection, "mc_take", {now_param(), area, priority ? "t" : "f", options_.issued_by, key});
      return read_ticket(result, 0);
    } catch (const ConnectionLost&) {
      // The statement may have committed before the connection broke.
      std::lock_guard lock(doubt_mutex_);
      in_doubt_.insert(key);
      throw;
    }
  });
}

int PgTicketStore::waiting(const std::string& area) {
  return session_.with([&](pg_conn* connection) {
    return int(exec_prepared(connection, "mc_waiting", {now_param(), area}).integer(0, 0));
  });
}

std::optional<Ticket> PgTicketStore::call_next(const std::vector<std::string>& areas, const std::string& counter) {
  return session_.with([&](pg_conn* connection) -> std::optional<Ticket> {
    auto result = exec_prepared(connection, "mc_call", {now_param(), counter, text_array(areas)});
    if (result.rows() == 0) return std::nullopt;
    return read_ticket(result, 0);
  });
}

std::optional<Ticket> PgTicketStore::recall(const std::string& counter) {
  return session_.with([&](pg_conn* connection) -> std::optional<Ticket> {
    auto result = exec(connection,
                       std::string("UPDATE mc_office.tickets t SET called_at = ") + kNow +
                           ", call_order = nextval('mc_office.call_order') WHERE t.id = (SELECT id FROM "
                           "mc_office.tickets WHERE counter = $2 AND state = 1"
                           " ORDER BY called_at DESC, id DESC LIMIT 1 FOR UPDATE) RETURNING " +
                           kColumns,
                       {now_param(), counter});
    if (result.rows() == 0) return std::nullopt;
    return read_ticket(result, 0);
  });
}

std::optional<Ticket> PgTicketStore::skip(const std::string& counter) {
  return session_.with([&](pg_conn* connection) -> std::optional<Ticket> {
    auto result = exec(connection,
                       std::string("UPDATE mc_office.tickets t SET state = 2") +
                           " WHERE t.id = (SELECT id FROM mc_office.tickets WHERE counter = $1 AND state = 1"
                           " ORDER BY called_at DESC, id DESC LIMIT 1 FOR UPDATE) RETURNING " +
                           kColumns,
                       {counter});
    if (result.rows() == 0) return std::nullopt;
    return read_ticket(result, 0);
  });
}

std::vector<Ticket> PgTicketStore::recently_called(int limit, const std::vector<std::string>& areas) {
  return session_.with([&](pg_conn* connection) {
    return read_tickets(
        exec_prepared(connection, "mc_recent", {now_param(), text_array(areas), std::to_string(limit)}));
  });
}

TicketTotals PgTicketStore::totals() {
  return session_.with([&](pg_conn* connection) {
    auto result = exec(connection,
                       std::string("SELECT count(*) FILTER (WHERE issued_by = $2 AND state <> 4),"
                                   " count(*) FILTER (WHERE counter = $3 AND first_called_at IS NOT NULL),"
                                   " count(*) FILTER (WHERE state = 0 AND day = mc_office.office_day(") +
                           kNow + "))  FROM mc_office.tickets",
                       {now_param(), options_.issued_by, options_.counter});
    return TicketTotals{result.integer(0, 0), result.integer(0, 1), int(result.integer(0, 2))};
  });
}

TicketStats PgTicketStore::stats() {
  return session_.with([&](pg_conn* connection) {
    const std::string figures =
        "count(*) FILTER (WHERE state = 0), count(*) FILTER (WHERE state = 1), count(*) FILTER (WHERE state = 3),"
        " count(*) FILTER (WHERE state = 2), count(*) FILTER (WHERE state <> 4), count(*) FILTER (WHERE state = 4),"
        " avg(extract(epoch FROM first_called_at - issued_at)) FILTER (WHERE first_called_at IS NOT NULL)";
    const std::string today = std::string("day = mc_office.office_day(") + kNow + ")";
    auto read_row = [](const PgResult& result, int row, int first, TicketStats::Row& out) {
      out.waiting = int(result.integer(row, first));
      out.called = int(result.integer(row, first + 1));
      out.served = int(result.integer(row, first + 2));
      out.skipped = int(result.integer(row, first + 3));
      out.issued = int(result.integer(row, first + 4));
      out.void_tickets = int(result.integer(row, first + 5));
      if (!result.is_null(row, first + 6)) out.average_wait_s = result.number(row, first + 6);
    };
    TicketStats stats;
    // One transaction: the three reads see the same moment.
    exec(connection, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    try {
      auto day = exec(connection, std::string("SELECT mc_office.office_day(") + kNow + ")::text", {now_param()});
      stats.day = Date::parse_iso(day.text(0, 0)).value_or(Date{});
      auto areas =
          exec(connection,
               "SELECT area, " + figures + " FROM mc_office.tickets WHERE " + today + " GROUP BY area ORDER BY area",
               {now_param()});
      for (int row = 0; row < areas.rows(); ++row) {
        TicketStats::Row line;
        line.key = areas.text(row, 0);
        read_row(areas, row, 1, line);
        stats.areas.push_back(line);
      }
      auto counters = exec(connection,
                           "SELECT counter, " + figures + " FROM mc_office.tickets WHERE " + today +
                               " AND counter <> '' GROUP BY counter ORDER BY counter",
                           {now_param()});
      for (int row = 0; row < counters.rows(); ++row) {
        TicketStats::Row line;
        line.key = counters.text(row, 0);
        read_row(counters, row, 1, line);
        line.waiting = 0;
        line.issued = 0;
        stats.counters.push_back(line);
      }
      auto total = exec(connection, "SELECT " + figures + " FROM mc_office.tickets WHERE " + today, {now_param()});
      read_row(total, 0, 0, stats.total);
      stats.total.key = "*";
      exec(connection, "COMMIT");
    } catch (const ConnectionLost&) {
      throw;
    } catch (...) {
      exec(connection, "ROLLBACK");
      throw;
    }
    return stats;
  });
}

// ------------------------------------------------------------------ the display's follower

namespace {

class PgCallFollower : public CallFollower {
 public:
  PgCallFollower(ConnectionSettings settings, Backoff backoff, Clock clock, CallFollowerOptions options)
      : settings_(std::move(settings)), backoff_(backoff), clock_(std::move(clock)), options_(std::move(options)) {
    if (::pipe2(stop_pipe_, O_CLOEXEC | O_NONBLOCK) != 0)
      throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    board_.connected = false;
    thread_ = std::thread([this] { run(); });
  }

  ~PgCallFollower() override {
    stopping_ = true;
    const char byte = 1;
    [[maybe_unused]] auto written = ::write(stop_pipe_[1], &byte, 1);
    thread_.join();
    ::close(stop_pipe_[0]);
    ::close(stop_pipe_[1]);
  }

  CallBoard snapshot() override {
    std::lock_guard lock(mutex_);
    CallBoard copy = board_;
    board_.live_calls.clear();
    return copy;
  }

 private:
  void changed() {
    if (options_.changed) options_.changed();
  }

  bool wanted(const Ticket& ticket) const {
    return options_.areas.empty() ||
           std::find(options_.areas.begin(), options_.areas.end(), ticket.area) != options_.areas.end();
  }

  // Applies one notification; true when the board changed.
  bool apply(const std::string& payload) {
    std::string event;
    Ticket ticket;
    try {
      event = nlohmann::json::parse(payload).at("event").get<std::string>();
      ticket = ticket_from_json(payload);
    } catch (const std::exception& e) {
      log_warn(kLog, std::string("display ignored a malformed call notification: ") + e.what());
      return false;
    }
    if (!wanted(ticket)) return false;
    std::lock_guard lock(mutex_);
    auto& tickets = board_.tickets;
    tickets.erase(std::remove_if(tickets.begin(), tickets.end(), [&](const Ticket& t) { return t.id == ticket.id; }),
                  tickets.end());
    if (event == "call") {
      tickets.push_back(ticket);
      // Newest call first, as recently_called() orders them (notifications arrive in commit order, which
      // may differ from the order the calls were numbered in).
      std::sort(tickets.begin(), tickets.end(),
                [](const Ticket& a, const Ticket& b) { return a.call_order > b.call_order; });
      if (int(tickets.size()) > options_.limit) tickets.resize(size_t(options_.limit));
      board_.live_calls.push_back(ticket);
    }
    return true;
  }

  // Until the connection breaks or the follower stops: blocks in poll() on the socket, no timer.
  void listen(pg_conn* connection) {
    while (!stopping_) {
      bool dirty = false;
      while (PGnotify* notice = PQnotifies(connection)) {
        dirty |= apply(notice->extra);
        PQfreemem(notice);
      }
      if (dirty) changed();
      pollfd fds[2] = {{PQsocket(connection), POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}};
      if (::poll(fds, 2, -1) < 0 && errno != EINTR) return;
      if (stopping_) return;
      if (fds[0].revents && (PQconsumeInput(connection) != 1 || PQstatus(connection) == CONNECTION_BAD)) {
        log_warn(kLog, std::string("display lost the office database: ") + PQerrorMessage(connection));
        return;
      }
    }
  }

  void run() {
    std::mt19937_64 random(std::random_device{}());
    int failures = 0;
    while (!stopping_) {
      if (failures > 0) {
        pollfd stop{stop_pipe_[0], POLLIN, 0};
        ::poll(&stop, 1, int(backoff_.delay_ms(failures, random)));
        if (stopping_) return;
      }
      try {
        PgConn connection = connect(settings_, stop_pipe_[0]);
        ensure_schema(connection.get(), settings_.application_name);
        // LISTEN first, then read the board: a call committed in between arrives as a notification too.
        exec(connection.get(), std::string("LISTEN ") + kCallChannel);
        Param now = clock_ ? Param(std::to_string(clock_())) : std::nullopt;
        auto tickets = read_tickets(
            exec(connection.get(), recent_sql(), {now, text_array(options_.areas), std::to_string(options_.limit)}));
        {
          std::lock_guard lock(mutex_);
          board_.tickets = std::move(tickets);
          board_.connected = true;
          ++board_.catch_ups;
        }
        if (failures > 0) log_info(kLog, "display reconnected to the office database and caught up");
        failures = 0;
        changed();
        listen(connection.get());
      } catch (const std::exception& e) {
        if (failures == 0) log_warn(kLog, std::string("display: ") + e.what());
      }
      if (stopping_) return;
      ++failures;
      bool was_connected;
      {
        std::lock_guard lock(mutex_);
        was_connected = board_.connected;
        board_.connected = false;  // the last calls stay on screen, marked "mất kết nối"
      }
      if (was_connected) changed();
    }
  }

  ConnectionSettings settings_;
  Backoff backoff_;
  Clock clock_;
  CallFollowerOptions options_;
  std::atomic<bool> stopping_{false};
  int stop_pipe_[2] = {-1, -1};
  std::mutex mutex_;
  CallBoard board_;
  std::thread thread_;
};

}  // namespace

std::unique_ptr<CallFollower> PgTicketStore::follow_calls(CallFollowerOptions options) {
  return std::make_unique<PgCallFollower>(settings_, options_.follower_backoff, options_.clock, std::move(options));
}

}  // namespace mc::office
