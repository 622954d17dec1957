// Today's dossiers by procedure and status, the ratings, a CSV export, the day's register (Mẫu 06) and the
// day's queue tickets.
#include <cstdio>
#include <optional>

#include "../widgets/widgets.hpp"
#include "mc/core/tickets.hpp"
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
      tickets_ = v.console.ticket_stats();
      computed_at_ = now;
    }
    ImGui::TextUnformatted(replace_all(replace_all(v.T("staff.summary.day"), "{day}", summary_.day.dmy()), "{n}",
                                       std::to_string(summary_.total_dossiers))
                               .c_str());
    ImGui::Text("%s: %d / %d / %d", v.T("staff.summary.ratings").c_str(), summary_.ratings.unsatisfied,
                summary_.ratings.satisfied, summary_.ratings.very_satisfied);
    if (v.button(v.T("staff.summary.export"), "staff.summary.export", ImVec2(260 * v.scale, 80 * v.scale)))
      v.console.export_today_csv();
    ImGui::SameLine();
    // Mẫu 06, the day's register, on the office printer.
    if (v.button(v.T("staff.summary.print_register"), "staff.summary.print_register",
                 ImVec2(260 * v.scale, 80 * v.scale)))
      v.console.print_today_register();
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
    draw_tickets(v);
  }

 private:
  // Today's queue tickets per area and counter: across the office's machines with the office database.
  void draw_tickets(const StaffViewContext& v) const {
    ImGui::Separator();
    ImGui::TextUnformatted(v.T("staff.summary.tickets").c_str());
    if (!tickets_) {
      ImGui::TextWrapped("%s", v.T("staff.tickets.unavailable").c_str());
      return;
    }
    auto wait = [&v](const std::optional<double>& seconds) {
      if (!seconds) return std::string("—");
      char minutes[16];
      std::snprintf(minutes, sizeof minutes, "%.1f", *seconds / 60);
      return replace_all(v.T("staff.summary.minutes"), "{n}", minutes);
    };
    const char* columns[] = {"staff.summary.col_area",    "staff.summary.col_issued", "staff.summary.col_waiting",
                             "staff.summary.col_called",  "staff.summary.col_served", "staff.summary.col_skipped",
                             "staff.summary.col_avg_wait"};
    if (ImGui::BeginTable("##ticket_areas", 7, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg)) {
      for (const char* column : columns) ImGui::TableSetupColumn(v.T(column).c_str());
      ImGui::TableHeadersRow();
      auto row = [&](const std::string& name, const TicketStats::Row& r, bool with_issue) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(name.c_str());
        for (int value : {with_issue ? r.issued : -1, with_issue ? r.waiting : -1, r.called, r.served, r.skipped}) {
          ImGui::TableNextColumn();
          if (value >= 0) ImGui::Text("%d", value);
        }
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(wait(r.average_wait_s).c_str());
      };
      for (const auto& area : tickets_->areas) row(area.key, area, true);
      row(v.T("staff.summary.col_total"), tickets_->total, true);
      for (const auto& counter : tickets_->counters)
        row(v.L(counter_display_name(counter.key)), counter, false);
      ImGui::EndTable();
    }
  }

  StaffSummary summary_;
  std::optional<TicketStats> tickets_;
  double computed_at_ = -100;
};

}  // namespace

std::unique_ptr<StaffPanel> make_summary_panel() {
  return std::make_unique<SummaryPanel>();
}

}  // namespace mc::ui
