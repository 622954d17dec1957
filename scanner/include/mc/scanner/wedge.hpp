#pragma once
// Keyboard-wedge scanners (USB scanners that "type" the code). A burst of characters faster than a person
// types, ending in Enter or Tab and at least min_length characters long, is a scan. Characters of a burst
// in progress are held back (not typed into the focused field) until it is clear which it is; then they
// are released as typing, or emitted as one scan (the terminating Enter/Tab is swallowed).
#include <cstdint>
#include <string>
#include <vector>

namespace mc::scanner {

struct WedgeOptions {
  // Longest gap between two characters of a scan. Scanners send a character every 1-10 ms; a person
  // needs 80-300 ms per key, and even fast rollover rarely keeps min_length keys under this.
  int64_t max_gap_ms = 40;
  // Shorter bursts are typing (a fast double key press, an autorepeat of a few keys).
  size_t min_length = 8;
};

struct WedgeEvent {
  enum class Kind {
    Typed,    // text the person typed: give it to the focused field
    Scanned,  // one complete scan, without its terminator
    Enter,    // an Enter key that was not part of a scan: handle as usual
    Tab,      // a Tab key that was not part of a scan: handle as usual
  };
  Kind kind;
  std::string text;  // UTF-8; empty for Enter/Tab
  bool operator==(const WedgeEvent&) const = default;
};

// When a key really happened, on the local clock. Toolkits stamp events when the loop reads them, so every
// key that arrived during a slow frame carries the same late time and a scan splits there; the window system's
// own key time (X11 KeyPress.time, ms, 32 bits, wrapping) does not move with the frame. Its offset to the
// local clock is learnt as the smallest (local arrival - source time) seen: a key cannot arrive before it
// happened, and the quickest one read shows the offset with the least delay.
class KeyTimeMapper {
 public:
  // local_now_ms: the local clock (same as WedgeDetector::poll's) when the event was read.
  int64_t local_time(uint32_t source_ms, int64_t local_now_ms);

 private:
  bool known_ = false;
  uint32_t offset_ = 0;  // (local - source) mod 2^32 with the least delay
};

class WedgeDetector {
 public:
  explicit WedgeDetector(WedgeOptions options = {}) : options_(options) {}

  // Timestamps in milliseconds from any monotonic clock (SDL event timestamps will do), non-decreasing.
  void feed_text(const std::string& utf8, int64_t t_ms);
  void feed_enter(int64_t t_ms) { feed_terminator(WedgeEvent::Kind::Enter, t_ms); }
  void feed_tab(int64_t t_ms) { feed_terminator(WedgeEvent::Kind::Tab, t_ms); }
  // Releases a held burst as typing once the gap shows it is not a scanner; returns every event ready.
  // Call it every frame (or at least every max_gap_ms while holding()).
  std::vector<WedgeEvent> poll(int64_t now_ms);
  // True while characters are held back (the UI should keep polling soon).
  bool holding() const { return !held_.empty(); }
  const WedgeOptions& options() const { return options_; }
  void set_options(WedgeOptions options) { options_ = options; }

 private:
  void feed_terminator(WedgeEvent::Kind kind, int64_t t_ms);
  void release_as_typed();

  WedgeOptions options_;
  std::string held_;
  size_t held_chars_ = 0;
  int64_t last_ms_ = 0;
  std::vector<WedgeEvent> ready_;
};

}  // namespace mc::scanner
