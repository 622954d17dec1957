// Capture to sealed PDF of one A4 page at 200 dpi (issue 14; goals: under 150 ms a page, excluding the
// scanner's own speed; under 250 KB a page in colour, 120 KB in grey, readable by a clerk).
//
// What the page models: what a flatbed or ADF document scanner delivers from a filled-in application form
// ("Đơn đề nghị đổi, cấp lại giấy phép lái xe"), the kind of paper a citizen hands in. cairo draws the
// document: the national heading, a title, about 25 lines of 13 pt Vietnamese text (Times-sized, see kPt),
// a table of the papers handed in, a 30x40 mm portrait photo (smooth gradients, as a printed photo), the
// applicant's signature in blue ink and the commune's round red seal printed over the signer's name. The
// bench then makes it a scan: off-white (warm) paper with a slow paper-tone texture of about ±3 levels,
// the scanner optics' slight blur (a [1 2 1] kernel each way), ink that is dark grey rather than black,
// and sensor noise (σ ≈ 2 levels, independent in each colour channel; the grey mode's own luminance
// in grey). Independent channel noise matters: a page whose noise is the same in R, G and B has no
// chroma to code, which once made colour look as cheap as grey here.
//
// Timed per page: clean-up + JPEG + preview (capture_page's work after the scan), the document PDF (cairo),
// and sealing it into the attachment store (secretstream, fsync). Median of 20 pages each (wall time;
// the thread's CPU time beside it, since the machine is often shared; the load average is printed).
// `bench_capture [OUT_DIR]` also writes the last colour and grey PDFs there, to look at; the README's
// sample page is the colour one (as sealed) rendered with poppler-utils:
//   pdftoppm -r 50 -png -singlefile OUT_DIR/bench-page-colour.pdf docs/capture-sample-page
//   pdftoppm -r 200 -x 160 -y 600 -W 800 -H 470 -png -singlefile OUT_DIR/bench-page-colour.pdf crop
// (docs/capture-sample-crop.png: 100%, one pixel of the scan a pixel).
//
// Where the bytes go: the paper, white after the clean-up, costs about 15 KB; each full line of text about
// 7 KB, the same in grey and colour (the letters' edges; colour adds only the seal's and photo's chroma).
// That is why grey is not half of colour on a document, and why 120 KB grey is about 15 lines of text.
#include <cairo.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "mc/capture/document_pdf.hpp"
#include "mc/capture/document_scanner.hpp"
#include "mc/capture/jpeg.hpp"
#include "mc/sync/attachment_store.hpp"

using namespace mc;
using namespace mc::capture;
namespace fs = std::filesystem;

