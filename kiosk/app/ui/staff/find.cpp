// Find a dossier: scan the receipt QR (routed straight to the console), or type its code and press Find.
#include "staff_panel.hpp"

namespace mc::ui {

// Shared with the detail panel, which shows it when no dossier is current.
void draw_find_box(const StaffViewContext& v) {
  const float s = v.scale;
  ImGui::TextWrapped("%s", v.T("staff.find.hint").c_str());
  // Not an ImGui::InputText: the app routes typed text itself (wedge detector), so the box shows the
  // console's find text. Codes, ID numbers and phones are ASCII: the keyboard without Telex.
  v.text_box(v.console.find_text(), "staff.find.input", ImGui::GetContentRegionAvail().x - 220 * s,
             KeyboardMode::Plain);
  ImGui::SameLine();
  if (v.button(v.T("staff.find.go"), "staff.find.go", ImVec2(200 * s, 70 * s))) v.console.enter();
  v.message();
}

namespace {

class FindPanel : public StaffPanel {
 public:
  StaffScreen screen() const override { return StaffScreen::Find; }
  void draw(const StaffViewContext& v) override { draw_find_box(v); }
};

}  // namespace

std::unique_ptr<StaffPanel> make_find_panel() {
  return std::make_unique<FindPanel>();
}

}  // namespace mc::ui
