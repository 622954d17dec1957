// Milliseconds to lay out, render and encode one receipt (issue 5; goal: under 50 ms).
// Median over 50 runs per profile, after one warm-up run that loads the fonts.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "mc/printing/printing.hpp"

using namespace mc;
using namespace mc::printing;

namespace {

Dossier bench_dossier() {
  Dossier d;
  d.code = "000.00.15.G12-260302-1007";
  d.lookup_code = "K7P2QX";
  d.procedure.code = "1.002820";
  d.procedure.name = {"Cấp lại giấy phép lái xe", "Re-issue of a driving licence"};
  d.procedure.processing_days = 5;
  d.procedure.fees = {Fee{"LP1", {"Lệ phí cấp lại giấy phép lái xe", ""}, 135000, "fee"}};
  d.applicant.full_name = "Nguyễn Văn A";
  d.applicant.address = "Số 1 Đường ABC, Phường X, TP Z";
  d.phone = "0912345678";
  d.email = "nguyenvana@example.com";
  d.documents_received = {{"TP1", {"Đơn đề nghị cấp lại giấy phép lái xe", ""}, CopyType::Original, 1, ""},
                          {"TP2", {"Giấy khám sức khỏe của người lái xe", ""}, CopyType::Original, 1, ""},
                          {"TP3", {"Căn cước công dân", ""}, CopyType::Copy, 1, ""}};
  d.received_at = LocalDateTime{Date{2026, 3, 2}, 9, 5, 0};
  d.due_at = LocalDateTime{Date{2026, 3, 9}, 9, 5, 0};
  return d;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

int main() {
  const int runs = 50;
  Config config;
  config.assets_dir = MC_BENCH_ASSETS_DIR;
  config.printer.bank_bin = "970415";  // the fuller receipt: with the VietQR
  config.printer.bank_account = "0011001932418";
  ReceiptWording wording = ReceiptWording::load(MC_BENCH_ASSETS_DIR, config.agency.code);
  Dossier dossier = bench_dossier();
  std::printf("receipt: lay out + render (FreeType, ZXing) + encode ESC/POS, one copy, median of %d runs\n", runs);
  for (const char* name : {"generic-80", "generic-58"}) {
    PrinterProfile profile = PrinterProfile::load(MC_BENCH_ASSETS_DIR, name);
    auto warm = std::chrono::steady_clock::now();
    Bitmap first = render_receipt(dossier, config, profile, wording, 1);
    double first_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - warm).count();
    std::vector<double> render_ms, encode_ms, total_ms;
    size_t bytes = 0;
    for (int i = 0; i < runs; ++i) {
      auto t0 = std::chrono::steady_clock::now();
      Bitmap bitmap = render_receipt(dossier, config, profile, wording, 1 + i % 2);
      auto t1 = std::chrono::steady_clock::now();
      std::vector<uint8_t> escpos = encode_escpos(bitmap, profile);
      auto t2 = std::chrono::steady_clock::now();
      bytes = escpos.size();
      render_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
      encode_ms.push_back(std::chrono::duration<double, std::milli>(t2 - t1).count());
      total_ms.push_back(std::chrono::duration<double, std::milli>(t2 - t0).count());
    }
    std::printf(
        "  %-11s %dx%d dots, %zu ESC/POS bytes: total %.2f ms (layout+render %.2f ms, encode %.2f ms); "
        "first run with font loading %.2f ms; goal < 50 ms: %s\n",
        name, first.width, first.height, bytes, median(total_ms), median(render_ms), median(encode_ms), first_ms,
        median(total_ms) < 50 ? "met" : "NOT met");
  }
  return 0;
}
