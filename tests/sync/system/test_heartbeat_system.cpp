// System test (label "system"): the sync engine's heartbeat reaches the reference onestop-server and
// GET /admin/heartbeats shows this kiosk's id, version and queue figures.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>
#include "../fixtures.hpp"
#include "mc/core/log.hpp"
#include "mc/sync/engine.hpp"
#include "mc/sync/heartbeat.hpp"
#include "mc/sync/record.hpp"
#include "server_process.hpp"
#include "system_common.hpp"

using namespace mc;
using namespace mc::sync;
using namespace mc::sync::testing;

namespace {

const std::string kAssets = MC_TEST_ASSETS_DIR;

// This kiosk's entry in GET /admin/heartbeats, or null.
nlohmann::json heartbeat_of(const ServerProcess& server, const std::string& kiosk_id) {
  httplib::Client client("127.0.0.1", server.port());
  client.set_read_timeout(10, 0);
  auto answer = client.Get("/admin/heartbeats");
  REQUIRE(answer);
  REQUIRE(answer->status == 200);
  const nlohmann::json list = nlohmann::json::parse(answer->body);
  for (const auto& beat : list["heartbeats"])
    if (beat.value("KioskId", "") == kiosk_id) return beat;
  return nullptr;
}

}  // namespace

TEST_CASE("the engine's heartbeat reaches the server with the kiosk's id, version and queue figures",
          "[system][heartbeat]") {
  set_log_level(LogLevel::Error);
  TempDir dir;
  ServerProcess server(
      {"--port", "0", "--db", (dir.path / "server.db").string(), "--catalog-dir", kAssets + "/catalog"});
  Config config;
  config.data_dir = dir.str();
  config.server.url = server.base_url();
  config.server.connect_timeout_s = 2;
  config.server.total_timeout_s = 5;
  config.server.heartbeat_interval_s = 1;
  config.kiosk.id = "KIOSK-HB-7";
  auto outbox = Outbox::open(config);
  std::vector<CatalogIssue> issues;
  Catalog catalog = Catalog::load_dir(kAssets + "/catalog", issues);
  WorkingCalendar calendar(HolidayTable::load(kAssets + "/calendar/holidays.json"));
  Intake intake(*outbox, catalog, calendar, config, fixed_clock(kFirstIntake));
  for (int i = 0; i < 3; ++i) REQUIRE(intake.submit(real_catalog_request(i)).accepted);
  // One the server rejects (a broken ID number from an older kiosk version): it ends quarantined.
  Dossier broken = outbox->list(std::nullopt, 1).front().dossier;
  broken.code = "000.00.15.G12-260302-1999";
  broken.applicant.id_number = "12345";
  outbox->enqueue(broken, build_record_text(broken, config), kFirstIntake);

  EngineOptions options;
  options.refresh_catalog = false;
  options.poll_status = false;
  options.idle_poll_ms = 50;
  options.printer_state = [] { return std::string("paper_near_end"); };
  SyncEngine engine(*outbox, make_client(config), config, system_clock(), options);
  engine.start();
  nlohmann::json beat;
  for (int i = 0; i < 200 && beat.is_null(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    beat = heartbeat_of(server, "KIOSK-HB-7");
  }
  engine.stop();
  REQUIRE_FALSE(beat.is_null());
  CHECK(beat["Version"] == software_version());
  CHECK(beat["Version"] == "0.1.0");  // the CMake project version (update with project(... VERSION))
  CHECK(beat["QueueDepth"] == 0);     // everything sent in the same round
  CHECK(beat["Quarantined"] == 1);
  CHECK(beat["PrinterState"] == "paper_near_end");
  REQUIRE(outbox->last_synced_at());
  CHECK(beat["LastSync"] == LocalDateTime::from_unix(*outbox->last_synced_at()).compact());
  CHECK(beat.dump().find("001099012345") == std::string::npos);
  CHECK(engine.status().last_heartbeat_unix);

  // Two dossiers waiting (the engine stopped): the next heartbeat carries the new depth.
  for (int i = 3; i < 5; ++i) REQUIRE(intake.submit(real_catalog_request(i)).accepted);
  HeartbeatInfo info = engine.heartbeat_info();
  CHECK(info.queue_depth == 2);
  make_client(config)->heartbeat(heartbeat_fields(info));
  beat = heartbeat_of(server, "KIOSK-HB-7");
  CHECK(beat["QueueDepth"] == 2);
  CHECK(beat["Quarantined"] == 1);
}
