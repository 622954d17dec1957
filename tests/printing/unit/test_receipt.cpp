#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "escpos_decoder.hpp"
#include "mc/core/scan.hpp"
#include "mc/printing/printing.hpp"
#include "sample.hpp"

using namespace mc::printing;
using namespace mc::printing::testing;

namespace {

ReceiptWording wording() {
  return ReceiptWording::load(MC_TEST_ASSETS_DIR, "000.00.15.G12");
}

int black_count(const Bitmap& bitmap) {
  int n = 0;
  for (uint8_t p : bitmap.pixels) n += p >= 128;
  return n;
}

}  // namespace

TEST_CASE("Official time wording and money format", "[printing][receipt]") {
  auto w = wording();
  CHECK(official_time(mc::LocalDateTime{mc::Date{2026, 3, 2}, 9, 5, 0}, w) ==
        "09 giờ 05 phút, ngày 02 tháng 03 năm 2026");
  CHECK(official_time(mc::LocalDateTime{mc::Date{2026, 12, 31}, 16, 45, 30}, w) ==
        "16 giờ 45 phút, ngày 31 tháng 12 năm 2026");
  CHECK(format_vnd(135000) == "135.000");
  CHECK(format_vnd(1500000) == "1.500.000");
  CHECK(format_vnd(0) == "0");
  CHECK(format_vnd(999) == "999");
}

TEST_CASE("Tracking QR holds the code, or the configured URL with the code", "[printing][receipt]") {
  auto dossier = sample_dossier();
  auto config = sample_config();
  CHECK(tracking_payload(dossier, config) == dossier.code);
  config.printer.tracking_url = "https://dichvucong.example.vn/tra-cuu?ma={code}&k={lookup_code}";
  CHECK(tracking_payload(dossier, config) ==
        "https://dichvucong.example.vn/tra-cuu?ma=000.00.15.G12-260302-1007&k=K7P2QX");
}

TEST_CASE("With the look-up behind the lookup code, the receipt's QR carries that code too", "[printing][receipt]") {
  auto dossier = sample_dossier();
  dossier.lookup_code = "K7P2QX8A";
  auto config = sample_config();
  config.kiosk.status_lookup = "lookup_code";
  const std::string payload = tracking_payload(dossier, config);
  CHECK(payload == "000.00.15.G12-260302-1007 K7P2QX8A");
  // The kiosk's scanner finds both in it; staff mode still finds the dossier code.
  CHECK(mc::dossier_code_in_scan(payload) == dossier.code);
  CHECK(mc::lookup_code_in_scan(payload) == "K7P2QX8A");
  // A configured tracking URL is the portal's: it carries the code only where it says {lookup_code}.
  config.printer.tracking_url = "https://dichvucong.example.vn/tra-cuu?ma={code}";
  CHECK(tracking_payload(dossier, config) == "https://dichvucong.example.vn/tra-cuu?ma=000.00.15.G12-260302-1007");
}

TEST_CASE("Receipts fit the paper of the profile, with the QR codes recorded", "[printing][receipt]") {
  auto dossier = sample_dossier();
  auto config = sample_config();
  auto w = wording();
  for (const char* name : {"generic-80", "generic-58"}) {
    auto profile = PrinterProfile::load(MC_TEST_ASSETS_DIR, name);
    Bitmap receipt = render_receipt(dossier, config, profile, w, 1);
    INFO(name);
    CHECK(receipt.width == profile.print_width_dots);
    CHECK(receipt.height > 1000);
    CHECK(std::all_of(receipt.pixels.begin(), receipt.pixels.end(), [](uint8_t p) { return p == 0 || p == 255; }));
    // No bank account configured: only the tracking QR.
    REQUIRE(receipt.qr_regions.size() == 1);
    CHECK(receipt.qr_regions[0].payload == dossier.code);
    CHECK(receipt.qr_regions[0].top + receipt.qr_regions[0].height < receipt.height);
    // Nothing drawn in the side margins (text wrapped by measured width, not clipped at the edge).
    int in_margin = 0;
    for (int y = 0; y < receipt.height; ++y)
      for (int x = 0; x < profile.margin_dots; ++x)
        in_margin += receipt.black(x, y) + receipt.black(receipt.width - 1 - x, y);
    CHECK(in_margin == 0);
  }
}

