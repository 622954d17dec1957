#include "mc/printing/bitmap.hpp"

#include <stb_image.h>
#include <stb_image_write.h>

#include <algorithm>

namespace mc::printing {

bool save_png(const Bitmap& bitmap, const std::string& path) {
  if (bitmap.width <= 0 || bitmap.height <= 0) return false;
  std::vector<uint8_t> grey(bitmap.pixels.size());
  // Paper is white: a black dot (255) becomes grey level 0.
  std::transform(bitmap.pixels.begin(), bitmap.pixels.end(), grey.begin(),
                 [](uint8_t dot) { return static_cast<uint8_t>(dot >= 128 ? 0 : 255); });
  return stbi_write_png(path.c_str(), bitmap.width, bitmap.height, 1, grey.data(), bitmap.width) != 0;
}

std::vector<uint8_t> png_bytes(const Bitmap& bitmap) {
  std::vector<uint8_t> out;
  if (bitmap.width <= 0 || bitmap.height <= 0) return out;
  std::vector<uint8_t> grey(bitmap.pixels.size());
  std::transform(bitmap.pixels.begin(), bitmap.pixels.end(), grey.begin(),
                 [](uint8_t dot) { return static_cast<uint8_t>(dot >= 128 ? 0 : 255); });
  auto append = [](void* context, void* data, int size) {
    auto* bytes = static_cast<std::vector<uint8_t>*>(context);
    bytes->insert(bytes->end(), static_cast<uint8_t*>(data), static_cast<uint8_t*>(data) + size);
  };
  if (!stbi_write_png_to_func(append, &out, bitmap.width, bitmap.height, 1, grey.data(), bitmap.width)) out.clear();
  return out;
}

Bitmap load_png(const std::string& path) {
  int width = 0, height = 0, channels = 0;
  unsigned char* data = stbi_load(path.c_str(), &width, &height, &channels, 1);
  if (!data) return {};
  Bitmap bitmap(width, height);
  for (size_t i = 0; i < bitmap.pixels.size(); ++i) bitmap.pixels[i] = data[i] < 128 ? 255 : 0;
  stbi_image_free(data);
  return bitmap;
}

Bitmap stack_vertically(const std::vector<Bitmap>& parts, int gap_rows) {
  if (parts.empty()) return {};
  int width = parts.front().width;
  int height = 0;
  for (size_t i = 0; i < parts.size(); ++i) height += parts[i].height + (i ? gap_rows : 0);
  Bitmap out(width, height);
  int y = 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    const Bitmap& part = parts[i];
    if (i) y += gap_rows;
    int copy_width = std::min(width, part.width);
    for (int row = 0; row < part.height; ++row)
      std::copy_n(part.pixels.begin() + static_cast<size_t>(row) * part.width, copy_width,
                  out.pixels.begin() + static_cast<size_t>(y + row) * width);
    for (QrRegion region : part.qr_regions) {
      region.top += y;
      out.qr_regions.push_back(region);
    }
    out.texts.insert(out.texts.end(), part.texts.begin(), part.texts.end());
    y += part.height;
  }
  return out;
}

Bitmap scale_up(const Bitmap& bitmap, int factor) {
  if (factor <= 1) return bitmap;
  Bitmap out(bitmap.width * factor, bitmap.height * factor);
  for (int y = 0; y < out.height; ++y)
    for (int x = 0; x < out.width; ++x) out.at(x, y) = bitmap.at(x / factor, y / factor);
  return out;
}

}  // namespace mc::printing
