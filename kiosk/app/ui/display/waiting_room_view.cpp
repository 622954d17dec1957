#include "waiting_room_view.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "../widgets/widgets.hpp"
#include "mc/core/tickets.hpp"

namespace mc::ui {
namespace {

// The font rasterised at `pixels` (the display builds one for each of its sizes), or else `fallback` (the
// current font when null), which is then drawn scaled.
ImFont* font_for(const WaitingRoomStyle& style, float pixels, ImFont* fallback = nullptr) {
  if (fallback && std::fabs(fallback->FontSize - pixels) < 0.5f) return fallback;
  if (style.text_fonts)
    for (ImFont* font : *style.text_fonts)
      if (font && std::fabs(font->FontSize - pixels) < 0.5f) return font;
  return fallback ? fallback : ImGui::GetFont();
}

// Draws in `font` at `pixels` until pop_font: a scale of 1 when the font was rasterised at that size. The
// test hooks get both sizes under `name`.
void push_font(const WaitingRoomStyle& style, const std::string& name, ImFont* font, float pixels) {
  ImGui::PushFont(font);
  ImGui::SetWindowFontScale(pixels / std::max(font->FontSize, 1.0f));
  if (style.rects) style.rects->add_font(name, {font->FontSize, pixels});
}
void pop_font() {
  ImGui::SetWindowFontScale(1.0f);
  ImGui::PopFont();
}

// Text centred horizontally in the current window, `pixels` high.
void centred(const WaitingRoomStyle& style, const std::string& name, const std::string& text, float pixels,
             ImU32 colour, ImFont* font = nullptr) {
  push_font(style, name, font_for(style, pixels, font), pixels);
  const float width = ImGui::CalcTextSize(text.c_str()).x;
  ImGui::SetCursorPosX(std::max(0.0f, (ImGui::GetWindowWidth() - width) / 2));
  ImGui::PushStyleColor(ImGuiCol_Text, colour);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopStyleColor();
  pop_font();
}

// The lower part of the screen: "Hồ sơ đã có kết quả" and the ready dossiers in columns, code and initials.
template <typename Both>
void draw_results_board(const std::vector<ResultBoardLine>& results, const Both& both, const WaitingRoomSizes& sizes,
                        const WaitingRoomStyle& style, const Palette& palette) {
  const ImVec2 size = ImGui::GetIO().DisplaySize;
  const float unit = sizes.board_title;
  const float top = std::max(ImGui::GetCursorPosY() + unit * 0.5f, size.y * 0.62f);
  ImGui::SetCursorPosY(top);
  ImGui::Separator();
  const ImU32 ink = palette.u32(Colour::DisplayInk), muted = palette.u32(Colour::DisplayInkMuted);
  centred(style, "display.board_title", both("display.results_title"), sizes.board_title, ink);
  centred(style, "display.board_hint", both("display.results_hint"), sizes.board_hint, muted);
  ImGui::Dummy(ImVec2(0, unit * 0.3f));
  if (results.empty()) {
    centred(style, "display.board_none", both("display.results_none"), sizes.board_none, muted);
    return;
  }
  const int columns = size.x > size.y ? 3 : 2;
  const float column_width = size.x / columns;
  const float line_height = unit * 1.5f;
  const float first_line = ImGui::GetCursorPosY();
  const int rows = std::max(1, static_cast<int>((size.y - first_line - unit * 1.2f) / line_height));
  push_font(style, "display.board_line", font_for(style, sizes.board_line), sizes.board_line);
  for (size_t i = 0; i < results.size() && static_cast<int>(i) < rows * columns; ++i) {
    const int column = static_cast<int>(i) / rows, row = static_cast<int>(i) % rows;
    ImGui::SetCursorPos(ImVec2(column * column_width + unit * 0.6f, first_line + row * line_height));
    ImGui::PushStyleColor(ImGuiCol_Text, ink);
    ImGui::TextUnformatted(results[i].code.c_str());
    ImGui::PopStyleColor();
    ImGui::SetCursorPos(ImVec2(column * column_width + unit * 0.6f, first_line + row * line_height + unit * 0.75f));
    ImGui::PushStyleColor(ImGuiCol_Text, muted);
    ImGui::TextUnformatted(results[i].initials.c_str());
    ImGui::PopStyleColor();
  }
  pop_font();
}

}  // namespace

// Whole pixels: a font is built at exactly the size the text is drawn at.
WaitingRoomSizes::WaitingRoomSizes(float window_height) {
  const float unit = window_height / 1080.0f * 48.0f;
  auto px = [unit](float units) { return std::max(8.0f, std::round(unit * units)); };
  number = px(6.0f);
  line = px(1.6f);
  heading = px(1.2f);
  subheading = px(0.8f);
  board_title = px(1.0f);
  board_line = px(0.75f);
  board_none = px(0.7f);
  board_hint = px(0.55f);
  note = px(0.5f);
}

std::vector<float> WaitingRoomSizes::text_sizes() const {
  std::vector<float> sizes = {line, heading, subheading, board_title, board_line, board_none, board_hint, note};
  std::sort(sizes.begin(), sizes.end());
  sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());
  return sizes;
}

