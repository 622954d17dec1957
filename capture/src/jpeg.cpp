#include "mc/capture/jpeg.hpp"

// jpeglib.h needs FILE and size_t declared first.
#include <jpeglib.h>
#include <cstdio>
#include <cstdlib>

#include <csetjmp>
#include <cstring>
#include <stdexcept>

namespace mc::capture {

namespace {

// libjpeg reports errors through a callback that must not return: jump back to the caller.
struct ErrorManager {
  jpeg_error_mgr base;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

void on_error(j_common_ptr info) {
  auto* manager = reinterpret_cast<ErrorManager*>(info->err);
  (*info->err->format_message)(info, manager->message);
  std::longjmp(manager->jump, 1);
}

void quiet(j_common_ptr, int) {}  // warnings (e.g. extraneous bytes) are not worth a log line

}  // namespace

std::vector<uint8_t> encode_jpeg(const Raster& page, int quality) {
  if (page.width <= 0 || page.height <= 0 || (page.channels != 1 && page.channels != 3) ||
      page.pixels.size() < page.row_bytes() * static_cast<size_t>(page.height))
    throw std::invalid_argument("encode_jpeg: not a grey or RGB raster");
  jpeg_compress_struct info{};
  ErrorManager errors{};
  info.err = jpeg_std_error(&errors.base);
  errors.base.error_exit = on_error;
  errors.base.emit_message = quiet;
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  if (setjmp(errors.jump)) {
    jpeg_destroy_compress(&info);
    std::free(buffer);
    throw std::runtime_error(std::string("JPEG encoding failed: ") + errors.message);
  }
  jpeg_create_compress(&info);
  jpeg_mem_dest(&info, &buffer, &size);
  info.image_width = static_cast<JDIMENSION>(page.width);
  info.image_height = static_cast<JDIMENSION>(page.height);
  info.input_components = page.channels;
  info.in_color_space = page.channels == 3 ? JCS_RGB : JCS_GRAYSCALE;
  jpeg_set_defaults(&info);
  jpeg_set_quality(&info, quality, TRUE);
  if (page.channels == 3) {
    // 4:2:0: a scanned document's colour (a seal, a photo) needs far less detail than its letters.
    info.comp_info[0].h_samp_factor = info.comp_info[0].v_samp_factor = 2;
    for (int c = 1; c < 3; ++c) info.comp_info[c].h_samp_factor = info.comp_info[c].v_samp_factor = 1;
  }
  info.dct_method = JDCT_ISLOW;
  info.optimize_coding = TRUE;  // smaller files for a few percent more time
  // Progressive: about 8% fewer bytes on a text page for 15-25 ms more CPU a page (bench_capture); cairo embeds it as
  // it is (DCTDecode, PDF 1.3 and later) and every PDF reader draws it.
  jpeg_simple_progression(&info);
  if (page.dpi > 0) {
    info.density_unit = 1;  // dots per inch
    info.X_density = info.Y_density = static_cast<UINT16>(page.dpi);
  }
  jpeg_start_compress(&info, TRUE);
  const size_t stride = page.row_bytes();
  while (info.next_scanline < info.image_height) {
    JSAMPROW row = const_cast<JSAMPROW>(page.pixels.data() + info.next_scanline * stride);
    jpeg_write_scanlines(&info, &row, 1);
  }
  jpeg_finish_compress(&info);
  jpeg_destroy_compress(&info);
  std::vector<uint8_t> out(buffer, buffer + size);
  std::free(buffer);
  return out;
}

std::optional<Raster> decode_jpeg(const std::vector<uint8_t>& jpeg, std::string& error) {
  jpeg_decompress_struct info{};
  ErrorManager errors{};
  info.err = jpeg_std_error(&errors.base);
  errors.base.error_exit = on_error;
  errors.base.emit_message = quiet;
  Raster page;
  if (setjmp(errors.jump)) {
    jpeg_destroy_decompress(&info);
    error = errors.message;
    return std::nullopt;
  }
  jpeg_create_decompress(&info);
  jpeg_mem_src(&info, jpeg.data(), static_cast<unsigned long>(jpeg.size()));
  jpeg_read_header(&info, TRUE);
  info.out_color_space = info.jpeg_color_space == JCS_GRAYSCALE ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_start_decompress(&info);
  page.width = static_cast<int>(info.output_width);
  page.height = static_cast<int>(info.output_height);
  page.channels = info.output_components;
  if (info.density_unit == 1) page.dpi = info.X_density;
  if (info.density_unit == 2) page.dpi = static_cast<int>(info.X_density * 2.54 + 0.5);
  page.pixels.resize(page.row_bytes() * static_cast<size_t>(page.height));
  while (info.output_scanline < info.output_height) {
    JSAMPROW row = page.pixels.data() + info.output_scanline * page.row_bytes();
    jpeg_read_scanlines(&info, &row, 1);
  }
  jpeg_finish_decompress(&info);
  jpeg_destroy_decompress(&info);
  return page;
}

std::optional<JpegInfo> jpeg_info(const std::vector<uint8_t>& jpeg) {
  jpeg_decompress_struct info{};
  ErrorManager errors{};
  info.err = jpeg_std_error(&errors.base);
  errors.base.error_exit = on_error;
  errors.base.emit_message = quiet;
  if (setjmp(errors.jump)) {
    jpeg_destroy_decompress(&info);
    return std::nullopt;
  }
  jpeg_create_decompress(&info);
  jpeg_mem_src(&info, jpeg.data(), static_cast<unsigned long>(jpeg.size()));
  jpeg_read_header(&info, TRUE);
  JpegInfo out;
  out.width = static_cast<int>(info.image_width);
  out.height = static_cast<int>(info.image_height);
  out.components = info.num_components;
  out.progressive = info.progressive_mode != 0;
  if (info.num_components == 3 && info.comp_info[1].h_samp_factor > 0 && info.comp_info[1].v_samp_factor > 0) {
    out.chroma_step_x = info.comp_info[0].h_samp_factor / info.comp_info[1].h_samp_factor;
    out.chroma_step_y = info.comp_info[0].v_samp_factor / info.comp_info[1].v_samp_factor;
  }
  if (info.density_unit == 1) out.dpi = info.X_density;
  if (info.density_unit == 2) out.dpi = static_cast<int>(info.X_density * 2.54 + 0.5);
  jpeg_destroy_decompress(&info);
  return out;
}

}  // namespace mc::capture
