// System test (label "system"): `kioskctl status` and `kioskctl queue purge` as an IT officer runs them,
// against a known queue and the reference onestop-server.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include "../fixtures.hpp"
#include "mc/core/db.hpp"
#include "mc/core/log.hpp"
#include "mc/core/staff.hpp"
#include "mc/sync/engine.hpp"
#include "mc/sync/record.hpp"
#include "server_process.hpp"
#include "system_common.hpp"

#ifdef MC_KIOSKCTL_PATH  // set by tests/sync/CMakeLists.txt when the kioskctl target exists

using namespace mc;
using namespace mc::sync;
using namespace mc::sync::testing;

namespace {

const std::string kAssets = MC_TEST_ASSETS_DIR;

struct Run {
  int exit_code = -1;
  std::string out;
};

// stderr_too: also capture stderr (for the error messages); otherwise it is discarded.
Run kioskctl(const std::string& config_path, const std::string& args, bool stderr_too = false) {
  const std::string command = std::string("'") + MC_KIOSKCTL_PATH + "' --config '" + config_path + "' " + args +
                              (stderr_too ? " 2>&1" : " 2>/dev/null");
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe);
  Run run;
  char buffer[4096];
  size_t got;
  while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) run.out.append(buffer, got);
  const int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

nlohmann::json status_json(const std::string& config_path, const std::string& extra, int expected_exit) {
  Run run = kioskctl(config_path, "status --json " + extra);
  INFO(run.out);
  CHECK(run.exit_code == expected_exit);
  auto json = nlohmann::json::parse(run.out, nullptr, false);
  REQUIRE_FALSE(json.is_discarded());
  return json;
}

std::string write_config(const TempDir& dir, const std::string& name, const std::string& url,
                         const std::string& extra_kiosk = "") {
  const std::string path = (dir.path / (name + ".toml")).string();
  std::ofstream(path) << "data_dir = \"" << (dir.path / name).string() << "\"\nlog_level = \"error\"\n"
                      << "[kiosk]\nid = \"KIOSK-ST-1\"\nslot = 1\n"
                      << extra_kiosk << "[server]\nurl = \"" << url
                      << "\"\nconnect_timeout_s = 2\ntotal_timeout_s = 5\n";
  return path;
}

}  // namespace

