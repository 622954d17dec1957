#include "waiting_room_feed.hpp"

#include <algorithm>

namespace mc::app {

WaitingRoomFeed::WaitingRoomFeed(TicketStore& store, std::vector<std::string> areas, std::function<void()> wake,
                                 int limit) {
  CallFollowerOptions options;
  options.areas = std::move(areas);
  options.limit = limit;
  options.changed = std::move(wake);
  board_.connected = false;
  follower_ = store.follow_calls(std::move(options));
}

bool WaitingRoomFeed::refresh() {
  CallBoard fresh = follower_->snapshot();
  auto same = [](const Ticket& a, const Ticket& b) {
    return a.id == b.id && a.called_at_unix == b.called_at_unix && a.call_order == b.call_order &&
           a.counter == b.counter;
  };
  const bool changed = fresh.connected != board_.connected || fresh.tickets.size() != board_.tickets.size() ||
                       !std::equal(fresh.tickets.begin(), fresh.tickets.end(), board_.tickets.begin(), same) ||
                       !fresh.live_calls.empty();
  new_calls_.insert(new_calls_.end(), fresh.live_calls.begin(), fresh.live_calls.end());
  fresh.live_calls.clear();
  board_ = std::move(fresh);
  return refresh_results() || changed;
}

void WaitingRoomFeed::set_results_source(std::function<std::vector<sync::ResultReady>()> source, int interval_s) {
  results_source_ = std::move(source);
  results_interval_s_ = std::max(1, interval_s);
  next_results_ = {};
}

bool WaitingRoomFeed::refresh_results() {
  if (!results_source_) return false;
  const auto now = std::chrono::steady_clock::now();
  if (now < next_results_) return false;
  next_results_ = now + std::chrono::seconds(results_interval_s_);
  std::vector<sync::ResultReady> fresh;
  try {
    fresh = results_source_();
  } catch (const std::exception&) {
    return false;  // the queue is busy or away: the board keeps what it shows
  }
  const bool changed = fresh.size() != results_.size() ||
                       !std::equal(fresh.begin(), fresh.end(), results_.begin(), [](const auto& a, const auto& b) {
                         return a.code == b.code && a.initials == b.initials;
                       });
  results_ = std::move(fresh);
  return changed;
}

std::vector<Ticket> WaitingRoomFeed::take_new_calls() {
  std::vector<Ticket> calls;
  calls.swap(new_calls_);
  return calls;
}

}  // namespace mc::app
