// JPEG, page clean-up and the document PDF, without a scanner: rasters made in the test.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "mc/capture/document_pdf.hpp"
#include "mc/capture/document_scanner.hpp"
#include "mc/capture/jpeg.hpp"
#include "mc/capture/raster.hpp"

#include <stb_image_write.h>

using namespace mc;
using namespace mc::capture;

namespace {

// A page like a form: light grey paper with a little noise, dark "text" bars, a red square in colour.
Raster form_page(int width, int height, int channels, int dpi = 100) {
  Raster page;
  page.width = width;
  page.height = height;
  page.channels = channels;
  page.dpi = dpi;
  page.pixels.resize(page.row_bytes() * height);
  uint32_t noise = 12345;
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      noise = noise * 1103515245 + 12345;
      const bool text = (y / 8) % 4 == 1 && x > width / 10 && x < width * 9 / 10;
      const bool stamp = x > width * 6 / 10 && x < width * 8 / 10 && y > height * 7 / 10 && y < height * 8 / 10;
      uint8_t* p = page.pixels.data() + (static_cast<size_t>(y) * width + x) * channels;
      const int paper = 205 + static_cast<int>((noise >> 16) % 9);
      for (int c = 0; c < channels; ++c) p[c] = static_cast<uint8_t>(text ? 40 : paper);
      if (stamp && channels == 3) {
        p[0] = 190;
        p[1] = 40;
        p[2] = 40;
      }
    }
  return page;
}

uint8_t at(const Raster& page, int x, int y, int c = 0) {
  return page.pixels[(static_cast<size_t>(y) * page.width + x) * page.channels + c];
}

}  // namespace

TEST_CASE("whiten_paper makes the paper white and keeps the ink dark", "[capture]") {
  Raster page = form_page(200, 300, 1);
  whiten_paper(page);
  CHECK(at(page, 5, 5) >= 245);    // paper (was about 205-213)
  CHECK(at(page, 100, 12) <= 50);  // a text bar
  // A page that is all dark (a photo, a scan of the lid) is left alone rather than stretched into noise.
  Raster dark = form_page(100, 100, 1);
  std::fill(dark.pixels.begin(), dark.pixels.end(), 30);
  whiten_paper(dark);
  CHECK(at(dark, 50, 50) == 30);
}

TEST_CASE("JPEG round trip keeps size, resolution and content", "[capture]") {
  for (int channels : {1, 3}) {
    Raster page = form_page(320, 240, channels, 200);
    auto jpeg = encode_jpeg(page, 80);
    REQUIRE(jpeg.size() > 100);
    CHECK(jpeg[0] == 0xFF);
    CHECK(jpeg[1] == 0xD8);
    auto info = jpeg_info(jpeg);
    REQUIRE(info);
    CHECK(info->width == 320);
    CHECK(info->height == 240);
    CHECK(info->components == channels);
    CHECK(info->dpi == 200);
    std::string error;
    auto back = decode_jpeg(jpeg, error);
    REQUIRE(back);
    CHECK(back->channels == channels);
    CHECK(std::abs(int(at(*back, 100, 12)) - 40) < 20);
    CHECK(std::abs(int(at(*back, 5, 5)) - 209) < 20);
  }
  std::string error;
  CHECK_FALSE(decode_jpeg({'n', 'o', 't', ' ', 'j', 'p', 'e', 'g'}, error));
  CHECK_FALSE(error.empty());
  CHECK_FALSE(jpeg_info({0xFF, 0xD8, 0xFF}));
}

TEST_CASE("preview fits the box and keeps the page's shape", "[capture]") {
  Raster page = form_page(1654, 2339, 3, 200);
  Raster preview = preview_of(page, kPreviewMaxWidth, kPreviewMaxHeight);
  CHECK(preview.channels == 3);
  CHECK(preview.width <= kPreviewMaxWidth);
  CHECK(preview.height <= kPreviewMaxHeight);
  CHECK(preview.width > kPreviewMaxWidth / 2);
  CHECK(std::abs(double(preview.height) / preview.width - 2339.0 / 1654.0) < 0.02);
}

