// The configuration in force, secrets masked (viewing it is audited by the console).
#include "staff_panel.hpp"

namespace mc::ui {
namespace {

class ConfigurationPanel : public StaffPanel {
 public:
  StaffScreen screen() const override { return StaffScreen::Configuration; }

  void draw(const StaffViewContext& v) override {
    if (!ImGui::BeginTable("##config", 2, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY))
      return;
    ImGui::TableSetupColumn(v.T("staff.config.col_key").c_str());
    ImGui::TableSetupColumn(v.T("staff.config.col_value").c_str());
    ImGui::TableHeadersRow();
    for (const auto& [key, value] : v.console.configuration()) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(key.c_str());
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", value.c_str());
    }
    ImGui::EndTable();
  }
};

}  // namespace

std::unique_ptr<StaffPanel> make_configuration_panel() {
  return std::make_unique<ConfigurationPanel>();
}

}  // namespace mc::ui