TEST_CASE("Liên 2 is Liên 1 with the citizen's what-next steps on top (issue 13)", "[printing][receipt]") {
  auto profile = PrinterProfile::load(MC_TEST_ASSETS_DIR, "generic-80");
  auto w = wording();
  Bitmap first = render_receipt(sample_dossier(), sample_config(), profile, w, 1);
  Bitmap second = render_receipt(sample_dossier(), sample_config(), profile, w, 2);
  REQUIRE(first.width == second.width);
  // The steps (papers to bring, where, the fee) take room at the top of the citizen's copy only.
  REQUIRE(second.height > first.height + 4 * profile.body_px);
  const int shift = second.height - first.height;
  int first_diff = -1, last_diff = -1, below_banner_diffs = 0;
  for (int y = 0; y < first.height; ++y)
    for (int x = 0; x < first.width; ++x) {
      if (first.at(x, y) != second.at(x, y)) {
        if (first_diff < 0) first_diff = y;
        last_diff = y;
      }
      // Below the copy banner, Liên 1 is Liên 2 moved down by the steps' height.
      if (y >= 60 && first.at(x, y) != second.at(x, y + shift)) ++below_banner_diffs;
    }
  CHECK(first_diff >= 0);
  CHECK(last_diff >= 60);
  CHECK(below_banner_diffs == 0);
}

TEST_CASE("The VietQR appears only with a fee and a configured account", "[printing][receipt]") {
  auto profile = PrinterProfile::load(MC_TEST_ASSETS_DIR, "generic-80");
  auto w = wording();
  auto dossier = sample_dossier();
  auto config = sample_config();
  config.printer.bank_bin = "970415";
  config.printer.bank_account = "0011001932418";
  Bitmap with_fee = render_receipt(dossier, config, profile, w, 2);
  REQUIRE(with_fee.qr_regions.size() == 2);
  CHECK(with_fee.qr_regions[0].payload == vietqr_payload("970415", "0011001932418", 135000, dossier.code));
  CHECK(with_fee.qr_regions[1].payload == dossier.code);

  dossier.procedure.fees.clear();
  CHECK(render_receipt(dossier, config, profile, w, 2).qr_regions.size() == 1);
  // A broken account never stops the receipt.
  dossier = sample_dossier();
  config.printer.bank_bin = "97041";
  CHECK(render_receipt(dossier, config, profile, w, 2).qr_regions.size() == 1);
}

TEST_CASE("Long names wrap instead of running off the paper", "[printing][receipt]") {
  auto profile = PrinterProfile::load(MC_TEST_ASSETS_DIR, "generic-58");
  auto w = wording();
  auto dossier = sample_dossier();
  Bitmap normal = render_receipt(dossier, sample_config(), profile, w, 1);
  dossier.procedure.name.vi =
      "Cấp giấy phép vận chuyển hàng siêu trường, siêu trọng, hàng nguy hiểm trên đường bộ "
      "cho phương tiện giao thông cơ giới đường bộ";
  dossier.email = "mot-dia-chi-thu-dien-tu-rat-dai-khong-co-dau-cach@example.com";
  Bitmap wrapped = render_receipt(dossier, sample_config(), profile, w, 1);
  CHECK(wrapped.width == normal.width);
  CHECK(wrapped.height > normal.height + 40);
}

TEST_CASE("Queue tickets and test pages render", "[printing][receipt]") {
  auto profile = PrinterProfile::load(MC_TEST_ASSETS_DIR, "generic-80");
  auto w = wording();
  QueueTicket ticket{"A023", {"Đường bộ", "Roads"}, "Quầy 3", mc::LocalDateTime{mc::Date{2026, 3, 2}, 8, 1, 0}, 4,
                     false};
  Bitmap normal = render_queue_ticket(ticket, sample_config(), profile, w);
  ticket.priority = true;
  Bitmap priority = render_queue_ticket(ticket, sample_config(), profile, w);
  CHECK(normal.width == 576);
  CHECK(priority.height > normal.height);
  CHECK(black_count(normal) > 1000);
  Bitmap test = render_test_page(sample_config(), profile, w, mc::LocalDateTime{mc::Date{2026, 3, 2}, 8, 0, 0});
  CHECK(test.width == 576);
  CHECK(test.qr_regions.size() == 1);
  // The width ruler reaches the last dot of the printable width.
  bool right_edge = false;
  for (int y = 0; y < test.height; ++y) right_edge |= test.black(575, y);
  CHECK(right_edge);
}

