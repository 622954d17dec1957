#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include <unistd.h>

#include "mc/core/config.hpp"

namespace {
bool has_issue(const mc::ConfigLoadResult& result, const std::string& key, const std::string& fragment = "") {
  return std::any_of(result.issues.begin(), result.issues.end(), [&](const mc::ConfigIssue& issue) {
    return issue.key == key && issue.reason.find(fragment) != std::string::npos;
  });
}
}  // namespace

TEST_CASE("the embedded defaults parse cleanly and equal the built-in values", "[config]") {
  auto result = mc::parse_config(mc::default_config_toml(), "(embedded defaults)");
  INFO((result.issues.empty() ? "" : result.issues.front().key + ": " + result.issues.front().reason));
  REQUIRE(result.ok());
  const mc::Config builtin;
  CHECK(result.config.kiosk.slot == builtin.kiosk.slot);
  CHECK(result.config.agency.code == builtin.agency.code);
  CHECK(result.config.server.url == builtin.server.url);
  CHECK(result.config.printer.transport == "virtual");
  CHECK(result.config.ui.idle_timeout_s == 90);
  CHECK(result.config.office.cutoff_minutes == 16 * 60 + 30);
  CHECK(result.config.ui.languages == std::vector<std::string>{"vi", "en"});
}

TEST_CASE("an empty file means every default", "[config]") {
  auto result = mc::parse_config("", "empty.toml");
  REQUIRE(result.ok());
  CHECK(result.config.kiosk.id == "KIOSK-01");
  CHECK(result.config.data_dir == "var");
}

TEST_CASE("values override defaults", "[config]") {
  auto result = mc::parse_config(R"(
data_dir = "/srv/kiosk"
[kiosk]
id = "HN-03"
slot = 3
[office]
intake_cutoff = "16:00"
tickets_after_close = "refuse"
[ui]
languages = ["vi"]
text_scale = 1.25
)",
                                 "site.toml");
  REQUIRE(result.ok());
  CHECK(result.config.data_dir == "/srv/kiosk");
  CHECK(result.config.kiosk.slot == 3);
  CHECK(result.config.office.cutoff_minutes == 16 * 60);
  CHECK(result.config.office.refuse_tickets_after_close);
  CHECK_FALSE(mc::parse_config("", "empty.toml").config.office.refuse_tickets_after_close);  // "warn"
  CHECK_FALSE(mc::parse_config("[office]\ntickets_after_close = \"never\"\n", "bad.toml").ok());
  CHECK(result.config.ui.text_scale == Approx(1.25));
  CHECK(result.config.path_in_data("queue.db") == "/srv/kiosk/queue.db");
}

TEST_CASE("unknown keys and bad values are reported with key and reason", "[config]") {
  auto result = mc::parse_config(R"(
colour = "red"
[kiosk]
slot = 12
idd = "x"
[agency]
code = "G12"
[printer]
port = 70000
transport = "usb"
bank_bin = "970436"
[ui]
idle_timeout_s = "ninety"
languages = ["vi", "fr"]
[office]
open = "7h30"
[retention]
personal_data_days = 0
[nonsense]
x = 1
)",
                                 "bad.toml");
  CHECK_FALSE(result.ok());
  CHECK(has_issue(result, "colour", "unknown key"));
  CHECK(has_issue(result, "kiosk.idd", "unknown key"));
  CHECK(has_issue(result, "nonsense", "unknown section"));
  CHECK(has_issue(result, "kiosk.slot", "between 1 and 9, got 12"));
  CHECK(has_issue(result, "agency.code", "000.00.15.G12"));
  CHECK(has_issue(result, "printer.port", "65535"));
  CHECK(has_issue(result, "printer.transport", "virtual, device, tcp, cups"));
  CHECK(has_issue(result, "printer.bank_account", "together"));
  CHECK(has_issue(result, "ui.idle_timeout_s", "whole number"));
  CHECK(has_issue(result, "ui.languages", "\"fr\""));
  CHECK(has_issue(result, "office.open", "HH:MM"));
  CHECK(has_issue(result, "retention.personal_data_days", "between 1 and 3650"));
}

TEST_CASE("inconsistent office hours and idle timings are reported", "[config]") {
  auto result = mc::parse_config(R"(
[office]
open = "17:00"
close = "08:00"
[ui]
idle_timeout_s = 30
idle_warning_s = 30
)",
                                 "hours.toml");
  CHECK(has_issue(result, "office.close", "later than office.open"));
  CHECK(has_issue(result, "ui.idle_warning_s", "shorter"));
}

