// The crash test's child: submits dossiers and syncs them in a tight loop until it is killed (SIGKILL at
// a random moment by test_sync_system). Each dossier carries scanned documents (issue 14), sealed at intake
// and uploaded before its record, so kills land in sealing, between uploads and between the last upload and
// the record too. Usage: sync_crash_driver DATA_DIR BASE_URL ASSETS_DIR
#include <csignal>
#include <cstdio>
#include <iostream>
#include "attachment_pages.hpp"
#include "mc/core/calendar.hpp"
#include "mc/core/catalog.hpp"
#include "mc/core/log.hpp"
#include "mc/core/ratings.hpp"
#include "mc/sync/attachment_store.hpp"
#include "mc/sync/engine.hpp"
#include "mc/sync/intake.hpp"
#include "system_common.hpp"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: sync_crash_driver DATA_DIR BASE_URL ASSETS_DIR\n";
    return 2;
  }
  // The test may close its end of the "ready" pipe before we write to it.
  std::signal(SIGPIPE, SIG_IGN);
  mc::set_log_level(mc::LogLevel::Warn);
  mc::Config config;
  config.data_dir = argv[1];
  config.server.url = argv[2];
  config.server.batch_size = 4;
  config.server.connect_timeout_s = 2;
  config.server.total_timeout_s = 5;
  std::vector<mc::CatalogIssue> issues;
  mc::Catalog catalog = mc::Catalog::load_dir(std::string(argv[3]) + "/catalog", issues);
  mc::WorkingCalendar calendar(mc::HolidayTable::load(std::string(argv[3]) + "/calendar/holidays.json"));
  auto outbox = mc::sync::Outbox::open(config);
  int64_t total = 0;
  {
    auto stats = outbox->stats();
    total = stats.queued + stats.sending + stats.synced + stats.quarantined;
  }
  mc::Clock clock = [&total] { return mc::sync::testing::intake_time_for(total); };
  mc::sync::Intake intake(*outbox, catalog, calendar, config, clock);
  mc::sync::AttachmentStore store(config.path_in_data("attachments"), outbox->key(), 0);
  intake.set_attachment_store(&store);
  const std::vector<mc::CapturedPage> pages = mc::sync::testing::small_page_pool();
  // Citizens rate their dossiers (issue 20). Each loop's ratings land in a month of their own, long ended, so
  // the next round freezes that month into a DongBoDanhGia aggregate and sends it: kills land in those sends
  // too. (Ratings of a month already frozen would not be counted; this driver never writes any.)
  mc::Database local_state(config.path_in_data("kiosk.db"));
  int64_t rating_time = 0;
  mc::RatingStore ratings(local_state, [&rating_time] { return rating_time; });
  auto reports = std::make_shared<mc::sync::RatingReports>(config.path_in_data("kiosk.db"), config);
  mc::sync::EngineOptions options;
  options.refresh_catalog = false;
  options.poll_status = false;
  options.rating_reports = reports;
  options.attachments = &store;
  mc::sync::SyncEngine engine(*outbox, mc::sync::make_client(config), config, clock, options);
  // Tells the test the loop begins, so its random kill lands inside the submit/sync loop, not at start-up.
  std::fputs("ready\n", stdout);
  std::fflush(stdout);
  for (;;) {
    // New dossiers only once the queue is nearly drained: with their uploads a loop can take longer than the
    // test's kill interval, and a queue that only grows would keep every round in its first batches, so no kill
    // would land in the intake steps or the ratings, which are sent after the dossiers.
    const auto stats = outbox->stats();
    if (stats.queued + stats.sending >= 3) {
      engine.run_once();
      continue;
    }
    rating_time = mc::sync::testing::rating_time_for(total);
    for (int i = 0; i < 3; ++i) {
      auto request = mc::sync::testing::real_catalog_request(static_cast<int>(total));
      mc::sync::testing::attach_test_documents(request, catalog, static_cast<int>(total), pages);
      auto result = intake.submit(request);
      if (!result.accepted) {
        std::cerr << "submit refused: " << result.message.en << "\n";
        for (const auto& error : result.errors) std::cerr << "  " << error.field_id << ": " << error.message.en << "\n";
        return 1;
      }
      ratings.record(result.dossier.code, "1.002820", 1 + static_cast<int>(total % 3));
      ++total;
    }
    engine.run_once();
  }
}
