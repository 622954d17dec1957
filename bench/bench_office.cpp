// bench_office: the office database (issue 18) against a real PostgreSQL on loopback, started privately
// (tests/office/pg_fixture.sh: initdb in a temporary directory, a free port, fsync off) and stopped after.
//   1. tickets taken per second with 4 kiosks taking at once (each its own connection);
//   2. call latency, median and p99, with 20 counters calling at once;
//   3. time from a call to the display's notification (LISTEN/NOTIFY), median and p99: on a quiet office
//      (one counter calling every 20 ms) and during the 20-counter storm of 2.
// Usage: bench_office [--kiosk-tickets N (per kiosk, 500)] [--counter-calls N (per counter, 200)]
//                     [--quiet-calls N (300)]
// Prints the machine's load average before and after: these are shared 2-core machines.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "mc/core/log.hpp"
#include "mc/office/office.hpp"

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  size_t index = std::min(values.size() - 1, static_cast<size_t>(p * double(values.size() - 1) + 0.5));
  return values[index];
}

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen + " (" + std::to_string(std::thread::hardware_concurrency()) + " cores)";
}

int option(int argc, char** argv, const std::string& name, int fallback) {
  for (int i = 1; i + 1 < argc; ++i)
    if (argv[i] == name) return std::stoi(argv[i + 1]);
  return fallback;
}

struct Server {
  std::string pointer = "/tmp/mc-bench-office-" + std::to_string(::getpid()) + ".path";
  std::string dir;
  int port = 0;
  std::string script = std::string(MC_SOURCE_DIR) + "/tests/office/pg_fixture.sh";
  Server() {
    if (std::system(("bash " + script + " start " + pointer + " >/dev/null").c_str()) != 0)
      throw std::runtime_error("could not start PostgreSQL (" + script + ")");
    std::ifstream(pointer) >> dir;
    if (dir == "skip") throw std::runtime_error("PostgreSQL is not installed (apt-get install postgresql)");
    std::ifstream(dir + "/port") >> port;
  }
  ~Server() { std::system(("bash " + script + " stop " + pointer).c_str()); }
  mc::Config config(const std::string& id) const {
    mc::Config config;
    config.kiosk.id = id;
    config.office_db.database = "postgresql://mc_kiosk@127.0.0.1:" + std::to_string(port) + "/mocua";
    config.office_db.password_file = dir + "/pgpass";
    return config;
  }
};

std::unique_ptr<mc::office::Office> machine(const Server& server, const std::string& id, const std::string& role) {
  auto office = std::make_unique<mc::office::Office>(server.config(id), role);
  if (!office->session().wait_connected(20s)) throw std::runtime_error(id + " could not connect");
  return office;
}

// Records when each call reaches a display (by ticket id), on the follower's own thread.
struct DisplayProbe {
  std::mutex mutex;
  std::map<int64_t, Clock::time_point> seen;
  std::unique_ptr<mc::CallFollower> follower;
  std::atomic<mc::CallFollower*> ready{nullptr};  // the follower's thread may call before follow_calls returns
  explicit DisplayProbe(mc::TicketStore& store) {
    mc::CallFollowerOptions options;
    options.limit = 6;
    options.changed = [this] {
      const auto now = Clock::now();
      mc::CallFollower* follower_now = ready.load();
      if (!follower_now) return;
      for (const auto& ticket : follower_now->snapshot().live_calls) {
        std::lock_guard lock(mutex);
        seen.emplace(ticket.id, now);
      }
    };
    follower = store.follow_calls(options);
    ready = follower.get();
  }
  bool connected() { return follower->snapshot().connected; }
};

}  // namespace

