// The metrics model: the Prometheus text of known figures, durable counters shared by two processes'
// connections, the atomic file, the writer thread, and the events counted where they happen (PIN lockouts,
// tickets). The real node_exporter and promtool read the file in tests/package/metrics_node_exporter.sh.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "mc/core/config.hpp"
#include "mc/core/metrics.hpp"
#include "mc/core/restart_request.hpp"
#include "mc/core/sqlite_ticket_store.hpp"
#include "mc/core/staff.hpp"

using namespace mc;
using namespace mc::metrics;

namespace {
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::random_device random;
    path =
        std::filesystem::temp_directory_path() / ("mc-metrics-" + std::to_string(random()) + std::to_string(random()));
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool has_line(const std::string& text, const std::string& line) {
  std::istringstream in(text);
  for (std::string current; std::getline(in, current);)
    if (current == line) return true;
  return false;
}

KioskFigures sample_figures() {
  KioskFigures f;
  f.kiosk_id = "HN-SANH-01";
  f.agency_code = "000.00.15.G12";
  f.version = "0.1.0";
  f.collected_at_unix = 1'780'000'000;
  f.queued = 3;
  f.sending = 1;
  f.synced = 7;
  f.quarantined = 2;
  f.purged = 4;
  f.oldest_queued_age_s = 5400;
  f.accepted_total = 13;
  f.synced_total = 7;
  f.last_sync_success_unix = 1'779'999'000;
  f.counters[{counter::kSyncRounds, ""}] = 21;
  f.counters[{counter::kSyncFailures, "network"}] = 5;
  f.counters[{counter::kSyncFailures, "auth"}] = 1;
  f.counters[{counter::kDossiersQuarantined, ""}] = 2;
  f.counters[{counter::kPaperOutEvents, ""}] = 1;
  f.counters[{counter::kJourneysAbandoned, "form"}] = 4;
  f.printer_states = {"ready", "paper_near_end", "paper_out", "cover_open", "offline", "unknown"};
  f.printer_state = "paper_out";
  f.devices_present = {{"camera", true}, {"serial_scanner", false}};
  f.tickets_issued_total = 40;
  f.tickets_called_total = 38;
  f.tickets_waiting = 2;
  f.staff_pin_set = true;
  return f;
}
}  // namespace

TEST_CASE("the metrics text says what the figures say, in the Prometheus text format", "[metrics]") {
  const std::string text = render_metrics(sample_figures());
  CHECK(has_line(text, R"(motcua_kiosk_info{kiosk_id="HN-SANH-01",agency="000.00.15.G12",version="0.1.0"} 1)"));
  CHECK(has_line(text, "# TYPE motcua_queue_dossiers gauge"));
  CHECK(has_line(text, R"(motcua_queue_dossiers{state="queued"} 3)"));
  CHECK(has_line(text, R"(motcua_queue_dossiers{state="sending"} 1)"));
  CHECK(has_line(text, R"(motcua_queue_dossiers{state="synced"} 7)"));
  CHECK(has_line(text, R"(motcua_queue_dossiers{state="quarantined"} 2)"));
  CHECK(has_line(text, "motcua_queue_oldest_waiting_seconds 5400"));
  CHECK(has_line(text, "# TYPE motcua_dossiers_accepted_total counter"));
  CHECK(has_line(text, "motcua_dossiers_accepted_total 13"));
  CHECK(has_line(text, "motcua_dossiers_synced_total 7"));
  CHECK(has_line(text, "motcua_dossiers_quarantined_total 2"));
  CHECK(has_line(text, "motcua_sync_rounds_total 21"));
  CHECK(has_line(text, R"(motcua_sync_failures_total{kind="network"} 5)"));
  CHECK(has_line(text, R"(motcua_sync_failures_total{kind="auth"} 1)"));
  CHECK(has_line(text, R"(motcua_sync_failures_total{kind="server"} 0)"));  // every kind, from the start
  CHECK(has_line(text, "motcua_sync_last_success_timestamp_seconds 1779999000"));
  CHECK(has_line(text, R"(motcua_printer_state{state="paper_out"} 1)"));
  CHECK(has_line(text, R"(motcua_printer_state{state="ready"} 0)"));
  CHECK(has_line(text, "motcua_printer_paper_out_events_total 1"));
  CHECK(has_line(text, R"(motcua_device_present{device="camera"} 1)"));
  CHECK(has_line(text, R"(motcua_device_present{device="serial_scanner"} 0)"));
  CHECK(has_line(text, "motcua_tickets_issued_total 40"));
  CHECK(has_line(text, "motcua_tickets_called_total 38"));
  CHECK(has_line(text, "motcua_staff_pin_lockouts_total 0"));
  CHECK(has_line(text, R"(motcua_journeys_abandoned_total{step="form"} 4)"));
  CHECK(text.back() == '\n');

  // Every line is a comment or "name{labels} integer"; every family has HELP and TYPE before its samples.
  static const std::regex sample(R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-z_]+="[^"\\]*",?)*\})? -?[0-9]+$)");
  std::istringstream in(text);
  std::set<std::string> typed;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("# TYPE ", 0) == 0) typed.insert(line.substr(7, line.find(' ', 7) - 7));
    if (line.rfind("#", 0) == 0) continue;
    std::smatch match;
    REQUIRE(std::regex_match(line, match, sample));
    CHECK(typed.count(match[1].str()) == 1);
  }
}

