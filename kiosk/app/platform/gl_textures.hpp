#pragma once
// ui::Textures on the window's OpenGL context (RGBA8, linear filtering).
#include "textures.hpp"

namespace mc::platform {

class GlTextures : public ui::Textures {
 public:
  ImTextureID upload_rgba(int width, int height, const uint8_t* rgba) override;
  void release(ImTextureID texture) override;
};

}  // namespace mc::platform
