#include "staff_view.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "mc/core/datetime.hpp"
#include "mc/printing/escpos.hpp"
#include "mc/printing/printer.hpp"
#include "mc/sync/engine.hpp"
#include "mc/sync/outbox.hpp"

namespace mc::app {

namespace {

// View-only state. The find box may hold a mistaken scan (an ID card): it is wiped whenever staff mode
// is not authenticated, so nothing typed survives leaving.
char g_find_buffer[160] = {};
StaffScreen g_last_screen = StaffScreen::Closed;

const char* tr(const StaffViewStyle& style, const char* vi, const char* en) {
  return style.lang == Lang::En ? en : vi;
}
std::string L(const StaffViewStyle& style, const LocalizedText& text) {
  return text.get(style.lang);
}

void report(const StaffViewStyle& style, const std::string& name) {
  if (style.on_widget) style.on_widget(name, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

bool big_button(const StaffViewStyle& style, const std::string& label, const std::string& name, ImVec2 size) {
  // "##name" keeps ImGui ids stable across languages.
  const bool pressed = ImGui::Button((label + "##" + name).c_str(), size);
  report(style, name);
  return pressed;
}

// The outbox's state names ("queued", ...) as staff read them.
const char* queue_state_label(const StaffViewStyle& style, const std::string& state) {
  if (state == "queued") return tr(style, "Chờ gửi", "Queued");
  if (state == "sending") return tr(style, "Đang gửi", "Sending");
  if (state == "synced") return tr(style, "Đã đồng bộ", "Synced");
  if (state == "quarantined") return tr(style, "Cách ly", "Quarantined");
  return state.c_str();
}

std::string local_time(int64_t unix_seconds) {
  return unix_seconds > 0 ? LocalDateTime::from_unix(unix_seconds).dmy_hm() : "";
}

void draw_message(StaffConsole& console, const StaffViewStyle& style) {
  const std::string text = L(style, console.message());
  if (text.empty()) return;
  const ImVec4 color = console.message_is_error() ? ImVec4(0.85f, 0.15f, 0.1f, 1) : ImVec4(0.1f, 0.55f, 0.2f, 1);
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}

void read_pin_keyboard(StaffConsole& console) {
  ImGuiIO& io = ImGui::GetIO();
  for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
    const ImWchar c = io.InputQueueCharacters[i];
    if (c >= '0' && c <= '9') console.press_digit(static_cast<char>(c));
  }
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace))) console.press_backspace();
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)) ||
      ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter))) {
    console.submit_pin();
  }
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) console.leave();
}

