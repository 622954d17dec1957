#pragma once
// The window, the OpenGL context and Dear ImGui's SDL2 + OpenGL3 backends: created together, destroyed
// together. Full screen on the kiosk (borderless, the desktop's size), a resizable window otherwise.
#include <functional>
#include <string>

#include <SDL.h>

namespace mc::platform {

struct WindowOptions {
  bool fullscreen = true;
  int width = 0, height = 0;  // 0: the desktop's size when full screen, else a portrait window that fits
  bool vsync = true;
};

class Window {
 public:
  // Throws std::runtime_error naming SDL's reason when the window or the GL context cannot be made.
  // `before_imgui` runs once the GL context exists and before the ImGui context does: there the caller waits
  // for work of other threads that allocates through ImGui (fonts built ahead), as ImGui counts every
  // allocation into the current context, unsynchronised.
  explicit Window(const WindowOptions& options, const std::function<void()>& before_imgui = {});
  // The drawable size a window made with `options` will have (after SDL_Init, before the window exists), so
  // that what depends on it can be prepared while the window opens.
  static void planned_size(const WindowOptions& options, int& width, int& height);
  ~Window();
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;

  SDL_Window* sdl() const { return window_; }
  void drawable_size(int& width, int& height) const;
  void upload_fonts();  // after the font atlas was rebuilt
  void begin_frame();   // the backends' NewFrame (ImGui::NewFrame comes after the app set the pointer)
  // ImGui::Render, clear to `background` (RGBA 0-1) and draw into the back buffer (not yet shown).
  void end_frame(const float background[4]);
  void present();  // swap
  // The back buffer as a PNG (after end_frame, before present). False when it could not be written.
  bool screenshot(const std::string& path);

 private:
  SDL_Window* window_ = nullptr;
  SDL_GLContext gl_ = nullptr;
  bool device_objects_ = false;  // the backend's shaders and buffers exist
  bool swizzle_ = false;         // the font atlas can be one channel (OpenGL 3.3 or ARB_texture_swizzle)
  unsigned int font_texture_ = 0;
};

}  // namespace mc::platform
