// The office forms read back with independent tools: pdftotext finds every field of Mẫu 01 with the
// dossier's values (Vietnamese intact, NFC), pdfinfo the paper, pdffonts the embedded fonts, pdftoppm +
// zbarimg the dossier code in the QR; the 500-dossier register breaks across pages with its header on each.
#include <catch2/catch.hpp>

#include "mc/documents/forms.hpp"
#include "pdf_tools.hpp"
#include "sample_forms.hpp"

using namespace mc;
using namespace mc::documents;
using namespace mc::documents::testing;

namespace {

struct Forms {
  Config config = sample_forms_config(MC_TEST_ASSETS_DIR);
  printing::ReceiptWording wording = printing::ReceiptWording::load(MC_TEST_ASSETS_DIR, config.agency.code);
  FormContext context{config, wording};
  std::string dir = temp_dir("forms");
};

bool tools_present() {
  for (const char* tool : {"pdftotext", "pdfinfo", "pdffonts", "pdftoppm", "zbarimg"})
    if (!mc::printing::testing::tool_available(tool)) {
      FAIL(std::string(tool) + " is missing (poppler-utils, zbar-tools: scripts/setup.sh test)");
      return false;
    }
  return true;
}

}  // namespace

TEST_CASE("pdftotext finds every field of Mẫu 01 with the dossier's values", "[documents][system]") {
  REQUIRE(tools_present());
  Forms f;
  const FormDossier form = sample_form();
  const Dossier& d = form.dossier;
  const std::string pdf = write_file(f.dir + "/mau01.pdf", render_form01(form, f.context).bytes);
  const std::string raw = pdf_text(pdf, 1);
  const std::string page1 = collapse(raw);
  INFO(page1);

  // Vietnamese comes back exactly as given, precomposed (NFC).
  CHECK(mc::is_valid_utf8(raw));
  CHECK(mc::to_nfc(raw) == raw);

  for (const std::string& expected : {
           std::string("Liên 1: Lưu"),
           std::string("Mẫu số 01"),
           std::string("Ban hành kèm theo Thông tư số 01/2018/TT-VPCP"),
           std::string("BỘ XÂY DỰNG"),
           std::string("CỤC ĐƯỜNG BỘ VIỆT NAM"),
           std::string("BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"),
           std::string("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
           std::string("Độc lập - Tự do - Hạnh phúc"),
           std::string("Hà Nội, ngày 02 tháng 03 năm 2026"),
           std::string("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"),
           "Mã hồ sơ: " + d.code,
           "Ông/Bà: " + d.applicant.full_name,
           "Địa chỉ: " + d.applicant.address,
           "Số điện thoại: " + d.phone,
           "Email: " + d.email,
           "Nội dung yêu cầu giải quyết: " + d.procedure.name.vi,
           std::string("1. Thành phần hồ sơ nộp gồm:"),
           std::string("Đơn đề nghị cấp lại giấy phép lái xe"),
           std::string("Giấy khám sức khỏe của người lái xe"),
           std::string("Căn cước công dân Bản sao chứng thực Giấy 2"),
           std::string("Ảnh chân dung 3x4 Bản chính Điện tử 1"),
           std::string("2. Số lượng hồ sơ: 1 bộ"),
           std::string("3. Thời gian giải quyết hồ sơ theo quy định là: 5 ngày làm việc"),
           std::string("4. Thời gian nhận hồ sơ: 09 giờ 05 phút, ngày 02 tháng 03 năm 2026"),
           std::string("5. Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 05 phút, ngày 09 tháng 03 năm 2026"),
           std::string("6. Đăng ký nhận kết quả tại: Bộ phận tiếp nhận và trả kết quả - Cục Đường bộ Việt Nam"),
           std::string("Lệ phí cấp lại giấy phép lái xe: 135.000 đồng"),
           std::string("Vào Sổ theo dõi hồ sơ, số thứ tự: 1007"),
           "Mã tra cứu: " + d.lookup_code,
           std::string("NGƯỜI NỘP HỒ SƠ"),
           std::string("NGƯỜI TIẾP NHẬN HỒ SƠ"),
           std::string("(Ký và ghi rõ họ tên)"),
           std::string("Trang 1/1"),
       }) {
    CHECK_THAT(page1, Catch::Contains(expected));
  }
  // The two copies: Liên 2 on its own page, numbered on its own.
  const std::string page2 = collapse(pdf_text(pdf, 2));
  CHECK_THAT(page2, Catch::Contains("Liên 2: Giao người nộp hồ sơ"));
  CHECK_THAT(page2, Catch::Contains("Mã hồ sơ: " + d.code));
  CHECK_THAT(page2, Catch::Contains("Trang 1/1"));
}

TEST_CASE("decomposed input still prints as NFC text", "[documents][system]") {
  REQUIRE(tools_present());
  Forms f;
  FormDossier form = sample_form();
  // "Nguyễn Thị Hồng Nhung" typed with combining marks (as some keyboards and scanners send it).
  form.dossier.applicant.full_name = "Nguye\xCC\x82\xCC\x83n Thi\xCC\xA3 Ho\xCC\x82\xCC\x80ng Nhung";
  Form01Options one;
  one.copies_mask = kCopyForFile;
  const std::string pdf = write_file(f.dir + "/nfd.pdf", render_form01(form, f.context, one).bytes);
  const std::string text = pdf_text(pdf);
  CHECK_THAT(text, Catch::Contains("Nguyễn Thị Hồng Nhung"));
  CHECK(text.find("Nguye\xCC\x82") == std::string::npos);
}

TEST_CASE("pdfinfo: Mẫu 01 on A5 (and A4), Mẫu 05 on A4, Mẫu 06 on landscape A4", "[documents][system]") {
  REQUIRE(tools_present());
  Forms f;
  const FormDossier form = sample_form();
  const PdfInfo a5 = pdf_info(write_file(f.dir + "/a5.pdf", render_form01(form, f.context).bytes));
  CHECK(a5.pages == 2);
  CHECK(a5.width == Approx(419.5).margin(0.05));
  CHECK(a5.height == Approx(595.3).margin(0.05));

  Form01Options a4;
  a4.paper = Paper::A4;
  const PdfInfo on_a4 = pdf_info(write_file(f.dir + "/a4.pdf", render_form01(form, f.context, a4).bytes));
  CHECK(on_a4.width == Approx(595.3).margin(0.05));
  CHECK(on_a4.height == Approx(841.9).margin(0.05));

  const PdfInfo slip = pdf_info(write_file(f.dir + "/m05.pdf", render_form05(form, f.context).bytes));
  CHECK(slip.pages == 1);
  CHECK(slip.width == Approx(595.3).margin(0.05));

  const PdfInfo book =
      pdf_info(write_file(f.dir + "/m06.pdf", render_form06({form}, Date{2026, 3, 2}, Date{2026, 3, 2}, f.context,
                                                            LocalDateTime{Date{2026, 3, 2}, 17, 0, 0})
                                                  .bytes));
  CHECK(book.width == Approx(841.9).margin(0.05));
  CHECK(book.height == Approx(595.3).margin(0.05));
}

TEST_CASE("pdffonts: every font is embedded with a Unicode map", "[documents][system]") {
  REQUIRE(tools_present());
  Forms f;
  const std::string pdf = write_file(f.dir + "/fonts.pdf", render_form01(sample_form(), f.context).bytes);
  const auto fonts = pdf_fonts(pdf);
  REQUIRE_FALSE(fonts.empty());
  bool serif = false;
  for (const auto& font : fonts) {
    INFO(font.name);
    CHECK(font.embedded);
    CHECK(font.unicode_map);
    serif = serif || font.name.find("NotoSerif") != std::string::npos;
  }
  CHECK(serif);
}

TEST_CASE("pdftoppm + zbarimg read the dossier code, or the tracking address, from the QR", "[documents][system]") {
  REQUIRE(tools_present());
  Forms f;
  const FormDossier form = sample_form();
  Form01Options one;
  one.copies_mask = kCopyForFile;
  const std::string pdf = write_file(f.dir + "/qr.pdf", render_form01(form, f.context, one).bytes);
  CHECK(qr_codes_on_page(pdf, 1, 150, f.dir) == std::vector<std::string>{form.dossier.code});

  f.config.printer.tracking_url = "https://dichvucong.example.vn/tra-cuu?ma={code}";
  const std::string tracked = write_file(f.dir + "/qr-url.pdf", render_form01(form, f.context, one).bytes);
  CHECK(qr_codes_on_page(tracked, 1, 150, f.dir) ==
        std::vector<std::string>{"https://dichvucong.example.vn/tra-cuu?ma=" + form.dossier.code});
}

TEST_CASE("a 500-dossier register breaks across pages with the header repeated", "[documents][system]") {
  REQUIRE(tools_present());
  Forms f;
  const auto dossiers = sample_register(500);
  const RenderedPdf rendered = render_form06(dossiers, Date{2026, 3, 2}, Date{2026, 3, 10}, f.context,
                                             LocalDateTime{Date{2026, 3, 10}, 17, 0, 0});
  const std::string pdf = write_file(f.dir + "/register.pdf", rendered.bytes);
  const PdfInfo info = pdf_info(pdf);
  REQUIRE(info.pages == rendered.pages);
  REQUIRE(info.pages > 10);

  std::string all;
  size_t next_row = 0;
  for (int page = 1; page <= info.pages; ++page) {
    const std::string text = collapse(pdf_text(pdf, page, true));
    INFO("page " << page << ": " << text);
    // The column header on every page, above the page's first row; and the page's number out of all.
    const size_t first_row = text.find(dossiers[next_row].dossier.code);
    REQUIRE(first_row != std::string::npos);
    for (const char* column :
         {"STT", "Mã hồ sơ", "Tên thủ tục hành chính", "Tên cá nhân, tổ chức", "Nhận hồ sơ", "Trạng thái", "Ghi chú"}) {
      INFO(column);
      CHECK(text.find(column) < first_row);
    }
    CHECK_THAT(text, Catch::Contains("Trang " + std::to_string(page) + "/" + std::to_string(info.pages)));
    while (next_row < dossiers.size() && text.find(dossiers[next_row].dossier.code) != std::string::npos) ++next_row;
    all += text + "\n";
  }
  CHECK(next_row == dossiers.size());
  // Title and period once, on the first page.
  CHECK(count_of(all, "SỔ THEO DÕI HỒ SƠ") == 1);
  CHECK_THAT(all, Catch::Contains("Từ ngày 02/03/2026 đến ngày 10/03/2026"));
  CHECK_THAT(all, Catch::Contains("Tổng số: 500 hồ sơ"));
  // Every dossier exactly once, in the order received.
  size_t last = 0;
  for (const auto& form : dossiers) {
    INFO(form.dossier.code);
    REQUIRE(count_of(all, form.dossier.code) == 1);
    const size_t at = all.find(form.dossier.code);
    CHECK(at > last);
    last = at;
  }
  // A row carries the filer, the procedure, the times and the status.
  const Dossier& first = dossiers.front().dossier;
  CHECK_THAT(all, Catch::Contains(first.applicant.full_name));
  CHECK_THAT(all, Catch::Contains(first.phone));
  CHECK_THAT(all, Catch::Contains(first.received_at.date.dmy()));
  CHECK_THAT(all, Catch::Contains(status_label(dossiers.front().status).vi));
}

TEST_CASE("Mẫu 05 carries the dossier and empty handover rows for the officers' pens", "[documents][system]") {
  REQUIRE(tools_present());
  Forms f;
  const FormDossier form = sample_form();
  const std::string text = collapse(pdf_text(write_file(f.dir + "/m05.pdf", render_form05(form, f.context).bytes)));
  INFO(text);
  for (const std::string& expected :
       {std::string("Mẫu số 05"), std::string("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"),
        "mã hồ sơ: " + form.dossier.code, "Ông/Bà: " + form.dossier.applicant.full_name,
        std::string("Nhận hồ sơ lúc: 09 giờ 05 phút, ngày 02 tháng 03 năm 2026"),
        std::string("Hẹn trả kết quả: 09 giờ 05 phút, ngày 09 tháng 03 năm 2026"),
        std::string("Cơ quan (bộ phận) giải quyết hồ sơ: Cục Đường bộ Việt Nam"), std::string("TÊN CƠ QUAN"),
        std::string("THỜI GIAN GIAO, NHẬN HỒ SƠ"), std::string("GHI CHÚ"),
        std::string("1. Giao: Bộ phận tiếp nhận và trả kết quả"), std::string("5. Giao:")})
    CHECK_THAT(text, Catch::Contains(expected));
  CHECK(count_of(text, "Người giao") == 5);
  CHECK(count_of(text, "Người nhận") == 5);
}

TEST_CASE("a purged dossier's forms say what was purged instead of printing blanks", "[documents][system]") {
  REQUIRE(tools_present());
  Forms f;
  FormDossier form = sample_form(DossierStatus::ResultReturned);
  // What the outbox keeps after the retention purge: no applicant, contact or answers.
  form.dossier.applicant = {};
  form.dossier.phone.clear();
  form.dossier.email.clear();
  form.personal_data_purged = true;
  form.purged_at_unix = LocalDateTime{Date{2026, 6, 10}, 2, 0, 0}.to_unix();

  const std::string m01 = collapse(pdf_text(write_file(f.dir + "/p01.pdf", render_form01(form, f.context).bytes), 1));
  INFO(m01);
  CHECK_THAT(m01, Catch::Contains("đã được xóa ngày 10/06/2026 theo thời hạn lưu trữ"));
  CHECK_THAT(m01, Catch::Contains("Ông/Bà: (đã xóa theo thời hạn lưu trữ)"));
  CHECK_THAT(m01, Catch::Contains("Số điện thoại: (đã xóa theo thời hạn lưu trữ)"));
  CHECK_THAT(m01, Catch::Contains("Mã hồ sơ: " + form.dossier.code));  // what remains still prints
  CHECK_THAT(m01, Catch::Contains("Cấp lại giấy phép lái xe"));

  const std::string m05 = collapse(pdf_text(write_file(f.dir + "/p05.pdf", render_form05(form, f.context).bytes)));
  CHECK_THAT(m05, Catch::Contains("đã được xóa ngày 10/06/2026"));

  const std::string m06 = collapse(
      pdf_text(write_file(f.dir + "/p06.pdf", render_form06({form}, Date{2026, 3, 2}, Date{2026, 3, 2}, f.context,
                                                            LocalDateTime{Date{2026, 6, 11}, 8, 0, 0})
                                                  .bytes)));
  CHECK_THAT(m06, Catch::Contains("Đã xóa thông tin cá nhân ngày 10/06/2026 theo thời hạn lưu trữ"));
  CHECK_THAT(m06, Catch::Contains("Đã trả kết quả"));
}

TEST_CASE("an agency's wording override reaches the printed form", "[documents][system]") {
  REQUIRE(tools_present());
  Forms f;
  const std::string assets = temp_dir("agency-assets");
  std::filesystem::create_directories(assets + "/receipt");
  std::filesystem::copy_file(std::string(MC_TEST_ASSETS_DIR) + "/receipt/default.json",
                             assets + "/receipt/default.json");
  std::ofstream(assets + "/receipt/000.00.15.G12.json")
      << R"({"title": "GIẤY BIÊN NHẬN HỒ SƠ", "form06_title": "SỔ THEO DÕI HỒ SƠ MỘT CỬA"})";
  const auto wording = printing::ReceiptWording::load(assets, "000.00.15.G12");
  const FormContext context{f.config, wording};
  const std::string m01 = pdf_text(write_file(f.dir + "/agency01.pdf", render_form01(sample_form(), context).bytes), 1);
  CHECK_THAT(m01, Catch::Contains("GIẤY BIÊN NHẬN HỒ SƠ"));
  const std::string m06 = pdf_text(write_file(
      f.dir + "/agency06.pdf",
      render_form06({}, Date{2026, 3, 2}, Date{2026, 3, 2}, context, LocalDateTime{Date{2026, 3, 2}, 17, 0, 0}).bytes));
  CHECK_THAT(m06, Catch::Contains("SỔ THEO DÕI HỒ SƠ MỘT CỬA"));
  CHECK_THAT(collapse(m06), Catch::Contains("Không có hồ sơ nào được tiếp nhận trong thời gian này."));
}
