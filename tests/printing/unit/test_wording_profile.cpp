#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "mc/printing/profile.hpp"
#include "mc/printing/wording.hpp"
#include "sample.hpp"

using namespace mc::printing;

namespace {

bool has_issue(const std::vector<WordingIssue>& issues, const std::string& key, const std::string& words) {
  for (const auto& issue : issues)
    if (issue.key == key && issue.reason.find(words) != std::string::npos) return true;
  return false;
}

ReceiptWording shipped() {
  return ReceiptWording::load(MC_TEST_ASSETS_DIR, "no-such-agency");
}

}  // namespace

TEST_CASE("The shipped receipt wording is complete and valid", "[printing][wording]") {
  std::vector<WordingIssue> issues;
  auto wording = ReceiptWording::load(MC_TEST_ASSETS_DIR, "000.00.15.G12", issues);
  for (const auto& issue : issues) UNSCOPED_INFO(issue.source << " " << issue.key << ": " << issue.reason);
  REQUIRE(wording);
  CHECK(wording->get("title") == "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ");
  CHECK(wording->get("form_number") == "Mẫu số 01");
  CHECK(wording->format("time_format", {{"HH", "09"}, {"mm", "05"}, {"dd", "02"}, {"MM", "03"}, {"yyyy", "2026"}}) ==
        "09 giờ 05 phút, ngày 02 tháng 03 năm 2026");
}

TEST_CASE("Wording validation names the key and the problem", "[printing][wording]") {
  ReceiptWording base = shipped();
  std::vector<WordingIssue> issues;
  auto bad = ReceiptWording::parse(R"({"titel": "X", "sets": "2. Số bộ", "applicant": "Ông/Bà: {ten}",
                                       "copy_1": "", "copy_2": 3, "received_at": "4. {time"})",
                                   "agency.json", &base, issues);
  CHECK_FALSE(bad);
  CHECK(has_issue(issues, "titel", "unknown key"));
  CHECK(has_issue(issues, "sets", "{sets}"));
  CHECK(has_issue(issues, "applicant", "unknown placeholder {ten}"));
  CHECK(has_issue(issues, "applicant", "{name}"));
  CHECK(has_issue(issues, "copy_1", "empty"));
  CHECK(has_issue(issues, "copy_2", "text"));
  CHECK(has_issue(issues, "received_at", "unbalanced"));
  for (const auto& issue : issues) CHECK(issue.source == "agency.json");

  issues.clear();
  CHECK_FALSE(ReceiptWording::parse("{not json", "broken.json", &base, issues));
  CHECK(has_issue(issues, "", "not valid JSON"));

  // Without a base every key must be there.
  issues.clear();
  CHECK_FALSE(ReceiptWording::parse(R"({"title": "GIẤY TIẾP NHẬN"})", "partial.json", nullptr, issues));
  CHECK(has_issue(issues, "time_format", "missing"));
}

TEST_CASE("An agency file overrides only the keys it names", "[printing][wording]") {
  std::string assets = mc::printing::testing::temp_dir("wording");
  std::filesystem::create_directories(assets + "/receipt");
  std::filesystem::copy_file(std::string(MC_TEST_ASSETS_DIR) + "/receipt/default.json",
                             assets + "/receipt/default.json");
  std::ofstream(assets + "/receipt/000.99.01.H26.json")
      << R"({"legal_basis": "Ban hành kèm theo Nghị định mới", "form_number": "Mẫu số 01A"})";
  auto wording = ReceiptWording::load(assets, "000.99.01.H26");
  CHECK(wording.get("form_number") == "Mẫu số 01A");
  CHECK(wording.get("legal_basis") == "Ban hành kèm theo Nghị định mới");
  CHECK(wording.get("title") == "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ");
  CHECK(ReceiptWording::load(assets, "000.00.15.G12").get("form_number") == "Mẫu số 01");

  std::ofstream(assets + "/receipt/000.99.01.H26.json") << R"({"due_at": "5. Hẹn trả"})";
  CHECK_THROWS_WITH(ReceiptWording::load(assets, "000.99.01.H26"),
                    Catch::Contains("000.99.01.H26.json") && Catch::Contains("due_at") && Catch::Contains("{time}"));
  std::filesystem::remove_all(assets);
}

TEST_CASE("Printer profiles load and bad values are refused with the key", "[printing][profile]") {
  auto p80 = PrinterProfile::load(MC_TEST_ASSETS_DIR, "generic-80");
  CHECK(p80.print_width_dots == 576);
  CHECK(p80.paper_width_mm == 80);
  CHECK(p80.max_strip_rows <= 256);
  auto p58 = PrinterProfile::load(MC_TEST_ASSETS_DIR, "generic-58");
  CHECK(p58.print_width_dots == 384);
  CHECK(p58.cut == CutMode::None);
  CHECK(PrinterProfile::load(MC_TEST_ASSETS_DIR, "epson-tm-t20").native_qr);

  CHECK_THROWS_WITH(PrinterProfile::load(MC_TEST_ASSETS_DIR, "no-such-printer"), Catch::Contains("cannot open"));
  CHECK_THROWS_WITH(PrinterProfile::load(MC_TEST_ASSETS_DIR, "../receipt/default"), Catch::Contains("not a valid"));
  CHECK_THROWS_WITH(PrinterProfile::parse(R"({"max_strip_rows": 300})", "x.json"),
                    Catch::Contains("max_strip_rows") && Catch::Contains("256"));
  CHECK_THROWS_WITH(PrinterProfile::parse(R"({"print_width_dots": 570})", "x.json"), Catch::Contains("multiple of 8"));
  CHECK_THROWS_WITH(PrinterProfile::parse(R"({"cut": "half"})", "x.json"), Catch::Contains("cut"));
  CHECK_THROWS_WITH(PrinterProfile::parse(R"({"native_qr": "yes"})", "x.json"), Catch::Contains("native_qr"));
  CHECK_THROWS_WITH(PrinterProfile::parse(R"({"paper_widht_mm": 80})", "x.json"), Catch::Contains("unknown key"));
}
