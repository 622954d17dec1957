#include "mc/scanner/sources.hpp"

#include <chrono>

#include "mc/core/log.hpp"

namespace mc::scanner {

int64_t monotonic_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void EventQueue::push(SourceEvent event) {
  {
    std::lock_guard lock(mutex_);
    events_.push_back(std::move(event));
  }
  cv_.notify_all();
  if (on_event_) on_event_();
}

std::vector<SourceEvent> EventQueue::take_all() {
  std::lock_guard lock(mutex_);
  std::vector<SourceEvent> out;
  out.swap(events_);
  return out;
}

std::vector<SourceEvent> EventQueue::wait_take_all(int timeout_ms) {
  std::unique_lock lock(mutex_);
  cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [this] { return !events_.empty(); });
  std::vector<SourceEvent> out;
  out.swap(events_);
  return out;
}

std::vector<DecodedCode> RepeatSuppressor::filter(const std::vector<DecodedCode>& frame_codes, int64_t now_ms) {
  std::vector<DecodedCode> fresh;
  for (const auto& code : frame_codes) {
    const std::string key = code.format + '\n' + code.text;
    auto it = last_seen_.find(key);
    if (it == last_seen_.end() || now_ms - it->second > forget_after_ms_) fresh.push_back(code);
    last_seen_[key] = now_ms;
  }
  // Forget codes that left the view long ago, so the map stays small on a kiosk that runs for months.
  for (auto it = last_seen_.begin(); it != last_seen_.end();)
    it = now_ms - it->second > forget_after_ms_ ? last_seen_.erase(it) : std::next(it);
  return fresh;
}

}  // namespace mc::scanner
