#include "mc/scanner/decode.hpp"

#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <set>

#include "bent_qr.hpp"
#include "finder_patterns.hpp"
#include "mc/core/text.hpp"

namespace mc::scanner {

namespace {

// The ID card QR carries UTF-8 bytes without an ECI marker, and ZXing's guess for such bytes may be
// Shift_JIS or Latin-1. Bytes that are valid UTF-8 are taken as UTF-8; anything else (ECI present,
// or legacy 8-bit data) is left to ZXing.
std::string text_of(const ZXing::Result& result) {
  if (!result.hasECI()) {
    const auto& bytes = result.bytes();
    std::string raw(bytes.begin(), bytes.end());
    if (is_valid_utf8(raw)) return raw;
  }
  return result.text();
}

void append_results(const ZXing::Results& results, std::vector<DecodedCode>& out) {
  for (const auto& result : results) {
    if (!result.isValid()) continue;
    DecodedCode code{ZXing::ToString(result.format()), text_of(result)};
    if (std::find(out.begin(), out.end(), code) == out.end()) out.push_back(std::move(code));
  }
}

ZXing::ImageView view_of(const GrayImage& image) {
  return ZXing::ImageView(image.pixels.data(), image.width, image.height, ZXing::ImageFormat::Lum);
}

// Finder patterns in still images may be as faint as 8 grey levels (glare across them): there is time to
// look at more candidates than in a live frame, where 14 keeps sensor noise out cheaply.
constexpr int kStillMinContrast = 8;

// Decodes with ZXing and adds what it read; true when `out` holds anything afterwards.
bool read_into(const GrayImage& image, const ZXing::DecodeHints& hints, std::vector<DecodedCode>& out) {
  append_results(ZXing::ReadBarcodes(view_of(image), hints), out);
  return !out.empty();
}

// A light-on-dark code (a phone in dark mode, an app drawing it inverted) becomes a printed-looking one:
// ZXing 1.4 only looks for dark finder patterns.
GrayImage inverted(const GrayImage& image) {
  GrayImage out = image;
  for (auto& p : out.pixels) p = uint8_t(255 - p);
  return out;
}

// The bent-grid reader hands over straightened codes: upright, dark on light, clean.
const ZXing::DecodeHints& straightened_hints() {
  static const ZXing::DecodeHints hints =
      ZXing::DecodeHints().setFormats(ZXing::BarcodeFormat::QRCode).setTryHarder(true).setTryRotate(false);
  return hints;
}

// Reads bent QR codes from the finder patterns found in `image`, in each polarity that has enough of them.
bool read_bent_into(const GrayImage& image, const std::vector<detail::FinderPattern>& finders, int max_triples,
                    std::vector<DecodedCode>& out) {
  for (auto polarity : {detail::Polarity::DarkOnLight, detail::Polarity::LightOnDark}) {
    const auto count = std::count_if(finders.begin(), finders.end(),
                                     [&](const detail::FinderPattern& f) { return f.polarity == polarity; });
    if (count < 3) continue;
    const bool read = detail::read_bent_qr(
        image, finders, polarity,
        [&](const GrayImage& straight) { return read_into(straight, straightened_hints(), out); }, max_triples);
    if (read) return true;
  }
  return false;
}

// Stretches the 1st..99th percentile of the histogram to 0..255: a faded or low-contrast print becomes a
// clear one for the global binarizer.
GrayImage stretch_contrast(const GrayImage& image) {
  size_t histogram[256] = {};
  for (uint8_t p : image.pixels) ++histogram[p];
  const size_t total = image.pixels.size(), cut = total / 100;
  int low = 0, high = 255;
  for (size_t seen = 0; low < 255 && seen + histogram[low] <= cut; ++low) seen += histogram[low];
  for (size_t seen = 0; high > 0 && seen + histogram[high] <= cut; --high) seen += histogram[high];
  GrayImage out = image;
  if (high <= low) return out;
  uint8_t lut[256];
  for (int v = 0; v < 256; ++v) lut[v] = uint8_t(std::clamp((v - low) * 255 / (high - low), 0, 255));
  for (auto& p : out.pixels) p = lut[p];
  return out;
}

// 3x3 box filter: takes the edge off sensor noise that breaks module sampling.
GrayImage smooth(const GrayImage& image) {
  GrayImage out = image;
  const int w = image.width, h = image.height;
  for (int y = 1; y + 1 < h; ++y)
    for (int x = 1; x + 1 < w; ++x) {
      int sum = 0;
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) sum += image.pixels[size_t(y + dy) * w + (x + dx)];
      out.pixels[size_t(y) * w + x] = uint8_t(sum / 9);
    }
  return out;
}

// Halves the size by averaging 2x2 blocks (noise averages out, big modules stay big enough).
GrayImage half_size(const GrayImage& image) {
  GrayImage out{image.width / 2, image.height / 2, {}};
  out.pixels.resize(size_t(out.width) * out.height);
  for (int y = 0; y < out.height; ++y)
    for (int x = 0; x < out.width; ++x) {
      const size_t i = size_t(2 * y) * image.width + 2 * x;
      out.pixels[size_t(y) * out.width + x] =
          uint8_t((image.pixels[i] + image.pixels[i + 1] + image.pixels[i + image.width] +
                   image.pixels[i + image.width + 1] + 2) /
                  4);
    }
  return out;
}

// Doubles the size (nearest neighbour): tiny modules get enough pixels for the detector.
GrayImage double_size(const GrayImage& image) {
  GrayImage out{image.width * 2, image.height * 2, {}};
  out.pixels.resize(size_t(out.width) * out.height);
  for (int y = 0; y < out.height; ++y)
    for (int x = 0; x < out.width; ++x)
      out.pixels[size_t(y) * out.width + x] = image.pixels[size_t(y / 2) * image.width + x / 2];
  return out;
}

}  // namespace

