// The sync queue: counts by state, sync now, and every row with its reason; quarantined rows can be retried.
#include <algorithm>

#include "mc/core/datetime.hpp"
#include "staff_panel.hpp"

namespace mc::ui {
namespace {

std::string local_time(int64_t unix_seconds) {
  return unix_seconds > 0 ? LocalDateTime::from_unix(unix_seconds).dmy_hm() : "";
}

class QueuePanel : public StaffPanel {
 public:
  StaffScreen screen() const override { return StaffScreen::Queue; }

  void draw(const StaffViewContext& v) override {
    const float s = v.scale;
    const auto& queue = v.console.queue();
    // Wrapped: at a large text size or on a narrow counter screen the last counts must not be cut off.
    ImGui::TextWrapped("%s: %d   %s: %d   %s: %d   %s: %d", queue_state_label(v, "queued").c_str(), queue.queued,
                       queue_state_label(v, "sending").c_str(), queue.sending, queue_state_label(v, "synced").c_str(),
                       queue.synced, queue_state_label(v, "quarantined").c_str(), queue.quarantined);
    ImGui::TextWrapped("%s", v.L(v.console.sync_state()).c_str());
    const ImVec2 button(260 * s, 80 * s);
    if (v.button(v.T("staff.queue.sync_now"), "staff.queue.sync", button)) v.console.sync_now();
    ImGui::SameLine();
    if (v.button(v.T("staff.queue.refresh"), "staff.queue.refresh", button)) {
      v.console.note_activity();
      v.console.refresh_queue();
    }
    v.message();
    std::string retry_code;
    if (ImGui::BeginTable("##queue", 5, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY)) {
      // The code and time columns as wide as their longest value: a dossier code is read out in full.
      float code_width = ImGui::CalcTextSize(v.T("staff.queue.col_code").c_str()).x;
      for (const auto& row : queue.rows) code_width = std::max(code_width, ImGui::CalcTextSize(row.code.c_str()).x);
      const float time_width = ImGui::CalcTextSize("00/00/0000 00:00").x;
      ImGui::TableSetupColumn(v.T("staff.queue.col_code").c_str(), ImGuiTableColumnFlags_WidthFixed, code_width);
      ImGui::TableSetupColumn(v.T("staff.queue.col_accepted").c_str(), ImGuiTableColumnFlags_WidthFixed,
                              std::max(time_width, ImGui::CalcTextSize(v.T("staff.queue.col_accepted").c_str()).x));
      ImGui::TableSetupColumn(v.T("staff.queue.col_state").c_str());
      ImGui::TableSetupColumn(v.T("staff.queue.col_reason").c_str());
      ImGui::TableSetupColumn("");
      ImGui::TableHeadersRow();
      for (const auto& row : queue.rows) {
        ImGui::TableNextRow(0, 70 * s);
        ImGui::TableNextColumn();
        const ImVec2 cell = ImGui::GetCursorScreenPos();
        const float cell_width = ImGui::GetContentRegionAvail().x;
        ImGui::TextUnformatted(row.code.c_str());
        const ImVec2 code_size = ImGui::CalcTextSize(row.code.c_str());
        v.rects.add("staff.queue.code." + row.code, Rect{cell.x, cell.y, cell_width, code_size.y});
        v.rects.add_text("staff.queue.code." + row.code, Rect{cell.x, cell.y, code_size.x, code_size.y});
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(local_time(row.accepted_at_unix).c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%s (%d)", queue_state_label(v, row.queue_state).c_str(), row.attempts);
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", row.reason.c_str());
        ImGui::TableNextColumn();
        if (row.queue_state == "quarantined" &&
            v.button(v.T("staff.detail.retry"), "staff.queue.retry." + row.code, ImVec2(-FLT_MIN, 60 * s)))
          retry_code = row.code;  // after the loop: retry refreshes the rows we are iterating
      }
      ImGui::EndTable();
    }
    if (!retry_code.empty()) v.console.retry(retry_code);
  }
};

}  // namespace

std::unique_ptr<StaffPanel> make_queue_panel() {
  return std::make_unique<QueuePanel>();
}

}  // namespace mc::ui
