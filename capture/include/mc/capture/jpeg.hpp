#pragma once
// JPEG with libjpeg-turbo: the pages of a document PDF are baseline JPEG (cairo embeds them as DCT).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>
#include "mc/capture/raster.hpp"

namespace mc::capture {

// Quality for a scanned 200 dpi A4 page (bench_capture): 13 pt Vietnamese text with its diacritics stays sharp
// for a clerk at 100%. A text page costs about 7-8 KB a full line of text at this quality whatever the mode (the
// edges of the letters are most of the bytes, and lowering the quality saves little: 50 gives -18%), so grey
// is not much smaller than colour on a document; colour's chroma is halved both ways (4:2:0).
inline constexpr int kColourQuality = 70;
inline constexpr int kGreyQuality = 70;

// Encodes a raster: grey as a one-component JPEG (DeviceGray in the PDF), RGB as YCbCr with 4:2:0 chroma;
// progressive with optimized Huffman tables (8% smaller than baseline on a document page); the dpi goes into the
// JFIF header.
std::vector<uint8_t> encode_jpeg(const Raster& page, int quality);

// Decodes to 8-bit grey or RGB (CMYK and other colour spaces are converted to RGB).
// nullopt with `error` set for data that is not a JPEG libjpeg can read.
std::optional<Raster> decode_jpeg(const std::vector<uint8_t>& jpeg, std::string& error);

struct JpegInfo {
  int width = 0, height = 0, components = 0;
  int dpi = 0;                               // from the JFIF header, 0 when absent
  int chroma_step_x = 1, chroma_step_y = 1;  // luma samples per chroma sample: 2, 2 is 4:2:0; 1, 1 for grey
  bool progressive = false;
};
// Reads the header only (cheap): for JPEG files attached as they are.
std::optional<JpegInfo> jpeg_info(const std::vector<uint8_t>& jpeg);

}  // namespace mc::capture