std::vector<DecodedCode> decode_live(const GrayImage& image) {
  std::vector<DecodedCode> out;
  if (!image.valid()) return out;
  static const ZXing::DecodeHints hints = ZXing::DecodeHints()
                                              .setFormats(ZXing::BarcodeFormat::QRCode)
                                              .setTryHarder(false)
                                              .setTryRotate(false)
                                              .setTryDownscale(false)  // the card fills much of the frame
                                              .setMaxNumberOfSymbols(4);
  if (read_into(image, hints, out)) return out;
  // Nothing read. A cheap look for finder patterns (every fifth row, both polarities) says whether a
  // second, dearer look can pay off; on a frame with nothing in view it finds nothing and costs a fraction
  // of the pass above.
  const auto finders = detail::find_finder_patterns(image, 5);
  const auto light_on_dark = std::count_if(finders.begin(), finders.end(), [](const detail::FinderPattern& f) {
    return f.polarity == detail::Polarity::LightOnDark;
  });
  if (light_on_dark >= 2 && read_into(inverted(image), hints, out)) return out;
  // Finder patterns but no code: a bent card, maybe. Two triples at most, to keep a busy frame cheap.
  read_bent_into(image, finders, 2, out);
  return out;
}

std::vector<DecodedCode> decode_thorough(const GrayImage& image) {
  std::vector<DecodedCode> out;
  if (!image.valid()) return out;
  const auto formats = ZXing::BarcodeFormat::QRCode | ZXing::BarcodeFormat::PDF417 | ZXing::BarcodeFormat::DataMatrix |
                       ZXing::BarcodeFormat::Code128 | ZXing::BarcodeFormat::Aztec;
  const ZXing::DecodeHints local = ZXing::DecodeHints().setFormats(formats).setTryHarder(true).setTryRotate(true);
  ZXing::DecodeHints global = local;
  global.setBinarizer(ZXing::Binarizer::GlobalHistogram);

  if (read_into(image, local, out)) return out;
  const GrayImage negative = inverted(image);
  if (read_into(negative, local, out)) return out;
  // Fallbacks, cheapest first, stopping at the first that finds something; each in both polarities.
  for (const GrayImage* polarity : {&image, &negative}) {
    const GrayImage stretched = stretch_contrast(*polarity);
    if (read_into(stretched, global, out)) return out;
    const GrayImage smoothed = smooth(stretched);
    if (read_into(smoothed, local, out)) return out;
    if (read_into(smoothed, global, out)) return out;
    if (image.width >= 200 && image.height >= 200 && read_into(half_size(smoothed), local, out)) return out;
    if (size_t(image.width) * image.height <= 1200u * 1200u && read_into(double_size(stretched), local, out))
      return out;
  }
  // Last, a QR code whose grid is bent: straightened from its finder and alignment patterns (both
  // polarities at once), as it is and with the sensor noise smoothed away.
  if (read_bent_into(image, detail::find_finder_patterns(image, 1, kStillMinContrast), 6, out)) return out;
  const GrayImage smoothed = smooth(image);
  read_bent_into(smoothed, detail::find_finder_patterns(smoothed, 1, kStillMinContrast), 6, out);
  return out;
}

}  // namespace mc::scanner
