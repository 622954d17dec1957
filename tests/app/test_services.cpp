// The kiosk's composition root (mc_app) without a window: the journey's commands run on the real worker
// thread against the real ticket queue (kiosk.db) and the virtual printer, as the app runs them.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <random>
#include <thread>

#include "mc/core/journey.hpp"
#include "mc/core/sqlite_ticket_store.hpp"
#include "services.hpp"

namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device random;
    path = fs::temp_directory_path() / ("mc-services-test-" + std::to_string(random()) + std::to_string(random()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// Applies the worker's results on this thread until `done` or 20 s (a loaded CI machine, not a timing test).
template <typename Done>
bool drain_until(mc::app::Services& services, Done done) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!done() && std::chrono::steady_clock::now() < give_up) {
    services.drain();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  services.drain();
  return done();
}

}  // namespace

TEST_CASE("a citizen's priority ticket is stored, printed and called first", "[app][tickets]") {
  TempDir dir;
  mc::Config config;
  config.data_dir = dir.path.string();
  config.assets_dir = MC_TEST_ASSETS_DIR;
  mc::app::Services services(config, [] {});
  REQUIRE_FALSE(services.service_areas().empty());
  const std::string area = services.service_areas().front().code;

  mc::Journey journey(
      services.catalog(), [&services](const mc::SubmitDraft& draft) { return services.submit(draft); },
      [&services](const std::string& code) { return services.lookup_local(code); });
  journey.set_service_areas(services.service_areas());
  journey.take_number();
  REQUIRE(journey.screen() == mc::Screen::TakeNumber);
  REQUIRE(journey.choose_ticket(area, true));
  for (const auto& command : journey.take_commands()) services.execute(journey, command);

  REQUIRE(drain_until(services, [&journey] {
    return journey.ticket_print_state() == mc::PrintState::Printed ||
           journey.ticket_print_state() == mc::PrintState::Failed;
  }));
  REQUIRE(journey.ticket());
  const std::string label = journey.ticket()->label;
  CHECK(label == "U" + area + "001");
  CHECK(journey.ticket_print_state() == mc::PrintState::Printed);
  bool printed = false;
  for (const auto& entry : fs::directory_iterator(dir.path / "printer"))
    printed = printed || entry.path().filename().string().find(label) != std::string::npos;
  CHECK(printed);

  // The counter, through kiosk.db as staff mode and kioskctl open it, calls that number.
  mc::Database kiosk_db((dir.path / mc::kLocalStateDbName).string());
  mc::SqliteTicketStore counter(kiosk_db, mc::system_clock());
  auto called = counter.call_next({area}, "Q1");
  REQUIRE(called);
  CHECK(called->label == label);
}