TEST_CASE("a document PDF: one page per scan, the JPEG as it is, name and dossier code in its metadata", "[capture]") {
  CapturedPage first = captured_page_of(form_page(827, 1169, 1, 100));  // A4 at 100 dpi, grey
  CapturedPage second = captured_page_of(form_page(583, 827, 3, 100));  // A5 at 100 dpi, colour
  CHECK_FALSE(first.colour);
  CHECK(second.colour);
  CHECK(first.preview_rgb.size() == size_t(first.preview_width) * first.preview_height * 3);
  PdfMetadata metadata;
  metadata.title = "Giấy khám sức khỏe";
  metadata.subject = "000.00.15.G12-260302-1001";
  metadata.keywords = "TP2";
  metadata.created_at = "2026-03-02T09:00:00+07:00";
  auto pdf = build_document_pdf({&first, &second}, metadata);
  REQUIRE(looks_like_pdf(pdf));
  // The JPEGs are embedded byte for byte (DCTDecode), not re-encoded.
  auto contains = [&pdf](const std::vector<uint8_t>& needle) {
    return std::search(pdf.begin(), pdf.end(), needle.begin(), needle.end()) != pdf.end();
  };
  CHECK(contains(first.jpeg));
  CHECK(contains(second.jpeg));
  // Well under the JPEGs plus a few kilobytes of PDF structure.
  CHECK(pdf.size() < first.jpeg.size() + second.jpeg.size() + 8000);

  std::string error;
  auto info = inspect_pdf(pdf, error);
  REQUIRE(info);
  CHECK(info->pages == 2);
  CHECK(info->title == "Giấy khám sức khỏe");
  CHECK(info->subject == "000.00.15.G12-260302-1001");
  CHECK(info->keywords == "TP2");

  // Drawn back by poppler: page size from pixels and dpi, the text bars dark, the paper white.
  auto drawn = render_pdf_page(pdf, 0, 50);
  REQUIRE(drawn);
  CHECK(std::abs(drawn->width - 827 / 2) <= 2);
  CHECK(std::abs(drawn->height - 1169 / 2) <= 2);
  CHECK(at(*drawn, 3, 3) > 240);
  CHECK(at(*drawn, drawn->width / 2, 6) < 90);
  auto stamp = render_pdf_page(pdf, 1, 50);
  REQUIRE(stamp);
  const int sx = stamp->width * 7 / 10, sy = stamp->height * 75 / 100;
  CHECK(at(*stamp, sx, sy, 0) > 150);  // red stays red
  CHECK(at(*stamp, sx, sy, 1) < 100);
  CHECK_FALSE(render_pdf_page(pdf, 2, 50));
}

namespace {

// The /ColorSpace of each image XObject in a PDF cairo wrote (its dictionaries are plain text), in order.
std::vector<std::string> image_colour_spaces(const std::vector<uint8_t>& pdf) {
  const std::string text(pdf.begin(), pdf.end());
  std::vector<std::string> spaces;
  for (size_t at = text.find("/Subtype /Image"); at != std::string::npos; at = text.find("/Subtype /Image", at + 1)) {
    const size_t end = text.find(">>", at);
    const size_t space = text.find("/ColorSpace /", at);
    if (space == std::string::npos || space > end) {
      spaces.push_back("?");
      continue;
    }
    const size_t name = space + 13;
    spaces.push_back(text.substr(name, text.find_first_of(" \n/>", name) - name));
  }
  return spaces;
}

}  // namespace

TEST_CASE("a grey scan is a one-component JPEG drawn as DeviceGray, a colour scan as YCbCr 4:2:0", "[capture]") {
  CapturedPage grey = captured_page_of(form_page(827, 1169, 1, 100));
  CapturedPage colour = captured_page_of(form_page(827, 1169, 3, 100));
  auto grey_info = jpeg_info(grey.jpeg), colour_info = jpeg_info(colour.jpeg);
  REQUIRE(grey_info);
  REQUIRE(colour_info);
  CHECK(grey_info->components == 1);  // not three equal channels: a third of the data for the same page
  CHECK(colour_info->components == 3);
  CHECK(colour_info->chroma_step_x == 2);  // the seal's red needs no more than half the letters' detail
  CHECK(colour_info->chroma_step_y == 2);
  CHECK(grey_info->progressive);  // 8% smaller on a text page than baseline
  CHECK(colour_info->progressive);
  // The same page in grey costs less than in colour.
  CHECK(grey.jpeg.size() < colour.jpeg.size());

  auto pdf = build_document_pdf({&grey, &colour}, PdfMetadata{});
  CHECK(image_colour_spaces(pdf) == std::vector<std::string>{"DeviceGray", "DeviceRGB"});
  // Both drawn back at the page's full size, from the JPEG (not the blank surface that carried it).
  for (int index : {0, 1}) {
    auto drawn = render_pdf_page(pdf, index, 50);
    REQUIRE(drawn);
    CHECK(std::abs(drawn->width - 827 / 2) <= 2);
    CHECK(std::abs(drawn->height - 1169 / 2) <= 2);
    CHECK(at(*drawn, 3, 3) > 240);
    CHECK(at(*drawn, drawn->width / 2, 6) < 90);
    CHECK(at(*drawn, drawn->width - 3, drawn->height - 3) > 240);  // the last corner is paper, not black
  }
}

