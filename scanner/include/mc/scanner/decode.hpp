#pragma once
// Reading barcodes from grayscale frames and image files with ZXing-cpp.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mc::scanner {

struct DecodedCode {
  std::string format;  // ZXing's name: "QRCode", "PDF417", "DataMatrix", "Code128", "Aztec"
  std::string text;    // UTF-8 whenever the symbol's bytes are UTF-8 (the ID card QR has no ECI marker)
  bool operator==(const DecodedCode&) const = default;
};

// 8-bit luminance, row-major, no padding: pixels.size() == width * height.
struct GrayImage {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> pixels;
  bool valid() const { return width > 0 && height > 0 && pixels.size() == size_t(width) * size_t(height); }
};

// Fast path for live camera frames: QR only, no "try harder". When that reads nothing, a cheap search for
// finder patterns decides on a second look: the inverted frame when it sees light-on-dark ones (a phone in
// dark mode), the bent-grid reader when it sees a code ZXing could not read (a card bent in a wallet).
// Empty when nothing is found.
std::vector<DecodedCode> decode_live(const GrayImage& image);
// Still images: QR, PDF417, Data Matrix, Code 128 and Aztec, trying harder, rotated, light-on-dark as well
// as dark-on-light, on contrast-stretched / smoothed / rescaled copies when the first pass finds nothing,
// and last the bent-grid reader for QR codes whose rows bow.
std::vector<DecodedCode> decode_thorough(const GrayImage& image);

// PNG or JPEG (anything stb_image reads) converted to luminance. nullopt with a reason in `error`
// (file missing, unreadable, not an image, too large).
std::optional<GrayImage> load_image(const std::string& path, std::string& error);
// Interleaved 8-bit pixels with 1 (gray), 2 (gray+alpha), 3 (RGB) or 4 (RGBA) channels to luminance.
GrayImage to_gray(const uint8_t* pixels, int width, int height, int channels);

}  // namespace mc::scanner
