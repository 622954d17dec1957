#pragma once
// Internal to mc_scanner: straightening a QR code whose grid is not flat (a card bent in a wallet, held
// against a curved surface), so that ZXing can read it.
//
// ZXing 1.4 maps the grid with one perspective transform fitted to the finder patterns and one alignment
// pattern; when the rows bow by a module or more, its samples in the middle of the code fall on the wrong
// modules. Here the grid is followed instead: every alignment pattern of the version is searched for near
// where the patterns already found predict it (nearest first), and a thin-plate spline through all of them
// and the three finder centres maps module coordinates to the picture. The code is then resampled onto a
// straight grid and handed back for decoding.
//
// Limits: the bend must be smooth between neighbouring alignment patterns (about 16-28 modules apart), as a
// bent card is; a crease or fold between them is not followed. Version 1 codes have no alignment pattern
// and version 2-6 codes only one, so their bend cannot be measured (the ID card's QR is version 7 or
// more). The three finder patterns must each be found, i.e. not themselves broken by the bend or glare.
#include <functional>
#include <vector>

#include "finder_patterns.hpp"

namespace mc::scanner::detail {

// Tries the plausible triples of `finders` of the given polarity (at most `max_triples`) and the versions
// their spacing suggests. `try_decode` receives each straightened code (dark on light whatever the input
// polarity, 4 px per module, with a quiet zone) and returns true when it read it, which ends the search.
bool read_bent_qr(const GrayImage& image, const std::vector<FinderPattern>& finders, Polarity polarity,
                  const std::function<bool(const GrayImage&)>& try_decode, int max_triples = 4);

}  // namespace mc::scanner::detail
