#pragma once
// `kiosk --role display`: the called tickets the waiting-room screen shows, polled from the ticket queue
// in kiosk.db at most once a second (the display process has no other input). UI-free. Use:
//   WaitingRoomFeed feed(queue);  ... each loop: if (feed.refresh(now_ms)) redraw; draw feed.tickets()
// and wake the loop at least every feed.ms_until_refresh(now_ms) ms.
#include <cstdint>
#include <vector>

#include "mc/core/tickets.hpp"

namespace mc::app {

class WaitingRoomFeed {
 public:
  explicit WaitingRoomFeed(TicketQueue& queue, int limit = 6, int64_t period_ms = 1000)
      : queue_(queue), limit_(limit), period_ms_(period_ms) {}
  bool refresh(int64_t now_ms);                                    // true when the list changed (redraw needed)
  const std::vector<Ticket>& tickets() const { return tickets_; }  // newest first
  int64_t ms_until_refresh(int64_t now_ms) const;

 private:
  TicketQueue& queue_;
  int limit_;
  int64_t period_ms_;
  int64_t last_ms_ = -1;
  std::vector<Ticket> tickets_;
};

}  // namespace mc::app
