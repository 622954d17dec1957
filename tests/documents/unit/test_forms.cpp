// The office forms built in memory: page counts, paper sizes, copies, the register's pagination, the
// wording they share with the thermal receipt. What the pages say is read back with poppler in
// tests/documents/system (these run under ASan+UBSan too).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>

#include "../../../printing/documents/src/layout.hpp"
#include "mc/documents/forms.hpp"
#include "sample_forms.hpp"

using namespace mc;
using namespace mc::documents;

namespace {

struct Fixture {
  Config config = testing::sample_forms_config(MC_TEST_ASSETS_DIR);
  printing::ReceiptWording wording = printing::ReceiptWording::load(MC_TEST_ASSETS_DIR, config.agency.code);
  FormContext context{config, wording};
};

// Every page's /MediaBox as "W x H" (cairo writes one per page object).
std::vector<std::string> media_boxes(const std::string& pdf) {
  std::vector<std::string> boxes;
  static const std::regex media(R"(/MediaBox \[ ?0 0 ([0-9.]+) ([0-9.]+) ?\])");
  for (auto it = std::sregex_iterator(pdf.begin(), pdf.end(), media); it != std::sregex_iterator(); ++it) {
    char text[64];
    std::snprintf(text, sizeof text, "%.1f x %.1f", std::stod((*it)[1]), std::stod((*it)[2]));
    boxes.emplace_back(text);
  }
  return boxes;
}

}  // namespace

TEST_CASE("paper names and form file names", "[documents]") {
  CHECK(parse_paper("a5") == Paper::A5);
  CHECK(parse_paper("A4") == Paper::A4);
  CHECK_FALSE(parse_paper("a3"));
  CHECK(std::string(paper_name(Paper::A5)) == "a5");
  CHECK(form_file_name(FormKind::Receipt01, "000.00.15.G12-260302-1007") == "mau-01-000.00.15.G12-260302-1007.pdf");
  // Whatever a bad code holds, it never becomes a path.
  CHECK(form_file_name(FormKind::ControlSlip05, "../x/y") == "mau-05-.._x_y.pdf");
  CHECK(form_file_name(FormKind::Register06, "", Date{2026, 3, 2}, Date{2026, 3, 6}) ==
        "mau-06-2026-03-02-2026-03-06.pdf");
}

TEST_CASE("Mẫu 01 is one A5 page per copy, A4 on request", "[documents]") {
  Fixture f;
  const FormDossier form = testing::sample_form();
  const RenderedPdf both = render_form01(form, f.context);
  REQUIRE(both.bytes.rfind("%PDF-", 0) == 0);
  CHECK(both.pages == 2);  // Liên 1 and Liên 2
  CHECK(media_boxes(both.bytes) == std::vector<std::string>{"419.5 x 595.3", "419.5 x 595.3"});

  Form01Options one;
  one.copies_mask = kCopyForFiler;
  CHECK(render_form01(form, f.context, one).pages == 1);

  Form01Options a4;
  a4.paper = Paper::A4;
  a4.copies_mask = kCopyForFile;
  const RenderedPdf on_a4 = render_form01(form, f.context, a4);
  CHECK(on_a4.pages == 1);
  CHECK(media_boxes(on_a4.bytes) == std::vector<std::string>{"595.3 x 841.9"});
}

TEST_CASE("a long list of documents runs Mẫu 01 onto a second page of the same copy", "[documents]") {
  Fixture f;
  FormDossier form = testing::sample_form();
  for (int i = 0; i < 30; ++i)
    form.dossier.documents_received.push_back(DocumentRequirement{
        "X" + std::to_string(i), {"Giấy tờ bổ sung số " + std::to_string(i), ""}, CopyType::Copy, 1, ""});
  Form01Options one;
  one.copies_mask = kCopyForFile;
  CHECK(render_form01(form, f.context, one).pages >= 2);
}

TEST_CASE("Mẫu 05 fits its handover rows on one A4 page", "[documents]") {
  Fixture f;
  const RenderedPdf pdf = render_form05(testing::sample_form(), f.context);
  CHECK(pdf.pages == 1);
  CHECK(media_boxes(pdf.bytes) == std::vector<std::string>{"595.3 x 841.9"});
}

TEST_CASE("Mẫu 06 is landscape A4 and a 500-dossier register runs over many pages", "[documents]") {
  Fixture f;
  const auto dossiers = testing::sample_register(500);
  const RenderedPdf pdf = render_form06(dossiers, Date{2026, 3, 2}, Date{2026, 3, 10}, f.context,
                                        LocalDateTime{Date{2026, 3, 10}, 17, 0, 0});
  CHECK(pdf.pages > 10);
  const auto boxes = media_boxes(pdf.bytes);
  REQUIRE(boxes.size() == static_cast<size_t>(pdf.pages));
  CHECK(boxes.front() == "841.9 x 595.3");

  // An empty day is one page that says so, not an error.
  const RenderedPdf empty =
      render_form06({}, Date{2026, 3, 8}, Date{2026, 3, 8}, f.context, LocalDateTime{Date{2026, 3, 8}, 17, 0, 0});
  CHECK(empty.pages == 1);
}

TEST_CASE("markup: values are escaped and normalised, placeholders filled", "[documents]") {
  using namespace mc::documents::detail;
  CHECK(escape("A <b> & C") == "A &lt;b&gt; &amp; C");
  // "Nguyễn" with the tone and hat as combining marks comes out precomposed.
  CHECK(escape("Nguye\xCC\x82\xCC\x83n") == "Nguyễn");
  CHECK(fill("Ông/Bà: {name} <{x}>", {{"name", bold("Lê <A>")}}) == "Ông/Bà: <b>Lê &lt;A&gt;</b> &lt;{x}&gt;");
}

TEST_CASE("a name with markup characters cannot break the form", "[documents]") {
  Fixture f;
  FormDossier form = testing::sample_form();
  form.dossier.applicant.full_name = "Trần </b><span size=\"99999\"> & Co";
  Form01Options one;
  one.copies_mask = kCopyForFile;
  CHECK(render_form01(form, f.context, one).pages == 1);
}

TEST_CASE("the forms' wording ships with the receipt's and an agency overrides any of it", "[documents]") {
  Fixture f;
  CHECK(f.wording.get("form06_title") == "SỔ THEO DÕI HỒ SƠ");
  CHECK(f.wording.get("title") == "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ");  // shared with the thermal receipt

  const auto assets = std::filesystem::temp_directory_path() / ("mc-documents-wording-" + std::to_string(::getpid()));
  std::filesystem::create_directories(assets / "receipt");
  std::filesystem::copy_file(std::string(MC_TEST_ASSETS_DIR) + "/receipt/default.json",
                             assets / "receipt/default.json");
  std::ofstream(assets / "receipt/000.00.15.G12.json") << R"({"form06_title": "SỔ THEO DÕI HỒ SƠ MỘT CỬA"})";
  const auto agency = printing::ReceiptWording::load(assets.string(), "000.00.15.G12");
  CHECK(agency.get("form06_title") == "SỔ THEO DÕI HỒ SƠ MỘT CỬA");
  CHECK(agency.get("form05_title") == f.wording.get("form05_title"));

  std::ofstream(assets / "receipt/000.00.15.G12.json") << R"({"page_number": "Trang {page}"})";
  std::vector<printing::WordingIssue> issues;
  CHECK_FALSE(printing::ReceiptWording::load(assets.string(), "000.00.15.G12", issues));
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].key == "page_number");
  CHECK(issues[0].reason.find("{pages}") != std::string::npos);
  std::filesystem::remove_all(assets);
}