TEST_CASE("A ticket issued after closing time says on paper that the office is closed and when it opens (issue 13)",
          "[printing][receipt]") {
  auto w = wording();
  for (const char* name : {"generic-80", "generic-58"}) {
    INFO(name);
    auto profile = PrinterProfile::load(MC_TEST_ASSETS_DIR, name);
    // 17:20 on Monday 2 March 2026, the office closed at 17:00 (office.tickets_after_close = "warn").
    QueueTicket ticket{"A023", {"Đường bộ", "Roads"}, "", mc::LocalDateTime{mc::Date{2026, 3, 2}, 17, 20, 0}, 4, false};
    const Bitmap in_hours = render_queue_ticket(ticket, sample_config(), profile, w);
    mc::TicketHoursNotice closed;
    closed.close = "17:00";
    closed.open = "07:30";
    closed.opens_on = mc::Date{2026, 3, 3};
    ticket.closed = closed;
    const Bitmap after_close = render_queue_ticket(ticket, sample_config(), profile, w);
    ticket.closed->day_off = true;
    ticket.issued_at = mc::LocalDateTime{mc::Date{2026, 3, 7}, 9, 0, 0};  // a Saturday
    ticket.closed->opens_on = mc::Date{2026, 3, 9};
    const Bitmap day_off = render_queue_ticket(ticket, sample_config(), profile, w);

    auto printed = [](const Bitmap& paper, const std::string& text) {
      return std::find(paper.texts.begin(), paper.texts.end(), text) != paper.texts.end();
    };
    const std::string title = "VĂN PHÒNG ĐÃ ĐÓNG CỬA / OFFICE CLOSED";
    const std::string vi_after =
        "Đã hết giờ làm việc (17:00): số này có thể không được gọi hôm nay. Nếu chưa được gọi, mời bạn quay lại từ "
        "07:30 ngày 03/03/2026.";
    const std::string en_after =
        "Office hours are over (17:00): this number may not be called today. If it is not, please come back from 07:30 "
        "on 03/03/2026.";
    CHECK_FALSE(printed(in_hours, title));
    CHECK(printed(after_close, title));
    CHECK(printed(after_close, vi_after));
    CHECK(printed(after_close, en_after));
    // Vietnamese first, then English.
    const auto vi_at = std::find(after_close.texts.begin(), after_close.texts.end(), vi_after);
    const auto en_at = std::find(after_close.texts.begin(), after_close.texts.end(), en_after);
    CHECK(vi_at < en_at);
    CHECK(printed(day_off,
                  "Hôm nay văn phòng nghỉ: số này có thể không được gọi. Mời bạn quay lại từ 07:30 ngày "
                  "09/03/2026."));
    CHECK(printed(day_off,
                  "The office is closed today: this number may not be called. Please come back from 07:30 on "
                  "09/03/2026."));
    CHECK_FALSE(printed(day_off, vi_after));
    // The notice takes paper (a title and two wrapped paragraphs), and nothing runs into the side margins.
    CHECK(after_close.height > in_hours.height + 4 * profile.body_px);
    CHECK(black_count(after_close) > black_count(in_hours) + 1000);
    int in_margin = 0;
    for (int y = 0; y < after_close.height; ++y)
      for (int x = 0; x < profile.margin_dots; ++x)
        in_margin += after_close.black(x, y) + after_close.black(after_close.width - 1 - x, y);
    CHECK(in_margin == 0);
  }
}

