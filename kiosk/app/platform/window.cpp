#include "window.hpp"

#include <SDL_opengl.h>
#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_sdl.h>
#include <imgui.h>
#include <stb_image_write.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <vector>

namespace mc::platform {

void Window::planned_size(const WindowOptions& options, int& width, int& height) {
  int w = options.width, h = options.height;
  if (w == 0) {
    SDL_DisplayMode mode;
    if (options.fullscreen && SDL_GetDesktopDisplayMode(0, &mode) == 0) {
      w = mode.w;
      h = mode.h;
    } else {
      w = 1080;
      h = 1920;
      if (SDL_GetDesktopDisplayMode(0, &mode) == 0 && mode.h < 1920) {  // fit a development screen
        h = mode.h - 80;
        w = h * 1080 / 1920;
      }
    }
  }
  width = w;
  height = h;
}

Window::Window(const WindowOptions& options, const std::function<void()>& before_imgui) {
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
  int w = 0, h = 0;
  planned_size(options, w, h);
  Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_ALLOW_HIGHDPI;
  flags |= options.fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS : SDL_WINDOW_RESIZABLE;
  const char* title = "Một Cửa Kiosk";  // i18n-exempt: the product's name
  window_ = SDL_CreateWindow(title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
  if (!window_) throw std::runtime_error(std::string("cannot create the window: ") + SDL_GetError());
  gl_ = SDL_GL_CreateContext(window_);
  if (!gl_) {
    SDL_DestroyWindow(window_);
    throw std::runtime_error(std::string("cannot create the OpenGL context: ") + SDL_GetError());
  }
  SDL_GL_MakeCurrent(window_, gl_);
  SDL_GL_SetSwapInterval(options.vsync ? 1 : 0);

  if (before_imgui) before_imgui();
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.LogFilename = nullptr;
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  io.ConfigInputTextCursorBlink = false;  // a blinking caret would wake the loop twice a second
  ImGui_ImplSDL2_InitForOpenGL(window_, gl_);
  ImGui_ImplOpenGL3_Init("#version 130");
  GLint major = 0, minor = 0;
  glGetIntegerv(GL_MAJOR_VERSION, &major);
  glGetIntegerv(GL_MINOR_VERSION, &minor);
  swizzle_ = major > 3 || (major == 3 && minor >= 3) || SDL_GL_ExtensionSupported("GL_ARB_texture_swizzle");
}

Window::~Window() {
  if (font_texture_) glDeleteTextures(1, &font_texture_);
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplSDL2_Shutdown();
  ImGui::DestroyContext();
  SDL_GL_DeleteContext(gl_);
  SDL_DestroyWindow(window_);
}

void Window::drawable_size(int& width, int& height) const {
  SDL_GL_GetDrawableSize(window_, &width, &height);
}

void Window::upload_fonts() {
  if (!device_objects_) {
    // The backend's shaders and buffers, once. The backend also uploads a font texture of its own, as RGBA:
    // it is handed a one-pixel stand-in atlas, or it would convert our built atlas to 4 bytes a pixel and
    // upload 8 MB at 1080x1920 only for us to drop it.
    ImGuiIO& io = ImGui::GetIO();
    ImFontAtlas* const ours = io.Fonts;
    ImFontAtlas stand_in;
    stand_in.TexPixelsRGBA32 = static_cast<unsigned int*>(IM_ALLOC(sizeof(unsigned int)));
    *stand_in.TexPixelsRGBA32 = 0;
    stand_in.TexWidth = stand_in.TexHeight = 1;
    io.Fonts = &stand_in;
    ImGui_ImplOpenGL3_CreateDeviceObjects();
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    io.Fonts = ours;
    device_objects_ = true;
  }
  ImGuiIO& io = ImGui::GetIO();
  if (font_texture_) glDeleteTextures(1, &font_texture_);
  font_texture_ = 0;
  // The atlas is coverage only: one byte a pixel, read by the shader as white of that alpha (a swizzle).
  // At 1080x1920 that is 2 MB to convert and upload instead of 8: the first frame comes sooner.
  unsigned char* pixels = nullptr;
  int width = 0, height = 0;
  io.Fonts->GetTexDataAsAlpha8(&pixels, &width, &height);
  GLint last_texture = 0;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &last_texture);
  glGenTextures(1, &font_texture_);
  glBindTexture(GL_TEXTURE_2D, font_texture_);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  if (swizzle_) {
    const GLint white_with_alpha[4] = {GL_ONE, GL_ONE, GL_ONE, GL_RED};
    glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, white_with_alpha);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, width, height, 0, GL_RED, GL_UNSIGNED_BYTE, pixels);
  } else {
    // An OpenGL without texture swizzles (before 3.3): the RGBA copy the backend would have made.
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
  }
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glBindTexture(GL_TEXTURE_2D, GLuint(last_texture));
  io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(font_texture_)));
  // The texture holds the atlas now: ImGui's own copy of its pixels is not needed again until the fonts
  // are rebuilt, which makes a new one.
  io.Fonts->ClearTexData();
}

void Window::begin_frame() {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
}

void Window::end_frame(const float background[4]) {
  ImGui::Render();
  int w, h;
  drawable_size(w, h);
  glViewport(0, 0, w, h);
  glClearColor(background[0], background[1], background[2], 1);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void Window::present() {
  SDL_GL_SwapWindow(window_);
}

bool Window::screenshot(const std::string& path) {
  int w, h;
  drawable_size(w, h);
  glFinish();
  std::vector<unsigned char> pixels(size_t(w) * h * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  // OpenGL rows run bottom-up. Flip them here: stbi_flip_vertically_on_write is process-wide and would turn
  // the virtual printer's PNG previews (written on the worker thread) upside down too.
  const size_t row = size_t(w) * 4;
  for (int top = 0, bottom = h - 1; top < bottom; ++top, --bottom)
    std::swap_ranges(pixels.begin() + top * row, pixels.begin() + (top + 1) * row, pixels.begin() + bottom * row);
  const std::string tmp = path + ".tmp.png";
  if (!stbi_write_png(tmp.c_str(), w, h, 4, pixels.data(), int(row))) return false;
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  return !ec;
}

}  // namespace mc::platform
