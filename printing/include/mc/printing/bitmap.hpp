#pragma once
// A monochrome raster as the thermal printer sees it: one byte per pixel, 0 = white paper,
// 255 = a burnt dot. The renderer only ever writes 0 or 255, so the PNG preview and the ESC/POS
// raster are two encodings of exactly the same picture.
#include <cstdint>
#include <string>
#include <vector>

namespace mc::printing {

// Rows of the bitmap taken by a QR code. A printer profile with working native QR (GS ( k) gets the
// code as a command instead of these rows; every other printer gets the rows as raster.
struct QrRegion {
  int top = 0;
  int height = 0;
  std::string payload;
  int module_dots = 4;
};

struct Bitmap {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> pixels;  // width * height, row-major, 0 white .. 255 black
  std::vector<QrRegion> qr_regions;
  // What was printed, one entry per paragraph or banner (NFC, before wrapping): the unit tests read the
  // paper's wording from it without OCR.
  std::vector<std::string> texts;

  Bitmap() = default;
  Bitmap(int w, int h) : width(w), height(h), pixels(static_cast<size_t>(w) * h, 0) {}
  bool black(int x, int y) const { return pixels[static_cast<size_t>(y) * width + x] >= 128; }
  uint8_t& at(int x, int y) { return pixels[static_cast<size_t>(y) * width + x]; }
  uint8_t at(int x, int y) const { return pixels[static_cast<size_t>(y) * width + x]; }
};

// Writes an 8-bit greyscale PNG (white paper, black dots). False when the file cannot be written.
bool save_png(const Bitmap& bitmap, const std::string& path);
// The same PNG as bytes (for callers that choose how the file is created, e.g. mode 0600).
std::vector<uint8_t> png_bytes(const Bitmap& bitmap);
// Reads a PNG written by save_png (or any PNG: grey < 128 counts as black). Empty bitmap on failure.
Bitmap load_png(const std::string& path);
// Stacks bitmaps of the same width top to bottom (QR regions are carried along).
Bitmap stack_vertically(const std::vector<Bitmap>& parts, int gap_rows = 0);
// Nearest-neighbour enlargement (for OCR and on-screen previews).
Bitmap scale_up(const Bitmap& bitmap, int factor);

}  // namespace mc::printing
