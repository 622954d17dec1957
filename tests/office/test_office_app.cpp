// The kiosk's composition root (mc_app) with the office database: a kiosk taking numbers, a counter
// terminal's staff console calling them, a waiting-room display following them, and all three when the
// office's database goes away and comes back (the database refuses connections and its sessions are
// cut, as when the server stops; the other tests of the suite keep their own databases).
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <random>
#include <thread>

#include "mc/core/journey.hpp"
#include "mc/core/staff_console.hpp"
#include "pg_instance.hpp"
#include "services.hpp"
#include "waiting_room_feed.hpp"

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device random;
    path = fs::temp_directory_path() / ("mc-office-app-" + std::to_string(random()) + std::to_string(random()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

template <class Done>
bool drain_until(mc::app::Services& services, Done done, std::chrono::seconds timeout = 20s) {
  const auto give_up = std::chrono::steady_clock::now() + timeout;
  while (!done() && std::chrono::steady_clock::now() < give_up) {
    services.drain();
    std::this_thread::sleep_for(10ms);
  }
  services.drain();
  return done();
}

// One machine of the office: its own data directory, the office's database.
struct Machine {
  TempDir dir;
  mc::Config config;
  std::unique_ptr<mc::app::Services> services;
  Machine(const std::string& database, const std::string& id, const std::string& role) {
    config = mc::test::PgInstance::get().config(database, id);
    config.data_dir = dir.path.string();
    config.assets_dir = MC_TEST_ASSETS_DIR;
    config.office_db.heartbeat_interval_s = 5;
    services = std::make_unique<mc::app::Services>(
        config, [] {}, role);
  }
};

// Takes a number through the journey as the kiosk's attract screen does; the label, or the message shown.
std::string take_number(mc::app::Services& services, mc::Journey& journey, const std::string& area) {
  journey.take_number();
  if (journey.screen() != mc::Screen::TakeNumber) return "(no ticket offered)";
  REQUIRE(journey.choose_ticket(area, false));
  for (const auto& command : journey.take_commands()) services.execute(journey, command);
  REQUIRE(drain_until(services, [&journey] { return journey.ticket() || journey.ticket_error(); }));
  const std::string outcome = journey.ticket() ? journey.ticket()->label : journey.ticket_error()->vi;
  journey.cancel();
  return outcome;
}

void office_away(const std::string& database) {
  auto& pg = mc::test::PgInstance::get();
  pg.admin("ALTER DATABASE " + database + " WITH ALLOW_CONNECTIONS false");
  pg.admin("SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = '" + database + "'");
}
void office_back(const std::string& database) {
  mc::test::PgInstance::get().admin("ALTER DATABASE " + database + " WITH ALLOW_CONNECTIONS true");
}

}  // namespace

TEST_CASE("kiosk, counter and display through the office database, away and back", "[office][app]") {
  auto& pg = mc::test::PgInstance::get();
  const std::string database = pg.fresh_database("app");
  Machine kiosk(database, "KIOSK-01", "kiosk");
  Machine counter(database, "QUAY-2", "staff");
  Machine display(database, "TV-1", "display");
  REQUIRE(kiosk.services->tickets_shared());
  REQUIRE(drain_until(*kiosk.services, [&] { return kiosk.services->ticket_service().available; }));
  kiosk.services->start_office_heartbeat();
  counter.services->start_office_heartbeat();

  mc::Journey journey(
      kiosk.services->catalog(), [](const mc::SubmitDraft&) { return mc::SubmitOutcome{}; },
      [](const std::string& code) {
        mc::DossierStatusView view;
        view.code = code;
        return view;
      });
  journey.set_service_areas(kiosk.services->service_areas());

  // The counter terminal's staff console calls through the same database.
  mc::Database counter_state((counter.dir.path / mc::kLocalStateDbName).string());
  mc::StaffConsoleOptions counter_options;
  counter_options.counter_terminal = true;
  counter_options.counter = "2";
  counter_options.areas = {"A"};
  counter_options.tickets = counter.services->tickets();
  mc::Config counter_config = counter.config;
  counter_config.kiosk.staff_pin_hash = mc::hash_staff_pin("246813");
  mc::StaffConsole console(counter_state, counter_config, mc::system_clock(), {}, counter_options);
  for (char digit : std::string("246813")) console.press_digit(digit);
  console.submit_pin();
  REQUIRE(console.is_authenticated());
  REQUIRE(drain_until(*counter.services, [&] { return console.tickets_available().available; }));

  mc::app::WaitingRoomFeed room(*display.services->tickets(), {"A"}, [] {});
  REQUIRE(drain_until(*display.services, [&] { return room.refresh(), room.connected(); }));

  CHECK(take_number(*kiosk.services, journey, "A") == "A001");
  CHECK(take_number(*kiosk.services, journey, "B") == "B001");
  CHECK(take_number(*kiosk.services, journey, "A") == "A002");
  auto called = console.call_next();
  REQUIRE(called);
  CHECK(called->label == "A001");
  REQUIRE(drain_until(*display.services, [&] { return room.refresh(), !room.tickets().empty(); }));
  CHECK(room.tickets()[0].label == "A001");
  CHECK(room.tickets()[0].counter == "2");
  auto announced = room.take_new_calls();
  REQUIRE(announced.size() == 1);
  CHECK(announced[0].label == "A001");
  auto stats = console.ticket_stats();
  REQUIRE(stats);
  CHECK(stats->total.issued == 3);

  // Every machine reports to the office database.
  REQUIRE(drain_until(*kiosk.services, [&] {
    return pg.admin("SELECT count(*) FROM mc_office.machines WHERE printer_state IS NOT NULL", database) == "2";
  }));
  CHECK(pg.admin("SELECT tickets_available FROM mc_office.machines WHERE machine_id = 'KIOSK-01'", database) == "t");

  // The office database goes away.
  office_away(database);
  REQUIRE(drain_until(*kiosk.services, [&] { return !kiosk.services->ticket_service().available; }));
  // A citizen on the way when it went (the kiosk's loop has not noticed yet): told, nothing invented.
  CHECK_THAT(take_number(*kiosk.services, journey, "A"), Catch::StartsWith("Tạm ngừng cấp số thứ tự"));
  CHECK(journey.ticket_issuing_suspended());
  journey.take_number();  // from now on the kiosk does not even ask
  CHECK(journey.screen() == mc::Screen::Ticket);
  CHECK(journey.take_commands().empty());
  journey.cancel();
  CHECK_FALSE(console.call_next());
  CHECK_THAT(console.message().vi, Catch::Contains("không gọi số được"));
  CHECK_FALSE(console.tickets_available().available);
  REQUIRE(drain_until(*display.services, [&] { return room.refresh(), !room.connected(); }));
  REQUIRE(room.tickets().size() == 1);  // the last calls stay on screen, with "mất kết nối"

  // Back: everyone reconnects by itself, numbering carries on, the display catches up with what it missed.
  office_back(database);
  REQUIRE(drain_until(
      *counter.services, [&] { return console.tickets_available().available; }, 30s));
  called = console.call_next();  // a call the display may have missed while it was reconnecting
  REQUIRE(called);
  CHECK(called->label == "A002");
  REQUIRE(drain_until(
      *display.services,
      [&] {
        room.refresh();
        return room.connected() && !room.tickets().empty() && room.tickets()[0].label == "A002";
      },
      30s));
  CHECK(room.catch_ups() >= 2);
  REQUIRE(drain_until(
      *kiosk.services, [&] { return kiosk.services->ticket_service().available; }, 30s));
  journey.set_ticket_issuing_suspended(false);  // what the kiosk's loop does when the service is back
  CHECK(take_number(*kiosk.services, journey, "A") == "A003");
}
