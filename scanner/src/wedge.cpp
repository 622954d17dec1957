#include "mc/scanner/wedge.hpp"

namespace mc::scanner {

namespace {
size_t count_code_points(const std::string& utf8) {
  size_t n = 0;
  for (unsigned char c : utf8)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}
}  // namespace

int64_t KeyTimeMapper::local_time(uint32_t source_ms, int64_t local_now_ms) {
  const uint32_t offset = uint32_t(local_now_ms) - source_ms;  // wraps with both clocks
  // Signed: a smaller offset than known means this key was read with less delay (or the clocks drifted).
  if (!known_ || int32_t(offset - offset_) < 0) {
    offset_ = offset;
    known_ = true;
  }
  const uint32_t delay = offset - offset_;
  // More than a minute late is no delay but a jump of one clock (suspend, server reset): start again.
  if (delay > 60'000u) {
    offset_ = offset;
    return local_now_ms;
  }
  return local_now_ms - int64_t(delay);
}

void WedgeDetector::release_as_typed() {
  if (held_.empty()) return;
  ready_.push_back({WedgeEvent::Kind::Typed, std::move(held_)});
  held_.clear();
  held_chars_ = 0;
}

void WedgeDetector::feed_text(const std::string& utf8, int64_t t_ms) {
  if (utf8.empty()) return;
  // A gap longer than a scanner ever leaves: what is held was typed by a person; this starts a new burst.
  if (!held_.empty() && t_ms - last_ms_ > options_.max_gap_ms) release_as_typed();
  held_ += utf8;
  held_chars_ += count_code_points(utf8);
  last_ms_ = t_ms;
}

void WedgeDetector::feed_terminator(WedgeEvent::Kind kind, int64_t t_ms) {
  const bool in_burst = !held_.empty() && t_ms - last_ms_ <= options_.max_gap_ms;
  if (in_burst && held_chars_ >= options_.min_length) {
    ready_.push_back({WedgeEvent::Kind::Scanned, std::move(held_)});
    held_.clear();
    held_chars_ = 0;
    return;  // the scanner's Enter/Tab is part of the scan, not a key for the UI
  }
  release_as_typed();
  ready_.push_back({kind, {}});
}

std::vector<WedgeEvent> WedgeDetector::poll(int64_t now_ms) {
  if (!held_.empty() && now_ms - last_ms_ > options_.max_gap_ms) release_as_typed();
  std::vector<WedgeEvent> out;
  out.swap(ready_);
  return out;
}

}  // namespace mc::scanner
