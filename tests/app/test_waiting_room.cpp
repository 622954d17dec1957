// The waiting-room display's model over the single-machine store (kiosk.db): what it shows and announces.
// The office database's version runs in tests/office (test_office_app.cpp).
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <random>
#include <thread>

#include "mc/core/sqlite_ticket_store.hpp"
#include "waiting_room_feed.hpp"

namespace fs = std::filesystem;

namespace {
template <class Done>
bool within_seconds(int seconds, Done done) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (!done() && std::chrono::steady_clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  return done();
}
}  // namespace

TEST_CASE("the waiting room shows its areas' calls newest first and announces each new one once", "[app][display]") {
  std::random_device random;
  const fs::path dir = fs::temp_directory_path() / ("mc-waiting-room-" + std::to_string(random()));
  fs::create_directories(dir);
  {
    mc::Database db((dir / "kiosk.db").string());
    mc::SqliteTicketStore store(db, mc::system_clock());
    store.take("A", false);
    store.take("A", false);
    store.take("C", false);
    store.call_next({"A"}, "1");  // before the display starts: shown, not announced

    std::atomic<int> wakes{0};
    mc::app::WaitingRoomFeed room(store, {"A"}, [&wakes] { ++wakes; });
    REQUIRE(within_seconds(10, [&] { return room.refresh(), room.connected() && room.tickets().size() == 1; }));
    CHECK(wakes > 0);  // the follower's thread woke the UI loop
    CHECK(room.take_new_calls().empty());

    store.call_next({"C"}, "3");  // not this display's area
    store.call_next({"A"}, "2");
    REQUIRE(within_seconds(10, [&] { return room.refresh(), room.tickets().size() == 2; }));
    CHECK(room.tickets()[0].label == "A002");
    CHECK(room.tickets()[0].counter == "2");
    auto calls = room.take_new_calls();
    REQUIRE(calls.size() == 1);
    CHECK(calls[0].label == "A002");
    CHECK(room.take_new_calls().empty());
    CHECK_FALSE(room.refresh());  // nothing new: no redraw
  }
  fs::remove_all(dir);
}
