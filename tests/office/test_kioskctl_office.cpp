// kioskctl against the office database: the real binary, one configuration file per "machine".
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "mc/core/db.hpp"
#include "mc/office/office.hpp"
#include "pg_instance.hpp"

namespace {

using namespace std::chrono_literals;

struct Run {
  int status = -1;
  std::string out;  // stdout and stderr together
};

struct Machine {
  std::filesystem::path dir;
  std::string config;
  Machine(const std::string& id, const std::string& database_line, const std::string& password_file) {
    dir = std::filesystem::temp_directory_path() / ("mc-kioskctl-office-" + id + "-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    config = (dir / "kiosk.toml").string();
    std::ofstream(config) << "data_dir = \"" << (dir / "var").string() << "\"\n[kiosk]\nid = \"" << id
                          << "\"\n[office]\ndatabase = \"" << database_line << "\"\npassword_file = \"" << password_file
                          << "\"\n[counter]\nname = \"Q-" << id << "\"\n";
  }
  ~Machine() { std::filesystem::remove_all(dir); }

  Run kioskctl(const std::string& arguments) const {
    Run run;
    const std::string line = std::string(MC_KIOSKCTL_PATH) + " --config " + config + " " + arguments + " 2>&1";
    FILE* pipe = ::popen(line.c_str(), "r");
    std::array<char, 4096> buffer{};
    size_t n;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) run.out.append(buffer.data(), n);
    const int status = ::pclose(pipe);
    run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
  }
};

}  // namespace

TEST_CASE("kioskctl on two machines shares one numbering, calls, counts and lists the office's machines",
          "[office][kioskctl]") {
  auto& pg = mc::test::PgInstance::get();
  const std::string database = pg.fresh_database("kioskctl");
  Machine first("KIOSK-01", pg.url(database), pg.pgpass());
  Machine second("KIOSK-02", pg.url(database), pg.pgpass());

  auto check = first.kioskctl("office check");
  INFO(check.out);
  REQUIRE(check.status == 0);
  CHECK_THAT(check.out, Catch::Contains("schema mc_office version 1") && Catch::Contains("role mc_kiosk"));

  // Two kiosks, one queue: no second "A001" in the room.
  auto a = first.kioskctl("ticket take A");
  auto b = second.kioskctl("ticket take A");
  auto c = second.kioskctl("ticket take A --priority");
  INFO(a.out << b.out << c.out);
  REQUIRE(a.status == 0);
  CHECK_THAT(a.out, Catch::StartsWith("A001"));
  CHECK_THAT(b.out, Catch::StartsWith("A002"));
  CHECK_THAT(c.out, Catch::StartsWith("UA001"));
  CHECK_THAT(b.out, Catch::Contains("people ahead: 1"));

  auto call = second.kioskctl("ticket call --areas A");
  INFO(call.out);
  CHECK(call.status == 0);
  CHECK_THAT(call.out, Catch::StartsWith("UA001") && Catch::Contains("quầy Q-KIOSK-02"));
  CHECK_THAT(first.kioskctl("ticket called").out, Catch::StartsWith("UA001"));

  auto stats = first.kioskctl("ticket stats --json");
  INFO(stats.out);
  REQUIRE(stats.status == 0);
  const auto figures = nlohmann::json::parse(stats.out);
  CHECK(figures["source"] == "office");
  CHECK(figures["areas"]["A"]["issued"] == 3);
  CHECK(figures["areas"]["A"]["waiting"] == 2);
  CHECK(figures["counters"]["Q-KIOSK-02"]["called"] == 1);
  auto table = first.kioskctl("ticket stats");
  CHECK_THAT(table.out, Catch::Contains("office database") && Catch::Contains("Q-KIOSK-02"));

  // The metrics read the office database too: each machine counts what it issued and called (so an office's
  // sum counts each ticket once), and both see the office's waiting tickets.
  auto first_metrics = first.kioskctl("metrics --no-printer");
  auto second_metrics = second.kioskctl("metrics --no-printer");
  INFO(first_metrics.out << second_metrics.out);
  REQUIRE(first_metrics.status == 0);
  REQUIRE(second_metrics.status == 0);
  CHECK_THAT(first_metrics.out, Catch::Contains("\nmotcua_tickets_issued_total 1\n") &&
                                    Catch::Contains("\nmotcua_tickets_called_total 0\n") &&
                                    Catch::Contains("\nmotcua_tickets_waiting 2\n"));
  CHECK_THAT(second_metrics.out, Catch::Contains("\nmotcua_tickets_issued_total 2\n") &&
                                     Catch::Contains("\nmotcua_tickets_called_total 1\n") &&
                                     Catch::Contains("\nmotcua_tickets_waiting 2\n"));

  // A machine reporting, and one that fell silent.
  mc::Config kiosk_config = pg.config(database, "KIOSK-01");
  mc::office::Office running(kiosk_config, "kiosk");
  running.start_heartbeats([](mc::office::MachineHeartbeat& beat) { beat.printer_state = "ready"; });
  REQUIRE(running.session().wait_connected(15s));
  pg.admin(
      "INSERT INTO mc_office.machines (machine_id, role, version, interval_s, started_at, reported_at)"
      " VALUES ('TV-1', 'display', '0.1.0', 30, now() - interval '2 hours', now() - interval '10 minutes')",
      database);
  const auto until = std::chrono::steady_clock::now() + 15s;
  while (pg.admin("SELECT count(*) FROM mc_office.machines", database) != "2" &&
         std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(50ms);
  auto status = second.kioskctl("office status");
  INFO(status.out);
  CHECK(status.status == 1);  // a stale machine needs attention
  CHECK_THAT(status.out, Catch::Contains("KIOSK-01") && Catch::Contains("ready") && Catch::Contains("TV-1") &&
                             Catch::Contains("STALE 10 ph"));
  auto listed = nlohmann::json::parse(second.kioskctl("office status --json").out);
  CHECK(listed["stale"] == 1);
  REQUIRE(listed["machines"].size() == 2);
  CHECK(listed["machines"][0]["id"] == "TV-1");
  CHECK(listed["machines"][0]["stale"] == true);
  CHECK(listed["machines"][1]["stale"] == false);
}

TEST_CASE("kioskctl never invents a number when the office database is away", "[office][kioskctl]") {
  auto& pg = mc::test::PgInstance::get();
  // A port nothing listens on: the office database server is down.
  Machine kiosk("KIOSK-09", "postgresql://mc_kiosk@127.0.0.1:1/mocua?connect_timeout=2", pg.pgpass());
  auto take = kiosk.kioskctl("ticket take A");
  INFO(take.out);
  CHECK(take.status == 1);
  CHECK_THAT(take.out, Catch::Contains("office database cannot be reached"));
  CHECK_FALSE(std::filesystem::exists(kiosk.dir / "var" / "kiosk.db"));  // no local ticket either
  CHECK(kiosk.kioskctl("ticket call").status == 1);
  CHECK(kiosk.kioskctl("office status").status == 1);

  Machine single("KIOSK-10", "", "");
  std::ofstream(single.config) << "data_dir = \"" << (single.dir / "var").string() << "\"\n";
  auto alone = single.kioskctl("office status");
  CHECK(alone.status == 2);
  CHECK_THAT(alone.out, Catch::Contains("no office database is configured"));
  auto local = single.kioskctl("ticket take B");
  CHECK_THAT(local.out, Catch::StartsWith("B001"));
  CHECK_THAT(single.kioskctl("ticket stats").out, Catch::Contains("this kiosk (kiosk.db)"));
}
