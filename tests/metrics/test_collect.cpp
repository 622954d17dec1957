// collect_figures on a real queue (sealed dossiers in SQLite) and a real kiosk.db: the figures say what is
// there, an unreadable queue is reported as unreadable, and nothing is created that was not there.
#include <catch2/catch.hpp>

#include <filesystem>
#include "fixtures.hpp"
#include "mc/core/metrics.hpp"
#include "mc/core/sqlite_ticket_store.hpp"
#include "mc/core/staff.hpp"
#include "mc/core/tickets.hpp"
#include "mc/metrics/collect.hpp"
#include "mc/sync/outbox.hpp"

using namespace mc;
using namespace mc::sync;
using namespace mc::sync::testing;

TEST_CASE("the figures of a known queue and local state", "[metrics]") {
  TempDir dir;
  Config config = test_config(dir.str());
  config.kiosk.id = "HN-SANH-01";
  Catalog catalog = test_catalog();
  WorkingCalendar calendar{HolidayTable{}};
  const int64_t now = kMonday0900 + 3600;
  std::vector<std::string> codes;
  {
    auto outbox = Outbox::open(config);
    Intake intake(*outbox, catalog, calendar, config, fixed_clock(kMonday0900));
    for (int n = 0; n < 5; ++n) codes.push_back(intake.submit(test_request(n)).dossier.code);
    outbox->claim_batch(2, kMonday0900 + 60);  // 2 sending
    outbox->mark_synced(codes[0], kMonday0900 + 120, "stored");
    outbox->mark_quarantined(codes[1], "MaDoiTuong: phải gồm 12 chữ số", kMonday0900 + 120);
    Database local(config.path_in_data(kLocalStateDbName));
    TicketQueue tickets(local, fixed_clock(now));
    tickets.take("A", false);
    tickets.take("B", true);
    tickets.call_next({}, "Q1");
    metrics::CounterStore::add_in(local, metrics::counter::kSyncRounds, "", 7);
  }
  metrics::CollectSources sources;
  sources.printer_state = [] { return std::string("paper_out"); };
  metrics::KioskFigures figures = metrics::collect_figures(config, now, sources);
  CHECK(figures.kiosk_id == "HN-SANH-01");
  CHECK(figures.queue_readable);
  CHECK(figures.queued == 3);
  CHECK(figures.sending == 0);
  CHECK(figures.synced == 1);
  CHECK(figures.quarantined == 1);
  CHECK(figures.accepted_total == 5);
  CHECK(figures.synced_total == 1);
  REQUIRE(figures.oldest_queued_age_s);
  CHECK(*figures.oldest_queued_age_s == 3600);
  REQUIRE(figures.last_sync_success_unix);
  CHECK(*figures.last_sync_success_unix == kMonday0900 + 120);
  CHECK(figures.tickets_issued_total == 2);
  CHECK(figures.tickets_called_total == 1);
  CHECK(figures.tickets_waiting == 1);
  CHECK(figures.counter_value(metrics::counter::kSyncRounds) == 7);
  CHECK(figures.printer_state == "paper_out");
  CHECK(figures.counter_value(metrics::counter::kPaperOutEvents) == 1);  // seen for the first time

  const std::string text = metrics::render_metrics(figures);
  for (const auto& code : codes) CHECK(text.find(code) == std::string::npos);
  CHECK(text.find(kFakeId) == std::string::npos);
  CHECK(text.find(kFakeName) == std::string::npos);
}

TEST_CASE("a queue that cannot be opened is reported unreadable, and nothing is created", "[metrics]") {
  TempDir dir;
  Config config = test_config(dir.str());
  {
    auto outbox = Outbox::open(config);
    Catalog catalog = test_catalog();
    WorkingCalendar calendar{HolidayTable{}};
    Intake intake(*outbox, catalog, calendar, config, fixed_clock(kMonday0900));
    REQUIRE(intake.submit(test_request(0)).accepted);
  }
  std::filesystem::remove(config.path_in_data("queue.key"));  // a lost key: the queue must not be opened
  metrics::KioskFigures figures = metrics::collect_figures(config, kMonday0900);
  CHECK_FALSE(figures.queue_readable);
  CHECK_FALSE(std::filesystem::exists(config.path_in_data(kLocalStateDbName)));

  TempDir empty;
  Config fresh = test_config(empty.str());
  figures = metrics::collect_figures(fresh, kMonday0900);
  CHECK(figures.queue_readable);
  CHECK(figures.accepted_total == 0);
  CHECK_FALSE(std::filesystem::exists(fresh.path_in_data("queue.db")));
  CHECK_FALSE(std::filesystem::exists(fresh.path_in_data(kLocalStateDbName)));
}

TEST_CASE("tickets come from the store the caller names (the office database) instead of kiosk.db", "[metrics]") {
  TempDir dir;
  Config config = test_config(dir.str());
  const int64_t now = kMonday0900;
  {
    Database local(config.path_in_data(kLocalStateDbName));
    TicketQueue(local, fixed_clock(now)).take("A", false);  // this machine's own kiosk.db: not where tickets are
  }
  // Another store holding other tickets (standing in for the office database's, which has its own test in
  // tests/office): its totals are the ones reported.
  TempDir elsewhere;
  Database shared(elsewhere.str() + "/shared.db");
  TicketQueue office(shared, fixed_clock(now));
  for (int n = 0; n < 4; ++n) office.take("B", false);
  office.call_next({}, "Q2");
  metrics::CollectSources sources;
  sources.tickets = &office;
  metrics::KioskFigures figures = metrics::collect_figures(config, now, sources);
  CHECK(figures.tickets_issued_total == 4);
  CHECK(figures.tickets_called_total == 1);
  CHECK(figures.tickets_waiting == 3);
}