void draw_waiting_room(const std::vector<Ticket>& recently_called, const Translations& tr, const Palette& palette,
                       const WaitingRoomStyle& style) {
  const ImGuiIO& io = ImGui::GetIO();
  const ImVec2 size = io.DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(size);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, palette.u32(Colour::DisplaySurface));
  ImGui::Begin("##waiting_room", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoInputs);
  ImGui::PopStyleColor();
  ImGui::PopStyleVar();

  // Both languages at once: Vietnamese, then English (a display has no language button).
  auto both = [&](const char* key) { return tr.tr(key, Lang::Vi) + " / " + tr.tr(key, Lang::En); };
  auto counter = [&](const std::string& name) {
    const LocalizedText shown = counter_display_name(name);
    return shown.vi + " / " + shown.en;
  };
  // Sizes follow the window height so the numbers fill a TV: 48 px text at 1080 p.
  const WaitingRoomSizes sizes(size.y);
  const ImU32 ink = palette.u32(Colour::DisplayInk), muted = palette.u32(Colour::DisplayInkMuted);

  centred(style, "display.heading", tr.tr("display.now_serving", Lang::Vi), sizes.heading, ink);
  centred(style, "display.heading_en", tr.tr("display.now_serving", Lang::En), sizes.subheading, muted);
  ImGui::Dummy(ImVec2(0, size.y * 0.02f));

  if (recently_called.empty()) {
    // The dash stands where the number will be, in the number's font (it holds "—" for this).
    centred(style, "display.number", "—", sizes.number, ink, style.number_font);
    centred(style, "display.none_called", both("display.none_called"), sizes.subheading, muted);
  } else {
    const Ticket& newest = recently_called.front();
    // A number called in the last few seconds stands out; steady rather than blinking, which is hard on
    // some people's eyes and would wake the display twice a second.
    const bool fresh = style.now_unix > 0 && style.now_unix - newest.called_at_unix < style.highlight_seconds;
    centred(style, "display.number", newest.label, sizes.number,
            palette.u32(fresh ? Colour::DisplayFresh : Colour::DisplayInk), style.number_font);
    centred(style, "display.counter", counter(newest.counter), sizes.line, ink);
    ImGui::Dummy(ImVec2(0, size.y * 0.03f));
    ImGui::Separator();
    if (recently_called.size() > 1) {
      centred(style, "display.called_before", both("display.called_before"), sizes.subheading, muted);
      for (size_t i = 1; i < recently_called.size(); ++i)
        centred(style, "display.earlier." + std::to_string(i),
                recently_called[i].label + "   " + counter(recently_called[i].counter), sizes.line, ink);
    }
  }
  if (style.results) draw_results_board(*style.results, both, sizes, style, palette);
  if (!style.connected) {
    // Discreet, in a corner: the people waiting need the numbers, the IT officer needs to know.
    const std::string note = both("display.disconnected");
    push_font(style, "display.note", font_for(style, sizes.note), sizes.note);
    const ImVec2 text = ImGui::CalcTextSize(note.c_str());
    ImGui::SetCursorPos(ImVec2(size.x - text.x - sizes.board_title * 0.5f, size.y - text.y - sizes.board_title * 0.4f));
    ImGui::PushStyleColor(ImGuiCol_Text, muted);
    ImGui::TextUnformatted(note.c_str());
    ImGui::PopStyleColor();
    pop_font();
  }
  ImGui::End();
}

}  // namespace mc::ui
