#pragma once
// Internal to mc_scanner: a cheap search for the three 7x7 finder squares of QR codes, in either polarity.
// The live path uses it to decide whether a frame ZXing found nothing in deserves a second, more expensive
// look (an inverted pass for light-on-dark codes, the bent-grid reader); the bent-grid reader starts from
// the finders it returns.
#include <vector>

#include "mc/scanner/decode.hpp"

namespace mc::scanner::detail {

enum class Polarity {
  DarkOnLight,  // printed cards, paper
  LightOnDark,  // phone screens in dark mode, apps that draw the code inverted
};

struct FinderPattern {
  double x = 0, y = 0;  // centre, in pixels
  double module = 0;    // module size estimated from the pattern's width and height, in pixels
  Polarity polarity = Polarity::DarkOnLight;
  int hits = 0;  // scanned rows that confirmed this pattern
};

// Scans every `row_step`th row for runs in the ratio 1:1:3:1:1 (dark-light-dark-light-dark, or the
// reverse), confirms each across the column, along the row again and diagonally, and merges hits on the
// same square. `min_contrast` (grey levels between the pattern's dark and light runs) keeps sensor noise
// on an empty desk from looking like a pattern. Cost: two passes over the scanned rows plus short walks.
std::vector<FinderPattern> find_finder_patterns(const GrayImage& image, int row_step, int min_contrast = 14);

}  // namespace mc::scanner::detail
