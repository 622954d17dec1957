// The printer's state and a test page.
#include "staff_panel.hpp"

namespace mc::ui {
namespace {

class PrinterPanel : public StaffPanel {
 public:
  StaffScreen screen() const override { return StaffScreen::Printer; }

  void draw(const StaffViewContext& v) override {
    // The app's hook answers from a cache that a background job refreshes (the printer can take its whole
    // timeout to answer), so asking every frame costs nothing.
    ImGui::Text("%s: %s", v.T("staff.printer.state").c_str(), v.L(v.console.printer_state()).c_str());
    if (v.button(v.T("staff.printer.test"), "staff.printer.test", ImVec2(320 * v.scale, 90 * v.scale)))
      v.console.print_test_page();
    v.message();
  }
};

}  // namespace

std::unique_ptr<StaffPanel> make_printer_panel() {
  return std::make_unique<PrinterPanel>();
}

}  // namespace mc::ui
