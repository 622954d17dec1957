#include <stb_image_write.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "mc/scanner/scanner.hpp"
#include "render.hpp"

using namespace mc::scanner;
using ZXing::BarcodeFormat;

namespace {
const std::string kPayload = "001099012345||Nguyễn Văn A|15031999|Nam|Số 1 Đường ABC, Phường X, TP Z|10052021";

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "mc-scan-unit-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()));
    path = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};
}  // namespace

TEST_CASE("decode_live: the ID card QR in a 1280x720 frame, UTF-8 intact", "[unit]") {
  const GrayImage frame = testing::render(BarcodeFormat::QRCode, kPayload, 4, 1280, 720, 500, 150);
  const auto codes = decode_live(frame);
  REQUIRE(codes.size() == 1);
  CHECK(codes[0].format == "QRCode");
  CHECK(codes[0].text == kPayload);
}

TEST_CASE("decode_live: QR only, an empty or malformed frame gives nothing and does not crash", "[unit]") {
  CHECK(decode_live(testing::render(BarcodeFormat::DataMatrix, "ABC123", 6, 640, 480, 100, 100)).empty());
  CHECK(decode_live(GrayImage{1280, 720, std::vector<uint8_t>(1280 * 720, 255)}).empty());
  CHECK(decode_live(GrayImage{}).empty());
  CHECK(decode_live(GrayImage{100, 100, std::vector<uint8_t>(10)}).empty());  // wrong pixel count
  CHECK(decode_thorough(GrayImage{0, 5, {}}).empty());
}

TEST_CASE("decode_thorough: QR, PDF417, Data Matrix, Code 128 and Aztec", "[unit]") {
  struct Case {
    BarcodeFormat format;
    const char* name;
    std::string text;
  };
  for (const Case& c :
       {Case{BarcodeFormat::QRCode, "QRCode", kPayload}, Case{BarcodeFormat::PDF417, "PDF417", "PDF417 Nguyễn Văn A"},
        Case{BarcodeFormat::DataMatrix, "DataMatrix", "000.00.15.G12-260305-1007"},
        Case{BarcodeFormat::Code128, "Code128", "000.00.15.G12-260305-1007"},
        Case{BarcodeFormat::Aztec, "Aztec", "Aztec Đường ABC"}}) {
    CAPTURE(c.name);
    const GrayImage image = testing::render(c.format, c.text, 3);
    const auto codes = decode_thorough(image);
    REQUIRE(codes.size() == 1);
    CHECK(codes[0].format == c.name);
    CHECK(codes[0].text == c.text);
  }
}

TEST_CASE("decode_thorough: two codes in one picture are both reported", "[unit]") {
  GrayImage image = testing::render(BarcodeFormat::QRCode, kPayload, 3, 900, 400, 20, 20);
  const GrayImage second = testing::render(BarcodeFormat::QRCode, "000.00.15.G12-260305-1007", 4);
  for (int y = 0; y < second.height; ++y)
    for (int x = 0; x < second.width; ++x)
      image.pixels[size_t(y + 40) * 900 + 550 + x] = second.pixels[size_t(y) * second.width + x];
  const auto codes = decode_thorough(image);
  REQUIRE(codes.size() == 2);
}

TEST_CASE("load_image: PNG and JPEG files, RGB to luminance", "[unit]") {
  TempDir dir;
  const GrayImage gray = testing::render(BarcodeFormat::QRCode, kPayload, 4);
  std::vector<uint8_t> rgb;
  for (uint8_t p : gray.pixels) rgb.insert(rgb.end(), {p, p, p});
  const auto png = (dir.path / "card.png").string(), jpg = (dir.path / "card.jpg").string();
  REQUIRE(stbi_write_png(png.c_str(), gray.width, gray.height, 3, rgb.data(), gray.width * 3));
  REQUIRE(stbi_write_jpg(jpg.c_str(), gray.width, gray.height, 3, rgb.data(), 90));
  for (const auto& path : {png, jpg}) {
    CAPTURE(path);
    std::string error;
    const auto image = load_image(path, error);
    REQUIRE(image);
    CHECK(error.empty());
    CHECK(image->width == gray.width);
    CHECK(image->height == gray.height);
    const auto codes = decode_thorough(*image);
    REQUIRE(codes.size() == 1);
    CHECK(codes[0].text == kPayload);
  }
  const GrayImage rgba = to_gray(std::vector<uint8_t>{255, 0, 0, 255, 0, 0, 255, 0}.data(), 2, 1, 4);
  CHECK(rgba.pixels == std::vector<uint8_t>{76, 29});  // BT.601 luma of pure red and pure blue
}

TEST_CASE("load_image: missing, directory, not an image, truncated: a reason, no crash", "[unit]") {
  TempDir dir;
  std::string error;
  CHECK_FALSE(load_image((dir.path / "missing.png").string(), error));
  CHECK(error.find("No such file") != std::string::npos);
  CHECK_FALSE(load_image(dir.path.string(), error));
  CHECK(error == "not a regular file");
  std::ofstream(dir.path / "text.png") << "this is not a PNG";
  CHECK_FALSE(load_image((dir.path / "text.png").string(), error));
  CHECK(error.find("not a readable image") != std::string::npos);
  const GrayImage gray = testing::render(BarcodeFormat::QRCode, "x", 4);
  const auto png = (dir.path / "cut.png").string();
  REQUIRE(stbi_write_png(png.c_str(), gray.width, gray.height, 1, gray.pixels.data(), gray.width));
  std::filesystem::resize_file(png, std::filesystem::file_size(png) / 2);
  CHECK_FALSE(load_image(png, error));
  CHECK_FALSE(error.empty());
}