void draw_pin_pad(StaffConsole& console, const StaffViewStyle& style, ImVec2 area) {
  const float s = style.scale;
  const float key = std::min(std::min(area.x / 3.6f, (area.y - 260 * s) / 5.0f), 180 * s);
  const float pad_width = key * 3 + ImGui::GetStyle().ItemSpacing.x * 2;
  const float left = std::max(0.0f, (area.x - pad_width) / 2);

  ImGui::SetCursorPosX(left);
  ImGui::TextUnformatted(tr(style, "Nhập mã PIN nhân viên", "Enter staff PIN"));
  ImGui::SetCursorPosX(left);
  // The masked digits, in a box as wide as the pad so the layout does not jump while typing.
  const std::string dots = console.masked_pin();
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.93f, 0.93f, 0.93f, 1));
  ImGui::BeginChild("##pin_display", ImVec2(pad_width, 70 * s), true, ImGuiWindowFlags_NoScrollbar);
  ImGui::SetWindowFontScale(1.6f);
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.1f, 0.1f, 0.1f, 1));
  ImGui::TextUnformatted(dots.empty() ? " " : dots.c_str());
  ImGui::PopStyleColor();
  ImGui::EndChild();
  ImGui::PopStyleColor();
  report(style, "staff.pin.display");

  static const char* kKeys[4][3] = {{"1", "2", "3"}, {"4", "5", "6"}, {"7", "8", "9"}, {"C", "0", "<"}};
  for (int row = 0; row < 4; ++row) {
    ImGui::SetCursorPosX(left);
    for (int col = 0; col < 3; ++col) {
      if (col) ImGui::SameLine();
      const char* label = kKeys[row][col];
      const std::string name = std::string("staff.pin.") + (label[0] == 'C'   ? "clear"
                                                            : label[0] == '<' ? "back"
                                                                              : label);
      const std::string shown = label[0] == 'C'   ? tr(style, "Xóa", "Clear")
                                : label[0] == '<' ? tr(style, "Xóa lùi", "Back")
                                                  : label;
      if (big_button(style, shown, name, ImVec2(key, key * 0.8f))) {
        if (label[0] == 'C')
          console.press_clear();
        else if (label[0] == '<')
          console.press_backspace();
        else
          console.press_digit(label[0]);
      }
    }
  }
  ImGui::SetCursorPosX(left);
  const float half = (pad_width - ImGui::GetStyle().ItemSpacing.x) / 2;
  if (big_button(style, tr(style, "Thoát", "Cancel"), "staff.pin.cancel", ImVec2(half, key * 0.7f))) console.leave();
  ImGui::SameLine();
  ImGui::BeginDisabled(console.pin_length() < 4);
  if (big_button(style, "OK", "staff.pin.ok", ImVec2(half, key * 0.7f))) console.submit_pin();
  ImGui::EndDisabled();
  ImGui::SetCursorPosX(left);
  ImGui::PushTextWrapPos(left + pad_width);
  draw_message(console, style);
  ImGui::PopTextWrapPos();
  if (style.read_keyboard) read_pin_keyboard(console);
}

void draw_nav(StaffConsole& console, const StaffViewStyle& style, float width) {
  struct Item {
    StaffScreen screen;
    const char* name;
  };
  static const Item kItems[] = {{StaffScreen::Find, "find"},       {StaffScreen::Queue, "queue"},
                                {StaffScreen::Printer, "printer"}, {StaffScreen::Summary, "summary"},
                                {StaffScreen::Tickets, "tickets"}, {StaffScreen::Configuration, "config"}};
  const float height = 90 * style.scale;
  for (const auto& item : kItems) {
    const bool active = console.screen() == item.screen ||
                        (item.screen == StaffScreen::Find && console.screen() == StaffScreen::Detail);
    if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (big_button(style, L(style, staff_screen_title(item.screen)), std::string("staff.nav.") + item.name,
                   ImVec2(width, height))) {
      console.show(item.screen);
    }
    if (active) ImGui::PopStyleColor();
  }
  ImGui::Dummy(ImVec2(0, 20 * style.scale));
  if (big_button(style, tr(style, "Rời chế độ nhân viên", "Leave staff mode"), "staff.nav.leave",
                 ImVec2(width, height))) {
    console.leave();
  }
  const int64_t left = console.seconds_until_auto_leave();
  ImGui::TextWrapped(tr(style, "Tự thoát sau %lld giây", "Auto-leave in %lld s"), static_cast<long long>(left));
}

