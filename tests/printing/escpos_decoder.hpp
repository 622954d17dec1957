#pragma once
// Test helper: interprets the ESC/POS commands our encoder emits back into a picture, so tests can
// compare what the printer would burn with the PNG preview. Anything else is reported as an error:
// a command we did not mean to send is a bug too.
#include <cstdint>
#include <string>
#include <vector>

#include "mc/printing/bitmap.hpp"

namespace mc::printing::testing {

struct DecodedEscpos {
  Bitmap image;                        // raster rows (and ESC J feeds as white rows), in order
  std::vector<int> strip_rows;         // rows of every GS v 0 command
  std::vector<int> cut_after_row;      // image row count at every GS V
  std::vector<int> cut_modes;          // 0 full, 1 partial
  std::vector<std::string> native_qr;  // payloads printed with GS ( k
  std::vector<int> native_qr_at_row;   // image row count where each native QR was printed
  int inits = 0;                       // ESC @
  std::vector<std::string> errors;
};

inline DecodedEscpos decode_escpos(const std::vector<uint8_t>& bytes) {
  DecodedEscpos out;
  std::vector<uint8_t> rows;  // pixels, width known from the first raster command
  int width = 0;
  std::string stored_qr;
  auto error = [&](size_t at, const std::string& what) {
    out.errors.push_back("offset " + std::to_string(at) + ": " + what);
  };
  auto need = [&](size_t at, size_t n) { return at + n <= bytes.size(); };
  size_t i = 0;
  while (i < bytes.size()) {
    uint8_t b = bytes[i];
    if (b == 0x1B && need(i, 2)) {
      uint8_t c = bytes[i + 1];
      if (c == '@') {
        ++out.inits;
        i += 2;
        continue;
      }
      if (c == 'a' && need(i, 3)) {
        i += 3;
        continue;
      }
      if (c == 'J' && need(i, 3)) {
        if (width == 0) {
          error(i, "feed before any raster");
          i += 3;
          continue;
        }
        rows.resize(rows.size() + static_cast<size_t>(bytes[i + 2]) * width, 0);
        i += 3;
        continue;
      }
    }
    if (b == 0x1D && need(i, 2)) {
      uint8_t c = bytes[i + 1];
      if (c == 'v' && need(i, 8) && bytes[i + 2] == '0') {
        int x_bytes = bytes[i + 4] | (bytes[i + 5] << 8);
        int y_rows = bytes[i + 6] | (bytes[i + 7] << 8);
        if (bytes[i + 3] != 0) error(i, "GS v 0 with a scaling mode");
        if (width == 0) width = x_bytes * 8;
        if (x_bytes * 8 != width) error(i, "GS v 0 width changed");
        size_t data = static_cast<size_t>(x_bytes) * y_rows;
        if (!need(i + 8, data)) {
          error(i, "GS v 0 data truncated");
          break;
        }
        out.strip_rows.push_back(y_rows);
        for (int y = 0; y < y_rows; ++y)
          for (int x = 0; x < width; ++x) {
            uint8_t byte = bytes[i + 8 + static_cast<size_t>(y) * x_bytes + x / 8];
            rows.push_back((byte & (0x80 >> (x % 8))) ? 255 : 0);
          }
        i += 8 + data;
        continue;
      }
      if (c == 'V' && need(i, 3)) {
        out.cut_after_row.push_back(width ? static_cast<int>(rows.size() / width) : 0);
        out.cut_modes.push_back(bytes[i + 2] == 1 || bytes[i + 2] == 49 ? 1 : 0);
        i += 3;
        continue;
      }
      if (c == '(' && need(i, 5) && bytes[i + 2] == 'k') {
        size_t length = bytes[i + 3] | (bytes[i + 4] << 8);
        if (!need(i + 5, length) || length < 2) {
          error(i, "GS ( k truncated");
          break;
        }
        uint8_t cn = bytes[i + 5], fn = bytes[i + 6];
        if (cn != 49) error(i, "GS ( k not a QR function");
        if (fn == 80) stored_qr.assign(bytes.begin() + i + 8, bytes.begin() + i + 5 + length);
        if (fn == 81) {
          out.native_qr.push_back(stored_qr);
          out.native_qr_at_row.push_back(width ? static_cast<int>(rows.size() / width) : 0);
        }
        i += 5 + length;
        continue;
      }
    }
    error(i, "unexpected byte " + std::to_string(b));
    ++i;
  }
  if (width) {
    out.image.width = width;
    out.image.height = static_cast<int>(rows.size() / width);
    out.image.pixels = std::move(rows);
  }
  return out;
}

}  // namespace mc::printing::testing
