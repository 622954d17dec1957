// Scan routing: one path from any scanner (wedge, camera, serial) to the citizen's journey or to staff
// mode, read once by the scanner module, with one dossier-code extractor for both.
#include <catch2/catch.hpp>

#include <filesystem>
#include <random>

#include "mc/core/journey.hpp"
#include "mc/core/scan.hpp"
#include "mc/core/staff.hpp"
#include "mc/core/staff_console.hpp"
#include "mc/scanner/read_scan.hpp"
#include "scan_router.hpp"

namespace fs = std::filesystem;

namespace {

const char* kCode = "000.00.15.G12-260305-1007";
const char* kCard = "001099012345||Nguyễn Văn A|15031999|Nam|Số 1 Đường ABC, Phường X, TP Z|10052021";
const char* kPin = "246813";

struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device random;
    path = fs::temp_directory_path() / ("mc-scan-router-" + std::to_string(random()) + std::to_string(random()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// A journey on the shipped catalog and a staff console whose find hook knows one dossier.
struct Kiosk {
  TempDir dir;
  mc::Catalog catalog;
  mc::Config config;
  mc::Database db{(dir.path / "kiosk.db").string()};
  std::vector<std::string> staff_finds;
  mc::Journey journey;
  mc::StaffConsole staff;
  mc::app::ScanRouter router{journey, staff};

  static mc::Catalog load_catalog() {
    std::vector<mc::CatalogIssue> issues;
    return mc::Catalog::load_dir(std::string(MC_TEST_ASSETS_DIR) + "/catalog", issues);
  }
  static mc::Config make_config(const fs::path& dir) {
    mc::Config c;
    c.data_dir = dir.string();
    static const std::string hash = mc::hash_staff_pin(kPin);
    c.kiosk.staff_pin_hash = hash;
    return c;
  }
  mc::StaffConsoleHooks hooks() {
    mc::StaffConsoleHooks h;
    h.find_dossier = [this](const std::string& code) -> std::optional<mc::StaffDossierView> {
      staff_finds.push_back(code);
      mc::StaffDossierView view;
      view.code = code;
      return view;
    };
    return h;
  }
  Kiosk()
      : catalog(load_catalog()),
        config(make_config(dir.path)),
        journey(
            catalog, [](const mc::SubmitDraft&) { return mc::SubmitOutcome{}; },
            [](const std::string& code) {
              mc::DossierStatusView view;
              view.code = code;
              view.found = true;
              return view;
            }),
        staff(db, config, mc::system_clock(), hooks()) {}

  void staff_logs_in() {
    staff.open_pin_pad();
    staff.type_text(kPin);
    staff.enter();
    REQUIRE(staff.is_authenticated());
  }
};

}  // namespace

TEST_CASE("scan router: an ID card fills the identify step, a receipt shows its status", "[app][scan]") {
  Kiosk k;
  k.journey.start();
  REQUIRE(k.journey.choose_procedure("1.002820"));
  k.journey.next();
  REQUIRE(k.journey.screen() == mc::Screen::Identify);

  CHECK(k.router.route(kCard, "camera") == mc::app::ScanRouter::Outcome::Citizen);
  CHECK(k.journey.identity_from_card());
  CHECK(k.journey.identify_fields().full_name == "Nguyễn Văn A");
  CHECK(k.journey.identify_fields().date_of_birth == "15/03/1999");

  // Something that is neither: the journey says so and keeps what it has.
  CHECK(k.router.route("hello", "serial") == mc::app::ScanRouter::Outcome::Notice);
  REQUIRE(k.journey.notice());
  CHECK(k.journey.identify_fields().full_name == "Nguyễn Văn A");

  // A receipt on the attract screen: the dossier's status.
  k.journey.cancel();
  CHECK(k.router.route(std::string("https://motcua.example.vn/tra-cuu?ma=") + kCode, "wedge") ==
        mc::app::ScanRouter::Outcome::Citizen);
  CHECK(k.journey.screen() == mc::Screen::DossierStatus);
  CHECK(k.journey.status_view().code == kCode);
  CHECK(k.staff_finds.empty());
}

TEST_CASE("scan router: staff mode takes every scan while open, none reaches the citizen screen", "[app][scan]") {
  Kiosk k;
  // On the PIN pad: an ID card scanned by mistake is dropped (not a PIN try, not the citizen's).
  k.staff.open_pin_pad();
  CHECK(k.router.route(kCard, "camera") == mc::app::ScanRouter::Outcome::Dropped);
  CHECK(k.journey.screen() == mc::Screen::Attract);
  CHECK_FALSE(k.journey.identity_from_card());

  k.staff_logs_in();
  // A receipt URL in lower case: the same extractor as the citizen's path finds the code.
  CHECK(k.router.route("https://x.example/tra-cuu?ma=000.00.15.g12-260305-1007", "wedge") ==
        mc::app::ScanRouter::Outcome::Staff);
  REQUIRE(k.staff_finds.size() == 1);
  CHECK(k.staff_finds[0] == kCode);
  CHECK(k.staff.screen() == mc::StaffScreen::Detail);
  // An ID card while staff look at a dossier: swallowed, and it does not fill the citizen's journey.
  CHECK(k.router.route(kCard, "serial") == mc::app::ScanRouter::Outcome::Staff);
  CHECK_FALSE(k.journey.identity_from_card());
  CHECK(k.journey.citizen_data_dump().empty());
}

TEST_CASE("one dossier-code extractor: staff find and the citizen's scan agree on every input", "[app][scan]") {
  const std::string url = std::string("https://dichvucong.example.vn/tra-cuu?ma=") + kCode + "&lang=vi";
  const std::vector<std::pair<std::string, std::optional<std::string>>> cases = {
      {kCode, kCode},
      {std::string("  ") + kCode + "\r\n", kCode},
      {std::string("\xEF\xBB\xBF") + kCode, kCode},  // a serial scanner's BOM
      {url, kCode},
      {"https://x.example/tra-cuu/000.00.15.G12-260305-1007#top", kCode},
      {"https://x.example/q?ma=000%2E00%2E15%2EG12%2D260305%2D1007", kCode},
      {"000.00.15.g12-260305-1007", kCode},  // a scanner in lower-case mode
      {"https://x.example/tra-cuu?ma=ABCD", std::nullopt},
      {"000.00.15.G12-263105-1007", std::nullopt},  // month 31
      {std::string(kCode) + " extra", std::nullopt},
      {"", std::nullopt},
  };
  for (const auto& [input, expected] : cases) {
    INFO(input);
    CHECK(mc::dossier_code_in_scan(input) == expected);
    // Citizen path: the scanner module reads it as a receipt with that code (or not a receipt).
    const mc::ScanReading reading = mc::scanner::read_scan(input);
    if (expected) {
      CHECK(reading.kind == mc::ScanReading::Kind::Receipt);
      CHECK(reading.dossier_code == *expected);
    } else {
      CHECK(reading.kind != mc::ScanReading::Kind::Receipt);
    }
    // Staff path: find looks up exactly that code, or nothing.
    Kiosk k;
    k.staff_logs_in();
    k.staff.find(input);
    if (expected) {
      REQUIRE(k.staff_finds.size() == 1);
      CHECK(k.staff_finds[0] == *expected);
    } else {
      CHECK(k.staff_finds.empty());
    }
  }
}

TEST_CASE("scan router: out of service, no scan reaches the citizen's journey, staff still get theirs",
          "[app][scan][service]") {
  Kiosk k;
  mc::ServiceGate gate(mc::ConfigurationState::Broken, {"kiosk.toml: (syntax): line 7"});
  mc::app::ScanRouter router(k.journey, k.staff, &gate);
  CHECK(router.route(kCard, "wedge") == mc::app::ScanRouter::Outcome::Dropped);
  CHECK(router.route(kCode, "camera") == mc::app::ScanRouter::Outcome::Dropped);
  CHECK(k.journey.screen() == mc::Screen::Attract);
  CHECK(k.journey.citizen_data_dump().empty());
  k.staff_logs_in();
  CHECK(router.route(kCode, "wedge") == mc::app::ScanRouter::Outcome::Staff);
  CHECK(k.staff_finds == std::vector<std::string>{kCode});
}