TEST_CASE("a PDF given as it is gets the document's name and the dossier code in its metadata", "[capture]") {
  CapturedPage page = captured_page_of(form_page(583, 827, 1, 100));
  PdfMetadata foreign;  // an officer's PDF from elsewhere: its own title, no dossier code
  foreign.title = "scan0001";
  foreign.creator = "Some scanner";
  const auto original = build_document_pdf({&page, &page}, foreign);
  PdfMetadata metadata;
  metadata.title = "Giấy khám sức khỏe";
  metadata.subject = "000.00.15.G12-260302-1001";
  metadata.keywords = "TP2";
  std::string error;
  auto tagged = pdf_with_metadata(original, metadata, error);
  INFO(error);
  REQUIRE(tagged);
  // Appended, not rewritten: the officer's bytes (pages, images) come first, as they were.
  REQUIRE(tagged->size() > original.size());
  CHECK(std::equal(original.begin(), original.end(), tagged->begin()));
  auto info = inspect_pdf(*tagged, error);
  REQUIRE(info);
  CHECK(info->pages == 2);
  CHECK(info->title == "Giấy khám sức khỏe");
  CHECK(info->subject == "000.00.15.G12-260302-1001");
  CHECK(info->keywords == "TP2");
  CHECK(render_pdf_page(*tagged, 1, 30));
  CHECK_FALSE(pdf_with_metadata({'%', 'P', 'D', 'F', '-', '1', '.', '5', '\n', 'x'}, metadata, error));
}

TEST_CASE("what is not a readable PDF is told apart", "[capture]") {
  std::string error;
  CHECK_FALSE(inspect_pdf({}, error));
  std::vector<uint8_t> text = {'h', 'e', 'l', 'l', 'o'};
  CHECK_FALSE(inspect_pdf(text, error));
  CHECK(error.find("not a PDF") != std::string::npos);
  std::vector<uint8_t> header_only = {'%', 'P', 'D', 'F', '-', '1', '.', '5', '\n', 'x'};
  CHECK_FALSE(inspect_pdf(header_only, error));
  CHECK_THROWS(build_document_pdf({}, PdfMetadata{}));
  CapturedPage bogus;
  bogus.jpeg = {1, 2, 3};
  bogus.width = bogus.height = 10;
  CHECK_THROWS(build_document_pdf({&bogus}, PdfMetadata{}));
}

TEST_CASE("an image file becomes a page: JPEG as it is, PNG encoded", "[capture]") {
  Raster page = form_page(300, 400, 3, 150);
  auto jpeg = encode_jpeg(page, 85);
  std::string error;
  auto from_jpeg = page_from_image_file(jpeg, 200, error);
  REQUIRE(from_jpeg);
  CHECK(from_jpeg->jpeg == jpeg);
  CHECK(from_jpeg->dpi == 150);
  CHECK(from_jpeg->colour);

  std::vector<uint8_t> png_bytes;
  REQUIRE(stbi_write_png_to_func(
      [](void* context, void* data, int size) {
        auto* out = static_cast<std::vector<uint8_t>*>(context);
        out->insert(out->end(), static_cast<uint8_t*>(data), static_cast<uint8_t*>(data) + size);
      },
      &png_bytes, page.width, page.height, 3, page.pixels.data(), int(page.row_bytes())));
  auto from_png = page_from_image_file(png_bytes, 200, error);
  REQUIRE(from_png);
  CHECK(from_png->dpi == 200);  // a PNG without a resolution gets the default
  CHECK(from_png->width == 300);
  REQUIRE(jpeg_info(from_png->jpeg));

  CHECK_FALSE(page_from_image_file({'n', 'o', 'p', 'e'}, 200, error));
  CHECK_FALSE(error.empty());
}

TEST_CASE("page sizes and option lists from the configuration", "[capture]") {
  CHECK(page_size_named("A4")->height_mm == 297);
  CHECK(page_size_named("a5")->width_mm == 148);
  CHECK_FALSE(page_size_named("b5"));
  auto options = parse_option_list({"source=Automatic Document Feeder", "test-picture=Grid"});
  REQUIRE(options.size() == 2);
  CHECK(options[0].first == "source");
  CHECK(options[0].second == "Automatic Document Feeder");
  CHECK_THROWS_AS(parse_option_list({"source"}), std::invalid_argument);
  CHECK_THROWS_AS(parse_option_list({"=x"}), std::invalid_argument);
}
