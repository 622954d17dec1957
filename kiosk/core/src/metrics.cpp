#include "mc/core/metrics.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "mc/core/log.hpp"

namespace mc::metrics {

namespace {

constexpr const char* kLog = "metrics";

// One metric family of the text format, built in the order the file shows it.
class Family {
 public:
  Family(std::ostringstream& out, const char* name, const char* type, const char* help) : out_(out), name_(name) {
    out_ << "# HELP " << name << " " << help << "\n# TYPE " << name << " " << type << "\n";
  }
  Family& sample(int64_t value, const std::vector<std::pair<const char*, std::string>>& labels = {}) {
    out_ << name_;
    if (!labels.empty()) {
      out_ << "{";
      for (size_t i = 0; i < labels.size(); ++i)
        out_ << (i ? "," : "") << labels[i].first << "=\"" << escape_label(labels[i].second) << "\"";
      out_ << "}";
    }
    out_ << " " << value << "\n";
    return *this;
  }

 private:
  // The text format's label value escapes: backslash, double quote, line feed.
  static std::string escape_label(const std::string& value) {
    std::string escaped;
    for (char c : value) {
      if (c == '\\')
        escaped += "\\\\";
      else if (c == '"')
        escaped += "\\\"";
      else if (c == '\n')
        escaped += "\\n";
      else
        escaped += c;
    }
    return escaped;
  }
  std::ostringstream& out_;
  const char* name_;
};

void ensure_tables(Database& db) {
  db.exec(
      "CREATE TABLE IF NOT EXISTS metric_counters (name TEXT NOT NULL, label TEXT NOT NULL DEFAULT '',"
      " value INTEGER NOT NULL, PRIMARY KEY (name, label));"
      "CREATE TABLE IF NOT EXISTS metric_marks (name TEXT PRIMARY KEY, value TEXT NOT NULL, at INTEGER NOT NULL)");
}

}  // namespace

const std::vector<std::string>& sync_failure_kinds() {
  static const std::vector<std::string> kinds = {"network", "server", "bad_answer", "auth", "local"};
  return kinds;
}

int64_t KioskFigures::counter_value(const std::string& name, const std::string& label) const {
  auto found = counters.find({name, label});
  return found == counters.end() ? 0 : found->second;
}

std::string render_metrics(const KioskFigures& f) {
  std::ostringstream out;
  Family(out, "motcua_kiosk_info", "gauge", "This kiosk: its id, agency code and software version (always 1).")
      .sample(1, {{"kiosk_id", f.kiosk_id}, {"agency", f.agency_code}, {"version", f.version}});
  Family(out, "motcua_metrics_collected_timestamp_seconds", "gauge",
         "When these figures were collected (Unix time); stale means the kiosk stopped writing them.")
      .sample(f.collected_at_unix);

  Family(out, "motcua_queue_readable", "gauge",
         "1 when the dossier queue could be read; 0 when it exists but cannot be opened (key, damage, newer "
         "schema).")
      .sample(f.queue_readable ? 1 : 0);
  if (f.queue_readable) {
    Family(out, "motcua_queue_dossiers", "gauge", "Dossiers in the local queue by state.")
        .sample(f.queued, {{"state", "queued"}})
        .sample(f.sending, {{"state", "sending"}})
        .sample(f.synced, {{"state", "synced"}})
        .sample(f.quarantined, {{"state", "quarantined"}});
    Family(out, "motcua_queue_purged_dossiers", "gauge",
           "Synced dossiers whose personal data the retention purge removed.")
        .sample(f.purged);
    Family(out, "motcua_queue_oldest_waiting_seconds", "gauge",
           "Age of the oldest dossier waiting to be sent (0 when none waits).")
        .sample(f.oldest_queued_age_s.value_or(0));
    Family(out, "motcua_dossiers_accepted_total", "counter", "Dossiers the queue accepted (receipts issued).")
        .sample(f.accepted_total);
    Family(out, "motcua_dossiers_synced_total", "counter", "Dossiers the one-stop system took.").sample(f.synced_total);
  }
  Family(out, "motcua_dossiers_quarantined_total", "counter",
         "Times the one-stop system refused a dossier for its content (it waits for staff).")
      .sample(f.counter_value(counter::kDossiersQuarantined));
  Family(out, "motcua_sync_rounds_total", "counter", "Sync rounds that spoke to the one-stop system.")
      .sample(f.counter_value(counter::kSyncRounds));
  {
    Family failures(out, "motcua_sync_failures_total", "counter", "Sync rounds that failed, by kind of failure.");
    for (const auto& kind : sync_failure_kinds())
      failures.sample(f.counter_value(counter::kSyncFailures, kind), {{"kind", kind}});
  }
  if (f.last_sync_success_unix)
    Family(out, "motcua_sync_last_success_timestamp_seconds", "gauge",
           "When a sync round last completed with the one-stop system (Unix time).")
        .sample(*f.last_sync_success_unix);

  if (!f.printer_state.empty()) {
    Family printer(out, "motcua_printer_state", "gauge", "The receipt printer's state (1 for the current one).");
    bool listed = false;
    for (const auto& state : f.printer_states) {
      printer.sample(state == f.printer_state ? 1 : 0, {{"state", state}});
      listed = listed || state == f.printer_state;
    }
    if (!listed) printer.sample(1, {{"state", f.printer_state}});
  }
  Family(out, "motcua_printer_paper_out_events_total", "counter", "Times the receipt printer ran out of paper.")
      .sample(f.counter_value(counter::kPaperOutEvents));
  if (!f.devices_present.empty()) {
    Family devices(out, "motcua_device_present", "gauge", "Configured devices: 1 when present, 0 when missing.");
    for (const auto& [device, present] : f.devices_present) devices.sample(present ? 1 : 0, {{"device", device}});
  }

  Family(out, "motcua_tickets_issued_total", "counter", "Queue tickets taken.").sample(f.tickets_issued_total);
  Family(out, "motcua_tickets_called_total", "counter", "Queue tickets called to a counter.")
      .sample(f.tickets_called_total);
  Family(out, "motcua_tickets_waiting", "gauge", "Today's queue tickets still waiting.").sample(f.tickets_waiting);

  Family(out, "motcua_staff_pin_set", "gauge", "1 when a staff PIN is configured.").sample(f.staff_pin_set ? 1 : 0);
  Family(out, "motcua_staff_pin_locked", "gauge", "1 while staff mode is locked after wrong PINs.")
      .sample(f.staff_locked ? 1 : 0);
  Family(out, "motcua_staff_pin_lockouts_total", "counter", "Times staff mode locked after too many wrong PINs.")
      .sample(f.counter_value(counter::kStaffPinLockouts));

  Family(out, "motcua_journeys_started_total", "counter",
         "Citizens' journeys started (from the attract screen into filing a procedure).")
      .sample(f.counter_value(counter::kJourneysStarted));
  Family(out, "motcua_journeys_completed_total", "counter", "Journeys that ended with a dossier accepted.")
      .sample(f.counter_value(counter::kJourneysCompleted));
  {
    // A step appears once a journey was left there (the family is empty until then).
    Family abandoned(out, "motcua_journeys_abandoned_total", "counter",
                     "Journeys left before submitting, by the screen they were left at.");
    for (const auto& [key, value] : f.counters)
      if (key.first == counter::kJourneysAbandoned) abandoned.sample(value, {{"step", key.second}});
  }
  return out.str();
}

// --- CounterStore

CounterStore::CounterStore(const std::string& db_path) : db_(db_path, Durability::Normal) {
  ensure_tables(db_);
}

void CounterStore::add(std::string_view name, std::string_view label, int64_t delta) {
  std::lock_guard lock(mutex_);
  add_in(db_, name, label, delta);
}

void CounterStore::add_in(Database& db, std::string_view name, std::string_view label, int64_t delta) {
  ensure_tables(db);
  db.prepare(
        "INSERT INTO metric_counters (name, label, value) VALUES (?1, ?2, ?3)"
        " ON CONFLICT (name, label) DO UPDATE SET value = value + excluded.value")
      .bind(1, name)
      .bind(2, label)
      .bind(3, delta)
      .step();
}

std::map<std::pair<std::string, std::string>, int64_t> CounterStore::all() {
  std::lock_guard lock(mutex_);
  return all_in(db_);
}

std::map<std::pair<std::string, std::string>, int64_t> CounterStore::all_in(Database& db) {
  ensure_tables(db);
  std::map<std::pair<std::string, std::string>, int64_t> values;
  auto select = db.prepare("SELECT name, label, value FROM metric_counters");
  while (select.step()) values[{select.column_text(0), select.column_text(1)}] = select.column_int(2);
  return values;
}

std::optional<std::string> CounterStore::exchange_mark(std::string_view name, std::string_view value,
                                                       int64_t now_unix) {
  std::lock_guard lock(mutex_);
  Transaction transaction(db_);
  std::optional<std::string> previous;
  if (auto current = mark_in(db_, name)) previous = current->first;
  db_.prepare("INSERT OR REPLACE INTO metric_marks (name, value, at) VALUES (?1, ?2, ?3)")
      .bind(1, name)
      .bind(2, value)
      .bind(3, now_unix)
      .step();
  transaction.commit();
  return previous;
}

std::optional<std::pair<std::string, int64_t>> CounterStore::mark(std::string_view name) {
  std::lock_guard lock(mutex_);
  return mark_in(db_, name);
}

std::optional<std::pair<std::string, int64_t>> CounterStore::mark_in(Database& db, std::string_view name) {
  ensure_tables(db);
  auto select = db.prepare("SELECT value, at FROM metric_marks WHERE name = ?1");
  select.bind(1, name);
  if (!select.step()) return std::nullopt;
  return std::make_pair(select.column_text(0), select.column_int(1));
}

void CounterStore::observe_printer_state(std::string_view state, int64_t now_unix) {
  if (state.empty()) return;
  std::lock_guard lock(mutex_);
  Transaction transaction(db_);
  auto previous = mark_in(db_, mark::kPrinterState);
  if (previous && previous->first == state) return;  // rolled back: nothing changed
  db_.prepare("INSERT OR REPLACE INTO metric_marks (name, value, at) VALUES (?1, ?2, ?3)")
      .bind(1, mark::kPrinterState)
      .bind(2, state)
      .bind(3, now_unix)
      .step();
  if (state == "paper_out") add_in(db_, counter::kPaperOutEvents);
  transaction.commit();
}

// --- the file

void write_textfile(const std::string& dir, const std::string& text, const std::string& file_name) {
  const std::string target = dir + "/" + file_name;
  // Not ending in .prom: node_exporter ignores it while it is being written.
  const std::string temp = dir + "/." + file_name + "." + std::to_string(::getpid()) + ".tmp";
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    throw std::runtime_error("cannot write the metrics file in " + dir + ": " + std::strerror(errno) +
                             " (the kiosk's user needs write access to metrics.textfile_dir)");
  ::fchmod(fd, 0644);  // node_exporter runs as another user
  size_t written = 0;
  while (written < text.size()) {
    ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  const int write_errno = errno;
  const bool ok = written == text.size() && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(temp.c_str(), target.c_str()) != 0) {
    const int error = ok ? errno : write_errno;
    ::unlink(temp.c_str());
    throw std::runtime_error("cannot write the metrics file " + target + ": " + std::strerror(error));
  }
}

// --- MetricsWriter

MetricsWriter::MetricsWriter(std::string dir, int interval_s, std::function<KioskFigures()> collect)
    : dir_(std::move(dir)), interval_s_(std::max(1, interval_s)), collect_(std::move(collect)) {}

MetricsWriter::~MetricsWriter() {
  stop();
}

void MetricsWriter::start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { thread_main(); });
}

void MetricsWriter::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (!thread_.joinable()) return;
  thread_.join();
  write_once();  // the last figures, as the kiosk stops (a restart must not lose the last minutes' counts)
}

bool MetricsWriter::write_once() {
  try {
    write_textfile(dir_, render_metrics(collect_()));
    if (!last_error_.empty()) log_info(kLog, "metrics file written again in " + dir_);
    last_error_.clear();
    return true;
  } catch (const std::exception& error) {
    // Once per kind of error: a kiosk without write access must not fill the journal every 15 s.
    if (error.what() != last_error_) log_warn(kLog, error.what());
    last_error_ = error.what();
    return false;
  }
}

void MetricsWriter::thread_main() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    write_once();
    lock.lock();
    wake_.wait_for(lock, std::chrono::seconds(interval_s_), [this] { return stopping_; });
  }
}

}  // namespace mc::metrics
