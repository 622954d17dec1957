#include "mc/office/connection.hpp"

#include <fcntl.h>
#include <libpq-fe.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "mc/core/log.hpp"

namespace mc::office {

namespace {
constexpr const char* kLog = "office";

// libpq's messages end with a newline and may span lines: one line for logs and screens.
std::string one_line(const char* message) {
  std::string text = message ? message : "";
  for (char& c : text)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text.empty() ? "unknown error" : text;
}

int64_t now_unix() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// SQLSTATEs after which the connection is gone or going: class 08 (connection exception), and the server
// shutting down or starting up (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now).
bool means_connection_lost(const std::string& sqlstate) {
  return sqlstate.rfind("08", 0) == 0 || sqlstate == "57P01" || sqlstate == "57P02" || sqlstate == "57P03";
}

PgResult checked(pg_conn* connection, PGresult* result, const std::string& what) {
  const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return PgResult(result);
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const std::string sqlstate = state ? state : "";
  const std::string message =
      one_line(result && *PQresultErrorMessage(result) ? PQresultErrorMessage(result) : PQerrorMessage(connection));
  PQclear(result);
  if (PQstatus(connection) == CONNECTION_BAD || sqlstate.empty() || means_connection_lost(sqlstate))
    throw ConnectionLost("office database connection lost: " + message);
  throw DatabaseError(sqlstate, what + ": " + message + " (SQLSTATE " + sqlstate + ")");
}

std::vector<const char*> c_strings(const std::vector<Param>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& param : params) values.push_back(param ? param->c_str() : nullptr);
  return values;
}
}  // namespace

ConnectionSettings connection_settings(const Config& config, std::string_view role) {
  ConnectionSettings settings;
  settings.database = config.office_db.database;
  settings.password_file = config.office_db.password_file;
  settings.application_name = ("mc-" + std::string(role) + " " + config.kiosk.id).substr(0, 63);
  return settings;
}

void PgConnCloser::operator()(pg_conn* connection) const {
  PQfinish(connection);
}

PgResult::~PgResult() {
  PQclear(result_);
}
int PgResult::rows() const {
  return PQntuples(result_);
}
bool PgResult::is_null(int row, int column) const {
  return PQgetisnull(result_, row, column) != 0;
}
std::string PgResult::text(int row, int column) const {
  return std::string(PQgetvalue(result_, row, column), size_t(PQgetlength(result_, row, column)));
}
int64_t PgResult::integer(int row, int column) const {
  return std::strtoll(PQgetvalue(result_, row, column), nullptr, 10);
}
double PgResult::number(int row, int column) const {
  return std::strtod(PQgetvalue(result_, row, column), nullptr);
}
bool PgResult::boolean(int row, int column) const {
  return PQgetvalue(result_, row, column)[0] == 't';
}

