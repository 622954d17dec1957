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
  return changed;
}

std::vector<Ticket> WaitingRoomFeed::take_new_calls() {
  std::vector<Ticket> calls;
  calls.swap(new_calls_);
  return calls;
}

}  // namespace mc::app
