// Configuration state and the service gate: a production kiosk never quietly becomes the demo kiosk.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "mc/core/service_state.hpp"

namespace fs = std::filesystem;

namespace {
struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device random;
    path = fs::temp_directory_path() / ("mc-service-state-" + std::to_string(random()));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream((path / name).string()) << text;
    return (path / name).string();
  }
};

const char* kSite = R"(data_dir = "/var/lib/mot-cua-kiosk"
[kiosk]
id = "HN-01"
slot = 2
)";
}  // namespace

TEST_CASE("no configuration file is the demo configuration, and it serves", "[service_state]") {
  const auto loaded = mc::load_config("");
  CHECK(configuration_state(loaded) == mc::ConfigurationState::Demo);
  const auto gate = mc::ServiceGate::from(loaded);
  CHECK(gate.in_service());
  CHECK(gate.demo());
  CHECK(gate.reasons().empty());
}

TEST_CASE("a site's file that loads cleanly is production", "[service_state]") {
  TempDir dir;
  const auto loaded = mc::load_config(dir.write("kiosk.toml", kSite));
  REQUIRE(loaded.ok());
  CHECK(configuration_state(loaded) == mc::ConfigurationState::Production);
  const auto gate = mc::ServiceGate::from(loaded);
  CHECK(gate.in_service());
  CHECK_FALSE(gate.demo());
}

TEST_CASE("a file with one syntax error puts the kiosk out of service instead of using the defaults",
          "[service_state]") {
  TempDir dir;
  const auto loaded = mc::load_config(dir.write("kiosk.toml", std::string(kSite) + "[server\nurl = 1\n"));
  CHECK(configuration_state(loaded) == mc::ConfigurationState::Broken);
  const auto gate = mc::ServiceGate::from(loaded);
  CHECK_FALSE(gate.in_service());
  CHECK_FALSE(gate.demo());
  REQUIRE_FALSE(gate.reasons().empty());
  CHECK(gate.reasons().front().find("kiosk.toml") != std::string::npos);
  CHECK(gate.reasons().front().find("line 5") != std::string::npos);
}

TEST_CASE("a bad value or an unreadable file also puts it out of service", "[service_state]") {
  TempDir dir;
  const auto bad = mc::load_config(dir.write("bad.toml", std::string(kSite) + "[printer]\nport = 70000\n"));
  CHECK(configuration_state(bad) == mc::ConfigurationState::Broken);
  CHECK(mc::ServiceGate::from(bad).reasons().front().find("printer.port") != std::string::npos);

  const auto missing = mc::load_config((dir.path / "nowhere.toml").string());
  CHECK(configuration_state(missing) == mc::ConfigurationState::Broken);

  if (::geteuid() != 0) {  // root reads any file
    const std::string path = dir.write("secret.toml", kSite);
    fs::permissions(path, fs::perms::none);
    CHECK(configuration_state(mc::load_config(path)) == mc::ConfigurationState::Broken);
  }
}

TEST_CASE("a production file must name its kiosk.slot, a demo file need not", "[service_state]") {
  TempDir dir;
  const auto no_slot = mc::load_config(dir.write("kiosk.toml", "data_dir = \"/srv/k\"\n"));
  CHECK(no_slot.ok());                                                    // it parses...
  CHECK(configuration_state(no_slot) == mc::ConfigurationState::Broken);  // ...but must not serve
  const auto reasons = mc::ServiceGate::from(no_slot).reasons();
  REQUIRE(reasons.size() == 1);
  CHECK(reasons.front().find("kiosk.slot") != std::string::npos);

  const auto demo = mc::load_config(dir.write("demo.toml", "demo = true\ndata_dir = \"/srv/k\"\n"));
  CHECK(configuration_state(demo) == mc::ConfigurationState::Demo);
  CHECK(mc::ServiceGate::from(demo).in_service());
}

TEST_CASE("the gate closes for good with the reason, from any thread", "[service_state]") {
  mc::ServiceGate gate(mc::ConfigurationState::Production);
  REQUIRE(gate.in_service());
  gate.close("two kiosks share kiosk.slot 1");
  gate.close("two kiosks share kiosk.slot 1");  // told twice: said once
  CHECK_FALSE(gate.in_service());
  CHECK(gate.reasons() == std::vector<std::string>{"two kiosks share kiosk.slot 1"});
  mc::ServiceGate copy = gate;
  CHECK_FALSE(copy.in_service());
}
