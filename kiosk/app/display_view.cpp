#include "display_view.hpp"

#include <algorithm>

namespace mc::app {

namespace {

// Text centred horizontally in the current window, `pixels` high. A font rasterised near that size (the
// ticket-number font) stays sharp; scaling the body font up that far would blur it.
void centred(const std::string& text, float pixels, ImVec4 color, ImFont* font = nullptr) {
  if (font) ImGui::PushFont(font);
  ImGui::SetWindowFontScale(pixels / std::max(ImGui::GetFont()->FontSize, 1.0f));
  const float width = ImGui::CalcTextSize(text.c_str()).x;
  ImGui::SetCursorPosX(std::max(0.0f, (ImGui::GetWindowWidth() - width) / 2));
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopStyleColor();
  ImGui::SetWindowFontScale(1.0f);
  if (font) ImGui::PopFont();
}

}  // namespace

void draw_waiting_room_display(const std::vector<Ticket>& recently_called, const DisplayViewStyle& style) {
  const ImGuiIO& io = ImGui::GetIO();
  const ImVec2 size = (style.size.x > 0 && style.size.y > 0) ? style.size : io.DisplaySize;
  ImGui::SetNextWindowPos(style.origin);
  ImGui::SetNextWindowSize(size);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.02f, 0.16f, 0.33f, 1));  // dark blue: readable from afar
  ImGui::Begin("##waiting_room", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoInputs);
  ImGui::PopStyleColor();
  ImGui::PopStyleVar();

  // Sizes follow the window height so the numbers fill a TV: 48 px text at 1080 p.
  const float unit = size.y / 1080.0f * 48.0f;
  const ImVec4 white(1, 1, 1, 1), yellow(1.0f, 0.85f, 0.1f, 1), grey(0.75f, 0.8f, 0.9f, 1);

  centred("MỜI CÔNG DÂN CÓ SỐ", unit * 1.2f, white);
  centred("Now serving", unit * 0.8f, grey);
  ImGui::Dummy(ImVec2(0, size.y * 0.02f));

  if (recently_called.empty()) {
    centred("—", unit * 5.0f, white);
    centred("Chưa gọi số nào / No number called yet", unit * 0.8f, grey);
  } else {
    const Ticket& newest = recently_called.front();
    // A number called in the last few seconds is yellow; steady rather than blinking, which is hard on
    // some people's eyes and would wake the display twice a second.
    const bool fresh = style.now_unix > 0 && style.now_unix - newest.called_at_unix < style.highlight_seconds;
    centred(newest.label, unit * 6.0f, fresh ? yellow : white, style.number_font);
    centred("Quầy " + newest.counter + " / Counter " + newest.counter, unit * 1.6f, white);
    ImGui::Dummy(ImVec2(0, size.y * 0.03f));
    ImGui::Separator();
    if (recently_called.size() > 1) {
      centred("Số đã gọi / Called before", unit * 0.8f, grey);
      for (size_t i = 1; i < recently_called.size(); ++i) {
        const Ticket& ticket = recently_called[i];
        centred(ticket.label + "   Quầy / Counter " + ticket.counter, unit * 1.6f, white);
      }
    }
  }
  ImGui::End();
}

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
