// bench_drain (issue 14): draining 1,000 queued dossiers, each with three scanned one-page documents sealed as
// PDFs (procedure 1.002809: the health certificate, the licence and the ID card), to the reference
// onestop-server on loopback: dossiers per second and MB/s of PDFs uploaded. Then the same queue (a copy made
// before the first drain) to a server failing 30% of its answers (500, 503, dropped connections, garbage; half
// of them after it did the work), as the sync system's fault test does.
// The drain is the sync engine's own rounds (upload each file, then the records in batches, then the intake
// steps), with the engine's backoff between failed rounds (10 ms doubling up to 200 ms, as in the fault test;
// the server's Retry-After is 0 unless --retry-after-s says otherwise, so the figure is the link's, not a wait).
// Pages: an A4 page at 200 dpi in colour, 20 typed lines and a seal, through the kiosk's capture path
// (captured_page_of) and PDF builder, about 200-220 KB each (the same page generator as the system tests).
// Usage: bench_drain [--server PATH] [--count N] [--batch N] [--fail-rate R] [--retry-after-s N]
#include <httplib.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>
#include "attachment_pages.hpp"
#include "bench_server.hpp"
#include "mc/core/calendar.hpp"
#include "mc/core/catalog.hpp"
#include "mc/core/log.hpp"
#include "mc/sync/attachment_store.hpp"
#include "mc/sync/engine.hpp"
#include "mc/sync/intake.hpp"
#include "mc/test/server_process.hpp"
#include "system_common.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

struct DrainResult {
  int sent = 0, uploads = 0, failures = 0, reused = 0;
  int64_t upload_bytes = 0;
  double seconds = 0, backoff_seconds = 0;
  int server_files = 0, server_uploads = 0;
};

// Drains the queue in work/name to a fresh onestop-server started with extra_args; rounds until nothing is queued
// or sending and every intake step went.
DrainResult drain(const std::string& server_binary, const fs::path& work, const std::string& name, int batch,
                  const std::vector<std::string>& extra_args) {
  const std::string data_dir = (work / name).string();
  std::vector<std::string> args = {"--port",        "0",
                                   "--db",          (work / (name + "-server.db")).string(),
                                   "--catalog-dir", std::string(MC_BENCH_ASSETS_DIR) + "/catalog"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  mc::test::ServerProcess server(server_binary, args);
  mc::Config config;
  config.data_dir = data_dir;
  config.server.url = server.base_url();
  config.server.batch_size = batch;
  config.server.connect_timeout_s = 2;
  config.server.total_timeout_s = 10;
  auto outbox = mc::sync::Outbox::open(config);
  mc::sync::AttachmentStore store(config.path_in_data("attachments"), outbox->key(), 0);
  mc::sync::EngineOptions options;
  options.refresh_catalog = false;
  options.poll_status = false;
  options.heartbeat = false;
  options.attachments = &store;
  options.backoff.base_ms = 10;
  options.backoff.cap_ms = 200;
  options.seed = 7;
  mc::sync::SyncEngine engine(*outbox, mc::sync::make_client(config), config, mc::system_clock(), options);
  DrainResult result;
  const auto started = Clock::now();
  for (;;) {
    const mc::sync::SyncRound round = engine.run_once();
    result.sent += round.sent + round.found_identical;
    result.uploads += round.uploads;
    result.upload_bytes += round.upload_bytes;
    result.reused += round.uploads_reused;
    if (round.auth_failure) throw std::runtime_error("drain: credentials refused: " + round.error);
    const auto stats = outbox->stats();
    if (!round.transient_failure && stats.queued + stats.sending == 0 && outbox->progress_counts().pending == 0) break;
    const int64_t wait_ms = engine.note_round(round);
    if (round.transient_failure) ++result.failures;
    if (result.failures > 100000) throw std::runtime_error("drain: no progress: " + round.error);
    result.backoff_seconds += wait_ms / 1000.0;
    std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
  }
  result.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  // What the server holds (GET /admin/files): every file once; the uploads it counted.
  httplib::Client admin("127.0.0.1", server.port());
  admin.set_read_timeout(60, 0);
  if (auto answer = admin.Get("/admin/files"); answer && answer->status == 200) {
    const auto files = nlohmann::json::parse(answer->body);
    result.server_files = files["count"];
    for (const auto& file : files["files"]) result.server_uploads += file["uploads"].get<int>();
  }
  return result;
}

void report(const char* label, const DrainResult& r, int count) {
  const double mb = r.upload_bytes / 1e6;
  std::printf(
      "%s: %d dossiers drained in %.1f s: %.1f dossiers/s, %.1f MB of PDFs (%d uploads) at %.1f MB/s; "
      "%d failed rounds (%.1f s of it in backoff), %d files named from an earlier attempt's upload; "
      "server holds %d files (expected %d), counted %d uploads\n",
      label, r.sent, r.seconds, r.sent / r.seconds, mb, r.uploads, mb / r.seconds, r.failures, r.backoff_seconds,
      r.reused, r.server_files, 3 * count, r.server_uploads);
}

}  // namespace