PgConn connect(const ConnectionSettings& settings, int stop_fd) {
  if (settings.database.empty()) throw ConnectionLost("no office database configured ([office] database)");
  const std::string timeout = std::to_string(settings.connect_timeout_s);
  // Defaults first: the office's own connection line (expanded from dbname) may override any of them.
  // Keepalives and tcp_user_timeout make a silently vanished server (cable pulled) an error within
  // seconds instead of a query that hangs.
  std::vector<const char*> keys = {"connect_timeout",  "keepalives",       "keepalives_idle",  "keepalives_interval",
                                   "keepalives_count", "tcp_user_timeout", "application_name", "dbname"};
  std::vector<const char*> values = {
      timeout.c_str(), "1", "10", "3", "3", "10000", settings.application_name.c_str(), settings.database.c_str()};
  if (!settings.password_file.empty()) {
    keys.push_back("passfile");
    values.push_back(settings.password_file.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  PgConn connection(PQconnectStartParams(keys.data(), values.data(), 1));
  if (!connection) throw ConnectionLost("office database: out of memory");
  if (PQstatus(connection.get()) == CONNECTION_BAD)
    throw ConnectionLost("office database: " + one_line(PQerrorMessage(connection.get())));

  // Non-blocking connect, so a thread being stopped never waits out the timeout.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(settings.connect_timeout_s);
  PostgresPollingStatusType state = PGRES_POLLING_WRITING;
  while (state != PGRES_POLLING_OK) {
    if (state == PGRES_POLLING_FAILED)
      throw ConnectionLost("office database: " + one_line(PQerrorMessage(connection.get())));
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) throw ConnectionLost("office database: no answer within " + timeout + " s");
    pollfd fds[2] = {{PQsocket(connection.get()), short(state == PGRES_POLLING_READING ? POLLIN : POLLOUT), 0},
                     {stop_fd, POLLIN, 0}};
    const int ready = ::poll(fds, stop_fd >= 0 ? 2 : 1, int(left.count()));
    if (ready < 0 && errno != EINTR)
      throw ConnectionLost(std::string("office database: poll: ") + std::strerror(errno));
    if (stop_fd >= 0 && (fds[1].revents & POLLIN)) throw ConnectionLost("office database: stopped while connecting");
    if (ready > 0) state = PQconnectPoll(connection.get());
  }
  PQsetErrorVerbosity(connection.get(), PQERRORS_DEFAULT);
  // Server notices go to our log (debug), never straight to stderr as libpq's default does.
  PQsetNoticeProcessor(
      connection.get(), [](void*, const char* message) { log(LogLevel::Debug, kLog, one_line(message)); }, nullptr);
  return connection;
}

PgResult exec(pg_conn* connection, const std::string& sql, const std::vector<Param>& params) {
  // Without parameters: the simple protocol, which also runs several statements (migrations).
  if (params.empty()) return checked(connection, PQexec(connection, sql.c_str()), sql.substr(0, 60));
  const auto values = c_strings(params);
  return checked(connection,
                 PQexecParams(connection, sql.c_str(), int(values.size()), nullptr, values.data(), nullptr, nullptr, 0),
                 sql.substr(0, 60));
}

PgResult exec_prepared(pg_conn* connection, const std::string& name, const std::vector<Param>& params) {
  const auto values = c_strings(params);
  return checked(connection,
                 PQexecPrepared(connection, name.c_str(), int(values.size()), values.data(), nullptr, nullptr, 0),
                 name);
}

void prepare(pg_conn* connection, const std::string& name, const std::string& sql) {
  checked(connection, PQprepare(connection, name.c_str(), sql.c_str(), 0, nullptr), "prepare " + name);
}

std::string text_array(const std::vector<std::string>& items) {
  std::string literal = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    literal += i ? ",\"" : "\"";
    for (char c : items[i]) {
      if (c == '"' || c == '\\') literal += '\\';
      literal += c;
    }
    literal += '"';
  }
  return literal + "}";
}

int64_t Backoff::delay_ms(int consecutive_failures, std::mt19937_64& random) const {
  int64_t ceiling = base_ms;
  for (int i = 1; i < consecutive_failures && ceiling < cap_ms; ++i) ceiling *= 2;
  ceiling = std::min(ceiling, cap_ms);
  return int64_t(double(ceiling) * std::uniform_real_distribution<double>(0.5, 1.0)(random));
}

// ------------------------------------------------------------------ Session

Session::Session(ConnectionSettings settings, Backoff backoff) : settings_(std::move(settings)), backoff_(backoff) {
  if (::pipe2(stop_pipe_, O_CLOEXEC | O_NONBLOCK) != 0)
    throw std::runtime_error(std::string("office database: pipe: ") + std::strerror(errno));
}

Session::~Session() {
  {
    std::lock_guard lock(state_mutex_);
    stopping_ = true;
  }
  wake();
  if (thread_.joinable()) thread_.join();
  ::close(stop_pipe_[0]);
  ::close(stop_pipe_[1]);
}

void Session::add_on_connect(std::function<void(pg_conn*)> hook) {
  on_connect_.push_back(std::move(hook));
}
void Session::set_on_change(std::function<void()> hook) {
  on_change_ = std::move(hook);
}
void Session::start() {
  thread_ = std::thread([this] { run(); });
}

void Session::wake() {
  const char byte = 1;
  [[maybe_unused]] auto written = ::write(stop_pipe_[1], &byte, 1);  // a full pipe already wakes
}

TicketServiceStatus Session::status() const {
  std::lock_guard lock(state_mutex_);
  return status_;
}

bool Session::wait_connected(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(state_mutex_);
  return state_changed_.wait_for(lock, timeout, [this] { return status_.available || stopping_; }) && status_.available;
}

bool Session::wait_first_attempt(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(state_mutex_);
  state_changed_.wait_for(lock, timeout, [this] { return status_.available || attempts_ > 0 || stopping_; });
  return status_.available;
}

int Session::reconnects() const {
  std::lock_guard lock(state_mutex_);
  return std::max(0, connections_made_ - 1);
}

