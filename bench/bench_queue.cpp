// bench_queue: commit latency of one submission (WAL + synchronous=FULL) and the time to drain 10,000
// queued dossiers to a local onestop-server.
// Usage: bench_queue [--server PATH_TO_onestop-server] [--count N] [--commits N] [--batch N]
// The server binary is looked for next to this program and in ../sync/server/ when not given.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <vector>
#include "bench_server.hpp"
#include "mc/core/calendar.hpp"
#include "mc/core/catalog.hpp"
#include "mc/core/log.hpp"
#include "mc/sync/engine.hpp"
#include "mc/sync/intake.hpp"
#include "mc/test/server_process.hpp"
#include "system_common.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  size_t index = std::min(values.size() - 1, static_cast<size_t>(p * (values.size() - 1) + 0.5));
  return values[index];
}

}  // namespace

int main(int argc, char** argv) {
  std::string server_arg;
  int count = 10000, commits = 500, batch = 50;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string name = argv[i];
    if (name == "--server")
      server_arg = argv[i + 1];
    else if (name == "--count")
      count = std::stoi(argv[i + 1]);
    else if (name == "--commits")
      commits = std::stoi(argv[i + 1]);
    else if (name == "--batch")
      batch = std::stoi(argv[i + 1]);
  }
  mc::set_log_level(mc::LogLevel::Error);
  const std::string assets = MC_BENCH_ASSETS_DIR;
  fs::path dir = fs::temp_directory_path() / ("mc-bench-queue-" + std::to_string(::getpid()));
  fs::create_directories(dir);

  mc::Config config;
  config.data_dir = (dir / "kiosk").string();
  config.server.batch_size = batch;
  std::vector<mc::CatalogIssue> issues;
  mc::Catalog catalog = mc::Catalog::load_dir(assets + "/catalog", issues);
  mc::WorkingCalendar calendar(mc::HolidayTable::load(assets + "/calendar/holidays.json"));
  auto outbox = mc::sync::Outbox::open(config);
  int64_t submitted = 0;
  mc::sync::Intake intake(*outbox, catalog, calendar, config,
                          [&submitted] { return mc::sync::testing::intake_time_for(submitted); });

  // 1. Commit latency of one whole submission (validate, allocate the code, build the record, seal, commit).
  std::vector<double> latencies_ms;
  auto fill_started = Clock::now();
  for (; submitted < count; ++submitted) {
    auto started = Clock::now();
    auto result = intake.submit(mc::sync::testing::real_catalog_request(static_cast<int>(submitted)));
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
    if (!result.accepted) {
      std::cerr << "submission refused: " << result.message.en << "\n";
      return 1;
    }
    if (submitted < commits) latencies_ms.push_back(ms);
  }
  double fill_s = std::chrono::duration<double>(Clock::now() - fill_started).count();
  std::printf("submission commit latency (WAL + synchronous=FULL, %zu submissions): median %.2f ms, p99 %.2f ms\n",
              latencies_ms.size(), percentile(latencies_ms, 0.5), percentile(latencies_ms, 0.99));
  std::printf("queued %d dossiers in %.1f s (%.0f submissions/s)\n", count, fill_s, count / fill_s);

  // 2. Drain to the local reference server.
  std::string server_binary = mc::bench::find_server(server_arg, argv[0]);
  if (server_binary.empty()) {
    std::printf("drain: skipped (onestop-server not found; pass --server PATH)\n");
    fs::remove_all(dir);
    return 0;
  }
  mc::test::ServerProcess server(
      server_binary, {"--port", "0", "--db", (dir / "server.db").string(), "--catalog-dir", assets + "/catalog"});
  config.server.url = server.base_url();
  mc::sync::EngineOptions options;
  options.refresh_catalog = false;
  options.poll_status = false;
  mc::sync::SyncEngine engine(*outbox, mc::sync::make_client(config), config, mc::system_clock(), options);
  auto drain_started = Clock::now();
  int sent = 0, failures = 0;
  while (true) {
    auto round = engine.run_once();
    sent += round.sent;
    if (round.transient_failure || round.auth_failure) {
      if (++failures > 20) {
        std::cerr << "drain failed: " << round.error << "\n";
        return 1;
      }
      continue;
    }
    auto stats = outbox->stats();
    if (stats.queued + stats.sending == 0) break;
  }
  double drain_s = std::chrono::duration<double>(Clock::now() - drain_started).count();
  std::printf("drained %d dossiers to onestop-server in %.2f s: %.0f dossiers/s (batch %d, %d failed passes)\n", sent,
              drain_s, sent / drain_s, batch, failures);
  fs::remove_all(dir);
  return 0;
}