TEST_CASE("the document scanner: none by default, device, resolution, mode, page size, options, reserve", "[config]") {
  auto defaults = mc::parse_config("", "empty.toml");
  REQUIRE(defaults.ok());
  CHECK(defaults.config.scanner.document_device.empty());  // no scanner: the journey skips capture
  CHECK(defaults.config.scanner.document_dpi == 200);
  CHECK(defaults.config.scanner.document_mode == "grey");
  CHECK(defaults.config.scanner.document_page_size == "a4");

  auto set = mc::parse_config(R"([scanner]
document_device = "epson2:libusb:001:004"
document_dpi = 300
document_mode = "colour"
document_page_size = "a5"
document_options = ["source=Automatic Document Feeder"]
attachment_reserve_mb = 1024
document_export_dir = "/media/kiosk/USB"
)",
                              "site.toml");
  REQUIRE(set.ok());
  CHECK(set.config.scanner.document_device == "epson2:libusb:001:004");
  CHECK(set.config.scanner.document_dpi == 300);
  CHECK(set.config.scanner.document_mode == "colour");
  CHECK(set.config.scanner.document_page_size == "a5");
  CHECK(set.config.scanner.document_options == std::vector<std::string>{"source=Automatic Document Feeder"});
  CHECK(set.config.scanner.attachment_reserve_mb == 1024);
  CHECK(set.config.scanner.document_export_dir == "/media/kiosk/USB");
  CHECK(defaults.config.scanner.document_export_dir.empty());  // no export unless an officer sets a folder

  auto bad = mc::parse_config(R"([scanner]
document_device = "test 0"
document_dpi = 2400
document_mode = "sepia"
document_page_size = "a3"
document_options = ["duplex"]
attachment_reserve_mb = 0
document_export_dir = "usb"
)",
                              "bad.toml");
  CHECK(has_issue(bad, "scanner.document_device", "SANE device name"));
  CHECK(has_issue(bad, "scanner.document_dpi", "between 100 and 600, got 2400"));
  CHECK(has_issue(bad, "scanner.document_mode", "grey, colour"));
  CHECK(has_issue(bad, "scanner.document_page_size", "a4, a5, letter, legal"));
  CHECK(has_issue(bad, "scanner.document_options", "name=value"));
  CHECK(has_issue(bad, "scanner.attachment_reserve_mb", "between 16"));
  CHECK(has_issue(bad, "scanner.document_export_dir", "absolute directory"));
}

TEST_CASE("a TOML syntax error names the line", "[config]") {
  auto result = mc::parse_config("[kiosk]\nslot = = 2\n", "broken.toml");
  REQUIRE(result.issues.size() == 1);
  CHECK(result.issues[0].key == "(syntax)");
  CHECK(result.issues[0].reason.find("line 2") != std::string::npos);
}

TEST_CASE("load_config reads a file and reports a missing one", "[config]") {
  const auto dir = std::filesystem::temp_directory_path() / "mc-test-config";
  std::filesystem::create_directories(dir);
  const auto path = (dir / "kiosk.toml").string();
  std::ofstream(path) << "[kiosk]\nslot = 4\n";
  auto loaded = mc::load_config(path);
  REQUIRE(loaded.ok());
  CHECK(loaded.config.kiosk.slot == 4);
  CHECK(loaded.source == path);

  auto missing = mc::load_config((dir / "nope.toml").string());
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.issues[0].reason.find("cannot read") != std::string::npos);

  auto credentials = mc::parse_config("[server]\ncredentials_file = \"/nonexistent/creds.toml\"\n", "c.toml");
  CHECK(has_issue(credentials, "server.credentials_file", "does not exist"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("clock times are HH:MM, 24-hour", "[config]") {
  CHECK(mc::parse_clock_time("07:30") == 450);
  CHECK(mc::parse_clock_time("23:59") == 23 * 60 + 59);
  CHECK_FALSE(mc::parse_clock_time("24:00"));
  CHECK_FALSE(mc::parse_clock_time("7:30"));
  CHECK_FALSE(mc::parse_clock_time("07:60"));
}

TEST_CASE("a counter terminal names itself and the areas it calls", "[config]") {
  auto result = mc::parse_config(R"(
[counter]
name = "Quầy 2"
areas = ["A", "C"]
)",
                                 "counter.toml");
  REQUIRE(result.ok());
  CHECK(result.config.counter.name == "Quầy 2");
  CHECK(result.config.counter.areas == std::vector<std::string>{"A", "C"});

  auto bad = mc::parse_config(R"(
[counter]
name = "Quầy tiếp nhận và trả kết quả số 2"
areas = ["A", "b"]
)",
                              "bad-counter.toml");
  CHECK(has_issue(bad, "counter.name", "at most 24"));
  CHECK(has_issue(bad, "counter.areas", "\"b\""));
}

