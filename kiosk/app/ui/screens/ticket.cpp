// The queue number, very large, then the area, the people ahead and whether the paper came out. A tap
// anywhere (or "Xong") returns to the attract screen; otherwise the journey does after a few seconds.
#include <algorithm>

#include <imgui.h>

#include "../widgets/widgets.hpp"
#include "citizen_screen.hpp"

namespace mc::ui {
namespace {

void centred(const ViewContext& v, ImFont* font, const std::string& text, Colour colour, float w) {
  ImGui::PushFont(font);
  const float tw = ImGui::CalcTextSize(text.c_str()).x;
  if (tw < w) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (w - tw) / 2);
  ImGui::PushStyleColor(ImGuiCol_Text, v.colour(colour));
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopStyleColor();
  ImGui::PopFont();
}

class TicketScreen : public CitizenScreen {
 public:
  Screen screen() const override { return Screen::Ticket; }
  Footer footer() const override { return {.back = false, .cancel = false, .next_key = "nav.done"}; }

  void draw(const ViewContext& v) override {
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x;
    if (v.journey.ticket_pending()) {
      ImGui::Dummy(ImVec2(1, v.content.h * 0.2f));
      section_title(v, v.T("ticket.taking"));
      v.hook("ticket.pending");
      return;
    }
    if (const auto& error = v.journey.ticket_error()) {
      ImGui::Dummy(ImVec2(1, v.content.h * 0.1f));
      section_title(v, v.T(v.journey.ticket_hours_notice() ? "ticket.closed_title" : "ticket.failed_title"));
      text_block(v, Colour::Warning, v.L(*error));
      v.hook("ticket.error");
      return;
    }
    const auto& ticket = v.journey.ticket();
    if (!ticket) return;
    vertical_space(v, 20);
    centred(v, v.fonts.title, v.T("ticket.your_number"), Colour::Ink, w);
    centred(v, v.fonts.number, ticket->label, Colour::Accent, w);
    v.hook("ticket.number:" + ticket->label);  // the label in the name: the e2e test reads it from widgets.txt
    if (ticket->priority) centred(v, v.fonts.title, v.T("ticket.priority_badge"), Colour::Accent, w);
    vertical_space(v, 10);
    if (const ServiceArea* area = v.journey.ticket_area()) {
      muted(v, v.T("ticket.area"), v.fonts.small);
      text_block(v.L(area->name), v.fonts.title);
    }
    vertical_space(v, 6);
    text_block(ticket->people_ahead == 0
                   ? v.T("ticket.ahead_none")
                   : replace_all(v.T("ticket.ahead"), "{n}", std::to_string(ticket->people_ahead)));
    v.hook("ticket.ahead");
    text_block(v.T("ticket.issued_at") + " " + time_text(ticket->issued_at) + " · " + ticket->issued_at.date.dmy());
    if (const auto& closed = v.journey.ticket_hours_notice()) {
      text_block(v, Colour::Warning, v.L(*closed));
      v.hook("ticket.closed_notice");
    }
    vertical_space(v, 16);
    paper_state(v);
    vertical_space(v, 10);
    text_block(v.T("ticket.wait"));
    muted(v, v.T("ticket.tap_to_finish"), v.fonts.small);
    // The whole screen is the "done" target (texts are not interactive, so nothing competes for the tap).
    const ImVec2 end = ImGui::GetCursorScreenPos();
    ImGui::SetCursorScreenPos(origin);
    if (ImGui::InvisibleButton("##ticket_done", ImVec2(w, std::max(end.y - origin.y, v.content.h - 60 * v.scale))) &&
        v.tap("ticket.done", v.T("ticket.tap_to_finish")))
      v.journey.next();
    v.hook("ticket.done");
  }

 private:
  // The paper: calm wording either way; the number is in the queue whatever the printer does.
  static void paper_state(const ViewContext& v) {
    const char* key = nullptr;
    const char* hook = nullptr;
    Colour colour = Colour::Ink;
    switch (v.journey.ticket_print_state()) {
      case PrintState::Printing:
        key = "ticket.printing";
        hook = "printing";
        break;
      case PrintState::Printed:
        key = "ticket.printed";
        hook = "printed";
        colour = Colour::Ok;
        break;
      case PrintState::Failed:
        key = "ticket.print_failed";
        hook = "failed";
        colour = Colour::Warning;
        break;
      case PrintState::None:
        return;
    }
    text_block(v, colour, v.T(key), v.fonts.title);
    v.hook(std::string("ticket.print:") + hook);
    if (v.journey.ticket_print_state() == PrintState::Failed && !v.journey.ticket_print_message().vi.empty())
      muted(v, v.L(v.journey.ticket_print_message()), v.fonts.small);
  }
};

}  // namespace

std::unique_ptr<CitizenScreen> make_ticket_screen() {
  return std::make_unique<TicketScreen>();
}

}  // namespace mc::ui