TEST_CASE("The virtual printer's PNG preview is pixel-identical to the raster in its ESC/POS file",
          "[printing][receipt][escpos]") {
  std::string dir = temp_dir("virtual");
  for (const char* profile_name : {"generic-80", "generic-58"}) {
    auto config = sample_config(dir);
    config.printer.profile = profile_name;
    ReceiptPrinter printer(config);
    REQUIRE(printer.ready_to_render());
    PrintOutcome outcome = printer.print_receipt(sample_dossier());
    INFO(profile_name << ": " << outcome.detail);
    REQUIRE(outcome.printed);
    CHECK(outcome.state == PrinterState::Ready);
    REQUIRE_FALSE(outcome.preview_png.empty());
    std::string escpos_path = outcome.preview_png.substr(0, outcome.preview_png.size() - 4) + ".escpos";
    std::ifstream in(escpos_path, std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto decoded = decode_escpos(bytes);
    CHECK(decoded.errors.empty());
    CHECK(decoded.inits == 2);  // two copies, each a complete job
    for (int rows : decoded.strip_rows) CHECK(rows <= printer.profile().max_strip_rows);
    Bitmap png = load_png(outcome.preview_png);
    REQUIRE(png.width == decoded.image.width);
    REQUIRE(png.height == decoded.image.height);
    CHECK(png.pixels == decoded.image.pixels);
    CHECK(black_count(png) > 20000);
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("A printer that cannot print gives a clear outcome and never throws", "[printing][receipt]") {
  std::string dir = temp_dir("paper-out");
  auto config = sample_config(dir);
  std::ofstream(dir + "/STATE") << "paper_out\n";
  ReceiptPrinter printer(config);
  CHECK(printer.state() == PrinterState::PaperOut);
  PrintOutcome outcome = printer.print_receipt(sample_dossier());
  CHECK_FALSE(outcome.printed);
  CHECK(outcome.state == PrinterState::PaperOut);
  CHECK(outcome.message.vi.find("hết giấy") != std::string::npos);
  CHECK(outcome.message.vi.find("Hồ sơ của bạn đã được tiếp nhận") != std::string::npos);
  CHECK(outcome.message.en.find("out of paper") != std::string::npos);
  // Paper back: the same dossier prints (a reprint needs nothing but the dossier).
  std::filesystem::remove(dir + "/STATE");
  CHECK(printer.print_receipt(sample_dossier(), kCopyForFiler).printed);

  auto broken = sample_config(dir);
  broken.printer.profile = "no-such-printer";
  ReceiptPrinter misconfigured(broken);
  CHECK_FALSE(misconfigured.ready_to_render());
  PrintOutcome failed = misconfigured.print_receipt(sample_dossier());
  CHECK_FALSE(failed.printed);
  CHECK(failed.detail.find("no-such-printer") != std::string::npos);
  CHECK_FALSE(failed.message.vi.empty());
  CHECK_FALSE(failed.message.en.empty());

  auto unknown = sample_config(dir);
  unknown.printer.transport = "bluetooth";
  PrintOutcome unknown_outcome = ReceiptPrinter(unknown).print_test_page();
  CHECK_FALSE(unknown_outcome.printed);
  CHECK(unknown_outcome.detail.find("bluetooth") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("Output folder defaults to <data_dir>/printer", "[printing][transport]") {
  mc::Config config;
  config.data_dir = "/srv/kiosk";
  CHECK(virtual_output_dir(config) == config.path_in_data("printer"));
  config.printer.output_dir = "/tmp/out";
  CHECK(virtual_output_dir(config) == "/tmp/out");
}

TEST_CASE("A dossier reloaded from its stored JSON prints the same receipt (reprint)", "[printing][receipt]") {
  auto profile = PrinterProfile::load(MC_TEST_ASSETS_DIR, "generic-80");
  auto w = wording();
  auto original = sample_dossier();
  auto reloaded = mc::dossier_from_json(mc::dossier_to_json(original));
  Bitmap first = render_receipt(original, sample_config(), profile, w, 2);
  Bitmap again = render_receipt(reloaded, sample_config(), profile, w, 2);
  CHECK(first.height == again.height);
  CHECK(first.pixels == again.pixels);
}

TEST_CASE("A document scanned at the kiosk reads as electronic with its pages, and survives a reprint (issue 14)",
          "[printing][receipt]") {
  auto profile = PrinterProfile::load(MC_TEST_ASSETS_DIR, "generic-80");
  auto w = wording();
  CHECK(w.format("document_electronic", {{"pages", "3"}}) == "bản điện tử (3 trang)");
  auto paper = sample_dossier();
  auto scanned = sample_dossier();
  scanned.documents_received[1].medium = mc::DocumentMedium::Electronic;
  scanned.documents_received[1].pages = 3;
  auto reloaded = mc::dossier_from_json(mc::dossier_to_json(scanned));
  CHECK(reloaded.documents_received[1].medium == mc::DocumentMedium::Electronic);
  CHECK(reloaded.documents_received[1].pages == 3);
  Bitmap on_paper = render_receipt(paper, sample_config(), profile, w, 1);
  Bitmap electronic = render_receipt(scanned, sample_config(), profile, w, 1);
  Bitmap reprinted = render_receipt(reloaded, sample_config(), profile, w, 1);
  CHECK(electronic.pixels != on_paper.pixels);
  CHECK(reprinted.pixels == electronic.pixels);
}

TEST_CASE("The kiosk prints the citizen's Liên 2 alone unless printer.copies says both (issue 13)",
          "[printing][receipt][escpos]") {
  std::string dir = temp_dir("copies");
  auto jobs_printed = [](ReceiptPrinter& printer, int copies) {
    PrintOutcome outcome = printer.print_receipt(sample_dossier(), copies);
    REQUIRE(outcome.printed);
    std::string escpos_path = outcome.preview_png.substr(0, outcome.preview_png.size() - 4) + ".escpos";
    std::ifstream in(escpos_path, std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return decode_escpos(bytes).inits;
  };
  auto config = sample_config(dir);
  CHECK(config.printer.copies == "citizen");  // the embedded default
  CHECK(kiosk_receipt_copies(config) == kCopyForFiler);
  ReceiptPrinter printer(config);
  CHECK(jobs_printed(printer, kiosk_receipt_copies(config)) == 1);
  config.printer.copies = "both";
  CHECK(kiosk_receipt_copies(config) == kBothCopies);
  ReceiptPrinter office_printer(config);
  CHECK(jobs_printed(office_printer, kiosk_receipt_copies(config)) == 2);
  std::filesystem::remove_all(dir);
}

TEST_CASE("The virtual printer keeps receipts private (0600 in a 0700 folder) and the purge removes old ones",
          "[printing][transport][privacy]") {
  namespace fs = std::filesystem;
  std::string dir = temp_dir("virtual-private");
  auto config = sample_config(dir);
  const std::string out = virtual_output_dir(config);
  fs::remove_all(out);
  ReceiptPrinter printer(config);
  PrintOutcome outcome = printer.print_receipt(sample_dossier());
  REQUIRE(outcome.printed);
  const auto owner_only = fs::perms::owner_read | fs::perms::owner_write;
  int files = 0;
  for (const auto& entry : fs::directory_iterator(out)) {
    if (entry.path().extension() != ".png" && entry.path().extension() != ".escpos") continue;
    INFO(entry.path());
    CHECK((entry.status().permissions() & fs::perms::all) == owner_only);
    ++files;
  }
  CHECK(files == 2);
  CHECK((fs::status(out).permissions() & fs::perms::all) == fs::perms::owner_all);

  // Files written before the cutoff go (dry run first: counts only), newer ones and other files stay.
  std::ofstream(out + "/STATE") << "ready\n";
  const auto old_time = fs::file_time_type::clock::now() - std::chrono::hours(24 * 100);
  for (const auto& entry : fs::directory_iterator(out))
    if (entry.path().extension() == ".png") fs::last_write_time(entry.path(), old_time);
  const int64_t cutoff = static_cast<int64_t>(std::time(nullptr)) - 90 * 86400;
  CHECK(purge_virtual_printer_output(out, cutoff, true) == 1);
  CHECK(purge_virtual_printer_output(out, cutoff) == 1);
  CHECK(purge_virtual_printer_output(out, cutoff) == 0);
  int left = 0;
  for (const auto& entry : fs::directory_iterator(out)) left += entry.path().extension() == ".escpos";
  CHECK(left == 1);
  CHECK(fs::exists(out + "/STATE"));
  CHECK(purge_virtual_printer_output(dir + "/nowhere", cutoff) == 0);
  fs::remove_all(dir);
}
