#pragma once
// A raw page raster as a scanner delivers it: 8 bits a sample, grey (1 channel) or RGB (3), rows packed.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace mc::capture {

struct Raster {
  int width = 0, height = 0;
  int channels = 1;  // 1 grey, 3 RGB
  int dpi = 0;
  std::vector<uint8_t> pixels;  // width * height * channels

  bool colour() const { return channels == 3; }
  size_t row_bytes() const { return static_cast<size_t>(width) * channels; }
};

// Levels a scanned page so the paper is white and the ink dark (the same curve on every channel):
// the page's median tone (the paper) and what is within a few levels of it become white, the darkest 0.5% the ink's
// black. A scanner's grey paper and its noise cost JPEG bytes and make a page harder to read; a clean white does
// neither.
void whiten_paper(Raster& page);

// The page scaled down (box filter) to fit max_width x max_height, as RGB: the picture the screen shows.
Raster preview_of(const Raster& page, int max_width, int max_height);

}  // namespace mc::capture
