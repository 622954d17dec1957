// The staff PIN pad: large keys, the digits masked in a box as wide as the pad.
#include <algorithm>

#include "staff_panel.hpp"

namespace mc::ui {
namespace {

class PinPadPanel : public StaffPanel {
 public:
  StaffScreen screen() const override { return StaffScreen::PinPad; }

  void draw(const StaffViewContext& v) override {
    const float s = v.scale;
    const ImVec2 area = ImGui::GetContentRegionAvail();
    const float key = std::min(std::min(area.x / 3.6f, (area.y - 260 * s) / 5.0f), 180 * s);
    const float pad_width = key * 3 + ImGui::GetStyle().ItemSpacing.x * 2;
    const float left = std::max(0.0f, (area.x - pad_width) / 2);

    ImGui::SetCursorPosX(left);
    ImGui::TextUnformatted(v.T("staff.pin.prompt").c_str());
    ImGui::SetCursorPosX(left);
    // The masked digits, in a box as wide as the pad so the layout does not jump while typing.
    const std::string dots = v.console.masked_pin();
    ImGui::PushStyleColor(ImGuiCol_ChildBg, v.palette.u32(Colour::StaffPanel));
    ImGui::BeginChild("##pin_display", ImVec2(pad_width, 70 * s), true, ImGuiWindowFlags_NoScrollbar);
    ImGui::SetWindowFontScale(1.6f);
    ImGui::TextUnformatted(dots.empty() ? " " : dots.c_str());
    ImGui::EndChild();
    ImGui::PopStyleColor();
    v.rects.add_last_item("staff.pin.display");

    static const char* kKeys[4][3] = {{"1", "2", "3"}, {"4", "5", "6"}, {"7", "8", "9"}, {"C", "0", "<"}};
    for (int row = 0; row < 4; ++row) {
      ImGui::SetCursorPosX(left);
      for (int col = 0; col < 3; ++col) {
        if (col) ImGui::SameLine();
        const char k = kKeys[row][col][0];
        const std::string name = std::string("staff.pin.") + (k == 'C' ? "clear" : k == '<' ? "back" : kKeys[row][col]);
        const std::string shown = k == 'C'   ? v.T("staff.pin.clear")
                                  : k == '<' ? v.T("staff.pin.back")
                                             : kKeys[row][col];
        if (v.button(shown, name, ImVec2(key, key * 0.8f))) {
          if (k == 'C')
            v.console.press_clear();
          else if (k == '<')
            v.console.press_backspace();
          else
            v.console.press_digit(k);
        }
      }
    }
    ImGui::SetCursorPosX(left);
    const float half = (pad_width - ImGui::GetStyle().ItemSpacing.x) / 2;
    if (v.button(v.T("staff.pin.cancel"), "staff.pin.cancel", ImVec2(half, key * 0.7f))) v.console.leave();
    ImGui::SameLine();
    ImGui::BeginDisabled(v.console.pin_length() < 4);
    if (v.button(v.T("staff.pin.ok"), "staff.pin.ok", ImVec2(half, key * 0.7f))) v.console.submit_pin();
    ImGui::EndDisabled();
    ImGui::SetCursorPosX(left);
    ImGui::PushTextWrapPos(left + pad_width);
    v.message();
    ImGui::PopTextWrapPos();
  }
};

}  // namespace

std::unique_ptr<StaffPanel> make_pin_pad_panel() {
  return std::make_unique<PinPadPanel>();
}

}  // namespace mc::ui
