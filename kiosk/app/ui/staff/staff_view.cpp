#include "staff_view.hpp"

#include <algorithm>

#include "../widgets/keyboard.hpp"
#include "../widgets/widgets.hpp"

namespace mc::ui {

bool StaffViewContext::button(const std::string& label, const std::string& name, ImVec2 size) const {
  return fitted_button(rects, label, label + "##" + name, name, size);
}

void StaffViewContext::text_box(const std::string& text, const std::string& name, float width,
                                KeyboardMode mode) const {
  ImGui::PushStyleColor(ImGuiCol_ChildBg, palette.u32(Colour::Field));
  ImGui::BeginChild(("##" + name).c_str(), ImVec2(width, 70 * scale), true, ImGuiWindowFlags_NoScrollbar);
  ImGui::Text("%s|", text.c_str());
  ImGui::EndChild();
  ImGui::PopStyleColor();
  rects.add_last_item(name);
  if (keyboard && ImGui::IsItemClicked(ImGuiMouseButton_Left)) {
    keyboard->shown = true;
    keyboard->mode = mode;
    keyboard->screen = console.screen();
    keyboard->shift = false;
  }
}

void StaffViewContext::message() const {
  const std::string text = L(console.message());
  if (text.empty()) return;
  ImGui::PushStyleColor(ImGuiCol_Text, palette.u32(console.message_is_error() ? Colour::Error : Colour::Ok));
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}

std::string queue_state_label(const StaffViewContext& v, const std::string& state) {
  if (state == "queued" || state == "sending" || state == "synced" || state == "quarantined")
    return v.T("staff.queue_state." + state);
  return state;
}

StaffView::StaffView() : panels_(make_staff_panels()) {
  for (auto& panel : panels_) by_screen_.at(size_t(panel->screen())) = panel.get();
}

StaffView::~StaffView() = default;

void StaffView::draw_nav(const StaffViewContext& v, float width) {
  struct Item {
    StaffScreen screen;
    const char* name;
  };
  static const Item kItems[] = {{StaffScreen::Find, "find"},           {StaffScreen::Queue, "queue"},
                                {StaffScreen::Printer, "printer"},     {StaffScreen::Summary, "summary"},
                                {StaffScreen::Tickets, "tickets"},     {StaffScreen::IdCard, "chip"},
                                {StaffScreen::Configuration, "config"}};
  const float height = 90 * v.scale;
  for (const auto& item : kItems) {
    const bool active = v.console.screen() == item.screen ||
                        (item.screen == StaffScreen::Find &&
                         (v.console.screen() == StaffScreen::Detail || v.console.screen() == StaffScreen::Documents));
    ScopedColours colours;
    if (active) colours.set(ImGuiCol_Button, v.palette, Colour::ButtonPressed);
    if (v.button(v.L(staff_screen_title(item.screen)), std::string("staff.nav.") + item.name, ImVec2(width, height)))
      v.console.show(item.screen);
  }
  ImGui::Dummy(ImVec2(0, 20 * v.scale));
  if (v.button(v.T("staff.nav.leave"), "staff.nav.leave", ImVec2(width, height))) v.console.leave();
  const std::string left = std::to_string(v.console.seconds_until_auto_leave());
  ImGui::TextWrapped("%s", replace_all(v.T("staff.nav.auto_leave"), "{n}", left).c_str());
}

void StaffView::draw_staff_keyboard(const StaffViewContext& v, float top) {
  KeyboardTarget target;
  target.mode = keyboard_.mode;
  target.shift = keyboard_.shift;
  StaffConsole& console = v.console;
  target.type = [&console](const std::string& utf8) { console.type_text(utf8); };
  target.backspace = [&console] { console.backspace(); };
  target.done = [this] { keyboard_.shown = false; };
  target.toggle_shift = [this] { keyboard_.shift = !keyboard_.shift; };
  draw_keyboard(KeyboardLook{v.palette, v.tr, v.lang, v.scale, v.rects}, target, top);
}

bool StaffView::draw(StaffConsole& console, const Translations& tr, Lang lang, const Palette& palette, float scale,
                     WidgetRects& rects, app::ChipReading* chip, Textures* textures, app::DocumentPages* pages) {
  if (!console.is_open() || !console.is_authenticated()) {
    for (auto& panel : panels_) panel->on_close(textures);  // e.g. the face texture goes with staff mode
  }
  if (!console.is_open()) {
    last_screen_ = StaffScreen::Closed;
    return false;
  }
  // The keyboard belongs to the screen whose box was tapped (Find and Detail share the find box).
  auto find_group = [](StaffScreen screen) {
    return screen == StaffScreen::Detail || screen == StaffScreen::Documents ? StaffScreen::Find : screen;
  };
  if (keyboard_.shown && find_group(keyboard_.screen) != find_group(console.screen())) keyboard_.shown = false;
  const StaffViewContext v{console, tr, lang, palette, scale, rects, chip, textures, &keyboard_, pages};
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  if (last_screen_ == StaffScreen::Closed) ImGui::SetNextWindowFocus();  // on top of the citizen screen
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
  ImGui::SetNextWindowBgAlpha(1.0f);
  ImGui::Begin("##staff_console", nullptr, flags);
  ImGui::PopStyleVar();

  // Any press or key inside staff mode counts as activity for the auto-leave timer.
  if (ImGui::IsMouseClicked(ImGuiMouseButton_Left) || io.InputQueueCharacters.Size > 0) console.note_activity();

  StaffPanel* panel = by_screen_.at(size_t(console.screen()));
  if (panel && console.screen() != last_screen_) panel->on_enter();
  const ImVec2 area = ImGui::GetContentRegionAvail();
  if (console.screen() == StaffScreen::PinPad) {
    keyboard_.shown = false;  // the PIN pad is a keypad already
    if (panel) panel->draw(v);
  } else {
    // The keyboard takes the bottom of the window; the screens scroll in what is left above it.
    const float keyboard_h = keyboard_.shown ? keyboard_height(keyboard_.mode, scale) : 0;
    const float panes_h = keyboard_.shown ? std::max(100 * scale, area.y - keyboard_h) : 0;
    const float nav_width = std::min(360 * scale, area.x * 0.3f);
    ImGui::BeginChild("##staff_nav", ImVec2(nav_width, panes_h), false);
    draw_nav(v, nav_width - ImGui::GetStyle().WindowPadding.x);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##staff_content", ImVec2(0, panes_h), false);
    ImGui::TextUnformatted(v.L(staff_screen_title(console.screen())).c_str());
    ImGui::Separator();
    if (panel) panel->draw(v);
    ImGui::EndChild();
    if (keyboard_.shown) draw_staff_keyboard(v, io.DisplaySize.y - keyboard_h);
  }
  last_screen_ = console.screen();
  ImGui::End();
  return true;
}

}  // namespace mc::ui