namespace {

constexpr int kDpi = 200;
constexpr int kWidth = 1654, kHeight = 2339;  // A4 at 200 dpi
// Vietnamese administrative documents are typed in Times New Roman, 13-14 pt (Nghị định 30/2020). Its clones
// here (Liberation Serif, Nimbus Roman) lack Vietnamese letters; Noto Serif (fonts-noto-core, setup.sh) has
// them, and at 0.84 of the size it has Times' x-height (0.536 em against 0.448): "13 pt" below reads as
// Times 13 pt does.
const char* const kFont = "Noto Serif";
constexpr double kPt = 25.4 / 72 * 0.84;

void text_at(cairo_t* cr, double x, double y, const std::string& text, double size, bool bold = false) {
  cairo_select_font_face(cr, kFont, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size * kPt);
  cairo_move_to(cr, x, y);
  cairo_show_text(cr, text.c_str());
}

void centred(cairo_t* cr, double centre, double y, const std::string& text, double size, bool bold = false) {
  cairo_select_font_face(cr, kFont, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size * kPt);
  cairo_text_extents_t extents;
  cairo_text_extents(cr, text.c_str(), &extents);
  cairo_move_to(cr, centre - extents.x_advance / 2, y);
  cairo_show_text(cr, text.c_str());
}

// One UTF-8 character at a time, for the seal's ring of text.
std::vector<std::string> characters(const std::string& text) {
  std::vector<std::string> out;
  for (size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    out.push_back(text.substr(i, length));
    i += length;
  }
  return out;
}

// The commune's round seal: two rings, the office's name around, a star in the middle.
void seal(cairo_t* cr, double cx, double cy) {
  cairo_save(cr);
  cairo_set_operator(cr, CAIRO_OPERATOR_MULTIPLY);  // ink over ink, as a stamp over a signature
  cairo_set_source_rgba(cr, 0.86, 0.12, 0.16, 0.9);
  cairo_set_line_width(cr, 0.9);
  cairo_arc(cr, cx, cy, 18, 0, 2 * M_PI);
  cairo_stroke(cr);
  cairo_set_line_width(cr, 0.4);
  cairo_arc(cr, cx, cy, 12.5, 0, 2 * M_PI);
  cairo_stroke(cr);
  cairo_select_font_face(cr, kFont, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size(cr, 8.5 * kPt);
  const auto letters = characters("ỦY BAN NHÂN DÂN PHƯỜNG BẾN NGHÉ * QUẬN 1 * TP. HỒ CHÍ MINH * ");
  for (size_t i = 0; i < letters.size(); ++i) {
    const double angle = -M_PI / 2 + 2 * M_PI * static_cast<double>(i) / static_cast<double>(letters.size());
    cairo_save(cr);
    cairo_translate(cr, cx + 14 * std::cos(angle), cy + 14 * std::sin(angle));
    cairo_rotate(cr, angle + M_PI / 2);
    cairo_text_extents_t extents;
    cairo_text_extents(cr, letters[i].c_str(), &extents);
    cairo_move_to(cr, -extents.x_advance / 2, 0);
    cairo_show_text(cr, letters[i].c_str());
    cairo_restore(cr);
  }
  for (int i = 0; i < 10; ++i) {  // a five-pointed star
    const double angle = -M_PI / 2 + i * M_PI / 5, radius = i % 2 ? 2.2 : 5.5;
    cairo_line_to(cr, cx + radius * std::cos(angle), cy + radius * std::sin(angle));
  }
  cairo_close_path(cr);
  cairo_fill(cr);
  cairo_restore(cr);
}

// A 3x4 portrait as a printed photo: a blue backdrop, shirt, face and hair in soft gradients.
void photo(cairo_t* cr, double x, double y) {
  cairo_save(cr);
  cairo_rectangle(cr, x, y, 30, 40);
  cairo_clip(cr);
  cairo_pattern_t* backdrop = cairo_pattern_create_linear(x, y, x + 30, y + 40);
  cairo_pattern_add_color_stop_rgb(backdrop, 0, 0.55, 0.72, 0.92);
  cairo_pattern_add_color_stop_rgb(backdrop, 1, 0.30, 0.50, 0.80);
  cairo_set_source(cr, backdrop);
  cairo_paint(cr);
  cairo_pattern_destroy(backdrop);
  cairo_set_source_rgb(cr, 0.95, 0.95, 0.97);  // white shirt
  cairo_save(cr);
  cairo_translate(cr, x + 15, y + 43);
  cairo_scale(cr, 17, 12);
  cairo_arc(cr, 0, 0, 1, 0, 2 * M_PI);
  cairo_restore(cr);
  cairo_fill(cr);
  cairo_pattern_t* skin = cairo_pattern_create_radial(x + 13.5, y + 17, 1, x + 15, y + 19, 9);
  cairo_pattern_add_color_stop_rgb(skin, 0, 0.93, 0.78, 0.65);
  cairo_pattern_add_color_stop_rgb(skin, 1, 0.74, 0.55, 0.42);
  cairo_set_source(cr, skin);
  cairo_rectangle(cr, x + 12, y + 24, 6, 8);  // neck
  cairo_fill(cr);
  cairo_save(cr);
  cairo_translate(cr, x + 15, y + 19);
  cairo_scale(cr, 7, 9);
  cairo_arc(cr, 0, 0, 1, 0, 2 * M_PI);
  cairo_restore(cr);
  cairo_fill(cr);
  cairo_pattern_destroy(skin);
  cairo_set_source_rgb(cr, 0.08, 0.07, 0.07);  // hair
  cairo_save(cr);
  cairo_translate(cr, x + 15, y + 14);
  cairo_scale(cr, 7.6, 5.5);
  cairo_arc(cr, 0, 0, 1, M_PI, 2 * M_PI);
  cairo_restore(cr);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 0.15, 0.1, 0.1);  // eyes, mouth
  cairo_arc(cr, x + 12.3, y + 18.5, 0.6, 0, 2 * M_PI);
  cairo_fill(cr);
  cairo_arc(cr, x + 17.7, y + 18.5, 0.6, 0, 2 * M_PI);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 0.6, 0.3, 0.3);
  cairo_set_line_width(cr, 0.5);
  cairo_move_to(cr, x + 13, y + 24);
  cairo_curve_to(cr, x + 14, y + 25, x + 16, y + 25, x + 17, y + 24);
  cairo_stroke(cr);
  cairo_restore(cr);
}

