#pragma once
// The kiosk's figures for the monitoring an office already runs: the Prometheus text format (version 0.0.4)
// written to a file for node_exporter's textfile collector (Zabbix reads the same format). UI-free.
//
//   KioskFigures      a snapshot of everything the file says (queue, sync, printer, devices, tickets, staff,
//                     journeys, version), filled by the composition roots (the kiosk, kioskctl: mc_metrics)
//   render_metrics()  the text, every family with HELP and TYPE, names and labels fixed here
//   CounterStore      durable event counters in kiosk.db (sync rounds, failures, quarantines, paper-out,
//                     PIN lockouts, journeys): the kiosk and kioskctl read the same numbers, and a restart
//                     never sends a counter backwards
//   write_textfile()  atomic: a temporary file in the same directory, then rename()
//   MetricsWriter     a thread that collects and writes every metrics.interval_s
//
// No personal data and no dossier codes: labels hold states, kinds, step names, the kiosk id and version.
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>
#include "mc/core/db.hpp"

namespace mc::metrics {

// The file node_exporter reads in metrics.textfile_dir.
inline constexpr const char* kTextfileName = "mot_cua_kiosk.prom";

// Names of the durable counters (CounterStore) and, where they have one, what their label means.
namespace counter {
inline constexpr const char* kDossiersQuarantined = "dossiers_quarantined";
inline constexpr const char* kSyncRounds = "sync_rounds";            // rounds that spoke to the server
inline constexpr const char* kSyncFailures = "sync_failures";        // label: failure kind
inline constexpr const char* kPaperOutEvents = "printer_paper_out";  // transitions into paper_out
inline constexpr const char* kStaffPinLockouts = "staff_pin_lockouts";
inline constexpr const char* kJourneysStarted = "journeys_started";
inline constexpr const char* kJourneysCompleted = "journeys_completed";
inline constexpr const char* kJourneysAbandoned = "journeys_abandoned";  // label: the screen it was left at
}  // namespace counter
// Durable marks (CounterStore::mark): the last value of something, with when it was set.
namespace mark {
inline constexpr const char* kPrinterState = "printer_state";
inline constexpr const char* kSyncSuccess = "sync_success";  // the last round the server answered in full
}  // namespace mark

// The failure kinds of a sync round, all exported (as 0 until they happen) so rate() works from the start.
const std::vector<std::string>& sync_failure_kinds();  // network, server, bad_answer, auth, local

struct KioskFigures {
  std::string kiosk_id, version, agency_code;
  int64_t collected_at_unix = 0;

  // The queue. readable false: the queue exists but cannot be opened (key, damage, newer schema); the
  // queue figures are then left out rather than reported as zero.
  bool queue_readable = true;
  int queued = 0, sending = 0, synced = 0, quarantined = 0, purged = 0;
  std::optional<int64_t> oldest_queued_age_s;  // none when nothing waits
  int64_t accepted_total = 0;                  // every dossier the queue ever accepted
  int64_t synced_total = 0;                    // every dossier the one-stop system took
  std::optional<int64_t> last_sync_success_unix;

  // Durable counters and their labels, as CounterStore::all() returns them.
  std::map<std::pair<std::string, std::string>, int64_t> counters;

  // The printer's state name (mc::printing::printer_state_name), and every name it can take.
  std::string printer_state;  // empty: unknown (not asked)
  std::vector<std::string> printer_states;

  // Devices this kiosk is configured with and whether they are there: "camera", "serial_scanner",
  // "chip_reader"... A device that is not configured is left out.
  std::map<std::string, bool> devices_present;

  int64_t tickets_issued_total = 0, tickets_called_total = 0;
  int tickets_waiting = 0;  // today's, every area
  bool staff_pin_set = false, staff_locked = false;

  int64_t counter_value(const std::string& name, const std::string& label = "") const;
};

// The Prometheus text of the figures (one trailing newline; families in a fixed order).
std::string render_metrics(const KioskFigures& figures);

// Durable counters in a SQLite database (kiosk.db, tables metric_counters and metric_marks, created on
// first use). Thread-safe; every add() is its own small transaction.
class CounterStore {
 public:
  explicit CounterStore(const std::string& db_path);
  void add(std::string_view name, std::string_view label = "", int64_t delta = 1);
  // Adds through a connection the caller holds, inside whatever transaction it has open (StaffAuth counts
  // a lockout in the same transaction that starts it).
  static void add_in(Database& db, std::string_view name, std::string_view label = "", int64_t delta = 1);
  std::map<std::pair<std::string, std::string>, int64_t> all();
  static std::map<std::pair<std::string, std::string>, int64_t> all_in(Database& db);

  // Sets a mark; returns its previous value (nullopt the first time).
  std::optional<std::string> exchange_mark(std::string_view name, std::string_view value, int64_t now_unix);
  std::optional<std::pair<std::string, int64_t>> mark(std::string_view name);  // value and when it was set
  static std::optional<std::pair<std::string, int64_t>> mark_in(Database& db, std::string_view name);

  // The printer was seen in `state` (a state name): counts a paper-out event when it just went into
  // "paper_out", whichever process saw it first.
  void observe_printer_state(std::string_view state, int64_t now_unix);

 private:
  std::mutex mutex_;
  Database db_;
};

// Writes text to <dir>/<file_name> so that a reader sees the old file or the new one, never a part: a
// temporary file in the same directory (not ending in .prom, which node_exporter would read), fsync,
// rename(). Throws std::runtime_error naming the directory and the reason.
void write_textfile(const std::string& dir, const std::string& text, const std::string& file_name = kTextfileName);

// Collects and writes every interval on its own thread; the first write happens at start(), the last at
// stop(). A failed collection or write is logged (once per kind of error until it works again) and never
// stops the kiosk.
class MetricsWriter {
 public:
  MetricsWriter(std::string dir, int interval_s, std::function<KioskFigures()> collect);
  ~MetricsWriter();
  void start();
  void stop();
  bool write_once();  // collect + write on the caller's thread; false when it failed (logged)

 private:
  void thread_main();
  std::string dir_;
  int interval_s_;
  std::function<KioskFigures()> collect_;
  std::string last_error_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace mc::metrics