void draw_find(StaffConsole& console, const StaffViewStyle& style) {
  ImGui::TextWrapped("%s", tr(style, "Quét mã QR trên giấy tiếp nhận, hoặc gõ mã hồ sơ rồi bấm Tìm.",
                              "Scan the receipt QR, or type the dossier code and press Find."));
  // Not an ImGui::InputText: the app routes typed text itself (wedge detector, Telex), so the box shows
  // g_find_buffer, filled by staff_console_type_text() / staff_console_backspace().
  const float box_width = ImGui::GetContentRegionAvail().x - 220 * style.scale;
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(1, 1, 1, 1));
  ImGui::BeginChild("##staff_find_box", ImVec2(box_width, 70 * style.scale), true, ImGuiWindowFlags_NoScrollbar);
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.05f, 0.05f, 0.05f, 1));
  ImGui::Text("%s|", g_find_buffer);
  ImGui::PopStyleColor();
  ImGui::EndChild();
  ImGui::PopStyleColor();
  report(style, "staff.find.input");
  ImGui::SameLine();
  if (big_button(style, tr(style, "Tìm", "Find"), "staff.find.go", ImVec2(200 * style.scale, 70 * style.scale))) {
    staff_console_enter(console);
  }
  if (style.read_keyboard) {
    ImGuiIO& io = ImGui::GetIO();
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
      const ImWchar c = io.InputQueueCharacters[i];
      if (c >= 0x20 && c < 0x7f) staff_console_type_text(console, std::string(1, static_cast<char>(c)));
    }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace))) staff_console_backspace(console);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter))) {
      staff_console_enter(console);
    }
  }
  draw_message(console, style);
}

