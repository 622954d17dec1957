#include "waiting_room_feed.hpp"

#include <algorithm>

namespace mc::app {

bool WaitingRoomFeed::refresh(int64_t now_ms) {
  if (last_ms_ >= 0 && now_ms - last_ms_ < period_ms_) return false;
  last_ms_ = now_ms;
  std::vector<Ticket> fresh = queue_.recently_called(limit_);
  auto same = [](const Ticket& a, const Ticket& b) {
    return a.id == b.id && a.called_at_unix == b.called_at_unix && a.counter == b.counter;
  };
  const bool changed =
      fresh.size() != tickets_.size() || !std::equal(fresh.begin(), fresh.end(), tickets_.begin(), same);
  tickets_ = std::move(fresh);
  return changed;
}

int64_t WaitingRoomFeed::ms_until_refresh(int64_t now_ms) const {
  if (last_ms_ < 0) return 0;
  return std::max<int64_t>(0, last_ms_ + period_ms_ - now_ms);
}

}  // namespace mc::app
