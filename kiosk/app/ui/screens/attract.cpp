// The attract screen: what the kiosk is for, one large "start" target, queue numbers when the office
// issues them, and how to scan an ID card or a receipt from here.
#include <algorithm>

#include <imgui.h>

#include "../widgets/widgets.hpp"
#include "citizen_screen.hpp"

namespace mc::ui {
namespace {

class AttractScreen : public CitizenScreen {
 public:
  Screen screen() const override { return Screen::Attract; }
  Footer footer() const override { return {.shown = false}; }

  void draw(const ViewContext& v) override {
    const float s = v.scale;
    const float w = ImGui::GetContentRegionAvail().x;
    const float avail_h = v.content.h;
    ImGui::Dummy(ImVec2(1, avail_h * 0.10f));
    text_block(v.T("attract.title"), v.fonts.huge);
    text_block(v.T("attract.subtitle"));
    vertical_space(v, 40);
    // The whole call to action is one big target.
    ImGui::PushFont(v.fonts.huge);
    if (big_button(v, v.T("attract.start"), "start", ImVec2(w, std::max(260 * s, avail_h * 0.2f)), Emphasis::Primary))
      v.journey.start();
    ImGui::PopFont();
    if (v.journey.tickets_available()) {
      // The office database is away: no number can be issued, and the kiosk says so instead of offering one.
      if (v.journey.ticket_issuing_suspended()) {
        vertical_space(v, 4);
        info_card(v, v.T("attract.tickets_suspended_title"), v.T("attract.tickets_suspended_body"), "ticket.suspended");
      } else {
        take_number_button(v, w);
      }
    }
    if (v.voice) {
      // For a citizen who cannot read the screen: one large target, found by touch below the main ones, that
      // turns the kiosk's voice on (first tap, no confirmation: it is what says how the rest works).
      vertical_space(v, 4);
      ImGui::PushFont(v.fonts.title);
      if (big_button_now(v, v.T(v.voice->enabled() ? "voice.toggle_on" : "voice.toggle"), "voice_attract",
                         ImVec2(w, 150 * s)))
        v.voice->toggle(v.journey);
      ImGui::PopFont();
    }
    vertical_space(v, 40);
    info_card(v, v.T("attract.scan_id_title"), v.T("attract.scan_id_body"), "hint_scan_id");
    info_card(v, v.T("attract.scan_receipt_title"), v.T("attract.scan_receipt_body"), "hint_scan_receipt");
  }

 private:
  // The second call to action: a queue number for the counters (gold, below the red one), with a hint.
  static void take_number_button(const ViewContext& v, float w) {
    const float s = v.scale;
    vertical_space(v, 4);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float h = 190 * s;
    if (ImGui::InvisibleButton("##take_number", ImVec2(w, h)) &&
        v.tap("ticket.take", v.T("attract.take_number") + ". " + v.T("attract.take_number_hint")))
      v.journey.take_number();
    v.hook("ticket.take");
    const bool active = ImGui::IsItemActive();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float rounding = ImGui::GetStyle().FrameRounding;
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h),
                      v.colour(active ? Colour::SecondaryActionPressed : Colour::SecondaryAction), rounding);
    dl->AddRect(p, ImVec2(p.x + w, p.y + h), v.colour(Colour::SecondaryActionBorder), rounding, 0, 4 * s);
    const ImU32 ink = v.colour(Colour::InkOnSecondary);
    const std::string& title = v.T("attract.take_number");
    const std::string& hint = v.T("attract.take_number_hint");
    ImFont* huge = v.fonts.huge;
    ImFont* small = v.fonts.small;
    const ImVec2 ts = huge->CalcTextSizeA(huge->FontSize, FLT_MAX, 0, title.c_str());
    const ImVec2 hs = small->CalcTextSizeA(small->FontSize, FLT_MAX, w - 60 * s, hint.c_str());
    const float y = p.y + (h - ts.y - hs.y - 8 * s) / 2;
    dl->AddText(huge, huge->FontSize, ImVec2(p.x + (w - ts.x) / 2, y), ink, title.c_str());
    const ImVec2 hint_pos(p.x + std::max(30 * s, (w - hs.x) / 2), y + ts.y + 8 * s);
    dl->AddText(small, small->FontSize, hint_pos, ink, hint.c_str(), nullptr, w - 60 * s);
  }
};

}  // namespace

std::unique_ptr<CitizenScreen> make_attract_screen() {
  return std::make_unique<AttractScreen>();
}

}  // namespace mc::ui
