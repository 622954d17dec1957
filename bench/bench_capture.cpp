// Capture to sealed PDF of one A4 page at 200 dpi (issue 14; goals: under 150 ms a page, excluding the
// scanner's own speed; under 250 KB a page in colour, 120 KB in grey).
// The page is what a scanner delivers from a typed form: cairo draws a filled-in form (Vietnamese text,
// a table, a red seal, a signature), then the bench adds a scanner's grey paper and sensor noise. Timed per
// page: clean-up + JPEG + preview (capture_page's work after the scan), the document PDF (cairo), and
// sealing it into the attachment store (secretstream, fsync). Median of 20 pages each.
// `bench_capture [OUT_DIR]` also writes the last colour and grey PDFs there, to look at.
#include <cairo.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "mc/capture/document_pdf.hpp"
#include "mc/capture/document_scanner.hpp"
#include "mc/sync/attachment_store.hpp"

using namespace mc;
using namespace mc::capture;
namespace fs = std::filesystem;

namespace {

constexpr int kDpi = 200;
constexpr int kWidth = 1654, kHeight = 2339;  // A4 at 200 dpi

// A typed, filled-in form as cairo draws it (RGB), in millimetres.
Raster draw_form(bool colour, uint32_t seed) {
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, kWidth, kHeight);
  cairo_t* cr = cairo_create(surface);
  cairo_scale(cr, kDpi / 25.4, kDpi / 25.4);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_set_source_rgb(cr, 0.05, 0.05, 0.1);
  cairo_select_font_face(cr, "DejaVu Serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size(cr, 4.2);
  cairo_move_to(cr, 45, 22);
  cairo_show_text(cr, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  cairo_move_to(cr, 68, 28);
  cairo_show_text(cr, "Độc lập - Tự do - Hạnh phúc");
  cairo_move_to(cr, 40, 45);
  cairo_set_font_size(cr, 5);
  cairo_show_text(cr, "ĐƠN ĐỀ NGHỊ ĐỔI, CẤP LẠI GIẤY PHÉP LÁI XE");
  cairo_select_font_face(cr, "DejaVu Serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, 3.5);
  std::mt19937 random(seed);
  const char* words[] = {"Tôi",        "là",     "công dân",  "Việt Nam",  "đề nghị", "cơ quan", "cấp lại",
                         "giấy phép",  "lái xe", "hạng",      "số",        "ngày",    "tháng",   "năm",
                         "nơi cư trú", "phường", "quận",      "thành phố", "đã",      "được",    "theo",
                         "quy định",   "của",    "pháp luật", "hồ sơ"};
  double y = 60;
  for (int line = 0; line < 34; ++line, y += 6.5) {
    std::string text;
    while (text.size() < 95) text += std::string(words[random() % 25]) + " ";
    cairo_move_to(cr, 22, y);
    cairo_show_text(cr, text.c_str());
  }
  // A table of the documents handed in.
  cairo_set_line_width(cr, 0.3);
  for (int row = 0; row <= 6; ++row) {
    cairo_move_to(cr, 22, y + row * 7);
    cairo_line_to(cr, 188, y + row * 7);
  }
  for (double x : {22.0, 35.0, 140.0, 188.0}) {
    cairo_move_to(cr, x, y);
    cairo_line_to(cr, x, y + 42);
  }
  cairo_stroke(cr);
  // The seal (red) and a signature (blue ink).
  if (colour) cairo_set_source_rgb(cr, 0.8, 0.1, 0.1);
  cairo_set_line_width(cr, 1.2);
  cairo_arc(cr, 150, 265, 17, 0, 6.2832);
  cairo_stroke(cr);
  cairo_arc(cr, 150, 265, 12, 0, 6.2832);
  cairo_stroke(cr);
  if (colour) cairo_set_source_rgb(cr, 0.1, 0.15, 0.6);
  cairo_set_line_width(cr, 0.6);
  cairo_move_to(cr, 135, 262);
  for (int i = 0; i < 12; ++i) cairo_rel_curve_to(cr, 3, -6, 5, 8, 3, (i % 2 ? 4 : -4));
  cairo_stroke(cr);
  cairo_destroy(cr);
  cairo_surface_flush(surface);

  // A scanner's view of it: grey-ish paper, sensor noise.
  Raster page;
  page.width = kWidth;
  page.height = kHeight;
  page.channels = colour ? 3 : 1;
  page.dpi = kDpi;
  page.pixels.resize(page.row_bytes() * kHeight);
  const unsigned char* data = cairo_image_surface_get_data(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  std::normal_distribution<double> noise(0, 3);
  for (int row = 0; row < kHeight; ++row) {
    const auto* in = reinterpret_cast<const uint32_t*>(data + static_cast<size_t>(row) * stride);
    uint8_t* out = page.pixels.data() + static_cast<size_t>(row) * page.row_bytes();
    for (int x = 0; x < kWidth; ++x) {
      const int rgb[3] = {int(in[x] >> 16 & 0xff), int(in[x] >> 8 & 0xff), int(in[x] & 0xff)};
      const double n = noise(random);
      auto scanned = [n](int value) { return static_cast<uint8_t>(std::clamp(18 + value * 0.82 + n, 0.0, 255.0)); };
      if (colour)
        for (int c = 0; c < 3; ++c) out[3 * x + c] = scanned(rgb[c]);
      else
        out[x] = scanned((rgb[0] * 77 + rgb[1] * 150 + rgb[2] * 29) >> 8);
    }
  }
  cairo_surface_destroy(surface);
  return page;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  const int pages = 20;
  const fs::path work = fs::temp_directory_path() / ("mc-bench-capture-" + std::to_string(::getpid()));
  std::vector<uint8_t> key(32);
  if (sodium_init() < 0) return 1;
  randombytes_buf(key.data(), key.size());
  sync::AttachmentStore store((work / "attachments").string(), key, 0);
  std::printf(
      "capture: A4 page at %d dpi (%dx%d px) -> clean-up + JPEG + preview -> one-page PDF -> sealed, "
      "median of %d pages\n",
      kDpi, kWidth, kHeight, pages);
  for (bool colour : {true, false}) {
    std::vector<double> capture_ms, pdf_ms, seal_ms, total_ms;
    size_t jpeg_bytes = 0, sealed_bytes = 0;
    std::vector<uint8_t> last_pdf;
    for (int i = 0; i < pages; ++i) {
      Raster scanned = draw_form(colour, static_cast<uint32_t>(i + 1));  // the scanner's part: not timed
      const auto t0 = std::chrono::steady_clock::now();
      CapturedPage page = captured_page_of(std::move(scanned));
      const double capture = ms_since(t0);
      const auto t1 = std::chrono::steady_clock::now();
      PdfMetadata metadata{"Đơn đề nghị đổi, cấp lại giấy phép lái xe", "000.00.15.G12-260302-1001", "TP1",
                           "2026-03-02T09:00:00+07:00"};
      std::vector<uint8_t> pdf = build_document_pdf({&page}, metadata);
      const double build = ms_since(t1);
      const auto t2 = std::chrono::steady_clock::now();
      const auto sealed = store.seal("000.00.15.G12-260302-" + std::to_string(1000 + i), colour ? "TP1" : "TP2", pdf);
      const double seal = ms_since(t2);
      capture_ms.push_back(capture);
      pdf_ms.push_back(build);
      seal_ms.push_back(seal);
      total_ms.push_back(capture + build + seal);
      jpeg_bytes += page.jpeg.size();
      sealed_bytes += static_cast<size_t>(sealed.sealed_bytes);
      last_pdf = std::move(pdf);
    }
    std::printf(
        "  %-6s  total %6.1f ms/page  (clean-up+JPEG+preview %5.1f, PDF %4.1f, seal %4.1f)   "
        "%6.1f KB/page JPEG, %6.1f KB/page sealed PDF\n",
        colour ? "colour" : "grey", median(total_ms), median(capture_ms), median(pdf_ms), median(seal_ms),
        jpeg_bytes / 1024.0 / pages, sealed_bytes / 1024.0 / pages);
    if (argc > 1) {
      fs::create_directories(argv[1]);
      const fs::path out = fs::path(argv[1]) / (colour ? "bench-page-colour.pdf" : "bench-page-grey.pdf");
      std::ofstream(out, std::ios::binary)
          .write(reinterpret_cast<const char*>(last_pdf.data()), static_cast<std::streamsize>(last_pdf.size()));
      std::printf("          wrote %s\n", out.c_str());
    }
  }
  std::error_code ec;
  fs::remove_all(work, ec);
  return 0;
}