TEST_CASE("the office database is a connection line without a password, the password in a 0600 file", "[config]") {
  auto fine = mc::parse_config(
      "[office]\ndatabase = \"postgresql://mc_kiosk@db.office.lan:5432/mocua?sslmode=require\"\n"
      "heartbeat_interval_s = 20\n[display]\nareas = [\"A\", \"C\"]\n",
      "office.toml");
  INFO((fine.issues.empty() ? "" : fine.issues.front().key + ": " + fine.issues.front().reason));
  REQUIRE(fine.ok());
  CHECK(fine.config.office_db.database == "postgresql://mc_kiosk@db.office.lan:5432/mocua?sslmode=require");
  CHECK(fine.config.office_db.heartbeat_interval_s == 20);
  CHECK(fine.config.display.areas == std::vector<std::string>{"A", "C"});
  CHECK(mc::parse_config("[office]\ndatabase = \"service=mocua\"\n", "s.toml").ok());
  CHECK(mc::parse_config("", "empty.toml").config.office_db.database.empty());  // one machine by default

  for (const char* with_password :
       {"postgresql://mc_kiosk:secret@db/mocua", "host=db user=mc_kiosk password=secret dbname=mocua",
        "postgresql://mc_kiosk@db/mocua?password=secret"}) {
    INFO(with_password);
    auto refused = mc::parse_config(std::string("[office]\ndatabase = \"") + with_password + "\"\n", "p.toml");
    CHECK(has_issue(refused, "office.database", "must not contain a password"));
  }
  CHECK(has_issue(mc::parse_config("[office]\ndatabase = \"mysql://db\"\n", "m.toml"), "office.database",
                  "postgresql://"));
  CHECK(has_issue(mc::parse_config("[display]\nareas = [\"a\"]\n", "d.toml"), "display.areas", "capital letter"));

  const auto dir = std::filesystem::temp_directory_path() / ("mc-config-pgpass-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string file = (dir / "office.pgpass").string();
  std::ofstream(file) << "db.office.lan:5432:mocua:mc_kiosk:secret\n";
  const std::string toml = "[office]\npassword_file = \"" + file + "\"\n";
  std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                                         std::filesystem::perms::group_read);
  CHECK(has_issue(mc::parse_config(toml, "f.toml"), "office.password_file", "chmod 600"));
  std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  CHECK(mc::parse_config(toml, "f.toml").ok());
  CHECK(has_issue(mc::parse_config("[office]\npassword_file = \"/nonexistent/pgpass\"\n", "f.toml"),
                  "office.password_file", "does not exist"));
  std::filesystem::remove_all(dir);
}

namespace {
bool has_warning(const std::vector<mc::ConfigIssue>& warnings, const std::string& key, const std::string& fragment) {
  return std::any_of(warnings.begin(), warnings.end(), [&](const mc::ConfigIssue& warning) {
    return warning.key == key && warning.reason.find(fragment) != std::string::npos;
  });
}
}  // namespace

TEST_CASE("the staff PIN hash is refused in the world-readable configuration file", "[config]") {
  auto result = mc::parse_config("[kiosk]\nstaff_pin_hash = \"$argon2id$v=19$m=1,t=1,p=1$c2FsdA$aGFzaA\"\n", "k.toml");
  CHECK(has_issue(result, "kiosk.staff_pin_hash", "kioskctl staff set-pin"));
}

