// A machine of the office for the multi-process tests (and bench_office): takes tickets like a kiosk,
// calls like a counter, or follows calls like a display, against the office database, and writes one
// JSON line per event with CLOCK_MONOTONIC times (comparable between processes on one machine).
//
//   office_driver take    --database URL --password-file F --id K1 --count N --areas A,B --priority-every P --log F
//   office_driver call    --database URL --password-file F --id Q1 --areas A,B --log F --until-file F
//   office_driver display --database URL --password-file F --id TV --log F --until-file F
//
// Unavailable (database away) is logged and retried after a short pause: a kiosk never invents a number.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "mc/core/text.hpp"
#include "mc/office/office.hpp"

namespace {

using namespace std::chrono_literals;

int64_t monotonic_ns() {
  timespec now{};
  ::clock_gettime(CLOCK_MONOTONIC, &now);
  return int64_t(now.tv_sec) * 1000000000 + now.tv_nsec;
}

nlohmann::json ticket_json(const mc::Ticket& ticket) {
  return {{"id", ticket.id},          {"label", ticket.label},
          {"area", ticket.area},      {"priority", ticket.priority},
          {"number", ticket.number},  {"day", ticket.issued_at.date.iso()},
          {"counter", ticket.counter}};
}

struct Log {
  explicit Log(const std::string& path) : out(path, std::ios::app) {}
  void write(nlohmann::json line) { out << line.dump() << '\n' << std::flush; }
  std::ofstream out;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: office_driver take|call|display --database URL ...\n";
    return 2;
  }
  const std::string mode = argv[1];
  std::map<std::string, std::string> options;
  for (int i = 2; i + 1 < argc; i += 2) options[argv[i]] = argv[i + 1];
  auto option = [&options](const std::string& name, const std::string& fallback = "") {
    auto it = options.find(name);
    return it == options.end() ? fallback : it->second;
  };

  mc::Config config;
  config.kiosk.id = option("--id", "DRIVER");
  config.office_db.database = option("--database");
  config.office_db.password_file = option("--password-file");
  const std::vector<std::string> areas =
      option("--areas").empty() ? std::vector<std::string>{} : mc::split(option("--areas"), ',');
  Log log(option("--log", "/dev/stdout"));
  const std::string until_file = option("--until-file");
  auto finished = [&until_file] { return !until_file.empty() && std::filesystem::exists(until_file); };

  mc::office::OfficeOptions office_options;
  office_options.backoff.base_ms = std::stoll(option("--backoff-ms", "200"));
  office_options.backoff.cap_ms = 2000;
  mc::office::Office office(config, mode == "take" ? "kiosk" : mode == "call" ? "staff" : "display", office_options);
  auto& store = office.tickets();
  office.session().wait_connected(10s);
  log.write({{"event", "started"}, {"t", monotonic_ns()}, {"pid", ::getpid()}});

  if (mode == "take") {
    const int count = std::stoi(option("--count", "100"));
    const int priority_every = std::stoi(option("--priority-every", "0"));
    const int pause_ms = std::stoi(option("--pause-ms", "0"));
    int unavailable = 0;
    for (int i = 0; i < count;) {
      const std::string area = areas[size_t(i) % areas.size()];
      const bool priority = priority_every > 0 && i % priority_every == priority_every - 1;
      const int64_t t0 = monotonic_ns();
      try {
        const mc::Ticket ticket = store.take(area, priority);
        auto line = ticket_json(ticket);
        line["event"] = "take";
        line["t0"] = t0;
        line["t1"] = monotonic_ns();
        log.write(line);
        ++i;
        if (pause_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms));
      } catch (const mc::TicketStoreUnavailable& e) {
        if (unavailable++ % 25 == 0) log.write({{"event", "unavailable"}, {"t", t0}, {"reason", e.what()}});
        std::this_thread::sleep_for(20ms);
      }
    }
    log.write({{"event", "done"},
               {"t", monotonic_ns()},
               {"unavailable", unavailable},
               {"reconnects", office.session().reconnects()}});
    return 0;
  }

  if (mode == "call") {
    const std::string counter = config.kiosk.id;
    int unavailable = 0;
    while (true) {
      const int64_t t0 = monotonic_ns();
      try {
        auto ticket = store.call_next(areas, counter);
        if (ticket) {
          auto line = ticket_json(*ticket);
          line["event"] = "call";
          line["t0"] = t0;
          line["t1"] = monotonic_ns();
          log.write(line);
          continue;
        }
        // Nobody waits: stop once the kiosks are done and the queue stays empty.
        if (finished() && !store.call_next(areas, counter)) break;
        std::this_thread::sleep_for(5ms);
      } catch (const mc::TicketStoreUnavailable& e) {
        if (unavailable++ % 25 == 0) log.write({{"event", "unavailable"}, {"t", t0}, {"reason", e.what()}});
        std::this_thread::sleep_for(20ms);
      }
    }
    log.write({{"event", "done"},
               {"t", monotonic_ns()},
               {"unavailable", unavailable},
               {"reconnects", office.session().reconnects()}});
    return 0;
  }

  if (mode == "display") {
    std::mutex mutex;
    std::condition_variable wake;
    bool dirty = false;
    mc::CallFollowerOptions follow;
    follow.areas = areas;
    follow.limit = std::stoi(option("--limit", "6"));
    follow.changed = [&] {
      std::lock_guard lock(mutex);
      dirty = true;
      wake.notify_all();
    };
    auto follower = store.follow_calls(follow);
    bool was_connected = false;
    int catch_ups = 0;
    while (true) {
      {
        std::unique_lock lock(mutex);
        wake.wait_for(lock, 200ms, [&] { return dirty; });  // 200 ms only to look at --until-file
        dirty = false;
      }
      const int64_t t = monotonic_ns();
      mc::CallBoard board = follower->snapshot();
      for (const auto& ticket : board.live_calls) {
        auto line = ticket_json(ticket);
        line["event"] = "shown";
        line["t"] = t;
        log.write(line);
      }
      if (board.connected != was_connected || board.catch_ups != catch_ups) {
        log.write(
            {{"event", board.connected ? "connected" : "disconnected"}, {"t", t}, {"catch_ups", board.catch_ups}});
        was_connected = board.connected;
        catch_ups = board.catch_ups;
      }
      if (finished()) {
        nlohmann::json shown = nlohmann::json::array();
        for (const auto& ticket : board.tickets) shown.push_back(ticket_json(ticket));
        log.write({{"event", "board"},
                   {"t", t},
                   {"tickets", shown},
                   {"connected", board.connected},
                   {"catch_ups", board.catch_ups}});
        return 0;
      }
    }
  }
  std::cerr << "unknown mode " << mode << "\n";
  return 2;
}
