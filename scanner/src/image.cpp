#include <stb_image.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "mc/scanner/decode.hpp"

namespace mc::scanner {

namespace {
constexpr int64_t kMaxPixels = 64LL * 1024 * 1024;  // a 64-megapixel photo is already far beyond any scan
}

GrayImage to_gray(const uint8_t* pixels, int width, int height, int channels) {
  GrayImage out{width, height, {}};
  out.pixels.resize(size_t(width) * height);
  const size_t count = out.pixels.size();
  for (size_t i = 0; i < count; ++i) {
    const uint8_t* p = pixels + i * channels;
    switch (channels) {
      case 1:
      case 2:
        out.pixels[i] = p[0];
        break;
      default:
        // ITU-R BT.601 luma in integers; alpha ignored (a transparent background reads as its colour).
        out.pixels[i] = uint8_t((299 * p[0] + 587 * p[1] + 114 * p[2] + 500) / 1000);
        break;
    }
  }
  return out;
}

std::optional<GrayImage> load_image(const std::string& path, std::string& error) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    error = std::string("cannot open file: ") + std::strerror(errno);
    return std::nullopt;
  }
  if (!S_ISREG(info.st_mode)) {
    error = "not a regular file";
    return std::nullopt;
  }
  int width = 0, height = 0, channels = 0;
  if (!stbi_info(path.c_str(), &width, &height, &channels)) {
    const char* reason = stbi_failure_reason();
    error = std::string("not a readable image (PNG/JPEG expected)") + (reason ? std::string(": ") + reason : "");
    return std::nullopt;
  }
  if (width <= 0 || height <= 0 || int64_t(width) * height > kMaxPixels) {
    error = "image too large";
    return std::nullopt;
  }
  int got_channels = 0;
  // stb converts any input (palette, RGB, 16-bit...) to 8-bit luminance for us when asked for 1 channel.
  uint8_t* data = stbi_load(path.c_str(), &width, &height, &got_channels, 1);
  if (!data) {
    const char* reason = stbi_failure_reason();
    error = std::string("cannot decode image") + (reason ? std::string(": ") + reason : "");
    return std::nullopt;
  }
  GrayImage image{width, height, std::vector<uint8_t>(data, data + size_t(width) * height)};
  stbi_image_free(data);
  return image;
}

}  // namespace mc::scanner