TEST_CASE("the staff PIN hash is read from its own file beside the configuration, and its mode is checked",
          "[config]") {
  const auto dir = std::filesystem::temp_directory_path() / "mc-config-pin-test";
  std::filesystem::create_directories(dir);
  const std::string config_path = (dir / "kiosk.toml").string();
  std::ofstream(config_path) << "[kiosk]\nslot = 3\n";
  const std::string hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";
  std::ofstream((dir / "staff-pin").string()) << hash << "\n";
  std::filesystem::permissions(dir / "staff-pin",
                               std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  auto loaded = mc::load_config(config_path);
  REQUIRE(loaded.ok());
  CHECK(loaded.config.resolved_staff_pin_file() == (dir / "staff-pin").string());
  CHECK(loaded.config.kiosk.staff_pin_hash == hash);
  CHECK_FALSE(has_warning(loaded.warnings, "kiosk.staff_pin_file", ""));

  std::filesystem::permissions(dir / "staff-pin",
                               std::filesystem::perms::group_read | std::filesystem::perms::others_read,
                               std::filesystem::perm_options::add);
  loaded = mc::load_config(config_path);
  CHECK(loaded.config.kiosk.staff_pin_hash == hash);
  CHECK(has_warning(loaded.warnings, "kiosk.staff_pin_file", "chmod 600"));

  std::ofstream((dir / "staff-pin").string()) << "1234\n";  // not a hash: staff mode stays closed
  loaded = mc::load_config(config_path);
  CHECK(loaded.config.kiosk.staff_pin_hash.empty());
  CHECK(has_warning(loaded.warnings, "kiosk.staff_pin_file", "Argon2id"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("config warnings: demo settings against a real server, plain http, no TLS check, open credentials",
          "[config]") {
  mc::Config local;  // the embedded defaults talk to the reference server on this machine: nothing to say
  CHECK(mc::config_warnings(local).empty());

  mc::Config remote;
  remote.server.url = "http://lgsp.example.gov.vn/api";
  remote.server.verify_tls = false;
  const auto warnings = mc::config_warnings(remote);
  CHECK(has_warning(warnings, "printer.transport", "virtual"));
  CHECK(has_warning(warnings, "server.credentials_file", "demo account"));
  CHECK(has_warning(warnings, "server.url", "http://"));
  CHECK(has_warning(warnings, "server.verify_tls", "false"));

  const auto credentials = std::filesystem::temp_directory_path() / "mc-config-credentials.toml";
  std::ofstream(credentials.string()) << "username = \"u\"\npassword = \"p\"\n";
  std::filesystem::permissions(credentials, std::filesystem::perms::owner_read | std::filesystem::perms::others_read);
  mc::Config site;
  site.server.url = "https://lgsp.example.gov.vn/api";
  site.server.credentials_file = credentials.string();
  site.printer.transport = "device";
  const auto site_warnings = mc::config_warnings(site);
  REQUIRE(site_warnings.size() == 1);
  CHECK(has_warning(site_warnings, "server.credentials_file", "chmod 600"));
  std::filesystem::permissions(credentials, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  CHECK(mc::config_warnings(site).empty());
  std::filesystem::remove(credentials);
}

TEST_CASE("the receipt look-up is open by default, or behind the lookup code (issue 20)", "[config]") {
  CHECK_FALSE(mc::Config{}.kiosk.status_needs_lookup_code());
  auto gated = mc::parse_config("[kiosk]\nstatus_lookup = \"lookup_code\"\n", "t");
  CHECK(gated.issues.empty());
  CHECK(gated.config.kiosk.status_needs_lookup_code());
  auto wrong = mc::parse_config("[kiosk]\nstatus_lookup = \"pin\"\n", "t");
  REQUIRE(wrong.issues.size() == 1);
  CHECK(wrong.issues[0].key == "kiosk.status_lookup");
  // A portal URL without the code: the receipts' QR cannot open the status; config check says so.
  mc::Config site = gated.config;
  site.printer.tracking_url = "https://dichvucong.example.vn/tra-cuu?ma={code}";
  CHECK(has_warning(mc::config_warnings(site), "printer.tracking_url", "{lookup_code}"));
  site.printer.tracking_url += "&k={lookup_code}";
  CHECK(mc::config_warnings(site).empty());
}

TEST_CASE("loopback addresses are told apart from other hosts", "[config]") {
  CHECK(mc::is_loopback_url("http://127.0.0.1:8787/api"));
  CHECK(mc::is_loopback_url("http://localhost/api"));
  CHECK(mc::is_loopback_url("https://[::1]:443/x"));
  CHECK(mc::is_loopback_url("http://127.1.2.3"));
  CHECK_FALSE(mc::is_loopback_url("https://lgsp.example.gov.vn/api"));
  CHECK_FALSE(mc::is_loopback_url("http://127.0.0.1.evil.example/api"));
  CHECK_FALSE(mc::is_loopback_url("http://localhost.example/"));
  CHECK_FALSE(mc::is_loopback_url("http://10.0.0.1:8787/api"));
}

TEST_CASE("the keys a file sets are known (kiosk.slot must be explicit in production)", "[config]") {
  auto result = mc::parse_config("[kiosk]\nslot = 1\n[ui]\ntelex = false\n", "site.toml");
  CHECK(result.keys_set == std::set<std::string>{"kiosk.slot", "ui.telex"});
}
