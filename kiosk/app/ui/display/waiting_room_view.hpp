#pragma once
// `kiosk --role display`: the waiting-room screen. The newest called ticket very large with its counter,
// the few before it underneath, Vietnamese with English under it, in the palette's display colours.
#include <cstdint>
#include <string>
#include <vector>

#include <imgui.h>

#include "../palette.hpp"
#include "mc/core/i18n.hpp"
#include "mc/core/tickets.hpp"

namespace mc::ui {

struct ResultBoardLine {
  std::string code;
  std::string initials;
};

struct WaitingRoomStyle {
  int64_t now_unix = 0;  // to highlight a ticket called in the last few seconds; 0: no highlight
  int highlight_seconds = 10;
  ImFont* number_font = nullptr;  // a large font for the newest number; null: the current font, scaled
  bool connected = true;          // false: the office database is away; the last calls stay, with a discreet note
  // Issue 20: dossiers whose result is ready, by code and initials (never a name). Null: no board.
  const std::vector<ResultBoardLine>* results = nullptr;
};

// Draws a full-window display of the called tickets (newest first, as recently_called returns them).
void draw_waiting_room(const std::vector<Ticket>& recently_called, const Translations& tr, const Palette& palette,
                       const WaitingRoomStyle& style);

}  // namespace mc::ui
