#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "mc/core/sqlite_ticket_store.hpp"
#include "mc/core/tickets.hpp"
#include "mc/test/ticket_store_contract.hpp"

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
int64_t unix_at(const char* iso) {
  return mc::LocalDateTime::parse_iso(iso)->to_unix();
}
}  // namespace

// The single-machine store in kiosk.db, through the same contract as the office database (tests/office).
struct SqliteStoreFixture {
  TempDir dir;
  int64_t now = 0;
  std::vector<std::unique_ptr<mc::Database>> connections;
  std::unique_ptr<mc::TicketStore> open() {
    connections.push_back(std::make_unique<mc::Database>(dir.file("kiosk.db")));
    return std::make_unique<mc::SqliteTicketStore>(*connections.back(), [this] { return now; });
  }
  std::unique_ptr<mc::CallFollower> follow(mc::TicketStore& store, mc::CallFollowerOptions options) {
    return static_cast<mc::SqliteTicketStore&>(store).follow_calls(std::move(options), 50);
  }
};
MC_TICKET_STORE_CONTRACT(SqliteStoreFixture, "[tickets]")

TEST_CASE("kiosk.db files from before the statistics gain the first-call column", "[tickets]") {
  TempDir dir;
  {
    mc::Database db(dir.file("kiosk.db"));
    db.exec(
        "CREATE TABLE tickets (id INTEGER PRIMARY KEY AUTOINCREMENT, day TEXT NOT NULL,"
        " area TEXT NOT NULL, priority INTEGER NOT NULL, number INTEGER NOT NULL, issued_at INTEGER NOT NULL,"
        " state INTEGER NOT NULL, counter TEXT NOT NULL DEFAULT '', called_at INTEGER NOT NULL DEFAULT 0,"
        " people_ahead INTEGER NOT NULL DEFAULT 0, UNIQUE (day, area, priority, number))");
    db.exec(
        "INSERT INTO tickets (day, area, priority, number, issued_at, state, counter, called_at)"
        " VALUES ('2026-03-05', 'A', 0, 1, " +
        std::to_string(unix_at("2026-03-05T08:00")) + ", 1, 'Q1', " + std::to_string(unix_at("2026-03-05T08:05")) +
        ")");
  }
  mc::Database db(dir.file("kiosk.db"));
  int64_t now = unix_at("2026-03-05T09:00");
  mc::SqliteTicketStore store(db, [&now] { return now; });
  CHECK(store.take("A", false).label == "A002");  // the old ticket kept its number
  const auto stats = store.stats();
  REQUIRE(stats.areas.size() == 1);
  CHECK(stats.areas[0].called == 1);
  CHECK(*stats.areas[0].average_wait_s == Approx(300));
}

TEST_CASE("ticket labels and state names", "[tickets]") {
  CHECK(mc::ticket_label("A", false, 7) == "A007");
  CHECK(mc::ticket_label("B", true, 12) == "UB012");
  CHECK(mc::ticket_label("C", false, 1234) == "C1234");
  CHECK(std::string(mc::ticket_state_name(mc::TicketState::Void)) == "void");
}

TEST_CASE("service areas load from assets and broken files are named", "[tickets]") {
  auto areas = mc::load_service_areas(std::string(MC_TEST_ASSETS_DIR) + "/tickets/areas.json");
  REQUIRE(areas.size() >= 3);
  CHECK(areas[0].code == "A");
  CHECK_FALSE(areas[0].name.vi.empty());
  TempDir dir;
  std::ofstream(dir.file("bad.json"))
      << R"({"areas": [{"code": "A", "name": {"vi": "x"}}, {"code": "A", "name": {"vi": "y"}}]})";
  CHECK_THROWS_WITH(mc::load_service_areas(dir.file("bad.json")),
                    Catch::Contains("$.areas[1].code") && Catch::Contains("twice"));
}

TEST_CASE("a counter's name is said once: Quầy 2, never Quầy Quầy 2 (issue 13)", "[tickets]") {
  for (const char* name : {"2", "Quầy 2", "quầy 2", "QUẦY 2", "Counter 2", " Quầy  2 "}) {
    INFO(name);
    const mc::LocalizedText shown = mc::counter_display_name(name);
    CHECK(shown.vi == "Quầy 2");
    CHECK(shown.en == "Counter 2");
  }
  CHECK(mc::counter_display_name("Q1").vi == "Quầy Q1");
  CHECK(mc::counter_display_name("Quầy Hộ tịch").vi == "Quầy Hộ tịch");
  CHECK(mc::counter_display_name("Quay").vi == "Quầy Quay");  // a name that is only the word stays a name
}
