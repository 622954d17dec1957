#pragma once
// What every TicketStore must do, written once and run against each implementation: the SQLite store
// (tests/core/test_tickets.cpp) and the office's PostgreSQL store (tests/office). A fixture provides
//   int64_t now;                                  // the time the store's clock returns
//   std::unique_ptr<mc::TicketStore> open();      // a store over the fixture's storage (a new connection
//                                                 // each call: reopening must keep everything)
// MC_TICKET_STORE_CONTRACT(Fixture, "[tag]") defines the test cases.
#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <set>
#include <thread>

#include "mc/core/datetime.hpp"
#include "mc/core/tickets.hpp"

namespace mc::test::contract {

inline int64_t unix_at(const char* iso) {
  return mc::LocalDateTime::parse_iso(iso)->to_unix();
}

template <class Fixture>
void numbering_per_area_and_day(Fixture& fx) {
  fx.now = unix_at("2026-03-05T08:00");
  {
    auto store = fx.open();
    CHECK(store->take("A", false).label == "A001");
    CHECK(store->take("A", false).label == "A002");
    CHECK(store->take("B", false).label == "B001");
    auto priority = store->take("A", true);
    CHECK(priority.label == "UA001");
    CHECK(priority.priority);
    CHECK(priority.people_ahead == 0);  // called before A001 and A002
    CHECK(priority.issued_at == mc::LocalDateTime::from_unix(fx.now));
    CHECK(store->take("A", true).people_ahead == 1);
  }
  auto store = fx.open();
  auto normal = store->take("A", false);
  CHECK(normal.label == "A003");
  CHECK(normal.number == 3);
  CHECK(normal.state == mc::TicketState::Waiting);
  CHECK(normal.people_ahead == 4);  // A001, A002, UA001, UA002
  CHECK(store->waiting("A") == 5);
  CHECK(store->waiting("B") == 1);

  // Local midnight (UTC+7) starts a new day's numbering; yesterday's tickets no longer wait.
  fx.now = unix_at("2026-03-06T00:00:01");
  CHECK(store->take("A", false).label == "A001");
  CHECK(store->waiting("A") == 1);
  // 23:59:59 the day before in Vietnam is already 16:59:59 UTC of the same day: still yesterday's numbering.
  fx.now = unix_at("2026-03-05T23:59:59");
  CHECK(store->take("A", false).label == "A004");
}

template <class Fixture>
void calling_order_recall_and_skip(Fixture& fx) {
  fx.now = unix_at("2026-03-05T08:00");
  auto store = fx.open();
  store->take("A", false);
  store->take("B", false);
  store->take("A", true);
  auto first = store->call_next({"A", "B"}, "Q1");
  REQUIRE(first);
  CHECK(first->label == "UA001");
  CHECK(first->state == mc::TicketState::Called);
  CHECK(first->counter == "Q1");
  fx.now += 30;
  auto recalled = store->recall("Q1");
  REQUIRE(recalled);
  CHECK(recalled->label == "UA001");
  CHECK(recalled->called_at_unix == fx.now);
  auto second = store->call_next({"A", "B"}, "Q1");
  REQUIRE(second);
  CHECK(second->label == "A001");
  auto skipped = store->skip("Q1");
  REQUIRE(skipped);
  CHECK(skipped->label == "A001");
  CHECK(skipped->state == mc::TicketState::Skipped);
  CHECK_FALSE(store->recall("Q1"));
  CHECK_FALSE(store->skip("Q1"));
  fx.now += 30;
  CHECK_FALSE(store->call_next({"C"}, "Q2"));  // nobody waits in C
  CHECK(store->call_next({"B"}, "Q2")->label == "B001");
  CHECK_FALSE(store->call_next({"A", "B"}, "Q1"));
  auto shown = store->recently_called(5);
  REQUIRE(shown.size() == 2);  // the skipped ticket is no longer shown
  CHECK(shown[0].label == "B001");
  CHECK(shown[0].counter == "Q2");
  CHECK(shown[1].label == "UA001");
  CHECK(shown[1].state == mc::TicketState::Done);  // Q1 called the next one
  auto only_a = store->recently_called(5, {"A"});
  REQUIRE(only_a.size() == 1);
  CHECK(only_a[0].label == "UA001");
}

template <class Fixture>
void every_area_when_none_named_and_counters_never_share(Fixture& fx) {
  fx.now = unix_at("2026-03-05T08:00");
  auto kiosk = fx.open();
  auto counter_one = fx.open();
  auto counter_two = fx.open();
  for (int i = 0; i < 3; ++i) kiosk->take("C", false);
  kiosk->take("D", false);
  std::set<std::string> called;
  for (int i = 0; i < 2; ++i) {
    auto a = counter_one->call_next({}, "Q1");
    auto b = counter_two->call_next({}, "Q2");
    REQUIRE(a);
    REQUIRE(b);
    CHECK(called.insert(a->label).second);
    CHECK(called.insert(b->label).second);
  }
  CHECK(called == std::set<std::string>{"C001", "C002", "C003", "D001"});
  CHECK_FALSE(counter_one->call_next({}, "Q1"));
}

template <class Fixture>
void statistics_of_the_day(Fixture& fx) {
  fx.now = unix_at("2026-03-05T08:00");
  auto store = fx.open();
  store->take("A", false);  // waits 60 s, served by Q1
  store->take("A", false);  // waits 120 s, skipped by Q1
  store->take("B", false);  // waits 180 s, at Q2 now
  store->take("B", false);  // still waiting
  fx.now += 60;
  store->call_next({"A"}, "Q1");
  fx.now += 60;
  store->call_next({"A"}, "Q1");
  store->skip("Q1");
  fx.now += 60;
  store->call_next({"B"}, "Q2");
  fx.now += 30;
  store->recall("Q2");  // a recall does not lengthen the measured wait

  const mc::TicketStats stats = store->stats();
  CHECK(stats.day == mc::Date{2026, 3, 5});
  REQUIRE(stats.areas.size() == 2);
  const auto& a = stats.areas[0];
  CHECK(a.key == "A");
  CHECK(a.issued == 2);
  CHECK(a.waiting == 0);
  CHECK(a.served == 1);
  CHECK(a.skipped == 1);
  REQUIRE(a.average_wait_s);
  CHECK(*a.average_wait_s == Approx(90));
  const auto& b = stats.areas[1];
  CHECK(b.key == "B");
  CHECK(b.issued == 2);
  CHECK(b.waiting == 1);
  CHECK(b.called == 1);
  CHECK(*b.average_wait_s == Approx(180));
  REQUIRE(stats.counters.size() == 2);
  CHECK(stats.counters[0].key == "Q1");
  CHECK(stats.counters[0].served == 1);
  CHECK(stats.counters[0].skipped == 1);
  CHECK(stats.counters[1].key == "Q2");
  CHECK(stats.counters[1].called == 1);
  CHECK(stats.total.issued == 4);
  CHECK(stats.total.waiting == 1);
  CHECK(*stats.total.average_wait_s == Approx(120));

  fx.now = unix_at("2026-03-06T08:00");  // a new day starts empty
  const mc::TicketStats tomorrow = store->stats();
  CHECK(tomorrow.areas.empty());
  CHECK(tomorrow.total.issued == 0);
  CHECK_FALSE(tomorrow.total.average_wait_s);
}

// Waits (real time) until pred holds for the follower's board, collecting live calls on the way.
template <class Pred>
bool wait_for_board(mc::CallFollower& follower, std::vector<mc::Ticket>& live, Pred pred, int timeout_ms = 10000) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < until) {
    mc::CallBoard board = follower.snapshot();
    live.insert(live.end(), board.live_calls.begin(), board.live_calls.end());
    if (pred(board)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

template <class Fixture>
void a_display_follows_the_calls_of_its_areas(Fixture& fx) {
  fx.now = unix_at("2026-03-05T08:00");
  auto store = fx.open();
  store->take("A", false);
  store->take("A", false);
  store->take("B", false);
  store->call_next({"A"}, "Q1");  // before the display starts: shown, not announced
  mc::CallFollowerOptions options;
  options.areas = {"A"};
  options.limit = 4;
  auto follower = fx.follow(*store, options);
  std::vector<mc::Ticket> live;
  REQUIRE(wait_for_board(*follower, live, [](const mc::CallBoard& b) { return b.connected && b.tickets.size() == 1; }));
  CHECK(follower->snapshot().catch_ups >= 1);
  CHECK(live.empty());

  store->call_next({"B"}, "Q2");  // another area: not on this display
  store->call_next({"A"}, "Q1");
  REQUIRE(wait_for_board(*follower, live, [](const mc::CallBoard& b) { return b.tickets.size() == 2; }));
  auto board = follower->snapshot();
  CHECK(board.tickets[0].label == "A002");
  CHECK(board.tickets[0].counter == "Q1");
  CHECK(board.tickets[1].label == "A001");
  REQUIRE(live.size() == 1);
  CHECK(live[0].label == "A002");

  fx.now += 5;
  store->recall("Q1");  // a recall is announced again
  live.clear();
  REQUIRE(wait_for_board(*follower, live, [&live](const mc::CallBoard&) { return !live.empty(); }));
  CHECK(live[0].label == "A002");
  store->skip("Q1");  // a skipped ticket leaves the board
  REQUIRE(wait_for_board(*follower, live, [](const mc::CallBoard& b) { return b.tickets.size() == 1; }));
  CHECK(follower->snapshot().tickets[0].label == "A001");
}

}  // namespace mc::test::contract

#define MC_TICKET_STORE_CONTRACT(Fixture, tags)                                                                     \
  TEST_CASE_METHOD(Fixture, "tickets are numbered per area and day, and survive a reopen", tags) {                  \
    mc::test::contract::numbering_per_area_and_day(*this);                                                          \
  }                                                                                                                 \
  TEST_CASE_METHOD(Fixture, "counters call priority first, then the oldest, and recall and skip", tags) {           \
    mc::test::contract::calling_order_recall_and_skip(*this);                                                       \
  }                                                                                                                 \
  TEST_CASE_METHOD(                                                                                                 \
      Fixture, "with no area list a counter calls every area, and two counters never call the same ticket", tags) { \
    mc::test::contract::every_area_when_none_named_and_counters_never_share(*this);                                 \
  }                                                                                                                 \
  TEST_CASE_METHOD(Fixture, "ticket statistics of the day per area and counter", tags) {                            \
    mc::test::contract::statistics_of_the_day(*this);                                                               \
  }                                                                                                                 \
  TEST_CASE_METHOD(Fixture, "a display follows the calls of its areas, announcing only new ones", tags) {           \
    mc::test::contract::a_display_follows_the_calls_of_its_areas(*this);                                            \
  }
