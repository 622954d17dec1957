#include "waiting_room_view.hpp"

#include <algorithm>
#include <string>

#include "../widgets/widgets.hpp"
#include "mc/core/tickets.hpp"

namespace mc::ui {
namespace {

// Text centred horizontally in the current window, `pixels` high. A font rasterised near that size (the
// ticket-number font) stays sharp; scaling the body font up that far would blur it.
void centred(const std::string& text, float pixels, ImU32 colour, ImFont* font = nullptr) {
  if (font) ImGui::PushFont(font);
  ImGui::SetWindowFontScale(pixels / std::max(ImGui::GetFont()->FontSize, 1.0f));
  const float width = ImGui::CalcTextSize(text.c_str()).x;
  ImGui::SetCursorPosX(std::max(0.0f, (ImGui::GetWindowWidth() - width) / 2));
  ImGui::PushStyleColor(ImGuiCol_Text, colour);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopStyleColor();
  ImGui::SetWindowFontScale(1.0f);
  if (font) ImGui::PopFont();
}

// The lower part of the screen: "Hồ sơ đã có kết quả" and the ready dossiers in columns, code and initials.
template <typename Both>
void draw_results_board(const std::vector<ResultBoardLine>& results, const Both& both, float unit,
                        const Palette& palette) {
  const ImVec2 size = ImGui::GetIO().DisplaySize;
  const float top = std::max(ImGui::GetCursorPosY() + unit * 0.5f, size.y * 0.62f);
  ImGui::SetCursorPosY(top);
  ImGui::Separator();
  const ImU32 ink = palette.u32(Colour::DisplayInk), muted = palette.u32(Colour::DisplayInkMuted);
  centred(both("display.results_title"), unit * 1.0f, ink);
  centred(both("display.results_hint"), unit * 0.55f, muted);
  ImGui::Dummy(ImVec2(0, unit * 0.3f));
  if (results.empty()) {
    centred(both("display.results_none"), unit * 0.7f, muted);
    return;
  }
  const int columns = size.x > size.y ? 3 : 2;
  const float column_width = size.x / columns;
  const float line_height = unit * 1.5f;
  const float first_line = ImGui::GetCursorPosY();
  const int rows = std::max(1, static_cast<int>((size.y - first_line - unit * 1.2f) / line_height));
  ImGui::SetWindowFontScale(unit * 0.75f / std::max(ImGui::GetFont()->FontSize, 1.0f));
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
  ImGui::SetWindowFontScale(1.0f);
}

}  // namespace

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
  const float unit = size.y / 1080.0f * 48.0f;
  const ImU32 ink = palette.u32(Colour::DisplayInk), muted = palette.u32(Colour::DisplayInkMuted);

  centred(tr.tr("display.now_serving", Lang::Vi), unit * 1.2f, ink);
  centred(tr.tr("display.now_serving", Lang::En), unit * 0.8f, muted);
  ImGui::Dummy(ImVec2(0, size.y * 0.02f));

  if (recently_called.empty()) {
    centred("—", unit * 5.0f, ink);
    centred(both("display.none_called"), unit * 0.8f, muted);
  } else {
    const Ticket& newest = recently_called.front();
    // A number called in the last few seconds stands out; steady rather than blinking, which is hard on
    // some people's eyes and would wake the display twice a second.
    const bool fresh = style.now_unix > 0 && style.now_unix - newest.called_at_unix < style.highlight_seconds;
    centred(newest.label, unit * 6.0f, palette.u32(fresh ? Colour::DisplayFresh : Colour::DisplayInk),
            style.number_font);
    centred(counter(newest.counter), unit * 1.6f, ink);
    ImGui::Dummy(ImVec2(0, size.y * 0.03f));
    ImGui::Separator();
    if (recently_called.size() > 1) {
      centred(both("display.called_before"), unit * 0.8f, muted);
      for (size_t i = 1; i < recently_called.size(); ++i)
        centred(recently_called[i].label + "   " + counter(recently_called[i].counter), unit * 1.6f, ink);
    }
  }
  if (style.results) draw_results_board(*style.results, both, unit, palette);
  if (!style.connected) {
    // Discreet, in a corner: the people waiting need the numbers, the IT officer needs to know.
    const std::string note = both("display.disconnected");
    ImGui::SetWindowFontScale(unit * 0.5f / std::max(ImGui::GetFont()->FontSize, 1.0f));
    const ImVec2 text = ImGui::CalcTextSize(note.c_str());
    ImGui::SetCursorPos(ImVec2(size.x - text.x - unit * 0.5f, size.y - text.y - unit * 0.4f));
    ImGui::PushStyleColor(ImGuiCol_Text, muted);
    ImGui::TextUnformatted(note.c_str());
    ImGui::PopStyleColor();
    ImGui::SetWindowFontScale(1.0f);
  }
  ImGui::End();
}

}  // namespace mc::ui
