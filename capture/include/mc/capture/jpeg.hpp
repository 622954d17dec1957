#pragma once
// JPEG with libjpeg-turbo: the pages of a document PDF are baseline JPEG (cairo embeds them as DCT).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>
#include "mc/capture/raster.hpp"

namespace mc::capture {

// Quality that keeps a 200 dpi A4 page readable for a clerk within the size goals (bench_capture).
inline constexpr int kColourQuality = 70;
inline constexpr int kGreyQuality = 70;

// Encodes a raster (4:2:0 chroma for colour); the dpi goes into the JFIF header.
std::vector<uint8_t> encode_jpeg(const Raster& page, int quality);

// Decodes to 8-bit grey or RGB (CMYK and other colour spaces are converted to RGB).
// nullopt with `error` set for data that is not a JPEG libjpeg can read.
std::optional<Raster> decode_jpeg(const std::vector<uint8_t>& jpeg, std::string& error);

struct JpegInfo {
  int width = 0, height = 0, components = 0;
  int dpi = 0;  // from the JFIF header, 0 when absent
};
// Reads the header only (cheap): for JPEG files attached as they are.
std::optional<JpegInfo> jpeg_info(const std::vector<uint8_t>& jpeg);

}  // namespace mc::capture
