#include "gl_textures.hpp"

#include <SDL_opengl.h>

#include <cstdint>

namespace mc::platform {

ImTextureID GlTextures::upload_rgba(int width, int height, const uint8_t* rgba) {
  GLuint id = 0;
  glGenTextures(1, &id);
  glBindTexture(GL_TEXTURE_2D, id);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
  glBindTexture(GL_TEXTURE_2D, 0);
  return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(id));
}

void GlTextures::release(ImTextureID texture) {
  const GLuint id = static_cast<GLuint>(reinterpret_cast<intptr_t>(texture));
  if (id == 0) return;
  glDeleteTextures(1, &id);
}

}  // namespace mc::platform