int main(int argc, char** argv) {
  mc::set_log_level(mc::LogLevel::Warn);
  const int per_kiosk = option(argc, argv, "--kiosk-tickets", 500);
  const int per_counter = option(argc, argv, "--counter-calls", 200);
  const int quiet_calls = option(argc, argv, "--quiet-calls", 300);
  std::printf("bench_office: PostgreSQL on loopback, load average before: %s\n", load_average().c_str());
  Server server;
  auto setup = machine(server, "SETUP", "kioskctl");  // creates the schema once

  // ---- 1. four kiosks taking at once
  {
    std::vector<std::unique_ptr<mc::office::Office>> kiosks;
    for (int k = 0; k < 4; ++k) kiosks.push_back(machine(server, "KIOSK-" + std::to_string(k + 1), "kiosk"));
    std::vector<std::vector<double>> latencies(kiosks.size());
    const auto start = Clock::now();
    std::vector<std::thread> threads;
    for (size_t k = 0; k < kiosks.size(); ++k)
      threads.emplace_back([&, k] {
        const char* areas[] = {"A", "B", "C", "D"};
        for (int i = 0; i < per_kiosk; ++i) {
          const auto t0 = Clock::now();
          kiosks[k]->tickets().take(areas[i % 4], i % 5 == 4);
          latencies[k].push_back(ms_since(t0));
        }
      });
    for (auto& thread : threads) thread.join();
    const double seconds = ms_since(start) / 1000;
    std::vector<double> all;
    for (auto& list : latencies) all.insert(all.end(), list.begin(), list.end());
    std::printf("1. take: 4 kiosks x %d tickets: %.0f tickets/s (%.2f s); one take median %.2f ms, p99 %.2f ms\n",
                per_kiosk, double(all.size()) / seconds, seconds, percentile(all, 0.5), percentile(all, 0.99));
  }

  // ---- 2. twenty counters calling at once (and 3b: what the display hears meanwhile)
  {
    // Enough waiting tickets for every counter's calls.
    auto kiosk = machine(server, "KIOSK-FILL", "kiosk");
    const char* areas[] = {"A", "B", "C", "D"};
    for (int i = 0; i < 20 * per_counter; ++i) kiosk->tickets().take(areas[i % 4], i % 7 == 6);
    auto display = machine(server, "TV-BUSY", "display");
    DisplayProbe probe(display->tickets());
    while (!probe.connected()) std::this_thread::sleep_for(10ms);

    std::vector<std::unique_ptr<mc::office::Office>> counters;
    for (int c = 0; c < 20; ++c) counters.push_back(machine(server, "Q" + std::to_string(c + 1), "staff"));
    std::vector<std::vector<double>> latencies(counters.size());
    std::vector<std::vector<std::pair<int64_t, Clock::time_point>>> called(counters.size());
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (size_t c = 0; c < counters.size(); ++c)
      threads.emplace_back([&, c] {
        while (!go) std::this_thread::yield();
        for (int i = 0; i < per_counter; ++i) {
          const auto t0 = Clock::now();
          auto ticket = counters[c]->tickets().call_next({}, counters[c]->settings().application_name);
          latencies[c].push_back(ms_since(t0));
          if (ticket) called[c].emplace_back(ticket->id, t0);
        }
      });
    const auto start = Clock::now();
    go = true;
    for (auto& thread : threads) thread.join();
    const double seconds = ms_since(start) / 1000;
    std::vector<double> all;
    for (auto& list : latencies) all.insert(all.end(), list.begin(), list.end());
    std::printf("2. call: 20 counters x %d calls: median %.2f ms, p99 %.2f ms, max %.2f ms (%.0f calls/s)\n",
                per_counter, percentile(all, 0.5), percentile(all, 0.99), *std::max_element(all.begin(), all.end()),
                double(all.size()) / seconds);

    std::this_thread::sleep_for(1s);  // the last notifications
    std::vector<double> delays;
    size_t missing = 0;
    {
      std::lock_guard lock(probe.mutex);
      for (auto& list : called)
        for (auto& [id, t0] : list) {
          auto it = probe.seen.find(id);
          if (it == probe.seen.end()) {
            ++missing;
            continue;
          }
          delays.push_back(std::chrono::duration<double, std::milli>(it->second - t0).count());
        }
    }
    std::printf(
        "3b. call -> display during the 20-counter storm: median %.2f ms, p99 %.2f ms (%zu calls, %zu not "
        "heard)\n",
        percentile(delays, 0.5), percentile(delays, 0.99), delays.size(), missing);
  }

  // ---- 3. a quiet office: one counter calls every 20 ms, one display listens
  {
    auto kiosk = machine(server, "KIOSK-QUIET", "kiosk");
    for (int i = 0; i < quiet_calls; ++i) kiosk->tickets().take("E", false);
    auto display = machine(server, "TV-QUIET", "display");
    DisplayProbe probe(display->tickets());
    while (!probe.connected()) std::this_thread::sleep_for(10ms);
    auto counter = machine(server, "Q-QUIET", "staff");
    std::vector<std::pair<int64_t, Clock::time_point>> called;
    for (int i = 0; i < quiet_calls; ++i) {
      const auto t0 = Clock::now();
      auto ticket = counter->tickets().call_next({"E"}, "Q-QUIET");
      if (ticket) called.emplace_back(ticket->id, t0);
      std::this_thread::sleep_for(20ms);
    }
    std::this_thread::sleep_for(500ms);
    std::vector<double> delays;
    size_t missing = 0;
    {
      std::lock_guard lock(probe.mutex);
      for (auto& [id, t0] : called) {
        auto it = probe.seen.find(id);
        if (it == probe.seen.end()) {
          ++missing;
          continue;
        }
        delays.push_back(std::chrono::duration<double, std::milli>(it->second - t0).count());
      }
    }
    std::printf(
        "3. call -> display, quiet office (1 counter, every 20 ms): median %.2f ms, p99 %.2f ms, max %.2f ms "
        "(%zu calls, %zu not heard; goal p99 < 100 ms)\n",
        percentile(delays, 0.5), percentile(delays, 0.99),
        delays.empty() ? 0.0 : *std::max_element(delays.begin(), delays.end()), delays.size(), missing);
  }
  std::printf("load average after: %s\n", load_average().c_str());
  return 0;
}
