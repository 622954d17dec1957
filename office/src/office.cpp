#include "mc/office/office.hpp"

#include <unistd.h>

#include <cmath>
#include <filesystem>

#include "mc/core/log.hpp"

namespace mc::office {

const char* software_version() {
  return MC_VERSION;
}

namespace {
std::string host_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return "";
  return name;
}

Param optional_time(const std::optional<int64_t>& value) {
  return value ? Param(std::to_string(*value)) : std::nullopt;
}
}  // namespace

void record_heartbeat(pg_conn* connection, const MachineHeartbeat& beat) {
  exec(connection,
       "INSERT INTO mc_office.machines (machine_id, role, host, version, interval_s, queue_depth, quarantined,"
       " printer_state, last_sync, pin_locked_until, tickets_available, started_at, reported_at)"
       " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, to_timestamp($9::float8), to_timestamp($10::float8), $11::boolean,"
       " to_timestamp($12::float8), now())"
       " ON CONFLICT (machine_id, role) DO UPDATE SET host = EXCLUDED.host, version = EXCLUDED.version,"
       " interval_s = EXCLUDED.interval_s, queue_depth = EXCLUDED.queue_depth, quarantined = EXCLUDED.quarantined,"
       " printer_state = EXCLUDED.printer_state, last_sync = EXCLUDED.last_sync,"
       " pin_locked_until = EXCLUDED.pin_locked_until, tickets_available = EXCLUDED.tickets_available,"
       " started_at = EXCLUDED.started_at, reported_at = EXCLUDED.reported_at",
       {beat.machine_id, beat.role, beat.host, beat.version, std::to_string(beat.interval_s),
        beat.queue_depth ? Param(std::to_string(*beat.queue_depth)) : std::nullopt,
        beat.quarantined ? Param(std::to_string(*beat.quarantined)) : std::nullopt, beat.printer_state,
        optional_time(beat.last_sync_unix), optional_time(beat.pin_locked_until_unix),
        beat.tickets_available ? Param(*beat.tickets_available ? "t" : "f") : std::nullopt,
        std::to_string(beat.started_at_unix)});
}

std::vector<MachineStatus> list_machines(pg_conn* connection) {
  auto rows = exec(connection,
                   "SELECT machine_id, role, host, version, interval_s, queue_depth, quarantined, printer_state,"
                   " extract(epoch FROM last_sync), extract(epoch FROM pin_locked_until), tickets_available,"
                   " extract(epoch FROM started_at), extract(epoch FROM reported_at),"
                   " extract(epoch FROM now() - reported_at)"
                   " FROM mc_office.machines ORDER BY role, machine_id");
  std::vector<MachineStatus> machines;
  for (int row = 0; row < rows.rows(); ++row) {
    MachineStatus status;
    auto& beat = status.heartbeat;
    beat.machine_id = rows.text(row, 0);
    beat.role = rows.text(row, 1);
    beat.host = rows.text(row, 2);
    beat.version = rows.text(row, 3);
    beat.interval_s = int(rows.integer(row, 4));
    if (!rows.is_null(row, 5)) beat.queue_depth = int(rows.integer(row, 5));
    if (!rows.is_null(row, 6)) beat.quarantined = int(rows.integer(row, 6));
    if (!rows.is_null(row, 7)) beat.printer_state = rows.text(row, 7);
    if (!rows.is_null(row, 8)) beat.last_sync_unix = int64_t(std::floor(rows.number(row, 8)));
    if (!rows.is_null(row, 9)) beat.pin_locked_until_unix = int64_t(std::floor(rows.number(row, 9)));
    if (!rows.is_null(row, 10)) beat.tickets_available = rows.boolean(row, 10);
    beat.started_at_unix = int64_t(std::floor(rows.number(row, 11)));
    status.reported_at_unix = int64_t(std::floor(rows.number(row, 12)));
    status.age_s = int64_t(std::floor(rows.number(row, 13)));
    status.stale = status.age_s > 3 * int64_t(beat.interval_s);
    machines.push_back(std::move(status));
  }
  return machines;
}

