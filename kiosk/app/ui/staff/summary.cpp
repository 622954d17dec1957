// Today's dossiers by procedure and status, the ratings, and a CSV export.
#include "../widgets/widgets.hpp"
#include "staff_panel.hpp"

namespace mc::ui {
namespace {

class SummaryPanel : public StaffPanel {
 public:
  StaffScreen screen() const override { return StaffScreen::Summary; }
  void on_enter() override { computed_at_ = -100; }

  void draw(const StaffViewContext& v) override {
    // Recomputed at most every few seconds: it reads the whole day's queue.
    const double now = ImGui::GetTime();
    if (now - computed_at_ > 5) {
      summary_ = v.console.today_summary();
      computed_at_ = now;
    }
    ImGui::TextUnformatted(replace_all(replace_all(v.T("staff.summary.day"), "{day}", summary_.day.dmy()), "{n}",
                                       std::to_string(summary_.total_dossiers))
                               .c_str());
    ImGui::Text("%s: %d / %d / %d", v.T("staff.summary.ratings").c_str(), summary_.ratings.unsatisfied,
                summary_.ratings.satisfied, summary_.ratings.very_satisfied);
    if (v.button(v.T("staff.summary.export"), "staff.summary.export", ImVec2(260 * v.scale, 80 * v.scale)))
      v.console.export_today_csv();
    v.message();
    if (ImGui::BeginTable("##summary", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY)) {
      ImGui::TableSetupColumn(v.T("staff.summary.col_procedure").c_str());
      ImGui::TableSetupColumn(v.T("staff.summary.col_by_status").c_str());
      ImGui::TableSetupColumn(v.T("staff.summary.col_total").c_str());
      ImGui::TableSetupColumn(v.T("staff.summary.col_ratings").c_str());
      ImGui::TableHeadersRow();
      for (const auto& row : summary_.procedures) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s %s", row.procedure_code.c_str(), v.L(row.procedure_name).c_str());
        ImGui::TableNextColumn();
        for (const auto& [status, count] : row.by_status)
          ImGui::Text("%s: %d", v.L(status_label(static_cast<DossierStatus>(status))).c_str(), count);
        ImGui::TableNextColumn();
        ImGui::Text("%d", row.total);
        ImGui::TableNextColumn();
        ImGui::Text("%d / %d / %d", row.ratings.unsatisfied, row.ratings.satisfied, row.ratings.very_satisfied);
      }
      ImGui::EndTable();
    }
  }

 private:
  StaffSummary summary_;
  double computed_at_ = -100;
};

}  // namespace

std::unique_ptr<StaffPanel> make_summary_panel() {
  return std::make_unique<SummaryPanel>();
}

}  // namespace mc::ui
