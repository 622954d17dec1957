#pragma once
// When to draw and how long the loop may sleep. ImGui redraws every frame by default, which keeps a core
// busy on a kiosk that waits all day; here a frame is drawn only after input (a few, so ImGui sees the
// press, the release and the result), when something changed (a timer moved the screen, a background job
// finished), while something moves (inertia), and once a second while a countdown or clock is shown.
// Between frames the loop blocks until the earliest of the wake-ups registered for this round.
// UI-free; the platform layer asks it every round of its event loop.
#include <algorithm>
#include <cstdint>

namespace mc::ui {

class RedrawScheduler {
 public:
  static constexpr int kLongestSleepMs = 1000;

  void after_input() { pending_ = std::max(pending_, 3); }  // press, release, and the screen it led to
  void after_change() { pending_ = std::max(pending_, 2); }
  void once() { pending_ = std::max(pending_, 1); }
  // Start of a loop round: forget last round's wake-ups and continuous reasons.
  void begin_round(int64_t now_ms) {
    now_ms_ = now_ms;
    wake_at_ = now_ms + kLongestSleepMs;
    continuous_ = false;
    held_ = false;
  }
  // A scanner's burst is arriving: no frame until it is complete. A frame can take long on a loaded
  // machine, and keystrokes that wait behind it in the X queue arrive late, split the burst, and the scan
  // is lost; the held characters are not shown anyway.
  void hold() { held_ = true; }
  // Something moves or waits to be shown (inertia, queued pointer events): draw every round.
  void keep_drawing() { continuous_ = true; }
  // Wake up by then even without events (a journey timer, the wedge burst gap, the display's poll).
  void wake_at(int64_t at_ms) { wake_at_ = std::min(wake_at_, at_ms); }
  void wake_within(int64_t ms) { wake_at_ = std::min(wake_at_, now_ms_ + std::max<int64_t>(0, ms)); }
  // What only the clock changes (the idle countdown, staff mode's auto-leave line): one frame a second.
  void clock_driven(bool shown) {
    if (!shown) return;
    if (now_ms_ - last_clock_frame_ms_ >= 1000) {
      last_clock_frame_ms_ = now_ms_;
      once();
    } else {
      wake_at(last_clock_frame_ms_ + 1000);
    }
  }

  bool frame_due() const { return !held_ && (pending_ > 0 || continuous_); }
  // How long to block for events: 0 when a frame is due.
  int wait_ms(int64_t now_ms) const {
    if (frame_due()) return 0;
    return int(std::clamp<int64_t>(wake_at_ - now_ms, 0, kLongestSleepMs));
  }
  void frame_drawn() {
    if (pending_ > 0) --pending_;
  }
  int pending() const { return pending_; }

 private:
  int pending_ = 3;  // the first frames after start
  bool continuous_ = false;
  bool held_ = false;
  int64_t now_ms_ = 0;
  int64_t wake_at_ = 0;
  int64_t last_clock_frame_ms_ = -1000000;
};

}  // namespace mc::ui
