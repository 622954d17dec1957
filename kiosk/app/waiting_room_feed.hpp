#pragma once
// `kiosk --role display`, without the drawing: what the waiting-room screen shows and announces. UI-free.
// It follows the ticket store's calls on the store's own thread (the office database notifies the display,
// LISTEN/NOTIFY; the single-machine kiosk.db is re-read once a second), which wakes the UI loop; the loop
// calls refresh() and redraws when it says so.
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "mc/core/tickets.hpp"
#include "mc/sync/results_board.hpp"

namespace mc::app {

class WaitingRoomFeed {
 public:
  // areas: the [display] areas (empty: every area). wake: thread-safe, wakes the UI loop.
  WaitingRoomFeed(TicketStore& store, std::vector<std::string> areas, std::function<void()> wake, int limit = 6);

  bool refresh();  // on the UI thread: true when what is shown changed (redraw)
  // Newest first; while the source is away the last calls stay on screen.
  const std::vector<Ticket>& tickets() const { return board_.tickets; }
  // False while the office database is away: the screen shows a discreet "mất kết nối".
  bool connected() const { return board_.connected; }
  int catch_ups() const { return board_.catch_ups; }
  // Calls made since the last time, oldest first, to announce. A call caught up after a reconnect is
  // shown, not announced: it may be minutes old.
  std::vector<Ticket> take_new_calls();

  // Issue 20: the results board. `source` (on the UI thread, quick: a local query) is asked again every
  // interval_s seconds; refresh() says when what it returns changed.
  void set_results_source(std::function<std::vector<sync::ResultReady>()> source, int interval_s = 15);
  const std::vector<sync::ResultReady>& results() const { return results_; }
  bool shows_results() const { return static_cast<bool>(results_source_); }

 private:
  bool refresh_results();
  std::function<std::vector<sync::ResultReady>()> results_source_;
  int results_interval_s_ = 15;
  std::chrono::steady_clock::time_point next_results_{};
  std::vector<sync::ResultReady> results_;
  std::unique_ptr<CallFollower> follower_;
  CallBoard board_;
  std::vector<Ticket> new_calls_;
};

}  // namespace mc::app
