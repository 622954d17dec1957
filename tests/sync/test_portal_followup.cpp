// Issue 20 apart from the engine: the status map (assets/sync/status_maps), the monthly rating aggregates
// (DongBoDanhGia) and the results board of the waiting-room display.
#include <catch2/catch.hpp>

#include <fstream>
#include "fixtures.hpp"
#include "mc/core/json_file.hpp"
#include "mc/sync/rating_reports.hpp"
#include "mc/sync/results_board.hpp"
#include "mc/sync/status_map.hpp"

using namespace mc;
using namespace mc::sync;
using namespace mc::sync::testing;

namespace {

void write(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

std::string load_error(const std::filesystem::path& path) {
  try {
    StatusMap::load(path.string());
  } catch (const std::exception& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("every status map shipped in assets loads and maps into the kiosk's ten codes", "[status-map]") {
  Config config;
  config.assets_dir = MC_TEST_ASSETS_DIR;
  for (const char* name : {"dvcqg", "opencps"}) {
    config.server.status_map = name;
    StatusMap map = StatusMap::load_for(config);
    CHECK(map.name() == name);
    CHECK(map.size() >= 10);
  }
  config.server.status_map = "dvcqg";
  StatusMap portal = StatusMap::load_for(config);
  for (int code = 1; code <= 10; ++code)
    CHECK(portal.to_kiosk(std::to_string(code)) == static_cast<DossierStatus>(code));
  CHECK_FALSE(portal.to_kiosk("11"));
  config.server.status_map = "opencps";
  StatusMap opencps = StatusMap::load_for(config);
  CHECK(opencps.to_kiosk("releasing") == DossierStatus::Processed);
  CHECK(opencps.to_kiosk("done") == DossierStatus::ResultReturned);
}

TEST_CASE("a broken status map is refused with the file and the entry named", "[status-map]") {
  TempDir dir;
  const auto path = dir.path / "broken.json";
  write(path, R"({"name": "x", "description": "d", "map": {"2": 11}})");
  std::string error = load_error(path);
  CHECK(error.find(path.string()) != std::string::npos);
  CHECK(error.find("map.\"2\"") != std::string::npos);
  CHECK(error.find("1 to 10") != std::string::npos);

  write(path, R"({"name": "x", "description": "d", "map": {"đã xong": 9}})");
  CHECK(load_error(path).find("map.\"đã xong\"") != std::string::npos);
  write(path, R"({"name": "x", "description": "d", "map": {}})");
  CHECK(load_error(path).find("map:") != std::string::npos);
  write(path, R"({"name": "x", "description": "d", "map": {"1": 1}, "extra": true})");
  CHECK(load_error(path).find("extra: unknown key") != std::string::npos);
  write(path, R"({"name": "x", "map": {"1": 1}})");
  CHECK(load_error(path).find("description") != std::string::npos);
  write(path, "{not json");
  CHECK(load_error(path).find(path.string()) != std::string::npos);
  CHECK(load_error(dir.path / "missing.json").find("missing.json") != std::string::npos);
}

TEST_CASE("rating percentages have two decimals and add up to exactly 100", "[ratings]") {
  const auto sum = [](const std::array<double, 3>& p) { return std::llround((p[0] + p[1] + p[2]) * 100); };
  auto thirds = rating_percentages({1, 1, 1});  // unsatisfied, satisfied, very satisfied
  CHECK(sum(thirds) == 10000);
  CHECK(std::llround(thirds[0] * 100) + std::llround(thirds[1] * 100) + std::llround(thirds[2] * 100) == 10000);
  auto sevenths = rating_percentages({1, 2, 4});
  CHECK(sum(sevenths) == 10000);
  CHECK(sevenths[0] == Approx(57.14).margin(0.006));  // very satisfied 4/7
  CHECK(sevenths[1] == Approx(28.57).margin(0.006));
  CHECK(sevenths[2] == Approx(14.29).margin(0.006));
  auto all_happy = rating_percentages({0, 0, 5});
  CHECK(all_happy == std::array<double, 3>{100, 0, 0});
  CHECK(rating_percentages({}) == std::array<double, 3>{0, 0, 0});
  for (int a = 0; a < 8; ++a)
    for (int b = 0; b < 8; ++b)
      for (int c = 1; c < 8; ++c) CHECK(sum(rating_percentages({a, b, c})) == 10000);
}

TEST_CASE("a month's ratings are frozen once it ended, one aggregate per procedure, and sent rows stay put",
          "[ratings]") {
  TempDir dir;
  Config config = test_config(dir.str());
  const std::string db_path = RatingReports::default_path(config);
  int64_t now = kMonday0900;  // 2026-03-02
  {
    Database db(db_path);
    RatingStore ratings(db, [&now] { return now; });
    now = LocalDateTime{Date{2026, 1, 31}, 23, 0, 0}.to_unix();
    ratings.record("000.00.15.G12-260131-1001", "1.002820", 3);
    ratings.record("000.00.15.G12-260131-1002", "1.002820", 1);
    ratings.record("000.00.15.G12-260131-1003", "1.002809", 2);
    now = LocalDateTime{Date{2026, 2, 10}, 9, 0, 0}.to_unix();
    ratings.record("000.00.15.G12-260210-1001", "1.002820", 2);
    now = LocalDateTime{Date{2026, 3, 2}, 9, 0, 0}.to_unix();
    ratings.record("000.00.15.G12-260302-1001", "1.002820", 3);  // March has not ended
  }
  RatingReports reports(db_path, config);
  CHECK(reports.freeze_ended_months(now) == 3);  // January: two procedures, February: one
  CHECK(reports.freeze_ended_months(now) == 0);  // idempotent
  CHECK_THROWS_AS(reports.freeze_month(2026, 3, now), std::invalid_argument);
  auto all = reports.list();
  REQUIRE(all.size() == 3);
  CHECK(all[0].month == "2026-01");
  CHECK(all[0].procedure_code == "1.002809");
  const auto january = nlohmann::json::parse(all[1].row_json);
  CHECK(january["NgayTongHop"] == "1-2026");
  CHECK(january["MaThuTuc"] == "1.002820");
  CHECK(january["Madonvi"] == config.agency.code);
  CHECK(january["TongSoNguoiDanhGia"] == 2);
  CHECK(january["PhanTramDanhGiaRatHaiLong"] == 50.0);
  CHECK(january["PhanTramDanhGiaHaiLong"] == 0.0);
  CHECK(january["PhanTramDanhGiaChuaHaiLong"] == 50.0);
  CHECK(nlohmann::json::parse(all[2].row_json)["NgayTongHop"] == "2-2026");

  // Claimed rows are in sending; a crash leaves them there and recovery makes them due again, unchanged.
  auto claimed = reports.claim(2, now);
  REQUIRE(claimed.size() == 2);
  CHECK(reports.claim(5, now).size() == 1);
  CHECK(reports.claim(5, now).empty());
  CHECK(reports.recover_in_flight() == 3);
  auto again = reports.claim(5, now);
  REQUIRE(again.size() == 3);
  CHECK(again[0].row_json == all[0].row_json);
  for (const auto& report : again) reports.mark(report, "done", "", now);
  for (const auto& report : reports.list()) CHECK(report.state == "done");
  CHECK(reports.recover_in_flight() == 0);
}

TEST_CASE("the results board shows ready dossiers by code and initials, never a name", "[results-board]") {
  CHECK(name_initials("Nguyễn Văn An") == "N.V.A.");
  CHECK(name_initials("  đặng   thị  ánh-tuyết ") == "Đ.T.Á.T.");
  CHECK(name_initials("") == "");
  CHECK(name_initials("A B C D E F G") == "A.B.C.D.E.");

  TempDir dir;
  Config config = test_config(dir.str());
  auto outbox = Outbox::open(config);
  Catalog catalog = test_catalog();
  WorkingCalendar calendar{HolidayTable{}};
  int64_t now = kMonday0900;
  Intake intake(*outbox, catalog, calendar, config, [&now] { return now; });
  std::vector<std::string> codes;
  for (int i = 0; i < 3; ++i) codes.push_back(intake.submit(test_request(i)).dossier.code);
  for (const auto& code : codes) {
    outbox->claim_batch(10, now);
    outbox->mark_synced(code, now, "ok");
  }
  outbox->update_status(codes[0], DossierStatus::Processed, "Đã xử lý xong", now + 10);
  outbox->update_status(codes[1], DossierStatus::InProgress, "Đang xử lý", now + 20);
  outbox->update_status(codes[2], DossierStatus::Processed, "Đã xử lý xong", now + 30);
  auto board = results_ready(*outbox);
  REQUIRE(board.size() == 2);
  CHECK(board[0].code == codes[2]);  // newest first
  CHECK(board[1].code == codes[0]);
  CHECK(board[0].initials == "N.V.A.");
  CHECK(board[0].ready_since_unix == now + 30);
  // Result returned (10): off the board.
  outbox->update_status(codes[2], DossierStatus::ResultReturned, "Đã trả kết quả", now + 40);
  CHECK(results_ready(*outbox).size() == 1);
}
