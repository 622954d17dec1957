#include "mc/idcard/face_image.hpp"

#include <openjpeg.h>
#include <stb_image.h>
#include <algorithm>
#include <cstring>
#include <memory>
#include "mc/idcard/errors.hpp"

namespace mc::idcard {

namespace {

constexpr int kMaxSide = 4096;  // an ID photo is a few hundred pixels; anything this big is not one

struct ReadStream {
  const uint8_t* data;
  size_t size;
  size_t position = 0;
};

OPJ_SIZE_T stream_read(void* buffer, OPJ_SIZE_T count, void* user) {
  auto* in = static_cast<ReadStream*>(user);
  if (in->position >= in->size) return static_cast<OPJ_SIZE_T>(-1);
  const size_t n = std::min(count, in->size - in->position);
  std::memcpy(buffer, in->data + in->position, n);
  in->position += n;
  return n;
}
OPJ_OFF_T stream_skip(OPJ_OFF_T count, void* user) {
  auto* in = static_cast<ReadStream*>(user);
  if (count < 0 || in->position + static_cast<size_t>(count) > in->size) return -1;
  in->position += static_cast<size_t>(count);
  return count;
}
OPJ_BOOL stream_seek(OPJ_OFF_T position, void* user) {
  auto* in = static_cast<ReadStream*>(user);
  if (position < 0 || static_cast<size_t>(position) > in->size) return OPJ_FALSE;
  in->position = static_cast<size_t>(position);
  return OPJ_TRUE;
}
void quiet(const char*, void*) {}

DecodedImage decode_jpeg2000(const Bytes& encoded) {
  const bool jp2 = encoded.size() >= 4 && encoded[0] == 0 && encoded[3] == 0x0C;
  std::unique_ptr<opj_codec_t, decltype(&opj_destroy_codec)> codec(
      opj_create_decompress(jp2 ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K), opj_destroy_codec);
  opj_set_error_handler(codec.get(), quiet, nullptr);
  opj_set_warning_handler(codec.get(), quiet, nullptr);
  opj_set_info_handler(codec.get(), quiet, nullptr);
  opj_dparameters_t parameters;
  opj_set_default_decoder_parameters(&parameters);
  ReadStream in{encoded.data(), encoded.size()};
  std::unique_ptr<opj_stream_t, decltype(&opj_stream_destroy)> stream(
      opj_stream_create(OPJ_J2K_STREAM_CHUNK_SIZE, OPJ_TRUE), opj_stream_destroy);
  opj_stream_set_read_function(stream.get(), stream_read);
  opj_stream_set_skip_function(stream.get(), stream_skip);
  opj_stream_set_seek_function(stream.get(), stream_seek);
  opj_stream_set_user_data(stream.get(), &in, nullptr);
  opj_stream_set_user_data_length(stream.get(), encoded.size());
  opj_image_t* raw = nullptr;
  if (!opj_setup_decoder(codec.get(), &parameters) || !opj_read_header(stream.get(), codec.get(), &raw))
    malformed("DG2: the JPEG 2000 header does not decode");
  std::unique_ptr<opj_image_t, decltype(&opj_image_destroy)> image(raw, opj_image_destroy);
  const int width = static_cast<int>(image->x1 - image->x0), height = static_cast<int>(image->y1 - image->y0);
  if (width <= 0 || height <= 0 || width > kMaxSide || height > kMaxSide || image->numcomps == 0)
    malformed("DG2: a JPEG 2000 image of implausible size");
  if (!opj_decode(codec.get(), stream.get(), image.get()) || !opj_end_decompress(codec.get(), stream.get()))
    malformed("DG2: the JPEG 2000 image does not decode");
  DecodedImage out;
  out.width = width;
  out.height = height;
  out.rgba.resize(static_cast<size_t>(width) * height * 4);
  const bool colour = image->numcomps >= 3;
  for (OPJ_UINT32 c = 0; c < (colour ? 3u : 1u); ++c) {
    const opj_image_comp_t& comp = image->comps[c];
    if (comp.w != static_cast<OPJ_UINT32>(width) || comp.h != static_cast<OPJ_UINT32>(height) || !comp.data)
      malformed("DG2: JPEG 2000 with subsampled components");
  }
  for (size_t i = 0; i < static_cast<size_t>(width) * height; ++i) {
    for (int c = 0; c < 3; ++c) {
      const opj_image_comp_t& comp = image->comps[colour ? c : 0];
      int value = comp.data[i];
      if (comp.prec > 8) value >>= (comp.prec - 8);
      if (comp.prec < 8) value <<= (8 - comp.prec);
      out.rgba[i * 4 + c] = static_cast<uint8_t>(std::clamp(value, 0, 255));
    }
    out.rgba[i * 4 + 3] = 255;
  }
  return out;
}

}  // namespace

DecodedImage decode_face(const FaceImageData& face) {
  if (face.format == ImageFormat::Jpeg2000) return decode_jpeg2000(face.encoded);
  int width = 0, height = 0, channels = 0;
  if (!stbi_info_from_memory(face.encoded.data(), static_cast<int>(face.encoded.size()), &width, &height, &channels) ||
      width <= 0 || height <= 0 || width > kMaxSide || height > kMaxSide)
    malformed("DG2: the JPEG header does not decode");
  stbi_uc* pixels =
      stbi_load_from_memory(face.encoded.data(), static_cast<int>(face.encoded.size()), &width, &height, &channels, 4);
  if (!pixels) malformed("DG2: the JPEG image does not decode");
  DecodedImage out;
  out.width = width;
  out.height = height;
  out.rgba.assign(pixels, pixels + static_cast<size_t>(width) * height * 4);
  stbi_image_free(pixels);
  return out;
}

}  // namespace mc::idcard