pg_conn* Session::current() {
  std::lock_guard lock(state_mutex_);
  if (!connection_ || broken_) throw TicketStoreUnavailable(status_.detail);
  return connection_.get();
}

void Session::drop(pg_conn* connection, const std::string& reason) {
  {
    std::lock_guard lock(state_mutex_);
    if (connection_.get() != connection || broken_) return;
    broken_ = true;
    status_ = {false, reason, now_unix()};
  }
  log_warn(kLog, reason);
  state_changed_.notify_all();
  wake();  // the session's thread closes it, reconnects and tells on_change_
}

bool Session::wait_or_stop(int64_t delay_ms) {
  pollfd stop{stop_pipe_[0], POLLIN, 0};
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(delay_ms);
  while (true) {
    {
      std::lock_guard lock(state_mutex_);
      if (stopping_) return false;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    if (left.count() <= 0) return true;
    if (::poll(&stop, 1, int(left.count())) > 0) {
      char buffer[64];
      while (::read(stop_pipe_[0], buffer, sizeof buffer) > 0) {
      }
    }
  }
}

void Session::watch_idle_connection() {
  // Blocks until the server says something on an idle connection (on shutdown it sends an error and
  // closes it) or someone wakes us: no polling. A user's query may make the socket readable too: their
  // PQexec reads the answer while we wait for use_mutex_, and PQconsumeInput then finds nothing.
  pg_conn* connection = connection_.get();
  while (true) {
    pollfd fds[2] = {{PQsocket(connection), POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}};
    const int ready = ::poll(fds, 2, -1);
    if (ready < 0 && errno != EINTR) return;
    if (fds[1].revents & POLLIN) {
      char buffer[64];
      while (::read(stop_pipe_[0], buffer, sizeof buffer) > 0) {
      }
    }
    {
      std::lock_guard lock(state_mutex_);
      if (stopping_ || broken_) return;
    }
    if (fds[0].revents) {
      std::string lost;
      {
        std::lock_guard use(use_mutex_);
        const bool read_ok = PQconsumeInput(connection) == 1;
        while (PGnotify* stray = PQnotifies(connection)) PQfreemem(stray);
        if (!read_ok || PQstatus(connection) == CONNECTION_BAD)
          lost = "office database connection lost: " + one_line(PQerrorMessage(connection));
      }
      if (!lost.empty()) {
        drop(connection, lost);
        return;
      }
    }
  }
}

void Session::run() {
  std::mt19937_64 random(std::random_device{}());
  int failures = 0;
  while (true) {
    {
      std::lock_guard lock(state_mutex_);
      if (stopping_) break;
    }
    if (failures > 0 && !wait_or_stop(backoff_.delay_ms(failures, random))) break;
    try {
      PgConn fresh = connect(settings_, stop_pipe_[0]);
      for (const auto& hook : on_connect_) hook(fresh.get());
      {
        std::lock_guard use(use_mutex_);
        std::lock_guard lock(state_mutex_);
        if (stopping_) break;
        connection_ = std::move(fresh);
        broken_ = false;
        status_ = {true, "", 0};
        ++connections_made_;
        ++attempts_;
      }
      if (failures > 0 || connections_made_ > 1) log_info(kLog, "office database connected again");
      failures = 0;
      state_changed_.notify_all();
      if (on_change_) on_change_();
      watch_idle_connection();
      {
        // Only this thread closes connections (users may hold the pointer until they see broken_).
        std::lock_guard use(use_mutex_);
        std::lock_guard lock(state_mutex_);
        connection_.reset();
        if (stopping_) break;
        if (status_.available) status_ = {false, "office database connection lost", now_unix()};
      }
      if (on_change_) on_change_();
      failures = 1;  // reconnect after the shortest delay, never in a tight loop
    } catch (const std::exception& error) {
      ++failures;
      bool changed = false;
      {
        std::lock_guard lock(state_mutex_);
        if (stopping_) break;
        changed = status_.detail != error.what();
        status_ = {false, error.what(), status_.since_unix ? status_.since_unix : now_unix()};
        ++attempts_;
      }
      if (changed) log_warn(kLog, error.what());
      state_changed_.notify_all();
      if (changed && on_change_) on_change_();
    }
  }
  std::lock_guard use(use_mutex_);
  std::lock_guard lock(state_mutex_);
  connection_.reset();
  status_ = {false, "stopped", now_unix()};
  state_changed_.notify_all();
}

}  // namespace mc::office
