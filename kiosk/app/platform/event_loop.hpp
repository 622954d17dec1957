#pragma once
// The kiosk's event loop: block in SDL until an event or the scheduler's next wake-up, hand the events to
// the input router, let the app update, and draw a frame only when one is due (idle costs nothing).
// Screenshots and the test hooks are served here too.
#include <SDL.h>

#include <atomic>
#include <csignal>
#include <functional>
#include <string>

#include "frame_stats.hpp"
#include "sdl_input.hpp"
#include "test_hooks.hpp"
#include "ui/kiosk_app.hpp"
#include "window.hpp"

namespace mc::platform {

struct LoopOptions {
  std::string screenshot;  // write it after `frames` frames and stop (no test hooks needed)
  int frames = 3;
};

class EventLoop {
 public:
  EventLoop(Window& window, ui::KioskApp& app, SdlInput& input, TestHooks& hooks, LoopOptions options)
      : window_(window), app_(app), input_(input), hooks_(hooks), options_(std::move(options)) {}
  // Runs until the window is closed, a "quit" test-hook command, the screenshot is written, `stop` turns
  // non-zero (SIGTERM/SIGINT), or the app's restart is due. Returns false when a requested screenshot could
  // not be written.
  bool run(const volatile std::sig_atomic_t& stop);
  // Called once the first frame has been presented (for the start-up log line).
  std::function<void(int width, int height)> on_first_frame;

 private:
  // Lays out, builds and renders one frame into the back buffer (not yet presented).
  void render_frame(int64_t now_ms, bool with_pointer);

  Window& window_;
  ui::KioskApp& app_;
  SdlInput& input_;
  TestHooks& hooks_;
  LoopOptions options_;
  FrameStats stats_;
  int frame_ = 0;
};

}  // namespace mc::platform