TEST_CASE("an unreadable queue is reported as such, not as an empty one", "[metrics]") {
  KioskFigures figures = sample_figures();
  figures.queue_readable = false;
  const std::string text = render_metrics(figures);
  CHECK(has_line(text, "motcua_queue_readable 0"));
  CHECK(text.find("motcua_queue_dossiers") == std::string::npos);
  CHECK(text.find("motcua_dossiers_accepted_total") == std::string::npos);
}

TEST_CASE("label values are escaped", "[metrics]") {
  KioskFigures figures;
  figures.kiosk_id = "Quầy \"2\"\\A\nB";
  const std::string text = render_metrics(figures);
  CHECK(text.find(R"(kiosk_id="Quầy \"2\"\\A\nB")") != std::string::npos);
}

TEST_CASE("durable counters survive a reopen and are shared between connections", "[metrics]") {
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  {
    CounterStore kiosk(db);
    CounterStore kioskctl(db);  // another process's connection
    kiosk.add(counter::kSyncRounds);
    kioskctl.add(counter::kSyncRounds, "", 2);
    kiosk.add(counter::kSyncFailures, "network");
    CHECK(kioskctl.all().at({counter::kSyncRounds, ""}) == 3);
  }
  CounterStore reopened(db);
  auto values = reopened.all();
  CHECK(values.at({counter::kSyncRounds, ""}) == 3);
  CHECK(values.at({counter::kSyncFailures, "network"}) == 1);
  CHECK(values.count({counter::kSyncFailures, "auth"}) == 0);
}

TEST_CASE("a count inside a transaction that rolls back does not count", "[metrics]") {
  TempDir dir;
  Database db(dir.file("kiosk.db"));
  {
    Transaction transaction(db);
    CounterStore::add_in(db, counter::kStaffPinLockouts);
  }  // rolled back
  CHECK(CounterStore::all_in(db).count({counter::kStaffPinLockouts, ""}) == 0);
}

TEST_CASE("paper-out events count transitions into paper_out, whichever process saw them", "[metrics]") {
  TempDir dir;
  CounterStore kiosk(dir.file("kiosk.db"));
  CounterStore kioskctl(dir.file("kiosk.db"));
  kiosk.observe_printer_state("ready", 100);
  kiosk.observe_printer_state("paper_out", 110);
  kioskctl.observe_printer_state("paper_out", 115);  // the same event seen again
  kiosk.observe_printer_state("paper_out", 120);
  CHECK(kiosk.all().at({counter::kPaperOutEvents, ""}) == 1);
  kioskctl.observe_printer_state("ready", 130);
  kiosk.observe_printer_state("paper_out", 140);
  CHECK(kiosk.all().at({counter::kPaperOutEvents, ""}) == 2);
  auto mark = kioskctl.mark(mark::kPrinterState);
  REQUIRE(mark);
  CHECK(mark->first == "paper_out");
  CHECK(mark->second == 140);
}

TEST_CASE("a staff lockout is counted once, however often the locked pad is tried", "[metrics][staff]") {
  TempDir dir;
  Database db(dir.file("kiosk.db"));
  int64_t now = 1'780'000'000;
  StaffAuth auth(db, hash_staff_pin("135790"), [&now] { return now; });
  for (int i = 0; i < 5; ++i) auth.try_pin("000000");
  CHECK(auth.try_pin("135790").outcome == StaffAuth::Outcome::LockedOut);
  CHECK(auth.try_pin("000000").outcome == StaffAuth::Outcome::LockedOut);
  CHECK(CounterStore::all_in(db).at({counter::kStaffPinLockouts, ""}) == 1);
  now += 600;  // the lockout is over; five more wrong PINs lock it again
  for (int i = 0; i < 5; ++i) auth.try_pin("000000");
  CHECK(CounterStore::all_in(db).at({counter::kStaffPinLockouts, ""}) == 2);
}

TEST_CASE("ticket totals count every ticket taken and called, and today's waiting", "[metrics][tickets]") {
  TempDir dir;
  Database db(dir.file("kiosk.db"));
  int64_t now = LocalDateTime::parse_iso("2026-03-05T08:00")->to_unix();
  TicketQueue queue(db, [&now] { return now; });
  queue.take("A", false);
  queue.take("A", true);
  queue.take("B", false);
  queue.call_next({"A"}, "Q1");
  queue.recall("Q1");  // called again: still one called ticket
  TicketTotals totals = queue.totals();
  CHECK(totals.issued == 3);
  CHECK(totals.called == 1);
  CHECK(totals.waiting_today == 2);
  now += 86400;  // tomorrow: yesterday's waiting tickets are not waiting today, the totals stay
  totals = queue.totals();
  CHECK(totals.issued == 3);
  CHECK(totals.waiting_today == 0);
}

TEST_CASE("the metrics file is replaced atomically and readable by another user", "[metrics]") {
  TempDir dir;
  write_textfile(dir.path.string(), "motcua_a 1\n");
  write_textfile(dir.path.string(), "motcua_a 2\n");
  CHECK(read_file(dir.file(kTextfileName)) == "motcua_a 2\n");
  struct stat info {};
  REQUIRE(::stat(dir.file(kTextfileName).c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0644);
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path)) {
    (void)entry;
    ++files;
  }
  CHECK(files == 1);  // no temporary file left behind
  CHECK_THROWS_WITH(write_textfile(dir.file("missing"), "x 1\n"),
                    Catch::Contains(dir.file("missing")) && Catch::Contains("textfile_dir"));
}