Office::Office(const Config& config, std::string role, OfficeOptions options)
    : settings_(connection_settings(config, role)),
      machine_id_(config.kiosk.id),
      role_(std::move(role)),
      interval_s_(config.office_db.heartbeat_interval_s),
      started_at_unix_(system_clock()()),
      session_(std::make_unique<Session>(settings_, options.backoff)) {
  PgTicketStoreOptions store_options;
  store_options.issued_by = config.kiosk.id;
  store_options.counter = config.counter.name.empty() ? config.kiosk.id : config.counter.name;
  store_options.clock = options.ticket_clock;
  store_options.follower_backoff = options.backoff;
  tickets_ = std::make_unique<PgTicketStore>(*session_, settings_, store_options);
  session_->set_on_change([this] {
    std::function<void()> hook;
    {
      std::lock_guard lock(heartbeat_mutex_);  // no lost wake-up between the heartbeat's check and wait
      hook = on_change_;
    }
    heartbeat_wake_.notify_all();
    if (hook) hook();
  });
  session_->start();
}

Office::~Office() {
  stop_heartbeats();
  tickets_.reset();
  session_.reset();
}

MachineHeartbeat Office::heartbeat_now() {
  MachineHeartbeat beat;
  beat.machine_id = machine_id_;
  beat.role = role_;
  beat.host = host_name();
  beat.interval_s = interval_s_;
  beat.started_at_unix = started_at_unix_;
  if (figures_) {
    try {
      figures_(beat);
    } catch (const std::exception& e) {
      log_warn("office", std::string("heartbeat figures: ") + e.what());
    }
  }
  return beat;
}

void Office::start_heartbeats(std::function<void(MachineHeartbeat&)> figures) {
  figures_ = std::move(figures);
  heartbeat_thread_ = std::thread([this] {
    std::unique_lock lock(heartbeat_mutex_);
    while (!stopping_) {
      // Asleep while the database is away: the session's change hook wakes us when it is back.
      heartbeat_wake_.wait(lock, [this] { return stopping_ || session_->connected(); });
      if (stopping_) break;
      lock.unlock();
      try {
        const MachineHeartbeat beat = heartbeat_now();
        session_->with([&beat](pg_conn* connection) { record_heartbeat(connection, beat); });
      } catch (const std::exception& e) {
        log_warn("office", std::string("heartbeat not recorded: ") + e.what());
      }
      lock.lock();
      heartbeat_wake_.wait_for(lock, std::chrono::seconds(interval_s_), [this] { return stopping_; });
    }
  });
}

void Office::stop_heartbeats() {
  {
    std::lock_guard lock(heartbeat_mutex_);
    stopping_ = true;
  }
  heartbeat_wake_.notify_all();
  if (heartbeat_thread_.joinable()) heartbeat_thread_.join();
}

void Office::set_on_change(std::function<void()> hook) {
  std::lock_guard lock(heartbeat_mutex_);
  on_change_ = std::move(hook);
}

std::vector<MachineStatus> Office::machines() {
  return session_->with([](pg_conn* connection) { return list_machines(connection); });
}

std::unique_ptr<TicketBackend> open_ticket_store(const Config& config, std::string_view role, OfficeOptions options) {
  auto backend = std::make_unique<TicketBackend>();
  if (!config.office_db.database.empty()) {
    backend->office_ = std::make_unique<Office>(config, std::string(role), options);
    backend->store_ = &backend->office_->tickets();
    return backend;
  }
  std::filesystem::create_directories(config.data_dir);
  backend->local_ = std::make_unique<Database>(config.path_in_data(kLocalStateDbName));
  backend->sqlite_ = std::make_unique<SqliteTicketStore>(*backend->local_, system_clock());
  backend->store_ = backend->sqlite_.get();
  return backend;
}

}  // namespace mc::office
