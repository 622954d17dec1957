#pragma once
// Decodes the face from DG2 (JPEG with stb_image, JPEG 2000 with libopenjp2) into RGBA pixels for the
// staff screen. The face is personal data: it lives in memory for the session and is never written.
#include <cstdint>
#include <vector>
#include "mc/idcard/lds.hpp"

namespace mc::idcard {

struct DecodedImage {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> rgba;  // width * height * 4
};

// Throws ChipError(MalformedData) when the image does not decode or is implausibly large.
DecodedImage decode_face(const FaceImageData& face);

}  // namespace mc::idcard
