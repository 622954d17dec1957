// One dossier: status, queue state, reprint, the office forms and retry, the status history and the
// answers (on screen only, never audited).
#include "../widgets/widgets.hpp"
#include "staff_panel.hpp"

namespace mc::ui {

void draw_find_box(const StaffViewContext& v);

namespace {

class DetailPanel : public StaffPanel {
 public:
  StaffScreen screen() const override { return StaffScreen::Detail; }

  void draw(const StaffViewContext& v) override {
    const auto& dossier = v.console.current();
    if (!dossier) {
      draw_find_box(v);
      return;
    }
    ImGui::TextUnformatted(dossier->code.c_str());
    ImGui::TextWrapped("%s — %s", dossier->procedure_code.c_str(), v.L(dossier->procedure_name).c_str());
    ImGui::Text("%s: %s", v.T("staff.detail.status").c_str(), v.L(status_label(dossier->status)).c_str());
    ImGui::Text("%s: %s (%s %d)", v.T("staff.detail.queue").c_str(), queue_state_label(v, dossier->queue_state).c_str(),
                v.T("staff.detail.attempts").c_str(), dossier->attempts);
    if (!dossier->quarantine_reason.empty())
      ImGui::TextWrapped("%s: %s", v.T("staff.detail.quarantine_reason").c_str(), dossier->quarantine_reason.c_str());
    if (!dossier->last_error.empty())
      ImGui::TextWrapped("%s: %s", v.T("staff.detail.last_error").c_str(), dossier->last_error.c_str());

    // Reprints on one row, the office forms on the next, the other actions after: three labels per row
    // stay readable on a portrait kiosk screen.
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const ImVec2 button((ImGui::GetContentRegionAvail().x - 2 * spacing) / 3, 80 * v.scale);
    if (v.button(v.T("staff.detail.reprint_1"), "staff.reprint.1", button)) v.console.reprint(1);
    ImGui::SameLine();
    if (v.button(v.T("staff.detail.reprint_2"), "staff.reprint.2", button)) v.console.reprint(2);
    ImGui::SameLine();
    if (v.button(v.T("staff.detail.reprint_both"), "staff.reprint.both", button)) v.console.reprint(3);
    // The official forms on the office's A4/A5 printer (Mẫu 01 on A5, Mẫu 05 on A4).
    if (v.button(v.T("staff.detail.print_form01"), "staff.form.01", button))
      v.console.print_office_form(OfficeForm::Receipt01);
    ImGui::SameLine();
    if (v.button(v.T("staff.detail.print_form05"), "staff.form.05", button))
      v.console.print_office_form(OfficeForm::ControlSlip05);
    ImGui::SameLine();
    if (v.button(v.T("staff.detail.find_another"), "staff.detail.back", button)) v.console.show(StaffScreen::Find);
    if (dossier->queue_state == "quarantined" && v.button(v.T("staff.detail.retry"), "staff.detail.retry", button))
      v.console.retry_current();
    // The electronic documents (issue 14): their pages and export on a screen of their own.
    if (!dossier->documents.empty()) {
      if (dossier->queue_state == "quarantined") ImGui::SameLine();
      const std::string label =
          replace_all(v.T("staff.detail.documents"), "{n}", std::to_string(dossier->documents.size()));
      if (v.button(label, "staff.detail.documents", button)) v.console.show(StaffScreen::Documents);
    }
    v.message();

    ImGui::Separator();
    ImGui::TextUnformatted(v.T("staff.detail.history").c_str());
    for (const auto& line : dossier->history) {
      ImGui::Bullet();
      ImGui::TextWrapped("%s", line.c_str());
    }
    ImGui::Separator();
    ImGui::TextUnformatted(v.T("staff.detail.answers").c_str());
    if (ImGui::BeginTable("##answers", 2, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY)) {
      for (const auto& [label, value] : dossier->answers) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", label.c_str());
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", value.c_str());
      }
      ImGui::EndTable();
    }
  }
};

}  // namespace

std::unique_ptr<StaffPanel> make_detail_panel() {
  return std::make_unique<DetailPanel>();
}

}  // namespace mc::ui
