#pragma once
// Scanned documents for the sync system tests, the crash driver and bench_drain (issue 14), made on the kiosk's
// own path: a page as capture makes it (captured_page_of: the paper whitened, the JPEG, the preview) from a
// raster drawn here, and each document a PDF built when the dossier code is known (build_document_pdf with the
// document's name, the dossier code and the document code in its metadata), sealed by Intake into the
// AttachmentStore, as the kiosk's submit and `kioskctl submit --attach` do.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>
#include "mc/capture/document_pdf.hpp"
#include "mc/capture/document_scanner.hpp"
#include "mc/core/catalog.hpp"
#include "mc/sync/intake.hpp"

namespace mc::sync::testing {

// A typed A4 page as a scanner sees it at `dpi`: `lines` lines of word-like strokes (short vertical and
// horizontal marks, as letters are; a full page holds 37) on slightly grey, noisy paper, and a seal (red in
// colour). `seed` makes pages differ. The text is most of the JPEG's bytes: at 200 dpi, 20 lines make about
// 200 KB, as a scanned certificate is at the kiosk's quality.
inline CapturedPage scanned_page(int dpi, bool colour, uint32_t seed, int lines = 37) {
  capture::Raster page;
  page.width = std::max(64, dpi * 827 / 100);
  page.height = std::max(90, dpi * 1169 / 100);
  page.channels = colour ? 3 : 1;
  page.dpi = dpi;
  std::mt19937 random(seed);
  // The sensor's noise, about +-3 levels (xorshift: a normal distribution per pixel costs the crash driver's
  // start-up more than the rest of it).
  uint32_t state = seed * 2654435761u + 1;
  auto noise = [&state] {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return static_cast<double>(state % 7) - 3.0;
  };
  std::vector<uint8_t> ink(static_cast<size_t>(page.width) * page.height, 0);  // 0 paper, 1 ink, 2 seal
  auto mark = [&](int x, int y, uint8_t what) {
    if (x >= 0 && y >= 0 && x < page.width && y < page.height) ink[static_cast<size_t>(y) * page.width + x] = what;
  };
  const double mm = dpi / 25.4;
  const int margin = static_cast<int>(20 * mm), line_gap = static_cast<int>(6.5 * mm);
  const int glyph_h = std::max(3, static_cast<int>(2.6 * mm)), glyph_w = std::max(2, static_cast<int>(1.7 * mm));
  const int stroke = std::max(1, dpi / 100);
  for (int y = margin, line = 0; y + glyph_h < page.height - margin && line < lines; y += line_gap, ++line) {
    int x = margin;
    while (x + glyph_w < page.width - margin) {
      const int letters = 2 + static_cast<int>(random() % 7);
      for (int l = 0; l < letters && x + glyph_w < page.width - margin; ++l, x += glyph_w + stroke) {
        // A letter: one to three strokes of its own shape.
        const uint32_t shape = random();
        for (int s = 0; s < stroke; ++s) {
          if (shape & 1)
            for (int dy = 0; dy < glyph_h; ++dy) mark(x + s, y + dy, 1);
          if (shape & 2)
            for (int dy = glyph_h / 3; dy < glyph_h; ++dy) mark(x + glyph_w - 1 - s, y + dy, 1);
          if (shape & 4)
            for (int dx = 0; dx < glyph_w; ++dx) mark(x + dx, y + glyph_h / 3 + s, 1);
          if (shape & 8)
            for (int dx = 0; dx < glyph_w; ++dx) mark(x + dx, y + glyph_h - 1 - s, 1);
          if (shape & 16)
            for (int d = 0; d < std::min(glyph_w, glyph_h); ++d) mark(x + d, y + glyph_h - 1 - d, 1);
        }
      }
      x += 2 * glyph_w;  // the space between words
    }
  }
  const int cx = page.width * 3 / 4, cy = page.height * 7 / 8, radius = static_cast<int>(17 * mm);
  for (int a = 0; a < 3600; ++a)
    for (int r : {radius, radius * 3 / 4})
      for (int s = 0; s < 2 * stroke; ++s)
        mark(cx + static_cast<int>((r - s) * std::cos(a * 0.001745)),
             cy + static_cast<int>((r - s) * std::sin(a * 0.001745)), 2);
  page.pixels.resize(page.row_bytes() * page.height);
  for (int y = 0; y < page.height; ++y)
    for (int x = 0; x < page.width; ++x) {
      const uint8_t what = ink[static_cast<size_t>(y) * page.width + x];
      const double n = noise();
      auto level = [n](double value) { return static_cast<uint8_t>(std::clamp(value + n, 0.0, 255.0)); };
      uint8_t* out = page.pixels.data() + (static_cast<size_t>(y) * page.width + x) * page.channels;
      if (!colour) {
        out[0] = level(what == 0 ? 226 : what == 1 ? 30 : 110);
      } else {
        const double rgb[3][3] = {{228, 226, 220}, {25, 25, 45}, {200, 40, 40}};
        for (int c = 0; c < 3; ++c) out[c] = level(rgb[what][c]);
      }
    }
  return capture::captured_page_of(std::move(page));
}

// Attaches a scanned document to a submission as the kiosk does: its PDF (these pages, which must outlive the
// submission) is built once the dossier code is known, named by the catalog's document name.
inline void attach_pages(SubmitRequest& request, const Catalog& catalog, const std::string& document_code,
                         std::vector<const CapturedPage*> pages) {
  std::string name = document_code;
  if (const Procedure* procedure = catalog.find(request.procedure_code))
    for (const auto& document : procedure->documents)
      if (document.code == document_code) name = document.name.vi;
  const int count = static_cast<int>(pages.size());
  request.attachments.push_back(
      {document_code, count, [pages = std::move(pages), name, document_code](const std::string& dossier_code) {
         capture::PdfMetadata metadata;
         metadata.title = name;
         metadata.subject = dossier_code;
         metadata.keywords = document_code;
         return capture::build_document_pdf(pages, metadata);
       }});
}

// The crash and fault tests' documents for dossier n of procedure 1.002820: TP2 (required) always, TP3 (optional)
// in one dossier out of three, each of 1 to 3 pages taken from `pool` (small pages keep the tests quick).
inline void attach_test_documents(SubmitRequest& request, const Catalog& catalog, int n,
                                  const std::vector<CapturedPage>& pool) {
  auto pages = [&pool](int first, int count) {
    std::vector<const CapturedPage*> chosen;
    for (int i = 0; i < count; ++i) chosen.push_back(&pool[static_cast<size_t>(first + i) % pool.size()]);
    return chosen;
  };
  attach_pages(request, catalog, "TP2", pages(n, 1 + n % 3));
  if (n % 3 == 1) attach_pages(request, catalog, "TP3", pages(n + 1, 1 + (n / 3) % 3));
}

// The small pages of those documents: 40 dpi (330 x 467 pixels), three lines of text, grey and colour, about
// 8 KB of PDF a page.
inline std::vector<CapturedPage> small_page_pool() {
  std::vector<CapturedPage> pool;
  for (uint32_t i = 0; i < 3; ++i) pool.push_back(scanned_page(40, i % 2 == 1, 100 + i, 3));
  return pool;
}

}  // namespace mc::sync::testing