TEST_CASE("the metrics writer writes at start and at stop, and keeps the kiosk going when it cannot", "[metrics]") {
  TempDir dir;
  int collected = 0;
  auto collect = [&collected] {
    ++collected;
    KioskFigures figures;
    figures.kiosk_id = "K";
    figures.queued = collected;
    return figures;
  };
  MetricsWriter broken(dir.file("missing"), 1, collect);
  CHECK_FALSE(broken.write_once());
  MetricsWriter writer(dir.path.string(), 3600, collect);
  writer.start();
  // The first write happens at start; wait for it (no time limit asserted: a generous bound only).
  for (int i = 0; i < 500 && !std::filesystem::exists(dir.file(kTextfileName)); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK(has_line(read_file(dir.file(kTextfileName)), R"(motcua_queue_dossiers{state="queued"} 2)"));
  writer.stop();  // and once more as it stops: the last figures are not lost
  CHECK(has_line(read_file(dir.file(kTextfileName)), R"(motcua_queue_dossiers{state="queued"} 3)"));
}

TEST_CASE("metrics settings are read and checked", "[metrics][config]") {
  TempDir dir;
  std::ofstream(dir.file("kiosk.toml")) << "[metrics]\ntextfile_dir = \"/var/lib/prometheus/node-exporter\"\n"
                                           "interval_s = 30\n";
  ConfigLoadResult good = load_config(dir.file("kiosk.toml"));
  REQUIRE(good.ok());
  CHECK(good.config.metrics.textfile_dir == "/var/lib/prometheus/node-exporter");
  CHECK(good.config.metrics.interval_s == 30);
  CHECK(load_config("").config.metrics.textfile_dir.empty());

  std::ofstream(dir.file("bad.toml")) << "[metrics]\ntextfile_dir = \"relative/dir\"\ninterval_s = 0\n";
  ConfigLoadResult bad = load_config(dir.file("bad.toml"));
  CHECK_FALSE(bad.ok());
  bool dir_issue = false, interval_issue = false;
  for (const auto& issue : bad.issues) {
    dir_issue =
        dir_issue || (issue.key == "metrics.textfile_dir" && issue.reason.find("absolute") != std::string::npos);
    interval_issue = interval_issue || issue.key == "metrics.interval_s";
  }
  CHECK(dir_issue);
  CHECK(interval_issue);
}

TEST_CASE("a restart request holds for a kiosk started before it, not after", "[restart]") {
  TempDir dir;
  Config config;
  config.data_dir = dir.path.string();
  CHECK_FALSE(pending_restart(config, 1000));
  request_restart(config, "upgrade from 0.1.0\nsecond line", 2000);
  auto pending = pending_restart(config, 1000);  // started before the request: it applies
  REQUIRE(pending);
  CHECK(pending->requested_at_unix == 2000);
  CHECK(pending->reason == "upgrade from 0.1.0 second line");
  CHECK_FALSE(pending_restart(config, 2500));  // started after it: already done
  clear_restart_request(config);
  CHECK_FALSE(pending_restart(config, 1000));
  config.data_dir = dir.file("never-started");
  CHECK_THROWS_WITH(request_restart(config, "x", 1), Catch::Contains("no kiosk has run here yet"));
}

TEST_CASE("the restart watch acts only when idle, once, and forgets requests older than the kiosk", "[restart]") {
  TempDir dir;
  Config config;
  config.data_dir = dir.path.string();
  request_restart(config, "upgrade from 0.0.9", 900);  // before this kiosk started at 1000: already done
  RestartWatch watch(config, 1000, 5000);
  CHECK_FALSE(std::filesystem::exists(dir.file(kRestartRequestName)));
  CHECK_FALSE(watch.due(0, true));

  request_restart(config, "upgrade from 0.1.0", 1500);
  CHECK_FALSE(watch.due(1000, true));  // looked at 0: the next look is at 5000
  CHECK(watch.ms_until_check(1000) == 4000);
  CHECK_FALSE(watch.due(6000, false));  // a citizen is in the middle of a journey
  CHECK(watch.due(6000, true));
  REQUIRE(watch.honoured());
  CHECK(watch.honoured()->reason == "upgrade from 0.1.0");
  CHECK_FALSE(std::filesystem::exists(dir.file(kRestartRequestName)));
  CHECK_FALSE(watch.due(20000, true));  // once
}
