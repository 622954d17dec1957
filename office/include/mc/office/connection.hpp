#pragma once
// Connections to the office's PostgreSQL database (libpq). The connection line comes from
// [office] database and never carries a password: libpq reads it from office.password_file (a pgpass
// file, mode 0600), ~/.pgpass or a service file. Nothing here logs the connection line's secrets.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "mc/core/config.hpp"
#include "mc/core/tickets.hpp"

struct pg_conn;
struct pg_result;

namespace mc::office {

struct ConnectionSettings {
  std::string database;          // office.database: a postgresql:// URI or libpq words
  std::string password_file;     // office.password_file; empty: libpq's default (~/.pgpass)
  std::string application_name;  // shown in pg_stat_activity: "mc-kiosk KIOSK-01"
  int connect_timeout_s = 3;
};
// role: "kiosk", "staff", "display", "kioskctl".
ConnectionSettings connection_settings(const Config& config, std::string_view role);

// The connection was lost (or never made): the caller's work did not happen, or its outcome is unknown.
struct ConnectionLost : TicketStoreUnavailable {
  using TicketStoreUnavailable::TicketStoreUnavailable;
};
// The database answered with an error that is not about the connection (a bug or a schema problem).
struct DatabaseError : std::runtime_error {
  std::string sqlstate;
  DatabaseError(std::string state, const std::string& message)
      : std::runtime_error(message), sqlstate(std::move(state)) {}
};

struct PgConnCloser {
  void operator()(pg_conn* connection) const;
};
using PgConn = std::unique_ptr<pg_conn, PgConnCloser>;

// A query's result, text format.
class PgResult {
 public:
  explicit PgResult(pg_result* result) : result_(result) {}
  PgResult(PgResult&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
  PgResult& operator=(PgResult&&) = delete;
  ~PgResult();
  int rows() const;
  bool is_null(int row, int column) const;
  std::string text(int row, int column) const;
  int64_t integer(int row, int column) const;
  double number(int row, int column) const;
  bool boolean(int row, int column) const;

 private:
  pg_result* result_;
};

using Param = std::optional<std::string>;  // nullopt: SQL NULL

// Opens a connection, giving up after the settings' timeout or as soon as stop_fd (if >= 0) becomes
// readable. Throws ConnectionLost with libpq's reason (which never holds the password).
PgConn connect(const ConnectionSettings& settings, int stop_fd = -1);
// Runs SQL text (several statements when there are no parameters) or a prepared statement. Throws
// ConnectionLost when the connection broke or the server is shutting down, DatabaseError for any other.
PgResult exec(pg_conn* connection, const std::string& sql, const std::vector<Param>& params = {});
PgResult exec_prepared(pg_conn* connection, const std::string& name, const std::vector<Param>& params);
void prepare(pg_conn* connection, const std::string& name, const std::string& sql);
// A text[] literal for a parameter: {"A","B"}.
std::string text_array(const std::vector<std::string>& items);

// Reconnection delays: min(cap, base * 2^(failures-1)) scaled by a random factor in [0.5, 1], so a room
// of machines does not come back in lockstep, and never immediately again.
struct Backoff {
  int64_t base_ms = 500;
  int64_t cap_ms = 10000;
  int64_t delay_ms(int consecutive_failures, std::mt19937_64& random) const;
};

// One connection shared by the threads of a process, re-established in the background with backoff.
// Callers never wait for a reconnect: while it is away every with() throws TicketStoreUnavailable at once.
class Session {
 public:
  // on_connect runs on each new connection before anyone else uses it (schema, prepared statements);
  // if it throws, the connection is dropped and retried later.
  Session(ConnectionSettings settings, Backoff backoff = {});
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void add_on_connect(std::function<void(pg_conn*)> hook);  // before start()
  void set_on_change(std::function<void()> hook);           // connected/disconnected; on the session's thread
  void start();

  // Runs fn with the connection, one caller at a time.
  template <class F>
  auto with(F&& fn) -> decltype(fn(static_cast<pg_conn*>(nullptr))) {
    std::unique_lock lock(use_mutex_);
    pg_conn* connection = current();
    try {
      return fn(connection);
    } catch (const ConnectionLost& lost) {
      drop(connection, lost.what());
      throw;
    }
  }

  TicketServiceStatus status() const;
  bool connected() const { return status().available; }
  // Waits until connected (true) or the time is up (false); for one-shot tools and start-up.
  bool wait_connected(std::chrono::milliseconds timeout) const;
  // Waits for the first connection attempt to end either way (one-shot tools: no retrying for them).
  bool wait_first_attempt(std::chrono::milliseconds timeout) const;
  int reconnects() const;  // connections made after the first (for tests and the status line)

 private:
  pg_conn* current();  // throws TicketStoreUnavailable when disconnected
  // Marks the connection broken (users stop at once) and wakes the session's thread, which alone
  // closes connections: it may be waiting in select() on the socket.
  void drop(pg_conn* connection, const std::string& reason);
  void wake();
  void run();
  bool wait_or_stop(int64_t delay_ms);  // false when stopping
  void watch_idle_connection();         // until it breaks or the session stops

  ConnectionSettings settings_;
  Backoff backoff_;
  std::vector<std::function<void(pg_conn*)>> on_connect_;
  std::function<void()> on_change_;
  std::mutex use_mutex_;  // one statement at a time on the connection
  mutable std::mutex state_mutex_;
  mutable std::condition_variable state_changed_;
  PgConn connection_;
  bool broken_ = false;
  TicketServiceStatus status_{false, "not connected yet", 0};
  int connections_made_ = 0;
  int attempts_ = 0;
  bool stopping_ = false;
  int stop_pipe_[2] = {-1, -1};
  std::thread thread_;
};

}  // namespace mc::office
