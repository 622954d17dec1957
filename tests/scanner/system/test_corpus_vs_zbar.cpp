// System test: ID-card QR codes made by an independent encoder (qrencode), distorted, decoded by ours and
// by zbarimg. Prints the side-by-side decode-rate table; ours must be at least as good in every row.
#include <catch2/catch.hpp>
#include <iostream>

#include "corpus.hpp"

using namespace mc::scanner;

TEST_CASE("qrencode corpus: every clean ID card decodes field by field at every module size", "[system]") {
  if (!corpus::tool_available("qrencode")) FAIL("qrencode is not installed (apt-get install qrencode)");
  corpus::TempDir dir;
  REQUIRE(!dir.path.empty());
  const auto payloads = corpus::id_card_payloads();
  for (size_t p = 0; p < payloads.size(); ++p)
    for (int module : {2, 3, 5, 8}) {
      CAPTURE(p, module);
      const auto image = corpus::qrencode_image(dir.path, payloads[p], module, "clean");
      REQUIRE(image);
      const auto codes = decode_thorough(*image);
      REQUIRE(codes.size() == 1);
      CHECK(codes[0].format == "QRCode");
      CHECK(codes[0].text == payloads[p]);  // byte-exact UTF-8, no charset guessing damage
      const auto live = decode_live(*image);
      REQUIRE(live.size() == 1);
      CHECK(live[0].text == payloads[p]);
      const auto parsed = parse_cccd(codes[0].text);
      REQUIRE(parsed.identity);
      CHECK(classify(codes[0].text) == ScanKind::IdCard);
    }
}

TEST_CASE("qrencode corpus: decode rate by distortion, ours versus zbarimg", "[system]") {
  if (!corpus::tool_available("qrencode")) FAIL("qrencode is not installed (apt-get install qrencode)");
  if (!corpus::tool_available("zbarimg")) FAIL("zbarimg is not installed (apt-get install zbar-tools)");
  corpus::TempDir dir;
  REQUIRE(!dir.path.empty());
  const auto rows = corpus::run_corpus(dir.path, corpus::distortions(), {3, 4, 6}, /*with_zbar=*/true);
  std::cout << "\nID-card QR decode rate (qrencode corpus, field-by-field match):\n"
            << corpus::format_table(rows) << std::flush;
  for (const auto& row : rows) {
    CAPTURE(row.distortion, row.images, row.ours, row.zbar);
    REQUIRE(row.images > 0);
    CHECK(row.ours >= row.zbar);
  }
  // The undistorted, right-angle rotated and mildly distorted rows are the everyday case: all of them.
  for (const auto& row : rows)
    if (row.distortion == "none" || row.distortion == "rotate 90" || row.distortion == "rotate 180" ||
        row.distortion == "rotate 17" || row.distortion == "low contrast 60" || row.distortion == "blur s=1.0") {
      CAPTURE(row.distortion);
      CHECK(row.ours == row.images);
    }
}

// Issue 21: the code on a phone in dark mode, on a card bent in a wallet, under a window's glare and in a
// dim hall. Made by qrencode and distorted by ImageMagick, so neither the code nor its distortion comes
// from our own drawing.
TEST_CASE("qrencode + ImageMagick corpus: codes as citizens hold them, ours versus zbarimg", "[system]") {
  if (!corpus::tool_available("qrencode")) FAIL("qrencode is not installed (apt-get install qrencode)");
  if (!corpus::tool_available("zbarimg")) FAIL("zbarimg is not installed (apt-get install zbar-tools)");
  if (!corpus::tool_available("convert")) FAIL("ImageMagick is not installed (apt-get install imagemagick)");
  corpus::TempDir dir;
  REQUIRE(!dir.path.empty());
  const auto rows = corpus::run_corpus(dir.path, corpus::held_distortions(), {3, 4, 6}, /*with_zbar=*/true);
  std::cout << "\nID-card QR decode rate as held (qrencode + ImageMagick corpus, field-by-field match):\n"
            << corpus::format_table(rows) << std::flush;
  for (const auto& row : rows) {
    CAPTURE(row.distortion, row.images, row.ours, row.zbar);
    REQUIRE(row.images > 0);
    CHECK(row.ours >= row.zbar);
    // A light-on-dark code is as readable as a printed one: every one of them, not just more than zbar.
    if (row.distortion == "light-on-dark" || row.distortion == "dark-mode phone") CHECK(row.ours == row.images);
  }
}
