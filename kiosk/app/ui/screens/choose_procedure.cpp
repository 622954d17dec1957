// The catalog: a search box (Telex, diacritics optional), fields of work as chips, and the procedures as
// large cards with their field, processing time and fee.
#include <imgui.h>

#include "../widgets/widgets.hpp"
#include "citizen_screen.hpp"

namespace mc::ui {
namespace {

class ChooseProcedureScreen : public CitizenScreen {
 public:
  Screen screen() const override { return Screen::ChooseProcedure; }
  Footer footer() const override { return {.back = true, .cancel = false}; }

  void draw(const ViewContext& v) override {
    section_title(v, v.T("choose.title"));
    text_field(v, v.T("choose.search"), EntryTarget::Search, "", v.entry.text_mode(), std::nullopt,
               v.T("choose.search_hint"));
    field_chips(v);
    vertical_space(v, 10);
    const auto list = v.journey.visible_procedures();
    if (list.empty()) text_block(v.T("choose.no_results"));
    for (const Procedure* p : list) procedure_card(v, *p);
  }

 private:
  static void field_chips(const ViewContext& v) {
    const float s = v.scale;
    ImGui::PushFont(v.fonts.small);
    const float avail = ImGui::GetContentRegionAvail().x;
    float x = 0;
    auto chip = [&](const std::string& label, const std::string& code) {
      const bool selected = v.journey.chosen_field() == code;
      const ImVec2 size(ImGui::CalcTextSize(label.c_str()).x + 56 * s, 84 * s);
      if (x > 0 && x + size.x <= avail)
        ImGui::SameLine();
      else
        x = 0;
      x += size.x + ImGui::GetStyle().ItemSpacing.x;
      ScopedColours colours;
      if (selected) {
        colours.set(ImGuiCol_Button, v.palette, Colour::Accent)
            .set(ImGuiCol_ButtonHovered, v.palette, Colour::Accent)
            .set(ImGuiCol_Text, v.palette, Colour::InkOnAccent);
      }
      if (ImGui::Button((label + "##chip" + code).c_str(), size) &&
          v.tap("field:" + (code.empty() ? std::string("all") : code), label)) {
        v.journey.choose_field(code);
        v.scroller.scroll_to(0);
      }
      v.hook("field:" + (code.empty() ? std::string("all") : code));
    };
    chip(v.T("choose.all_fields"), "");
    for (const auto& f : v.services.catalog().fields_of_work())
      chip(v.L(f.name) + " (" + std::to_string(f.procedure_count) + ")", f.code);
    ImGui::PopFont();
  }

  static void procedure_card(const ViewContext& v, const Procedure& p) {
    const float s = v.scale;
    const float w = ImGui::GetContentRegionAvail().x;
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const std::string name = v.L(p.name);
    const std::string meta = v.L(p.field_name) + " · " +
                             replace_all(v.T("choose.days"), "{n}", std::to_string(p.processing_days)) + " · " +
                             (p.total_fee_vnd() > 0 ? format_vnd(p.total_fee_vnd()) : v.T("info.no_fee"));
    ImGui::PushFont(v.fonts.title);
    const float nh = ImGui::CalcTextSize(name.c_str(), nullptr, false, w - 80 * s).y;
    ImGui::PopFont();
    ImGui::PushFont(v.fonts.small);
    const float mh = ImGui::CalcTextSize(meta.c_str(), nullptr, false, w - 80 * s).y;
    ImGui::PopFont();
    const float h = nh + mh + 70 * s;
    if (ImGui::InvisibleButton(("proc" + p.code).c_str(), ImVec2(w, h)) &&
        v.tap("proc:" + p.code, name + ". " + meta)) {
      v.entry.clear();
      v.journey.choose_procedure(p.code);
    }
    v.hook("proc:" + p.code);
    card_background(v, pos, ImVec2(pos.x + w, pos.y + h), ImGui::IsItemActive());
    ImGui::SetCursorScreenPos(ImVec2(pos.x + 36 * s, pos.y + 24 * s));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w - 80 * s);
    ImGui::PushFont(v.fonts.title);
    ImGui::TextUnformatted(name.c_str());
    ImGui::PopFont();
    ImGui::PushFont(v.fonts.small);
    ImGui::PushStyleColor(ImGuiCol_Text, v.colour(Colour::InkMuted));
    ImGui::TextUnformatted(meta.c_str());
    ImGui::PopStyleColor();
    ImGui::PopFont();
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    ImGui::SetCursorScreenPos(ImVec2(pos.x, pos.y + h + 16 * s));
    ImGui::Dummy(ImVec2(1, 1));
  }
};

}  // namespace

std::unique_ptr<CitizenScreen> make_choose_procedure_screen() {
  return std::make_unique<ChooseProcedureScreen>();
}

}  // namespace mc::ui
