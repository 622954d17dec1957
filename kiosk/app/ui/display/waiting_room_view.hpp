#pragma once
// `kiosk --role display`: the waiting-room screen. The newest called ticket very large with its counter,
// the few before it underneath, Vietnamese with English under it, in the palette's display colours.
#include <cstdint>
#include <string>
#include <vector>

#include <imgui.h>

#include "../palette.hpp"
#include "../widget_rects.hpp"
#include "mc/core/i18n.hpp"
#include "mc/core/tickets.hpp"

namespace mc::ui {

struct ResultBoardLine {
  std::string code;
  std::string initials;
};

// The display's text sizes in pixels for a window height: 48 px text at 1080 p, the newest number six times
// that. Its fonts are built at exactly these sizes (Fonts::build_display): a font drawn at another size than
// it was rasterised at is scaled by the GPU, and large numbers on a TV blur (issue 13).
struct WaitingRoomSizes {
  explicit WaitingRoomSizes(float window_height);
  float number = 0;                       // the newest ticket number (and the dash when none is called)
  float line = 0;                         // "Quầy 2 / Counter 2", and the earlier calls with their counters
  float heading = 0;                      // "MỜI CÔNG DÂN CÓ SỐ"
  float subheading = 0;                   // its English, "Số đã gọi", "Chưa gọi số nào"
  float board_title = 0;                  // the results board's title
  float board_line = 0;                   // a ready dossier's code and initials
  float board_none = 0;                   // "Chưa có hồ sơ nào có kết quả"
  float board_hint = 0;                   // the board's hint
  float note = 0;                         // "mất kết nối"
  std::vector<float> text_sizes() const;  // every size but the number's, each once
};

struct WaitingRoomStyle {
  int64_t now_unix = 0;  // to highlight a ticket called in the last few seconds; 0: no highlight
  int highlight_seconds = 10;
  ImFont* number_font = nullptr;  // a large font for the newest number; null: the current font, scaled
  // Fonts for the other texts, at the sizes of WaitingRoomSizes; a size without its font: the current one, scaled.
  const std::vector<ImFont*>* text_fonts = nullptr;
  WidgetRects* rects = nullptr;  // null: nothing recorded; else each text's font size and drawn size (test hooks)
  bool connected = true;         // false: the office database is away; the last calls stay, with a discreet note
  // Issue 20: dossiers whose result is ready, by code and initials (never a name). Null: no board.
  const std::vector<ResultBoardLine>* results = nullptr;
};

// Draws a full-window display of the called tickets (newest first, as recently_called returns them).
void draw_waiting_room(const std::vector<Ticket>& recently_called, const Translations& tr, const Palette& palette,
                       const WaitingRoomStyle& style);

}  // namespace mc::ui