void draw_detail(StaffConsole& console, const StaffViewStyle& style) {
  const auto& dossier = console.current();
  if (!dossier) {
    draw_find(console, style);
    return;
  }
  ImGui::Text("%s", dossier->code.c_str());
  ImGui::TextWrapped("%s — %s", dossier->procedure_code.c_str(), L(style, dossier->procedure_name).c_str());
  ImGui::Text("%s: %s", tr(style, "Trạng thái", "Status"), L(style, status_label(dossier->status)).c_str());
  ImGui::Text("%s: %s (%s %d)", tr(style, "Hàng đợi", "Queue"), queue_state_label(style, dossier->queue_state),
              tr(style, "lần gửi", "attempts"), dossier->attempts);
  if (!dossier->quarantine_reason.empty()) {
    ImGui::TextWrapped("%s: %s", tr(style, "Lý do cách ly", "Quarantine reason"), dossier->quarantine_reason.c_str());
  }
  if (!dossier->last_error.empty()) {
    ImGui::TextWrapped("%s: %s", tr(style, "Lỗi gần nhất", "Last error"), dossier->last_error.c_str());
  }

  // Reprints on one row, the other actions on the next: three labels per row stay readable on a
  // portrait kiosk screen.
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const ImVec2 button((ImGui::GetContentRegionAvail().x - 2 * spacing) / 3, 80 * style.scale);
  if (big_button(style, tr(style, "In lại liên 1", "Reprint copy 1"), "staff.reprint.1", button)) console.reprint(1);
  ImGui::SameLine();
  if (big_button(style, tr(style, "In lại liên 2", "Reprint copy 2"), "staff.reprint.2", button)) console.reprint(2);
  ImGui::SameLine();
  if (big_button(style, tr(style, "In lại cả hai liên", "Reprint both"), "staff.reprint.both", button))
    console.reprint(3);
  if (dossier->queue_state == "quarantined") {
    if (big_button(style, tr(style, "Gửi lại", "Retry"), "staff.detail.retry", button)) console.retry_current();
    ImGui::SameLine();
  }
  if (big_button(style, tr(style, "Tìm hồ sơ khác", "Find another"), "staff.detail.back", button)) {
    console.show(StaffScreen::Find);
  }
  draw_message(console, style);

  ImGui::Separator();
  ImGui::TextUnformatted(tr(style, "Lịch sử trạng thái", "Status history"));
  for (const auto& line : dossier->history) {
    ImGui::Bullet();
    ImGui::TextWrapped("%s", line.c_str());
  }
  ImGui::Separator();
  ImGui::TextUnformatted(tr(style, "Thông tin đã khai", "Answers"));
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

void draw_queue(StaffConsole& console, const StaffViewStyle& style) {
  const auto& queue = console.queue();
  ImGui::Text("%s: %d   %s: %d   %s: %d   %s: %d", tr(style, "Chờ gửi", "Queued"), queue.queued,
              tr(style, "Đang gửi", "Sending"), queue.sending, tr(style, "Đã đồng bộ", "Synced"), queue.synced,
              tr(style, "Cách ly", "Quarantined"), queue.quarantined);
  ImGui::TextWrapped("%s", L(style, console.sync_state()).c_str());
  const ImVec2 button(260 * style.scale, 80 * style.scale);
  if (big_button(style, tr(style, "Đồng bộ ngay", "Sync now"), "staff.queue.sync", button)) console.sync_now();
  ImGui::SameLine();
  if (big_button(style, tr(style, "Làm mới", "Refresh"), "staff.queue.refresh", button)) {
    console.note_activity();
    console.refresh_queue();
  }
  draw_message(console, style);
  std::string retry_code;
  if (ImGui::BeginTable("##queue", 5, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY)) {
    ImGui::TableSetupColumn(tr(style, "Mã hồ sơ", "Dossier"));
    ImGui::TableSetupColumn(tr(style, "Tiếp nhận", "Accepted"));
    ImGui::TableSetupColumn(tr(style, "Trạng thái", "State"));
    ImGui::TableSetupColumn(tr(style, "Lý do", "Reason"));
    ImGui::TableSetupColumn("");
    ImGui::TableHeadersRow();
    for (const auto& row : queue.rows) {
      ImGui::TableNextRow(0, 70 * style.scale);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(row.code.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(local_time(row.accepted_at_unix).c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%s (%d)", queue_state_label(style, row.queue_state), row.attempts);
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", row.reason.c_str());
      ImGui::TableNextColumn();
      if (row.queue_state == "quarantined" &&
          big_button(style, tr(style, "Gửi lại", "Retry"), "staff.queue.retry." + row.code,
                     ImVec2(-FLT_MIN, 60 * style.scale))) {
        retry_code = row.code;  // after the loop: retry refreshes the rows we are iterating
      }
    }
    ImGui::EndTable();
  }
  if (!retry_code.empty()) console.retry(retry_code);
}

void draw_printer(StaffConsole& console, const StaffViewStyle& style) {
  // The app's hook answers from a cache that a background job refreshes (the printer can take its whole
  // timeout to answer), so asking every frame costs nothing.
  const LocalizedText state = console.printer_state();
  ImGui::Text("%s: %s", tr(style, "Trạng thái máy in", "Printer state"), L(style, state).c_str());
  if (big_button(style, tr(style, "In trang thử", "Print test page"), "staff.printer.test",
                 ImVec2(320 * style.scale, 90 * style.scale))) {
    console.print_test_page();
  }
  draw_message(console, style);
}

void draw_summary(StaffConsole& console, const StaffViewStyle& style) {
  // Recomputed at most every few seconds: it reads the whole day's queue.
  static StaffSummary cached;
  static double computed_at = -100;
  const double now = ImGui::GetTime();
  if (g_last_screen != StaffScreen::Summary || now - computed_at > 5) {
    cached = console.today_summary();
    computed_at = now;
  }
  ImGui::Text("%s %s: %d %s", tr(style, "Ngày", "Day"), cached.day.dmy().c_str(), cached.total_dossiers,
              tr(style, "hồ sơ", "dossiers"));
  ImGui::Text("%s: %d / %d / %d",
              tr(style, "Đánh giá (không hài lòng / hài lòng / rất hài lòng)",
                 "Ratings (unsatisfied / satisfied / very satisfied)"),
              cached.ratings.unsatisfied, cached.ratings.satisfied, cached.ratings.very_satisfied);
  if (big_button(style, tr(style, "Xuất CSV", "Export CSV"), "staff.summary.export",
                 ImVec2(260 * style.scale, 80 * style.scale))) {
    console.export_today_csv();
  }
  draw_message(console, style);
  if (ImGui::BeginTable("##summary", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY)) {
    ImGui::TableSetupColumn(tr(style, "Thủ tục", "Procedure"));
    ImGui::TableSetupColumn(tr(style, "Theo trạng thái", "By status"));
    ImGui::TableSetupColumn(tr(style, "Tổng", "Total"));
    ImGui::TableSetupColumn(tr(style, "Đánh giá", "Ratings"));
    ImGui::TableHeadersRow();
    for (const auto& row : cached.procedures) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s %s", row.procedure_code.c_str(), L(style, row.procedure_name).c_str());
      ImGui::TableNextColumn();
      for (const auto& [status, count] : row.by_status) {
        ImGui::Text("%s: %d", L(style, status_label(static_cast<DossierStatus>(status))).c_str(), count);
      }
      ImGui::TableNextColumn();
      ImGui::Text("%d", row.total);
      ImGui::TableNextColumn();
      ImGui::Text("%d / %d / %d", row.ratings.unsatisfied, row.ratings.satisfied, row.ratings.very_satisfied);
    }
    ImGui::EndTable();
  }
}

void draw_configuration(StaffConsole& console, const StaffViewStyle& style) {
  if (ImGui::BeginTable("##config", 2, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY)) {
    ImGui::TableSetupColumn(tr(style, "Khóa", "Key"));
    ImGui::TableSetupColumn(tr(style, "Giá trị", "Value"));
    ImGui::TableHeadersRow();
    for (const auto& [key, value] : console.configuration()) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(key.c_str());
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", value.c_str());
    }
    ImGui::EndTable();
  }
}

void draw_tickets(StaffConsole& console, const StaffViewStyle& style) {
  ImGui::Text("%s: %s", tr(style, "Quầy", "Counter"), console.options().counter.c_str());
  const int waiting = console.waiting();
  if (waiting >= 0) ImGui::Text("%s: %d", tr(style, "Đang chờ", "Waiting"), waiting);
  if (const auto& ticket = console.last_ticket()) {
    ImGui::SetWindowFontScale(2.5f);
    ImGui::Text("%s", ticket->label.c_str());
    ImGui::SetWindowFontScale(1.0f);
  }
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const ImVec2 button((ImGui::GetContentRegionAvail().x - 2 * spacing) / 3, 110 * style.scale);
  if (big_button(style, tr(style, "Gọi số tiếp", "Call next"), "staff.tickets.next", button)) console.call_next();
  ImGui::SameLine();
  if (big_button(style, tr(style, "Gọi lại", "Recall"), "staff.tickets.recall", button)) console.recall();
  ImGui::SameLine();
  if (big_button(style, tr(style, "Bỏ qua", "Skip"), "staff.tickets.skip", button)) console.skip();
  draw_message(console, style);
  ImGui::Separator();
  ImGui::TextUnformatted(
      tr(style, "Số vừa gọi (như màn hình phòng chờ)", "Recently called (as the waiting-room screen)"));
  for (const auto& ticket : console.recently_called(6))
    ImGui::BulletText("%s  →  %s", ticket.label.c_str(), ticket.counter.c_str());
}

}  // namespace

