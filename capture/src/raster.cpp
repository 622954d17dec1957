#include "mc/capture/raster.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace mc::capture {

void whiten_paper(Raster& page) {
  if (page.pixels.empty()) return;
  // Luminance histogram over a sample of the page (every 4th pixel of every 4th row is plenty).
  std::array<uint64_t, 256> histogram{};
  uint64_t counted = 0;
  const int channels = page.channels;
  for (int y = 0; y < page.height; y += 4) {
    const uint8_t* row = page.pixels.data() + static_cast<size_t>(y) * page.row_bytes();
    for (int x = 0; x < page.width; x += 4) {
      const uint8_t* p = row + static_cast<size_t>(x) * channels;
      const int luminance = channels == 3 ? (p[0] * 77 + p[1] * 150 + p[2] * 29) >> 8 : p[0];
      ++histogram[luminance];
      ++counted;
    }
  }
  auto percentile = [&](double share) {
    const uint64_t target = static_cast<uint64_t>(share * static_cast<double>(counted));
    uint64_t running = 0;
    for (int value = 0; value < 256; ++value) {
      running += histogram[value];
      if (running > target) return value;
    }
    return 255;
  };
  // Paper: most of a document page, so the median is the paper's tone. Everything within a few levels of it
  // becomes pure white, so the scanner's sensor noise on the paper costs no JPEG bytes (it is most of them).
  // Never stretch a dark page (a photo, a blank black scan) into noise.
  const int paper = percentile(0.50);
  if (paper < 160) return;
  const int white = std::max(paper - 8, 150);
  const int black = std::min(percentile(0.005), 60);
  if (white - black < 64) return;
  std::array<uint8_t, 256> curve{};
  for (int value = 0; value < 256; ++value) {
    const int stretched = (value - black) * 255 / (white - black);
    curve[value] = static_cast<uint8_t>(std::clamp(stretched, 0, 255));
  }
  for (uint8_t& sample : page.pixels) sample = curve[sample];
}

Raster preview_of(const Raster& page, int max_width, int max_height) {
  Raster preview;
  preview.channels = 3;
  preview.dpi = page.dpi;
  if (page.width <= 0 || page.height <= 0) return preview;
  // Whole-pixel box filter: the factor that makes the page fit.
  const int factor =
      std::max({1, (page.width + max_width - 1) / max_width, (page.height + max_height - 1) / max_height});
  preview.width = std::max(1, page.width / factor);
  preview.height = std::max(1, page.height / factor);
  if (page.dpi > 0) preview.dpi = std::max(1, page.dpi / factor);
  preview.pixels.assign(static_cast<size_t>(preview.width) * preview.height * 3, 0);
  const int channels = page.channels;
  const int area = factor * factor;
  for (int y = 0; y < preview.height; ++y) {
    for (int x = 0; x < preview.width; ++x) {
      int sum[3] = {0, 0, 0};
      for (int dy = 0; dy < factor; ++dy) {
        const uint8_t* row = page.pixels.data() + static_cast<size_t>(y * factor + dy) * page.row_bytes() +
                             static_cast<size_t>(x * factor) * channels;
        for (int dx = 0; dx < factor; ++dx)
          for (int c = 0; c < 3; ++c) sum[c] += row[dx * channels + (channels == 3 ? c : 0)];
      }
      uint8_t* out = preview.pixels.data() + (static_cast<size_t>(y) * preview.width + x) * 3;
      for (int c = 0; c < 3; ++c) out[c] = static_cast<uint8_t>(sum[c] / area);
    }
  }
  return preview;
}

}  // namespace mc::capture
