// Queue tickets at this counter: call the next number, recall, skip; what the waiting room shows.
#include "staff_panel.hpp"

namespace mc::ui {
namespace {

class TicketsPanel : public StaffPanel {
 public:
  StaffScreen screen() const override { return StaffScreen::Tickets; }

  void draw(const StaffViewContext& v) override {
    ImGui::Text("%s: %s", v.T("staff.tickets.counter").c_str(), v.console.options().counter.c_str());
    // The office database is away: calling cannot work, say so and grey the buttons out until it is back.
    const bool available = v.console.tickets_available().available;
    if (!available) {
      ImGui::PushStyleColor(ImGuiCol_Text, v.palette.u32(Colour::Warning));
      ImGui::TextWrapped("%s", v.T("staff.tickets.unavailable").c_str());
      ImGui::PopStyleColor();
      v.rects.add_last_item("staff.tickets.unavailable");
    }
    const int waiting = v.console.waiting();
    if (waiting >= 0) ImGui::Text("%s: %d", v.T("staff.tickets.waiting").c_str(), waiting);
    if (const auto& ticket = v.console.last_ticket()) {
      ImGui::SetWindowFontScale(2.5f);
      ImGui::TextUnformatted(ticket->label.c_str());
      ImGui::SetWindowFontScale(1.0f);
    }
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const ImVec2 button((ImGui::GetContentRegionAvail().x - 2 * spacing) / 3, 110 * v.scale);
    ImGui::BeginDisabled(!available);
    if (v.button(v.T("staff.tickets.call_next"), "staff.tickets.next", button)) v.console.call_next();
    ImGui::SameLine();
    if (v.button(v.T("staff.tickets.recall"), "staff.tickets.recall", button)) v.console.recall();
    ImGui::SameLine();
    if (v.button(v.T("staff.tickets.skip"), "staff.tickets.skip", button)) v.console.skip();
    ImGui::EndDisabled();
    v.message();
    ImGui::Separator();
    ImGui::TextUnformatted(v.T("staff.tickets.recent").c_str());
    for (const auto& ticket : v.console.recently_called(6))
      ImGui::BulletText("%s  →  %s", ticket.label.c_str(), ticket.counter.c_str());
  }
};

}  // namespace

std::unique_ptr<StaffPanel> make_tickets_panel() {
  return std::make_unique<TicketsPanel>();
}

}  // namespace mc::ui