bool draw_staff_console(StaffConsole& console, const StaffViewStyle& style) {
  if (!console.is_authenticated()) g_find_buffer[0] = '\0';
  if (!console.is_open()) {
    g_last_screen = StaffScreen::Closed;
    return false;
  }
  const ImGuiIO& io = ImGui::GetIO();
  const ImVec2 size = (style.size.x > 0 && style.size.y > 0) ? style.size : io.DisplaySize;
  ImGui::SetNextWindowPos(style.origin);
  ImGui::SetNextWindowSize(size);
  if (g_last_screen == StaffScreen::Closed) ImGui::SetNextWindowFocus();  // on top of the citizen screen
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
  ImGui::SetNextWindowBgAlpha(1.0f);
  ImGui::Begin("##staff_console", nullptr, flags);
  ImGui::PopStyleVar();

  // Any press or key inside staff mode counts as activity for the auto-leave timer.
  if (ImGui::IsMouseClicked(ImGuiMouseButton_Left) || io.InputQueueCharacters.Size > 0) console.note_activity();

  const ImVec2 area = ImGui::GetContentRegionAvail();
  if (console.screen() == StaffScreen::PinPad) {
    draw_pin_pad(console, style, area);
  } else {
    const float nav_width = std::min(360 * style.scale, area.x * 0.3f);
    ImGui::BeginChild("##staff_nav", ImVec2(nav_width, 0), false);
    draw_nav(console, style, nav_width - ImGui::GetStyle().WindowPadding.x);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##staff_content", ImVec2(0, 0), false);
    ImGui::TextUnformatted(L(style, staff_screen_title(console.screen())).c_str());
    ImGui::Separator();
    switch (console.screen()) {
      case StaffScreen::Find:
        draw_find(console, style);
        break;
      case StaffScreen::Detail:
        draw_detail(console, style);
        break;
      case StaffScreen::Queue:
        draw_queue(console, style);
        break;
      case StaffScreen::Printer:
        draw_printer(console, style);
        break;
      case StaffScreen::Summary:
        draw_summary(console, style);
        break;
      case StaffScreen::Configuration:
        draw_configuration(console, style);
        break;
      case StaffScreen::Tickets:
        draw_tickets(console, style);
        break;
      case StaffScreen::Closed:
      case StaffScreen::PinPad:
        break;
    }
    ImGui::EndChild();
  }
  g_last_screen = console.screen();
  ImGui::End();
  return true;
}

