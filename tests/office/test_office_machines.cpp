// Many machines of one office as separate processes (tests/office/office_driver.cpp) on the suite's
// PostgreSQL server: kiosks taking tickets, counters calling, a display following. What an office would
// check: every number handed out once, no ticket called twice, nobody overtaken in their queue (priority
// first), and after the database server is stopped and started again mid-run, nothing issued twice, the
// same processes carrying on, and the display showing what the database holds.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <set>
#include <thread>

#include "mc/office/office.hpp"
#include "pg_instance.hpp"

namespace {

using namespace std::chrono_literals;
using nlohmann::json;

struct Process {
  pid_t pid = -1;
  std::string log;
};

class Machines {
 public:
  explicit Machines(std::string database) : pg_(mc::test::PgInstance::get()), database_(std::move(database)) {
    dir_ = std::filesystem::temp_directory_path() /
           ("mc-office-machines-" + std::to_string(::getpid()) + "-" +
            std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    std::filesystem::create_directories(dir_);
  }
  ~Machines() {
    for (auto& process : processes_)
      if (process.pid > 0) {
        ::kill(process.pid, SIGTERM);
        ::waitpid(process.pid, nullptr, 0);
      }
    std::filesystem::remove_all(dir_);
  }

  std::string file(const std::string& name) const { return (dir_ / name).string(); }

  size_t spawn(const std::string& mode, const std::string& id, std::vector<std::string> extra) {
    Process process;
    process.log = file(mode + "-" + id + ".jsonl");
    std::vector<std::string> args = {OFFICE_DRIVER_BIN, mode,         "--database", pg_.url(database_),
                                     "--password-file", pg_.pgpass(), "--id",       id,
                                     "--log",           process.log};
    args.insert(args.end(), extra.begin(), extra.end());
    process.pid = ::fork();
    REQUIRE(process.pid >= 0);
    if (process.pid == 0) {
      std::vector<char*> argv;
      for (auto& arg : args) argv.push_back(arg.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    processes_.push_back(process);
    return processes_.size() - 1;
  }

  // Waits for the process to exit by itself; its exit status.
  int wait(size_t index, std::chrono::seconds timeout = 120s) {
    auto& process = processes_[index];
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
      int status = 0;
      if (::waitpid(process.pid, &status, WNOHANG) == process.pid) {
        process.pid = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(20ms);
    }
    FAIL("office_driver " << index << " did not finish");
    return -1;
  }

  std::vector<json> lines(size_t index) const {
    std::vector<json> out;
    std::ifstream in(processes_[index].log);
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) out.push_back(json::parse(line));
    return out;
  }
  std::vector<json> events(size_t index, const std::string& kind) const {
    std::vector<json> out;
    for (auto& line : lines(index))
      if (line["event"] == kind) out.push_back(line);
    return out;
  }
  void touch(const std::string& name) const { std::ofstream(file(name)) << "done\n"; }

 private:
  mc::test::PgInstance& pg_;
  std::string database_;
  std::filesystem::path dir_;
  std::vector<Process> processes_;
};

struct Take {
  json ticket;
  int64_t t0, t1;
};
struct Call {
  json ticket;
  std::string counter;
  int64_t t0, t1;
};

// Priority first, then the order of issue (the id grows with each ticket of the office).
bool ranks_before(const json& a, const json& b) {
  if (a["priority"] != b["priority"]) return a["priority"].get<bool>();
  return a["id"].get<int64_t>() < b["id"].get<int64_t>();
}

// Nobody is overtaken in their queue: when a counter called T, every ticket of T's area that ranks before
// T and was issued before that call began had already been taken by a call begun before this one ended
// (calls running at the same moment may finish in either order: SKIP LOCKED hands each its own ticket).
void check_nobody_overtaken(const std::vector<Take>& takes, const std::vector<Call>& calls) {
  std::map<int64_t, const Call*> call_of;
  for (const auto& call : calls) call_of[call.ticket["id"].get<int64_t>()] = &call;
  int violations = 0;
  for (const auto& call : calls) {
    for (const auto& take : takes) {
      if (take.ticket["area"] != call.ticket["area"] || take.ticket["day"] != call.ticket["day"]) continue;
      if (!ranks_before(take.ticket, call.ticket) || take.t1 >= call.t0) continue;
      auto earlier = call_of.find(take.ticket["id"].get<int64_t>());
      if (earlier == call_of.end() || earlier->second->t0 >= call.t1) {
        if (++violations <= 5)
          UNSCOPED_INFO(take.ticket["label"].get<std::string>() << " was waiting when " << call.counter << " called "
                                                                << call.ticket["label"].get<std::string>());
      }
    }
  }
  CHECK(violations == 0);
}

std::vector<Take> takes_of(const Machines& machines, const std::vector<size_t>& kiosks) {
  std::vector<Take> takes;
  for (size_t k : kiosks)
    for (auto& line : machines.events(k, "take")) takes.push_back({line, line["t0"], line["t1"]});
  return takes;
}
std::vector<Call> calls_of(const Machines& machines, const std::vector<size_t>& counters) {
  std::vector<Call> calls;
  for (size_t c : counters)
    for (auto& line : machines.events(c, "call")) calls.push_back({line, line["counter"], line["t0"], line["t1"]});
  return calls;
}

// Every (day, area, kind) numbered 1..n, each number once.
void check_numbering(const std::vector<json>& tickets) {
  std::map<std::string, std::vector<int>> numbers;
  for (const auto& ticket : tickets)
    numbers[ticket["day"].get<std::string>() + ticket["area"].get<std::string>() +
            (ticket["priority"].get<bool>() ? "U" : "")]
        .push_back(ticket["number"]);
  for (auto& [queue, list] : numbers) {
    std::sort(list.begin(), list.end());
    std::vector<int> expected(list.size());
    std::iota(expected.begin(), expected.end(), 1);
    INFO("queue " << queue);
    CHECK(list == expected);
  }
}

std::vector<json> database_tickets(const mc::test::PgInstance& pg, const std::string& database) {
  const std::string rows = pg.admin(
      "SELECT COALESCE(json_agg(json_build_object('id', id, 'area', area, 'priority', priority, 'number', number,"
      " 'state', state, 'day', day::text) ORDER BY id), '[]') FROM mc_office.tickets",
      database);
  return json::parse(rows).get<std::vector<json>>();
}

template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds timeout = 30s) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (pred()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return pred();
}

// What the display shows at the end must be what the database says the display should show.
void check_display_board(Machines& machines, size_t display, mc::test::PgInstance& pg, const std::string& database) {
  mc::office::Office reader(pg.config(database, "CHECK"), "kioskctl");
  REQUIRE(reader.session().wait_connected(15s));
  const auto expected = reader.tickets().recently_called(6);
  REQUIRE_FALSE(expected.empty());
  // The last call must have reached the display before it is asked for its board.
  const int64_t newest = expected.front().id;
  REQUIRE(eventually([&] {
    for (auto& line : machines.events(display, "shown"))
      if (line["id"] == newest) return true;
    for (auto& line : machines.events(display, "connected"))
      if (line["catch_ups"].get<int>() > 1) return true;  // or it caught up after a reconnect
    return false;
  }));
  std::this_thread::sleep_for(300ms);
  machines.touch("display.done");
  REQUIRE(machines.wait(display) == 0);
  auto boards = machines.events(display, "board");
  REQUIRE(boards.size() == 1);
  CHECK(boards[0]["connected"] == true);
  std::vector<std::string> shown, wanted;
  for (auto& ticket : boards[0]["tickets"])
    shown.push_back(ticket["label"].get<std::string>() + "@" + ticket["counter"].get<std::string>());
  for (auto& ticket : expected) wanted.push_back(ticket.label + "@" + ticket.counter);
  CHECK(shown == wanted);
}

}  // namespace

TEST_CASE("4 kiosks take 500 tickets while 8 counters call: each number once, no ticket twice, nobody overtaken",
          "[office][machines]") {
  auto& pg = mc::test::PgInstance::get();
  const std::string database = pg.fresh_database("machines");
  Machines machines(database);
  const size_t display = machines.spawn("display", "TV", {"--until-file", machines.file("display.done")});
  // Listening before the first call, so it must hear every one of them.
  REQUIRE(eventually([&] { return !machines.events(display, "connected").empty(); }));
  // Counters with overlapping areas, as offices set them up: together they serve every area.
  const std::vector<std::string> counter_areas = {"A", "A", "B", "C", "A,B", "B,C", "A,B,C", "C"};
  std::vector<size_t> counters;
  for (size_t i = 0; i < counter_areas.size(); ++i)
    counters.push_back(machines.spawn("call", "Q" + std::to_string(i + 1),
                                      {"--areas", counter_areas[i], "--until-file", machines.file("kiosks.done")}));
  std::vector<size_t> kiosks;
  for (int i = 0; i < 4; ++i)
    kiosks.push_back(machines.spawn(
        "take", "K" + std::to_string(i + 1),
        {"--count", "125", "--areas", i % 2 ? "A,B,C" : "C,B,A", "--priority-every", std::to_string(4 + i)}));
  for (size_t k : kiosks) REQUIRE(machines.wait(k) == 0);
  machines.touch("kiosks.done");
  for (size_t c : counters) REQUIRE(machines.wait(c) == 0);

  const auto takes = takes_of(machines, kiosks);
  const auto calls = calls_of(machines, counters);
  REQUIRE(takes.size() == 500);
  std::vector<json> taken;
  std::set<std::string> labels;
  for (const auto& take : takes) {
    taken.push_back(take.ticket);
    CHECK(labels.insert(take.ticket["day"].get<std::string>() + take.ticket["label"].get<std::string>()).second);
  }
  check_numbering(taken);
  check_numbering(database_tickets(pg, database));
  CHECK(database_tickets(pg, database).size() == 500);

  // Every ticket called once, by a counter serving its area.
  std::set<int64_t> called;
  for (const auto& call : calls) {
    CHECK(called.insert(call.ticket["id"].get<int64_t>()).second);
    const std::string& areas = counter_areas[std::stoul(call.counter.substr(1)) - 1];
    CHECK(areas.find(call.ticket["area"].get<std::string>()) != std::string::npos);
  }
  std::set<int64_t> issued;
  for (const auto& take : takes) issued.insert(take.ticket["id"].get<int64_t>());
  CHECK(called == issued);
  CHECK(pg.admin("SELECT count(*) FROM mc_office.tickets WHERE state NOT IN (1, 3)", database) == "0");
  check_nobody_overtaken(takes, calls);

  // The display heard every call as it was made.
  check_display_board(machines, display, pg, database);
  std::set<int64_t> shown;
  for (auto& line : machines.events(display, "shown")) shown.insert(line["id"].get<int64_t>());
  CHECK(shown == called);
}

TEST_CASE(
    "the database stopped and started mid-run: nothing issued twice, the same processes recover, the display "
    "catches up",
    "[office][machines][fault]") {
  auto& pg = mc::test::PgInstance::get();
  const std::string database = pg.fresh_database("fault");
  Machines machines(database);
  const size_t display = machines.spawn("display", "TV", {"--until-file", machines.file("display.done")});
  std::vector<size_t> counters;
  for (const char* areas : {"A", "B", "A,B"})
    counters.push_back(machines.spawn("call", std::string("Q") + std::to_string(counters.size() + 1),
                                      {"--areas", areas, "--until-file", machines.file("kiosks.done")}));
  std::vector<size_t> kiosks;
  for (int i = 0; i < 2; ++i)
    kiosks.push_back(machines.spawn("take", "K" + std::to_string(i + 1),
                                    {"--count", "120", "--areas", "A,B", "--priority-every", "5", "--pause-ms", "15"}));

  // Mid-run: stop the server abruptly (no clean shutdown), keep it away a moment, start it again.
  REQUIRE(eventually([&] { return machines.events(kiosks[0], "take").size() >= 40; }));
  pg.halt();
  const size_t taken_before = machines.events(kiosks[0], "take").size() + machines.events(kiosks[1], "take").size();
  std::this_thread::sleep_for(1500ms);
  const size_t taken_while_away =
      machines.events(kiosks[0], "take").size() + machines.events(kiosks[1], "take").size() - taken_before;
  CHECK(taken_while_away == 0);  // no number invented while the database was away
  pg.resume();

  for (size_t k : kiosks) REQUIRE(machines.wait(k) == 0);
  machines.touch("kiosks.done");
  for (size_t c : counters) REQUIRE(machines.wait(c) == 0);

  // The same processes carried on: they felt the outage and finished their work after it.
  for (size_t k : kiosks) {
    auto done = machines.events(k, "done");
    REQUIRE(done.size() == 1);
    CHECK(done[0]["unavailable"].get<int>() > 0);
    CHECK(done[0]["reconnects"].get<int>() >= 1);
    CHECK(machines.events(k, "take").size() == 120);
  }

  const auto takes = takes_of(machines, kiosks);
  std::vector<json> taken;
  std::set<std::string> labels;
  for (const auto& take : takes) {
    taken.push_back(take.ticket);
    CHECK(labels.insert(take.ticket["day"].get<std::string>() + take.ticket["label"].get<std::string>()).second);
  }
  // The database's numbering has no duplicate and no gap; a ticket no kiosk printed (its answer was lost
  // when the server stopped) is void, never called.
  const auto stored = database_tickets(pg, database);
  check_numbering(stored);
  std::set<int64_t> printed;
  for (const auto& take : takes) printed.insert(take.ticket["id"].get<int64_t>());
  for (const auto& ticket : stored)
    if (!printed.count(ticket["id"].get<int64_t>())) CHECK(ticket["state"] == 4);

  std::set<int64_t> called;
  for (const auto& call : calls_of(machines, counters)) CHECK(called.insert(call.ticket["id"].get<int64_t>()).second);
  CHECK(called == printed);

  // The display lost the database, came back by itself and shows what the database holds.
  CHECK_FALSE(machines.events(display, "disconnected").empty());
  check_display_board(machines, display, pg, database);
  auto connected = machines.events(display, "connected");
  REQUIRE_FALSE(connected.empty());
  CHECK(connected.back()["catch_ups"].get<int>() >= 2);
}