// The document as printed: cairo, RGB, millimetres.
cairo_surface_t* draw_document(uint32_t seed) {
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, kWidth, kHeight);
  cairo_t* cr = cairo_create(surface);
  cairo_scale(cr, kDpi / 25.4, kDpi / 25.4);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  photo(cr, 22, 18);
  cairo_set_source_rgb(cr, 0, 0, 0);
  centred(cr, 125, 24, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, true);
  centred(cr, 125, 30.5, "Độc lập - Tự do - Hạnh phúc", 14, true);
  cairo_set_line_width(cr, 0.3);
  cairo_move_to(cr, 101, 32.5);
  cairo_line_to(cr, 149, 32.5);
  cairo_stroke(cr);
  centred(cr, 125, 50, "ĐƠN ĐỀ NGHỊ ĐỔI, CẤP LẠI GIẤY PHÉP LÁI XE", 14, true);
  centred(cr, 125, 64, "Kính gửi: Sở Giao thông vận tải Thành phố Hồ Chí Minh", 13);

  // Fields filled in by hand-typing, then a paragraph: lines wrapped to the text column.
  std::mt19937 random(seed);
  const char* fields[] = {"Tôi là: NGUYỄN VĂN AN",
                          "Quốc tịch: Việt Nam          Nam, Nữ: Nam",
                          "Sinh ngày: 12 tháng 05 năm 1985",
                          "Nơi cư trú: 45 Lê Lợi, phường Bến Nghé, quận 1, Thành phố Hồ Chí Minh",
                          "Số thẻ căn cước công dân: 079085001234   cấp ngày 10/03/2021",
                          "Nơi cấp: Cục Cảnh sát quản lý hành chính về trật tự xã hội",
                          "Đã học lái xe tại: Trường Cao đẳng Giao thông vận tải năm 2008",
                          "Hiện đã có giấy phép lái xe hạng: B2   số: 790123456789",
                          "do Sở Giao thông vận tải Thành phố Hồ Chí Minh cấp ngày 20/06/2016"};
  double y = 80;
  for (const char* field : fields) {
    text_at(cr, 22, y, field, 13);
    y += 7.2;
  }
  const char* words[] = {"Tôi",      "xin",     "cam đoan", "những",    "điều",  "ghi",     "trên",  "đây",
                         "là",       "đúng",    "sự thật",  "nếu",      "sai",   "tôi",     "hoàn",  "toàn",
                         "chịu",     "trách",   "nhiệm",    "trước",    "pháp",  "luật",    "đề",    "nghị",
                         "cơ quan",  "xem xét", "cấp lại",  "giấy",     "phép",  "lái xe",  "hạng",  "theo",
                         "quy định", "của",     "Bộ",       "Giao",     "thông", "vận tải", "hồ sơ", "kèm theo",
                         "bản sao",  "giấy",    "khám",     "sức khỏe", "người", "lái xe",  "được",  "cấp"};
  constexpr int kWords = sizeof(words) / sizeof(words[0]);
  cairo_select_font_face(cr, kFont, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, 13 * kPt);
  for (int line = 0; line < 7; ++line, y += 7.2) {
    std::string text = line == 0 ? "     Lý do: " : "";
    for (;;) {
      const std::string next = text + words[random() % kWords] + " ";
      cairo_text_extents_t extents;
      cairo_text_extents(cr, next.c_str(), &extents);
      if (extents.x_advance > 166) break;
      text = next;
    }
    cairo_move_to(cr, 22, y);
    cairo_show_text(cr, text.c_str());
  }

  // The papers handed in, in a table.
  y += 2;
  const char* rows[][2] = {{"TT", "Giấy tờ kèm theo"},
                           {"1", "Giấy khám sức khỏe của người lái xe"},
                           {"2", "Bản sao thẻ căn cước công dân"},
                           {"3", "Giấy phép lái xe cũ (bản chính)"},
                           {"4", "Ảnh màu 3x4 cm, nền xanh"}};
  for (int row = 0; row < 5; ++row) {
    text_at(cr, 25, y + row * 7 + 5, rows[row][0], 12, row == 0);
    text_at(cr, 38, y + row * 7 + 5, rows[row][1], 12, row == 0);
  }
  cairo_set_line_width(cr, 0.25);
  for (int row = 0; row <= 5; ++row) {
    cairo_move_to(cr, 22, y + row * 7);
    cairo_line_to(cr, 188, y + row * 7);
  }
  for (double x : {22.0, 34.0, 188.0}) {
    cairo_move_to(cr, x, y);
    cairo_line_to(cr, x, y + 35);
  }
  cairo_stroke(cr);

  // Date, the signer's block with a blue signature, the commune's confirmation with its red seal.
  centred(cr, 150, 246, "TP. Hồ Chí Minh, ngày 02 tháng 3 năm 2026", 13);
  centred(cr, 150, 253, "NGƯỜI LÀM ĐƠN", 13, true);
  centred(cr, 150, 282, "Nguyễn Văn An", 13, true);
  centred(cr, 60, 253, "XÁC NHẬN CỦA UBND PHƯỜNG", 13, true);
  centred(cr, 60, 282, "Trần Thị Bình", 13, true);
  cairo_set_source_rgb(cr, 0.1, 0.15, 0.55);
  cairo_set_line_width(cr, 0.5);
  for (double x0 : {132.0, 48.0}) {
    cairo_move_to(cr, x0, 268);
    for (int i = 0; i < 10; ++i) cairo_rel_curve_to(cr, 2, -7, 4, 7, 3.5, (i % 2 ? 3 : -3));
    cairo_stroke(cr);
  }
  seal(cr, 52, 268);
  cairo_destroy(cr);
  cairo_surface_flush(surface);
  return surface;
}

