// Queue tickets: one card per service area with its two choices, normal and priority (ưu tiên).
#include <imgui.h>

#include "../widgets/widgets.hpp"
#include "citizen_screen.hpp"

namespace mc::ui {
namespace {

class TakeNumberScreen : public CitizenScreen {
 public:
  Screen screen() const override { return Screen::TakeNumber; }
  Footer footer() const override { return {.cancel = false}; }

  void draw(const ViewContext& v) override {
    const float s = v.scale;
    section_title(v, v.T("ticket.choose_title"));
    text_block(v.T("ticket.choose_body"));
    muted(v, v.T("ticket.priority_hint"), v.fonts.small);
    if (const auto& closed = v.journey.ticket_hours_notice()) {
      text_block(v, Colour::Warning, v.L(*closed));
      v.hook("ticket.closed_notice");
    }
    vertical_space(v, 10);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float w = ImGui::GetContentRegionAvail().x;
    const float pad = 28 * s, bh = 120 * s, gap = ImGui::GetStyle().ItemSpacing.x;
    for (const auto& area : v.journey.service_areas()) {
      const std::string name = area.code + " · " + v.L(area.name);
      ImGui::PushFont(v.fonts.title);
      const float nh = ImGui::CalcTextSize(name.c_str(), nullptr, false, w - 2 * pad).y;
      ImGui::PopFont();
      const float h = pad + nh + 20 * s + bh + pad;
      const ImVec2 p = ImGui::GetCursorScreenPos();
      card_background(v, p, ImVec2(p.x + w, p.y + h));
      dl->AddRectFilled(p, ImVec2(p.x + 12 * s, p.y + h), v.colour(Colour::CardEdge), 16 * s,
                        ImDrawFlags_RoundCornersLeft);
      ImGui::SetCursorScreenPos(ImVec2(p.x + pad, p.y + pad));
      ImGui::PushFont(v.fonts.title);
      ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w - 2 * pad);
      ImGui::TextUnformatted(name.c_str());
      ImGui::PopTextWrapPos();
      ImGui::PopFont();
      ImGui::SetCursorScreenPos(ImVec2(p.x + pad, p.y + pad + nh + 20 * s));
      const float bw = (w - 2 * pad - gap) / 2;
      const std::string prefix = "ticket.area." + area.code;
      if (big_button(v, v.T("ticket.normal") + "##n" + area.code, prefix + ".normal", ImVec2(bw, bh),
                     Emphasis::Primary))
        v.journey.choose_ticket(area.code, false);
      ImGui::SameLine();
      {
        ScopedColours colours;
        colours.set(ImGuiCol_Button, v.palette, Colour::AltAction)
            .set(ImGuiCol_ButtonHovered, v.palette, Colour::AltAction)
            .set(ImGuiCol_Text, v.palette, Colour::InkOnAltAction);
        if (big_button(v, v.T("ticket.priority") + "##p" + area.code, prefix + ".priority", ImVec2(bw, bh)))
          v.journey.choose_ticket(area.code, true);
      }
      ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + h + 16 * s));
      ImGui::Dummy(ImVec2(1, 1));
    }
  }
};

}  // namespace

std::unique_ptr<CitizenScreen> make_take_number_screen() {
  return std::make_unique<TakeNumberScreen>();
}

}  // namespace mc::ui
