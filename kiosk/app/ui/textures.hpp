#pragma once
// Pictures a view shows that are not drawn with shapes — the face read from the ID card's chip, for the
// officer to compare with the person. Made by the platform layer, which owns the GL context; views get
// nullptr without one (tests, bench). A texture lives until release(): the views release the face as soon
// as the chip's result is wiped.
#include <cstdint>

#include <imgui.h>

namespace mc::ui {

class Textures {
 public:
  virtual ~Textures() = default;
  virtual ImTextureID upload_rgba(int width, int height, const uint8_t* rgba) = 0;
  virtual void release(ImTextureID texture) = 0;
};

}  // namespace mc::ui