// A cheap, roughly normal random number (sum of four uniform bytes), σ = 1.
struct Noise {
  uint64_t state;
  float operator()() {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    const int sum = int(state & 0xff) + int(state >> 8 & 0xff) + int(state >> 16 & 0xff) + int(state >> 24 & 0xff);
    return (sum - 510) / 147.8f;
  }
};

// The scanner's view of the printed document: warm off-white paper with a slow tone texture, slight optical
// blur, ink a dark grey, sensor noise; in grey mode the scanner's own luminance.
Raster scan(cairo_surface_t* document, bool colour, uint32_t seed) {
  const unsigned char* data = cairo_image_surface_get_data(document);
  const int stride = cairo_image_surface_get_stride(document);
  // Optical blur, [1 2 1]/4 across then down, on the document's RGB.
  std::vector<float> rgb(size_t(kWidth) * kHeight * 3), across(rgb.size());
  for (int y = 0; y < kHeight; ++y) {
    const auto* in = reinterpret_cast<const uint32_t*>(data + size_t(y) * stride);
    for (int x = 0; x < kWidth; ++x)
      for (int c = 0; c < 3; ++c) rgb[(size_t(y) * kWidth + x) * 3 + c] = float(in[x] >> (16 - 8 * c) & 0xff);
  }
  for (int y = 0; y < kHeight; ++y)
    for (int x = 0; x < kWidth; ++x)
      for (int c = 0; c < 3; ++c) {
        const size_t i = (size_t(y) * kWidth + x) * 3 + c;
        const float left = rgb[i - (x > 0 ? 3 : 0)], right = rgb[i + (x + 1 < kWidth ? 3 : 0)];
        across[i] = (left + 2 * rgb[i] + right) / 4;
      }
  for (int y = 0; y < kHeight; ++y)
    for (int x = 0; x < kWidth; ++x)
      for (int c = 0; c < 3; ++c) {
        const size_t i = (size_t(y) * kWidth + x) * 3 + c, row = size_t(kWidth) * 3;
        const float up = across[i - (y > 0 ? row : 0)], down = across[i + (y + 1 < kHeight ? row : 0)];
        rgb[i] = (up + 2 * across[i] + down) / 4;
      }
  // Paper tone texture: random levels on a 24-pixel grid (3 mm), bilinear between them, ±3 levels.
  std::mt19937 random(seed * 7919u);
  constexpr int kCell = 24;
  const int cells_x = kWidth / kCell + 2, cells_y = kHeight / kCell + 2;
  std::uniform_real_distribution<float> tone(-3, 3);
  std::vector<float> grid(size_t(cells_x) * cells_y);
  for (float& value : grid) value = tone(random);
  const float paper[3] = {238, 235, 226}, ink = 30;
  Noise noise{0x9E3779B97F4A7C15ull ^ seed};
  Raster page;
  page.width = kWidth;
  page.height = kHeight;
  page.channels = colour ? 3 : 1;
  page.dpi = kDpi;
  page.pixels.resize(page.row_bytes() * kHeight);
  for (int y = 0; y < kHeight; ++y) {
    const int gy = y / kCell;
    const float fy = float(y % kCell) / kCell;
    uint8_t* out = page.pixels.data() + size_t(y) * page.row_bytes();
    for (int x = 0; x < kWidth; ++x) {
      const int gx = x / kCell;
      const float fx = float(x % kCell) / kCell;
      auto g = [&](int cx, int cy) { return grid[size_t(cy) * cells_x + cx]; };
      const float texture = (g(gx, gy) * (1 - fx) + g(gx + 1, gy) * fx) * (1 - fy) +
                            (g(gx, gy + 1) * (1 - fx) + g(gx + 1, gy + 1) * fx) * fy;
      float scanned[3];
      for (int c = 0; c < 3; ++c) {
        const float reflectance = rgb[(size_t(y) * kWidth + x) * 3 + c] / 255;
        scanned[c] = ink + (paper[c] + texture - ink) * reflectance;
      }
      auto level = [](float value) { return uint8_t(std::clamp(value + 0.5f, 0.0f, 255.0f)); };
      if (colour) {
        for (int c = 0; c < 3; ++c) out[3 * x + c] = level(scanned[c] + 2 * noise());
      } else {
        out[x] = level(0.299f * scanned[0] + 0.587f * scanned[1] + 0.114f * scanned[2] + 2 * noise());
      }
    }
  }
  return page;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

double thread_cpu_ms() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  const int pages = 20;
  const fs::path work = fs::temp_directory_path() / ("mc-bench-capture-" + std::to_string(::getpid()));
  std::vector<uint8_t> key(32);
  if (sodium_init() < 0) return 1;
  randombytes_buf(key.data(), key.size());
  sync::AttachmentStore store((work / "attachments").string(), key, 0);
  double load[3] = {0, 0, 0};
  if (getloadavg(load, 3) < 0) load[0] = -1;
  std::printf(
      "capture: A4 form page at %d dpi (%dx%d px; text, table, photo, signature, red seal, scanner paper and noise)\n"
      "  -> clean-up + JPEG (quality %d colour 4:2:0, %d grey) + preview -> one-page PDF -> sealed; median of %d "
      "pages; load average %.2f on %ld cores\n",
      kDpi, kWidth, kHeight, kColourQuality, kGreyQuality, pages, load[0], sysconf(_SC_NPROCESSORS_ONLN));
  std::vector<cairo_surface_t*> documents;
  for (int i = 0; i < 4; ++i) documents.push_back(draw_document(static_cast<uint32_t>(i + 1)));
  for (bool colour : {true, false}) {
    std::vector<double> capture_ms, pdf_ms, seal_ms, total_ms, cpu_ms;
    size_t jpeg_bytes = 0, sealed_bytes = 0;
    int components = 0;
    std::vector<uint8_t> last_pdf;
    for (int i = 0; i < pages; ++i) {
      // The scanner's part: not timed. Four documents (their text differs), each scanned with its own noise.
      Raster scanned = scan(documents[i % documents.size()], colour, static_cast<uint32_t>(i + 1));
      const double cpu0 = thread_cpu_ms();
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
      cpu_ms.push_back(thread_cpu_ms() - cpu0);
      capture_ms.push_back(capture);
      pdf_ms.push_back(build);
      seal_ms.push_back(seal);
      total_ms.push_back(capture + build + seal);
      jpeg_bytes += page.jpeg.size();
      sealed_bytes += static_cast<size_t>(sealed.sealed_bytes);
      if (auto info = jpeg_info(page.jpeg)) components = info->components;
      last_pdf = std::move(pdf);
    }
    std::printf(
        "  %-6s  total %6.1f ms/page wall, %6.1f ms CPU  (clean-up+JPEG+preview %5.1f, PDF %4.1f, seal %4.1f)   "
        "JPEG %d component%s, %6.1f KB/page; sealed PDF %6.1f KB/page\n",
        colour ? "colour" : "grey", median(total_ms), median(cpu_ms), median(capture_ms), median(pdf_ms),
        median(seal_ms), components, components == 1 ? "" : "s", jpeg_bytes / 1024.0 / pages,
        sealed_bytes / 1024.0 / pages);
    if (argc > 1) {
      fs::create_directories(argv[1]);
      const fs::path out = fs::path(argv[1]) / (colour ? "bench-page-colour.pdf" : "bench-page-grey.pdf");
      std::ofstream(out, std::ios::binary)
          .write(reinterpret_cast<const char*>(last_pdf.data()), static_cast<std::streamsize>(last_pdf.size()));
      std::printf("          wrote %s\n", out.c_str());
    }
  }
  for (cairo_surface_t* document : documents) cairo_surface_destroy(document);
  std::error_code ec;
  fs::remove_all(work, ec);
  return 0;
}