bool staff_console_type_text(StaffConsole& console, const std::string& utf8) {
  if (!console.is_open()) return false;
  console.note_activity();
  if (console.screen() == StaffScreen::PinPad) {
    for (char c : utf8) console.press_digit(c);  // anything but digits is ignored
  } else if (console.screen() == StaffScreen::Find || console.screen() == StaffScreen::Detail) {
    // Printable ASCII only: a dossier code or URL never needs more.
    std::string text = g_find_buffer;
    for (char c : utf8) {
      if (c >= 0x20 && c < 0x7f && text.size() + 1 < sizeof g_find_buffer) text.push_back(c);
    }
    std::snprintf(g_find_buffer, sizeof g_find_buffer, "%s", text.c_str());
    if (console.screen() == StaffScreen::Detail) console.show(StaffScreen::Find);
  }
  return true;
}

bool staff_console_backspace(StaffConsole& console) {
  if (!console.is_open()) return false;
  console.note_activity();
  if (console.screen() == StaffScreen::PinPad) {
    console.press_backspace();
  } else {
    const size_t length = std::strlen(g_find_buffer);
    if (length > 0) g_find_buffer[length - 1] = '\0';
  }
  return true;
}

bool staff_console_enter(StaffConsole& console) {
  if (!console.is_open()) return false;
  if (console.screen() == StaffScreen::PinPad) {
    if (console.pin_length() > 0) console.submit_pin();
  } else if (console.screen() == StaffScreen::Find && g_find_buffer[0] != '\0') {
    const std::string text = g_find_buffer;
    g_find_buffer[0] = '\0';
    console.find(text);
  } else {
    console.note_activity();
  }
  return true;
}

bool staff_console_escape(StaffConsole& console) {
  if (!console.is_open()) return false;
  if (console.screen() == StaffScreen::PinPad)
    console.leave();
  else if (console.screen() == StaffScreen::Detail)
    console.show(StaffScreen::Find);
  else
    console.note_activity();
  return true;
}

bool staff_console_on_scan(StaffConsole& console, const std::string& text) {
  if (!console.is_authenticated()) return false;
  console.note_activity();
  if (console.screen() == StaffScreen::Find || console.screen() == StaffScreen::Detail) {
    g_find_buffer[0] = '\0';
    console.find(text);
  }
  return true;  // staff mode swallows scans so they never reach the citizen screen underneath
}

}  // namespace mc::app
