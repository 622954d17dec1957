#include <catch2/catch.hpp>

#include "escpos_decoder.hpp"
#include "mc/printing/escpos.hpp"

using namespace mc::printing;
using mc::printing::testing::decode_escpos;

namespace {

Bitmap pattern(int width, int height) {
  Bitmap bitmap(width, height);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      if ((x * 7 + y * 13) % 11 < 4 || x == y % width) bitmap.at(x, y) = 255;
  return bitmap;
}

}  // namespace

TEST_CASE("ESC/POS raster decodes back to the same picture, in strips of at most 256 rows", "[printing][escpos]") {
  PrinterProfile profile;
  profile.feed_before_cut_dots = 0;
  for (int height : {1, 255, 256, 257, 700}) {
    Bitmap bitmap = pattern(576, height);
    auto decoded = decode_escpos(encode_escpos(bitmap, profile));
    INFO("height " << height);
    CHECK(decoded.errors.empty());
    CHECK(decoded.inits == 1);
    CHECK(decoded.image.width == 576);
    CHECK(decoded.image.pixels == bitmap.pixels);
    int total = 0;
    for (int rows : decoded.strip_rows) {
      CHECK(rows <= 256);
      CHECK(rows > 0);
      total += rows;
    }
    CHECK(total == height);
    CHECK(decoded.strip_rows.size() == static_cast<size_t>((height + 255) / 256));
  }
}

TEST_CASE("ESC/POS honours a smaller strip size, the feed and the cut from the profile", "[printing][escpos]") {
  PrinterProfile profile;
  profile.max_strip_rows = 100;
  profile.feed_before_cut_dots = 40;
  profile.cut = CutMode::Partial;
  Bitmap bitmap = pattern(384, 250);
  auto decoded = decode_escpos(encode_escpos(bitmap, profile));
  CHECK(decoded.errors.empty());
  CHECK(decoded.strip_rows == std::vector<int>{100, 100, 50});
  REQUIRE(decoded.image.height == 290);  // 250 rows + 40 feed
  CHECK(std::vector<uint8_t>(decoded.image.pixels.begin(), decoded.image.pixels.begin() + 384 * 250) == bitmap.pixels);
  CHECK(decoded.cut_after_row == std::vector<int>{290});
  CHECK(decoded.cut_modes == std::vector<int>{1});

  profile.cut = CutMode::None;
  CHECK(decode_escpos(encode_escpos(bitmap, profile)).cut_after_row.empty());
  profile.cut = CutMode::Full;
  CHECK(decode_escpos(encode_escpos(bitmap, profile)).cut_modes == std::vector<int>{0});
}

TEST_CASE("Native QR replaces the QR rows only when the profile says it works", "[printing][escpos]") {
  Bitmap bitmap = pattern(576, 600);
  bitmap.qr_regions.push_back(QrRegion{200, 180, "000.00.15.G12-260302-1007", 6});
  PrinterProfile profile;
  profile.feed_before_cut_dots = 0;

  auto raster_only = decode_escpos(encode_escpos(bitmap, profile));
  CHECK(raster_only.native_qr.empty());
  CHECK(raster_only.image.pixels == bitmap.pixels);

  profile.native_qr = true;
  auto native = decode_escpos(encode_escpos(bitmap, profile));
  CHECK(native.errors.empty());
  REQUIRE(native.native_qr == std::vector<std::string>{"000.00.15.G12-260302-1007"});
  CHECK(native.native_qr_at_row == std::vector<int>{200});
  // Everything but the QR rows is still raster, in order.
  REQUIRE(native.image.height == 600 - 180);
  auto expected = bitmap.pixels;
  expected.erase(expected.begin() + 576 * 200, expected.begin() + 576 * 380);
  CHECK(native.image.pixels == expected);
}

TEST_CASE("DLE EOT status bytes map to printer states", "[printing][escpos]") {
  const uint8_t ok = 0x12;  // fixed bits only: nothing wrong
  CHECK(status_request(4) == std::vector<uint8_t>{0x10, 0x04, 0x04});
  CHECK(is_status_byte(0x12));
  CHECK(is_status_byte(0x7E));
  CHECK_FALSE(is_status_byte(0x00));
  CHECK_FALSE(is_status_byte(0xFF));

  CHECK(decode_status(ok, ok, ok, ok) == PrinterState::Ready);
  // n=4 bits 2,3: paper roll near end.
  CHECK(decode_status(ok, ok, ok, 0x12 | 0x0C) == PrinterState::PaperNearEnd);
  // n=4 bits 5,6: paper end; n=2 bit 5: stopped because of paper end; n=1 bit 3: offline.
  CHECK(decode_status(0x12 | 0x08, 0x12 | 0x20, ok, 0x12 | 0x60) == PrinterState::PaperOut);
  CHECK(decode_status(0x12 | 0x08, 0x12 | 0x20, ok, std::nullopt) == PrinterState::PaperOut);
  // n=2 bit 2: cover open.
  CHECK(decode_status(0x12 | 0x08, 0x12 | 0x04, ok, ok) == PrinterState::CoverOpen);
  // n=3 bit 3: cutter error; n=2 bit 6: error; n=1 bit 3 with no known cause.
  CHECK(decode_status(0x12 | 0x08, 0x12 | 0x40, 0x12 | 0x08, ok) == PrinterState::Offline);
  CHECK(decode_status(0x12 | 0x08, ok, ok, ok) == PrinterState::Offline);
  // No answer at all, or garbage: offline.
  CHECK(decode_status(std::nullopt, std::nullopt, std::nullopt, std::nullopt) == PrinterState::Offline);
  CHECK(decode_status(0xFF, 0x00, std::nullopt, std::nullopt) == PrinterState::Offline);
  // Only the first question answered: the state is what that byte says.
  CHECK(decode_status(ok, std::nullopt, std::nullopt, std::nullopt) == PrinterState::Ready);
}

TEST_CASE("Every printer state has a Vietnamese and an English label", "[printing][escpos]") {
  for (auto state : {PrinterState::Ready, PrinterState::PaperNearEnd, PrinterState::PaperOut, PrinterState::CoverOpen,
                     PrinterState::Offline, PrinterState::Unknown}) {
    auto label = printer_state_label(state);
    CHECK_FALSE(label.vi.empty());
    CHECK_FALSE(label.en.empty());
    CHECK(label.vi != label.en);
  }
  CHECK(printer_state_label(PrinterState::PaperOut).vi.find("hết giấy") != std::string::npos);
  CHECK(can_print(PrinterState::PaperNearEnd));
  CHECK_FALSE(can_print(PrinterState::PaperOut));
  CHECK_FALSE(can_print(PrinterState::CoverOpen));
  CHECK_FALSE(can_print(PrinterState::Offline));
}
