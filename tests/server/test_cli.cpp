#include <unistd.h>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "mc/server/faults.hpp"
#include "mc/server/server.hpp"

using mc::server::FaultInjector;
using mc::server::FaultMode;
using mc::server::FaultPhase;
using mc::server::parse_cli;

TEST_CASE("The server's defaults are safe and usable for a demo", "[server][cli]") {
  const auto cli = parse_cli({});
  REQUIRE(cli.error.empty());
  CHECK(cli.options.host == "127.0.0.1");
  CHECK(cli.options.port == 8787);
  CHECK(cli.options.db_path == ":memory:");
  CHECK(cli.options.base == "/api");
  CHECK(cli.options.fail_rate == 0);
  REQUIRE(cli.options.users.size() == 1);
  CHECK(cli.options.users[0].username == "kiosk");
  CHECK(cli.options.users[0].password == "kiosk-demo");
  CHECK(cli.options.users[0].agencies.empty());
  CHECK_FALSE(cli.options.catalog_dir.empty());
}

TEST_CASE("Flags are parsed, bad values are refused with the flag named", "[server][cli]") {
  const auto cli =
      parse_cli({"--port", "0", "--fail-rate", "0.3", "--fail-modes", "503,drop", "--seed", "42", "--session-ttl-s",
                 "5", "--status-pace-s", "0", "--latency-ms", "50", "--base", "/x/api"});
  REQUIRE(cli.error.empty());
  CHECK(cli.options.port == 0);
  CHECK(cli.options.fail_rate == Approx(0.3));
  CHECK(cli.options.fail_modes == std::vector<FaultMode>{FaultMode::Http503, FaultMode::Drop});
  CHECK(cli.options.seed == 42);
  CHECK(cli.options.session_ttl_s == 5);
  CHECK(cli.options.status_pace_s == 0);
  CHECK(cli.options.latency_ms == 50);
  CHECK(cli.options.base == "/x/api");

  CHECK(parse_cli({"--port", "70000"}).error.find("--port") != std::string::npos);
  CHECK(parse_cli({"--port", "80x"}).error.find("--port") != std::string::npos);
  CHECK(parse_cli({"--fail-rate", "1.5"}).error.find("--fail-rate") != std::string::npos);
  CHECK(parse_cli({"--fail-modes", "500,teapot"}).error.find("teapot") != std::string::npos);
  CHECK(parse_cli({"--session-ttl-s", "0"}).error.find("--session-ttl-s") != std::string::npos);
  CHECK(parse_cli({"--frobnicate", "1"}).error.find("--frobnicate") != std::string::npos);
  CHECK(parse_cli({"--port"}).error.find("needs a value") != std::string::npos);
  CHECK(parse_cli({"--help"}).show_help);
  CHECK(mc::server::cli_help().find("--fail-modes") != std::string::npos);
}

TEST_CASE("Accounts come from a TOML file", "[server][cli]") {
  const auto path = std::filesystem::temp_directory_path() / ("mc-users-" + std::to_string(::getpid()) + ".toml");
  {
    std::ofstream out(path);
    out << "[[user]]\nusername = \"ky-01\"\npassword = \"s3cret\"\nagencies = [\"000.00.15.G12\"]\n"
           "[[user]]\nusername = \"any\"\npassword = \"x\"\n";
  }
  const auto cli = parse_cli({"--users", path.string()});
  REQUIRE(cli.error.empty());
  REQUIRE(cli.options.users.size() == 2);
  CHECK(cli.options.users[0].agencies == std::vector<std::string>{"000.00.15.G12"});
  CHECK(cli.options.users[1].agencies.empty());
  {
    std::ofstream out(path);
    out << "[[user]]\nusername = \"ky-01\"\npassword = \"s3cret\"\nagencies = [\"G12\"]\n";
  }
  CHECK(parse_cli({"--users", path.string()}).error.find("agencies") != std::string::npos);
  std::filesystem::remove(path);
  CHECK_FALSE(parse_cli({"--users", path.string()}).error.empty());
}

TEST_CASE("Fault dice are deterministic for a seed and hit the configured share", "[server][faults]") {
  const std::vector<FaultMode> all = {FaultMode::Http500, FaultMode::Http503, FaultMode::Drop, FaultMode::Garbage};
  FaultInjector a(0.3, all, 7), b(0.3, all, 7);
  int faults = 0, before = 0, after = 0;
  std::map<FaultMode, int> by_mode;
  for (int i = 0; i < 2000; ++i) {
    const auto x = a.roll();
    const auto y = b.roll();
    REQUIRE(x.has_value() == y.has_value());
    if (!x) continue;
    REQUIRE(x->mode == y->mode);
    REQUIRE(x->phase == y->phase);
    ++faults;
    ++by_mode[x->mode];
    (x->phase == FaultPhase::BeforeProcessing ? before : after)++;
  }
  CHECK(faults > 500);
  CHECK(faults < 700);
  CHECK(by_mode.size() == 4);
  CHECK(before > 0);
  CHECK(after > 0);

  FaultInjector never(0, all, 1), always(1, {FaultMode::Drop}, 1);
  for (int i = 0; i < 100; ++i) {
    CHECK_FALSE(never.roll());
    const auto fault = always.roll();
    REQUIRE(fault);
    CHECK(fault->mode == FaultMode::Drop);
  }
}
