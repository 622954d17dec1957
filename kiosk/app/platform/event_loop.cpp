#include "event_loop.hpp"

#include <imgui.h>

#include <iostream>

namespace mc::platform {

void EventLoop::render_frame(int64_t now_ms, bool with_pointer) {
  int w, h;
  window_.drawable_size(w, h);
  if (app_.prepare_frame(w, h)) window_.upload_fonts();
  window_.begin_frame();
  app_.begin_frame(with_pointer);
  app_.draw(now_ms);
  stats_.built();
  const ImVec4 background = app_.background();
  const float rgba[4] = {background.x, background.y, background.z, background.w};
  window_.end_frame(rgba);
  stats_.rendered(ImGui::GetDrawData());
}

bool EventLoop::run(const volatile std::sig_atomic_t& stop) {
  const bool one_shot = !options_.screenshot.empty();
  SDL_StartTextInput();  // always on: wedge scanners type through it
  bool running = true, screenshot_ok = true;
  while (running) {
    // ---- wait: block while nothing is due ----
    int64_t now = int64_t(SDL_GetTicks64());
    int timeout = one_shot ? 0 : app_.wait_ms(now);
    if (hooks_.enabled()) timeout = std::min(timeout, TestHooks::kPollMs);
    SDL_Event event;
    bool got = timeout > 0 ? SDL_WaitEventTimeout(&event, timeout) : SDL_PollEvent(&event);
    bool input = false;
    while (got) {
      const EventOutcome outcome = input_.handle(event, app_.input());
      input |= outcome.input;
      if (outcome.redraw) app_.scheduler().after_change();
      if (outcome.quit) running = false;
      got = SDL_PollEvent(&event);
    }
    if (stop) running = false;
    now = int64_t(SDL_GetTicks64());
    app_.update(now, input);
    if (app_.restart_due()) running = false;

    const TestHooks::Command command = hooks_.poll(now);
    if (command.kind == TestHooks::Command::Kind::Quit) running = false;
    if (command.kind == TestHooks::Command::Kind::Screenshot) {
      // Render right now so the screenshot shows the current state (without a pointer on it).
      render_frame(now, false);
      hooks_.screenshot_done(command.path, window_.screenshot(command.path));
      window_.present();
    }
    if (!running) break;
    if (!app_.frame_due() && !one_shot) continue;

    // ---- one frame ----
    stats_.frame_start();
    render_frame(now, true);
    ++frame_;
    if (frame_ == 1 && on_first_frame) {
      int w, h;
      window_.drawable_size(w, h);
      on_first_frame(w, h);
    }
    if (one_shot && frame_ >= options_.frames) {
      screenshot_ok = window_.screenshot(options_.screenshot);
      std::cerr << (screenshot_ok ? "kiosk: screenshot written to " : "kiosk: could not write ") << options_.screenshot
                << "\n";
      running = false;
    }
    if (hooks_.enabled()) hooks_.write_widgets(app_.test_hook_lines(frame_));
    window_.present();
    stats_.presented();
    app_.frame_drawn();
  }
  SDL_StopTextInput();
  stats_.print_summary();
  return screenshot_ok;
}

}  // namespace mc::platform