TEST_CASE("kioskctl status reports a known queue, and queue purge removes due personal data",
          "[system][kioskctl][status]") {
  set_log_level(LogLevel::Error);
  TempDir dir;
  ServerProcess server(
      {"--port", "0", "--db", (dir.path / "server.db").string(), "--catalog-dir", kAssets + "/catalog"});

  // A new kiosk with an empty queue and a server that answers: healthy, exit 0.
  {
    const std::string fresh = write_config(dir, "fresh", server.base_url());
    nlohmann::json status = status_json(fresh, "", 0);
    CHECK(status["healthy"] == true);
    CHECK(status["attention"].empty());
    CHECK(status["queue"]["exists"] == false);
    CHECK(status["server"]["reachable"] == true);
  }

  // The known queue: 3 synced, 1 quarantined (the server rejects its ID number), 2 waiting since intake.
  // The PIN comes from standard input (never the command line) and lands beside the configuration file.
  const std::string config_path = write_config(dir, "kiosk", server.base_url());
  std::ofstream((dir.path / "pin.txt").string()) << "246813\n";
  const Run set_pin = kioskctl(config_path, "staff set-pin < '" + (dir.path / "pin.txt").string() + "'", true);
  INFO(set_pin.out);
  REQUIRE(set_pin.exit_code == 0);
  CHECK(kioskctl(config_path, "staff set-pin --pin 246813", true).exit_code == 2);
  ConfigLoadResult loaded = load_config(config_path);
  REQUIRE(loaded.ok());
  const Config& config = loaded.config;
  std::vector<std::string> synced;
  std::string broken_code;
  {
    auto outbox = Outbox::open(config);
    std::vector<CatalogIssue> issues;
    Catalog catalog = Catalog::load_dir(kAssets + "/catalog", issues);
    WorkingCalendar calendar(HolidayTable::load(kAssets + "/calendar/holidays.json"));
    Intake intake(*outbox, catalog, calendar, config, fixed_clock(kFirstIntake));
    for (int i = 0; i < 3; ++i) synced.push_back(intake.submit(real_catalog_request(i)).dossier.code);
    Dossier broken = outbox->find(synced[0])->dossier;
    broken.code = broken_code = "000.00.15.G12-260302-1999";
    broken.applicant.id_number = "12345";
    outbox->enqueue(broken, build_record_text(broken, config), kFirstIntake);
    EngineOptions options;
    options.refresh_catalog = false;
    options.poll_status = false;
    SyncEngine engine(*outbox, make_client(config), config, system_clock(), options);
    REQUIRE(engine.run_once().sent == 3);
    for (int i = 3; i < 5; ++i) REQUIRE(intake.submit(real_catalog_request(i)).accepted);
  }
  REQUIRE(kioskctl(config_path, "ticket take A").exit_code == 0);

  nlohmann::json status = status_json(config_path, "", 1);  // quarantined: needs attention
  CHECK(status["kiosk_id"] == "KIOSK-ST-1");
  CHECK(status["version"] == "0.1.0");
  CHECK(status["config"]["source"] == config_path);
  CHECK(status["config"]["issues"].empty());
  CHECK(status["queue"]["queued"] == 2);
  CHECK(status["queue"]["sending"] == 0);
  CHECK(status["queue"]["synced"] == 3);
  CHECK(status["queue"]["quarantined"] == 1);
  CHECK(status["queue"]["oldest_queued"] == "2026-03-02T09:00:00+07:00");
  CHECK(status["queue"]["oldest_queued_age_s"].get<int64_t>() > 86400);
  CHECK(status["queue"]["last_sync"] != "");
  REQUIRE(status["queue"]["quarantined_dossiers"].size() == 1);
  CHECK(status["queue"]["quarantined_dossiers"][0]["code"] == broken_code);
  CHECK(status["queue"]["quarantined_dossiers"][0]["reason"].get<std::string>().find("MaDoiTuong") !=
        std::string::npos);
  CHECK(status["printer"]["state"] == "ready");
  CHECK(status["staff"]["pin_set"] == true);
  CHECK(status["staff"]["locked"] == false);
  CHECK(status["tickets"]["waiting"] == 1);
  CHECK(status["server"]["reachable"] == true);
  REQUIRE(status["attention"].size() == 1);
  CHECK(status["attention"][0].get<std::string>().find("quarantined") != std::string::npos);
  CHECK(status.dump().find("Nguy") == std::string::npos);  // no personal data
  CHECK(status.dump().find("001099012345") == std::string::npos);

  Run text = kioskctl(config_path, "status");
  CHECK(text.exit_code == 1);
  CHECK(text.out.find("KIOSK-ST-1") != std::string::npos);
  CHECK(text.out.find("0.1.0") != std::string::npos);
  CHECK(text.out.find(broken_code) != std::string::npos);
  CHECK(text.out.find("CẦN XỬ LÝ / NEEDS ATTENTION") != std::string::npos);
  CHECK(text.out.find("Nguy") == std::string::npos);

  // The server goes away while dossiers have waited for months: that needs attention too.
  server.stop();
  status = status_json(config_path, "", 1);
  CHECK(status["server"]["reachable"] == false);
  CHECK(status["attention"].size() == 2);
  status = status_json(config_path, "--stale-queue-s 1000000000", 1);
  CHECK(status["attention"].size() == 1);  // only the quarantine: the queue is not "old" at this limit
  status = status_json(config_path, "--offline", 1);
  CHECK(status["server"]["checked"] == false);

  // Retention from the shell: one synced dossier got its final status 100 days ago.
  {
    auto outbox = Outbox::open(config);
    outbox->update_status(synced[0], DossierStatus::ResultReturned, "", system_clock()() - 100 * 86400);
    outbox->update_status(synced[1], DossierStatus::InProgress, "", system_clock()() - 100 * 86400);
  }
  Run dry = kioskctl(config_path, "queue purge --dry-run");
  CHECK(dry.exit_code == 0);
  CHECK(dry.out.find(synced[0]) != std::string::npos);
  CHECK(dry.out.find(synced[1]) == std::string::npos);
  CHECK(dry.out.find("would purge the personal data of 1 dossier(s)") != std::string::npos);
  CHECK(kioskctl(config_path, "queue show " + synced[0] + " --reveal").out.find("Nguyễn Văn A") != std::string::npos);
  Run purge = kioskctl(config_path, "queue purge");
  CHECK(purge.exit_code == 0);
  CHECK(purge.out.find("purged the personal data of 1 dossier(s)") != std::string::npos);
  Run shown = kioskctl(config_path, "queue show " + synced[0] + " --reveal");
  CHECK(shown.exit_code == 0);
  CHECK(shown.out.find(synced[0]) != std::string::npos);
  CHECK(shown.out.find("purged") != std::string::npos);
  CHECK(shown.out.find("Nguyễn Văn A") == std::string::npos);
  CHECK(shown.out.find("001099012345") == std::string::npos);
  CHECK(kioskctl(config_path, "queue show " + synced[1] + " --reveal").out.find("Nguyễn Văn A") != std::string::npos);
  CHECK(kioskctl(config_path, "queue purge").out.find("of 0 dossier(s)") != std::string::npos);
  CHECK(status_json(config_path, "--offline", 1)["queue"]["purged"] == 1);
  CHECK(kioskctl(config_path, "audit list").out.find("retention_purge") != std::string::npos);

  // A configuration problem needs attention; a configuration that cannot be read leaves the state unknown.
  {
    std::ofstream(config_path, std::ios::app) << "[printer]\nport = 70000\n";
    nlohmann::json bad = status_json(config_path, "--offline", 1);
    REQUIRE(bad["config"]["issues"].size() == 1);
    CHECK(bad["config"]["issues"][0]["key"] == "printer.port");
    CHECK(kioskctl((dir.path / "missing.toml").string(), "status --offline").exit_code == 2);
  }

  // A damaged queue key: the state cannot be read, exit 2 with the reason.
  std::ofstream(config.path_in_data("queue.key"), std::ios::trunc) << "short";
  Run unreadable = kioskctl(config_path, "status --offline", true);
  CHECK(unreadable.exit_code == 2);
  CHECK(unreadable.out.find("queue key") != std::string::npos);
}

