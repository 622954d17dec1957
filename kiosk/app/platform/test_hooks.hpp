#pragma once
// --test-hooks DIR: how end-to-end tests and bench_ui see and drive the real kiosk.
//   DIR/widgets.txt  rewritten after every frame: "screen NAME", "frame N", "group N", "focus 0|1",
//                    "dossier CODE", "from_card 0|1", "lang vi|en", "text_scale X.XX", "contrast normal|high",
//                    "staff NAME", "staff_message TEXT", "staff_dossier CODE",
//                    "print_state N", then "widget NAME X Y W H" for every named widget (KioskApp).
//   DIR/command      one command per file, polled every 50 ms: "screenshot PATH" (renders the current
//                    state at once, without a pointer, and writes a PNG) or "quit". The kiosk removes the
//                    file and, after a screenshot, writes DIR/command.done ("ok PATH" or "failed PATH").
#include <cstdint>
#include <string>

namespace mc::platform {

class TestHooks {
 public:
  explicit TestHooks(std::string dir);  // empty: hooks off
  bool enabled() const { return !dir_.empty(); }
  static constexpr int kPollMs = 50;

  struct Command {
    enum class Kind { None, Screenshot, Quit } kind = Kind::None;
    std::string path;
  };
  Command poll(int64_t now_ms);  // at most every kPollMs
  void screenshot_done(const std::string& path, bool ok);
  void write_widgets(const std::string& lines);

 private:
  std::string dir_;
  int64_t last_poll_ms_ = -1000000;
};

}  // namespace mc::platform
