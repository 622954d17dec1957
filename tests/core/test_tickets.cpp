#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "mc/core/tickets.hpp"

namespace {
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() /
           ("mc-tickets-" + std::to_string(reinterpret_cast<uintptr_t>(this)) + std::to_string(::time(nullptr)));
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string file(const char* name) const { return (path / name).string(); }
};
int64_t unix_at(const char* iso) { return mc::LocalDateTime::parse_iso(iso)->to_unix(); }
}  // namespace

TEST_CASE("tickets are numbered per area and day, and survive a restart", "[tickets]") {
  TempDir dir;
  int64_t now = unix_at("2026-03-05T08:00");
  auto clock = [&now] { return now; };
  {
    mc::Database db(dir.file("tickets.db"));
    mc::TicketQueue queue(db, clock);
    CHECK(queue.take("A", false).label == "A001");
    CHECK(queue.take("A", false).label == "A002");
    CHECK(queue.take("B", false).label == "B001");
    auto priority = queue.take("A", true);
    CHECK(priority.label == "UA001");
    CHECK(priority.people_ahead == 0);  // called before A001 and A002
    CHECK(queue.take("A", true).people_ahead == 1);
  }
  mc::Database db(dir.file("tickets.db"));
  mc::TicketQueue queue(db, clock);
  auto normal = queue.take("A", false);
  CHECK(normal.label == "A003");
  CHECK(normal.people_ahead == 4);  // A001, A002, UA001, UA002
  CHECK(queue.waiting("A") == 5);

  // Local midnight (UTC+7) starts a new day's numbering; yesterday's tickets no longer wait.
  now = unix_at("2026-03-06T00:00:01");
  CHECK(queue.take("A", false).label == "A001");
  CHECK(queue.waiting("A") == 1);
}

TEST_CASE("counters call priority first, then the oldest, and recall and skip", "[tickets]") {
  TempDir dir;
  int64_t now = unix_at("2026-03-05T08:00");
  mc::Database db(dir.file("tickets.db"));
  mc::TicketQueue queue(db, [&now] { return now; });
  queue.take("A", false);
  queue.take("B", false);
  queue.take("A", true);
  auto first = queue.call_next({"A", "B"}, "Q1");
  REQUIRE(first);
  CHECK(first->label == "UA001");
  now += 30;
  auto recalled = queue.recall("Q1");
  REQUIRE(recalled);
  CHECK(recalled->label == "UA001");
  CHECK(recalled->called_at_unix == now);
  auto second = queue.call_next({"A", "B"}, "Q1");
  CHECK(second->label == "A001");
  CHECK(queue.skip("Q1")->label == "A001");
  CHECK_FALSE(queue.recall("Q1"));
  now += 30;
  CHECK(queue.call_next({"B"}, "Q2")->label == "B001");
  CHECK_FALSE(queue.call_next({"A", "B"}, "Q1"));
  auto shown = queue.recently_called(5);
  REQUIRE(shown.size() == 2);  // the skipped ticket is no longer shown
  CHECK(shown[0].label == "B001");
  CHECK(shown[1].label == "UA001");
}

TEST_CASE("service areas load from assets and broken files are named", "[tickets]") {
  auto areas = mc::load_service_areas(std::string(MC_TEST_ASSETS_DIR) + "/tickets/areas.json");
  REQUIRE(areas.size() >= 3);
  CHECK(areas[0].code == "A");
  CHECK_FALSE(areas[0].name.vi.empty());
  TempDir dir;
  std::ofstream(dir.file("bad.json")) << R"({"areas": [{"code": "A", "name": {"vi": "x"}}, {"code": "A", "name": {"vi": "y"}}]})";
  CHECK_THROWS_WITH(mc::load_service_areas(dir.file("bad.json")), Catch::Contains("$.areas[1].code") && Catch::Contains("twice"));
}
