#pragma once
// `kiosk --role display`: the waiting-room screen. The newest called ticket very large with its counter,
// the few before it underneath. Reads TicketQueue::recently_called at most once a second.
#include <cstdint>
#include <string>
#include <vector>

#include <imgui.h>

#include "mc/core/localized.hpp"
#include "mc/core/tickets.hpp"

namespace mc::app {

struct DisplayViewStyle {
  Lang lang = Lang::Vi;  // the heading shows Vietnamese with English underneath either way
  ImVec2 origin{0, 0};
  ImVec2 size{0, 0};     // {0,0}: the whole display
  int64_t now_unix = 0;  // to highlight a ticket called in the last few seconds; 0: no highlight
  int highlight_seconds = 10;
  ImFont* number_font = nullptr;  // a large font for the newest number; null: the current font, scaled
};

// Draws a full-window display of the called tickets (newest first, as recently_called returns them).
void draw_waiting_room_display(const std::vector<Ticket>& recently_called, const DisplayViewStyle& style);

// Polls the ticket queue once a second (the display process has no other input). Use:
//   WaitingRoomFeed feed(queue);  ... each frame: feed.refresh(now_ms); draw_waiting_room_display(feed.tickets(), s);
// and wake the SDL loop at least every feed.ms_until_refresh(now_ms) ms (SDL_WaitEventTimeout).
class WaitingRoomFeed {
 public:
  explicit WaitingRoomFeed(TicketQueue& queue, int limit = 6, int64_t period_ms = 1000)
      : queue_(queue), limit_(limit), period_ms_(period_ms) {}
  bool refresh(int64_t now_ms);  // true when the list changed (redraw needed)
  const std::vector<Ticket>& tickets() const { return tickets_; }
  int64_t ms_until_refresh(int64_t now_ms) const;

 private:
  TicketQueue& queue_;
  int limit_;
  int64_t period_ms_;
  int64_t last_ms_ = -1;
  std::vector<Ticket> tickets_;
};

}  // namespace mc::app