#endif  // MC_KIOSKCTL_PATH

TEST_CASE("kioskctl fails safe: foreign data directory, PIN from stdin only, lockouts in status, one sender",
          "[system][kioskctl][failsafe]") {
  set_log_level(LogLevel::Error);
  TempDir dir;
  const std::string config_path = write_config(dir, "kiosk", "http://127.0.0.1:9/api");
  const Config config = load_config(config_path).config;

  // A data directory that belongs to another user (the kiosk's): kioskctl creates nothing in it.
  if (::geteuid() == 0) {
    std::filesystem::create_directories(config.data_dir);
    REQUIRE(::chown(config.data_dir.c_str(), 65534, 65534) == 0);  // nobody
    Run refused = kioskctl(config_path, "queue list", true);
    CHECK(refused.exit_code == 1);
    CHECK(refused.out.find("belongs to nobody") != std::string::npos);
    CHECK(refused.out.find("sudo -u nobody kioskctl") != std::string::npos);
    CHECK(std::filesystem::is_empty(config.data_dir));
    REQUIRE(::chown(config.data_dir.c_str(), 0, 0) == 0);
  }

  // The PIN never on the command line; from standard input it is stored 0600 beside the configuration.
  Run on_command_line = kioskctl(config_path, "staff set-pin --pin 246813", true);
  CHECK(on_command_line.exit_code == 2);
  CHECK(on_command_line.out.find("never taken from the command line") != std::string::npos);
  std::ofstream((dir.path / "short.txt").string()) << "2468\n";
  CHECK(kioskctl(config_path, "staff set-pin < '" + (dir.path / "short.txt").string() + "'").exit_code == 2);
  CHECK_FALSE(std::filesystem::exists(dir.path / "staff-pin"));
  std::ofstream((dir.path / "pin.txt").string()) << "246813\n";
  REQUIRE(kioskctl(config_path, "staff set-pin < '" + (dir.path / "pin.txt").string() + "'").exit_code == 0);
  struct stat info {};
  REQUIRE(::stat((dir.path / "staff-pin").c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  const Config with_pin = load_config(config_path).config;
  CHECK(verify_staff_pin(with_pin.kiosk.staff_pin_hash, "246813"));
  {
    std::ifstream in(config_path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(text.find("argon2") == std::string::npos);  // nothing written into the world-readable file
  }

  // Two lockouts at the PIN pad: kioskctl status shows them and asks for attention.
  {
    auto db = std::make_unique<Database>(config.path_in_data(kLocalStateDbName));
    int64_t now = system_clock()();
    StaffAuth auth(*db, with_pin.kiosk.staff_pin_hash, [&now] { return now; });
    for (int lockout = 0; lockout < 2; ++lockout) {
      for (int i = 0; i < 5; ++i) auth.try_pin("000000");
      now += 3600;
    }
  }
  nlohmann::json status = status_json(config_path, "--offline", 1);
  CHECK(status["staff"]["lockouts"] == 2);
  CHECK(status["staff"]["locked"] == true);  // the second lockout (15 min) still runs in real time
  bool flagged = false;
  for (const auto& reason : status["attention"])
    flagged = flagged || reason.get<std::string>().find("locked out 2") != std::string::npos;
  CHECK(flagged);

  // One sender at a time: while another process holds the sending lock, kioskctl sync waits, then says so
  // and leaves that process's rows in flight alone.
  auto outbox = Outbox::open(config);
  std::vector<CatalogIssue> issues;
  Catalog catalog = Catalog::load_dir(kAssets + "/catalog", issues);
  WorkingCalendar calendar(HolidayTable::load(kAssets + "/calendar/holidays.json"));
  Intake intake(*outbox, catalog, calendar, config, fixed_clock(kFirstIntake));
  REQUIRE(intake.submit(real_catalog_request(0)).accepted);
  SendingLock kiosk_round = outbox->lock_sending();
  REQUIRE(kiosk_round);
  auto in_flight = outbox->claim_batch(10, kFirstIntake);
  REQUIRE(in_flight.size() == 1);
  Run busy = kioskctl(config_path, "sync --once --wait-s 1", true);
  CHECK(busy.exit_code == 1);
  CHECK(busy.out.find("another process") != std::string::npos);
  CHECK(outbox->find(in_flight[0].code)->state == OutboxState::Sending);

  // config check: the site file serves; a copy without kiosk.slot and with demo settings against a real
  // server does not, and says why.
  Run ok = kioskctl(config_path, "config check");
  CHECK(ok.exit_code == 0);
  CHECK(ok.out.find("production configuration") != std::string::npos);
  const std::string risky = (dir.path / "risky.toml").string();
  std::ofstream(risky) << "[server]\nurl = \"http://lgsp.example.gov.vn/api\"\nverify_tls = false\n";
  Run check = kioskctl(config_path, "config check " + risky);
  CHECK(check.exit_code == 1);
  CHECK(check.out.find("kiosk.slot") != std::string::npos);
  CHECK(check.out.find("warning: printer.transport") != std::string::npos);
  CHECK(check.out.find("warning: server.credentials_file") != std::string::npos);
  CHECK(check.out.find("warning: server.url") != std::string::npos);
  CHECK(check.out.find("warning: server.verify_tls") != std::string::npos);
}
