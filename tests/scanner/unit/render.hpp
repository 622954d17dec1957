#pragma once
// Renders barcodes with ZXing's own writer for unit tests that must not depend on external tools.
// (The independent-encoder corpus made with qrencode lives in the system tests.)
#include <ZXing/BitMatrix.h>
#include <ZXing/CharacterSet.h>
#include <ZXing/MultiFormatWriter.h>

#include <string>

#include "mc/scanner/decode.hpp"

namespace mc::scanner::testing {

// The symbol at `scale` pixels per module, pasted at (left, top) on a white canvas of the given size
// (0 = just the symbol with its quiet zone).
inline GrayImage render(ZXing::BarcodeFormat format, const std::string& text, int scale, int canvas_width = 0,
                        int canvas_height = 0, int left = 0, int top = 0) {
  auto writer = ZXing::MultiFormatWriter(format).setMargin(format == ZXing::BarcodeFormat::Code128 ? 10 : 4);
  writer.setEncoding(ZXing::CharacterSet::UTF8);
  const ZXing::BitMatrix bits = writer.encode(text, 0, 0);
  const int w = bits.width() * scale, h = bits.height() * scale * (format == ZXing::BarcodeFormat::Code128 ? 40 : 1);
  if (canvas_width == 0) canvas_width = w, canvas_height = h;
  GrayImage image{canvas_width, canvas_height, std::vector<uint8_t>(size_t(canvas_width) * canvas_height, 255)};
  for (int y = 0; y < h && top + y < canvas_height; ++y)
    for (int x = 0; x < w && left + x < canvas_width; ++x) {
      const int bit_y = format == ZXing::BarcodeFormat::Code128 ? 0 : y / scale;
      if (bits.get(x / scale, bit_y)) image.pixels[size_t(top + y) * canvas_width + (left + x)] = 0;
    }
  return image;
}

}  // namespace mc::scanner::testing