int main(int argc, char** argv) {
  std::string server_arg;
  int count = 1000, batch = 20;
  std::string fail_rate = "0.3", retry_after = "0";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string name = argv[i];
    if (name == "--server")
      server_arg = argv[i + 1];
    else if (name == "--count")
      count = std::stoi(argv[i + 1]);
    else if (name == "--batch")
      batch = std::stoi(argv[i + 1]);
    else if (name == "--fail-rate")
      fail_rate = argv[i + 1];
    else if (name == "--retry-after-s")
      retry_after = argv[i + 1];
  }
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // each figure as it comes: the whole run takes minutes
  const std::string server_binary = mc::bench::find_server(server_arg, argv[0]);
  if (server_binary.empty()) {
    std::printf("bench_drain: onestop-server not found; pass --server PATH\n");
    return 1;
  }
  mc::set_log_level(mc::LogLevel::Error);
  const std::string assets = MC_BENCH_ASSETS_DIR;
  const fs::path work = fs::temp_directory_path() / ("mc-bench-drain-" + std::to_string(::getpid()));
  fs::create_directories(work);
  std::printf("load average at start: %s (%u cores)\n", load_average().c_str(), std::thread::hardware_concurrency());

  // Six distinct pages; every PDF differs anyway (the dossier code is in its metadata).
  std::vector<mc::CapturedPage> pages;
  size_t jpeg_bytes = 0;
  for (uint32_t i = 0; i < 6; ++i) {
    pages.push_back(mc::sync::testing::scanned_page(200, true, 1000 + i, 20));
    jpeg_bytes += pages.back().jpeg.size();
  }
  std::printf("pages: A4 at 200 dpi, colour, %.0f KB of JPEG on average\n", jpeg_bytes / 6 / 1024.0);

  // 1. The queue: count dossiers of 1.002809, each with TP2, TP3 and TP4 of one page, sealed at intake.
  mc::Config config;
  config.data_dir = (work / "clean").string();
  std::vector<mc::CatalogIssue> issues;
  mc::Catalog catalog = mc::Catalog::load_dir(assets + "/catalog", issues);
  mc::WorkingCalendar calendar(mc::HolidayTable::load(assets + "/calendar/holidays.json"));
  {
    auto outbox = mc::sync::Outbox::open(config);
    mc::sync::AttachmentStore store(config.path_in_data("attachments"), outbox->key(), 0);
    int64_t submitted = 0;
    mc::sync::Intake intake(*outbox, catalog, calendar, config,
                            [&submitted] { return mc::sync::testing::intake_time_for(submitted); });
    intake.set_attachment_store(&store);
    const auto started = Clock::now();
    for (; submitted < count; ++submitted) {
      mc::sync::SubmitRequest request = mc::sync::testing::exchange_catalog_request(static_cast<int>(submitted));
      int k = 0;
      for (const char* document : {"TP2", "TP3", "TP4"})
        mc::sync::testing::attach_pages(request, catalog, document, {&pages[(3 * submitted + k++) % pages.size()]});
      const auto result = intake.submit(request);
      int electronic = 0;
      for (const auto& document : result.dossier.documents_received)
        electronic += document.medium == mc::DocumentMedium::Electronic;
      if (!result.accepted || electronic != 3) {
        std::cerr << "submission refused or documents kept on paper: " << result.message.en << "\n";
        for (const auto& error : result.errors) std::cerr << "  " << error.field_id << ": " << error.message.en << "\n";
        return 1;
      }
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    const auto usage = store.usage();
    std::printf("queued %d dossiers with %d sealed PDFs (%.1f MB sealed, %.0f KB a file) in %.1f s\n", count,
                usage.files, usage.bytes / 1e6, usage.bytes / 1024.0 / usage.files, seconds);
  }
  // The same queue for the fault run, copied before anything is sent.
  fs::copy(work / "clean", work / "faults", fs::copy_options::recursive);

  std::printf("load average before the drain: %s\n", load_average().c_str());
  const DrainResult clean = drain(server_binary, work, "clean", batch, {});
  report("no faults", clean, count);
  std::printf("load average before the fault drain: %s\n", load_average().c_str());
  const DrainResult faulty = drain(server_binary, work, "faults", batch,
                                   {"--fail-rate", fail_rate, "--fail-modes", "500,503,drop,garbage", "--retry-after-s",
                                    retry_after, "--seed", "11"});
  report((fail_rate + " faults").c_str(), faulty, count);
  std::printf("load average at the end: %s\n", load_average().c_str());
  std::error_code ec;
  fs::remove_all(work, ec);
  return clean.server_files == 3 * count && faulty.server_files == 3 * count ? 0 : 1;
}
