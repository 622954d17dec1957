// Codes as citizens hold them (issue 21): light-on-dark on a phone screen, a card bent in a wallet. The
// codes come from ZXing's writer and the distortions from plain C++ here, so these run without external
// tools; the system test does the same with qrencode and ImageMagick against zbarimg.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "finder_patterns.hpp"
#include "mc/scanner/scanner.hpp"
#include "render.hpp"

using namespace mc::scanner;
using ZXing::BarcodeFormat;

namespace {

const std::string kPayload =
    "079301012345|123456789|Trần Thị Bích Ngọc|02112001|Nữ|Tổ 5, Ấp Mỹ Hòa, Xã Tân Phú Đông, "
    "Huyện Châu Thành, Tỉnh Tiền Giang|25122022";

GrayImage inverted(GrayImage image) {
  for (auto& p : image.pixels) p = uint8_t(255 - p);
  return image;
}

// Every column shifted down by half a sine across the picture: the rows of a code in it bow by `bow_px`
// between its middle and its ends, as on a card bent around an upright axis. White comes in at the top.
GrayImage bent(const GrayImage& src, double bow_px, int symbol_left, int symbol_width) {
  GrayImage out{src.width, src.height, std::vector<uint8_t>(src.pixels.size(), 255)};
  for (int x = 0; x < src.width; ++x) {
    const double t = std::clamp(double(x - symbol_left) / symbol_width, 0.0, 1.0);
    const double shift = bow_px * std::sin(M_PI * t);
    for (int y = 0; y < src.height; ++y) {
      const double sy = y - shift;
      if (sy < 0 || sy > src.height - 1) continue;
      const int y0 = int(sy), y1 = std::min(y0 + 1, src.height - 1);
      const double f = sy - y0;
      out.pixels[size_t(y) * src.width + x] = uint8_t(
          std::lround(src.pixels[size_t(y0) * src.width + x] * (1 - f) + src.pixels[size_t(y1) * src.width + x] * f));
    }
  }
  return out;
}

// A grey, unevenly lit desk with sensor noise, as the camera sees the kiosk's counter with nothing on it.
GrayImage empty_frame(double noise_sd, uint32_t seed) {
  GrayImage frame{1280, 720, std::vector<uint8_t>(1280 * 720)};
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0, noise_sd);
  for (int y = 0; y < 720; ++y)
    for (int x = 0; x < 1280; ++x)
      frame.pixels[size_t(y) * 1280 + x] = uint8_t(std::clamp(90.0 + 0.05 * x + 0.04 * y + noise(rng), 0.0, 255.0));
  return frame;
}

}  // namespace

TEST_CASE("a light-on-dark code (a phone in dark mode) is read live and from a still image", "[unit]") {
  // The whole frame inverted: light modules on the phone's dark screen, around it the dark screen too.
  const GrayImage frame = inverted(testing::render(BarcodeFormat::QRCode, kPayload, 4, 1280, 720, 480, 160));
  const auto live = decode_live(frame);
  REQUIRE(live.size() == 1);
  CHECK(live[0].text == kPayload);
  const auto still = decode_thorough(inverted(testing::render(BarcodeFormat::QRCode, kPayload, 3)));
  REQUIRE(still.size() == 1);
  CHECK(still[0].text == kPayload);
  // Other formats on a screen too.
  const auto matrix =
      decode_thorough(inverted(testing::render(BarcodeFormat::DataMatrix, "000.00.15.G12-260305-1007", 4)));
  REQUIRE(matrix.size() == 1);
  CHECK(matrix[0].text == "000.00.15.G12-260305-1007");
}

TEST_CASE("a card bent so that its rows bow by one to three modules is read", "[unit]") {
  const int scale = 4;
  const GrayImage flat = testing::render(BarcodeFormat::QRCode, kPayload, scale);
  for (double bow_modules : {1.0, 2.0, 3.0}) {
    CAPTURE(bow_modules);
    // On a canvas with room for the bow; the symbol (without its 4-module quiet zone) bows by the amount.
    const int margin = 4 * scale * 2;
    const GrayImage canvas = testing::render(BarcodeFormat::QRCode, kPayload, scale, flat.width + 2 * margin,
                                             flat.height + 2 * margin, margin, margin);
    const int quiet = 4 * scale;
    const GrayImage card = bent(canvas, bow_modules * scale, margin + quiet, flat.width - 2 * quiet);
    const auto still = decode_thorough(card);
    REQUIRE(still.size() == 1);
    CHECK(still[0].text == kPayload);
    // And live, in a camera frame.
    GrayImage frame{1280, 720, std::vector<uint8_t>(1280 * 720, 200)};
    for (int y = 0; y < card.height; ++y)
      for (int x = 0; x < card.width; ++x)
        frame.pixels[size_t(y + 150) * 1280 + x + 450] = card.pixels[size_t(y) * card.width + x];
    const auto live = decode_live(frame);
    REQUIRE(live.size() == 1);
    CHECK(live[0].text == kPayload);
  }
}

TEST_CASE("a bent light-on-dark code is read too", "[unit]") {
  const int scale = 4, margin = 32, quiet = 16;
  const GrayImage flat = testing::render(BarcodeFormat::QRCode, kPayload, scale);
  const GrayImage canvas = testing::render(BarcodeFormat::QRCode, kPayload, scale, flat.width + 2 * margin,
                                           flat.height + 2 * margin, margin, margin);
  const GrayImage screen = inverted(bent(canvas, 2.0 * scale, margin + quiet, flat.width - 2 * quiet));
  const auto still = decode_thorough(screen);
  REQUIRE(still.size() == 1);
  CHECK(still[0].text == kPayload);
}

TEST_CASE("finder pattern search: three per code in its polarity, none in sensor noise", "[unit]") {
  const GrayImage printed = testing::render(BarcodeFormat::QRCode, kPayload, 3, 1280, 720, 500, 200);
  for (const auto& [image, polarity] : {std::pair{printed, detail::Polarity::DarkOnLight},
                                        std::pair{inverted(printed), detail::Polarity::LightOnDark}}) {
    const auto finders = detail::find_finder_patterns(image, 5);
    int matching = 0;
    for (const auto& f : finders) {
      CHECK(f.polarity == polarity);  // data modules may fake a pattern of the other colour, but not here
      CHECK(f.module == Approx(3).margin(0.5));
      ++matching;
    }
    CHECK(matching == 3);
  }
  // An empty counter, plain and grainy: the live path's second look must find nothing to do here, or it
  // would cost its time on every frame.
  for (double noise : {3.0, 8.0}) {
    CAPTURE(noise);
    CHECK(detail::find_finder_patterns(empty_frame(noise, 7), 5).empty());
    CHECK(decode_live(empty_frame(noise, 8)).empty());
  }
}
