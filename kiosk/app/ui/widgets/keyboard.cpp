#include "keyboard.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

#include <imgui.h>

namespace mc::ui {

float keyboard_height(KeyboardMode mode, float scale) {
  return (mode == KeyboardMode::Numeric ? 470 : 560) * scale;
}

void draw_keyboard(const KeyboardLook& look, const KeyboardTarget& target, float top) {
  const float s = look.scale;
  const ImGuiIO& io = ImGui::GetIO();
  auto T = [&look](std::string_view key) -> const std::string& { return look.tr.tr(key, look.lang); };
  const bool numeric = target.mode == KeyboardMode::Numeric;
  const float kb_h = keyboard_height(target.mode, s);
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(0, top), ImVec2(io.DisplaySize.x, top + kb_h),
                                            look.palette.u32(Colour::Keyboard));
  const float gap = 10 * s;
  const float key_h = 100 * s;
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap));
  ScopedColours colours;
  colours.set(ImGuiCol_Button, look.palette, Colour::Key).set(ImGuiCol_ButtonHovered, look.palette, Colour::Key);
  auto key = [&](const std::string& label, const std::string& name, float x, float y, float w) {
    ImGui::SetCursorScreenPos(ImVec2(x, y));
    const bool pressed = ImGui::Button((label + "##k" + name).c_str(), ImVec2(w, key_h));
    look.rects.add_last_item("key:" + name);
    if (pressed && target.pressed) target.pressed(label);
    return pressed;
  };
  if (numeric) {
    const float w = std::min(300 * s, (io.DisplaySize.x - 80 * s - 3 * gap) / 4);
    const float x0 = (io.DisplaySize.x - (4 * w + 3 * gap)) / 2;
    const char* rows[4][3] = {{"1", "2", "3"}, {"4", "5", "6"}, {"7", "8", "9"}, {"/", "0", "."}};
    for (int r = 0; r < 4; ++r)
      for (int c = 0; c < 3; ++c)
        if (key(rows[r][c], rows[r][c], x0 + c * (w + gap), top + 20 * s + r * (key_h + gap), w))
          target.type(rows[r][c]);
    if (key(T("keyboard.backspace"), "backspace", x0 + 3 * (w + gap), top + 20 * s, w)) target.backspace();
    if (key(T("keyboard.done"), "done", x0 + 3 * (w + gap), top + 20 * s + 2 * (key_h + gap), w)) target.done();
  } else {
    const char* rows[4] = {"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"};
    const float w = (io.DisplaySize.x - 40 * s - 9 * gap) / 10;
    for (int r = 0; r < 4; ++r) {
      const int n = int(std::strlen(rows[r]));
      const float x0 = 20 * s + (r == 2 ? (w + gap) / 2 : r == 3 ? (w + gap) * 1.5f : 0);
      for (int c = 0; c < n; ++c) {
        const std::string ch(1, rows[r][c]);
        const std::string label = target.shift ? std::string(1, char(std::toupper(rows[r][c]))) : ch;
        if (key(label, ch, x0 + c * (w + gap), top + 20 * s + r * (key_h + gap), w)) {
          target.type(label);
          if (target.shift) target.toggle_shift();  // one capital, as on a phone
        }
      }
      if (r == 3 && key(T("keyboard.backspace"), "backspace", x0 + n * (w + gap), top + 20 * s + r * (key_h + gap),
                        io.DisplaySize.x - 20 * s - (x0 + n * (w + gap))))
        target.backspace();
    }
    const float y = top + 20 * s + 4 * (key_h + gap);
    float x = 20 * s;
    if (key(T(target.shift ? "keyboard.upper" : "keyboard.lower"), "shift", x, y, 1.5f * w)) target.toggle_shift();
    x += 1.5f * w + gap;
    if (target.toggle_telex) {
      if (key(T(target.mode == KeyboardMode::Telex ? "keyboard.telex_on" : "keyboard.telex_off"), "mode", x, y, 2 * w))
        target.toggle_telex();
    } else if (key("-", "hyphen", x, y, 2 * w)) {
      target.type("-");
    }
    x += 2 * w + gap;
    if (key(T("keyboard.space"), "space", x, y, 3 * w)) target.type(" ");
    x += 3 * w + gap;
    if (key(",", "comma", x, y, 0.75f * w)) target.type(",");
    x += 0.75f * w + gap;
    if (key(".", "dot", x, y, 0.75f * w)) target.type(".");
    x += 0.75f * w + gap;
    if (key(T("keyboard.done"), "done", x, y, io.DisplaySize.x - 20 * s - x)) target.done();
  }
  ImGui::PopStyleVar();
}

void draw_keyboard(const ViewContext& v, float top) {
  TextEntry& entry = v.entry;
  KeyboardTarget target;
  target.mode = entry.mode();
  target.shift = entry.shift();
  target.type = [&entry](const std::string& utf8) { entry.type(utf8); };
  target.backspace = [&entry] { entry.backspace(); };
  target.done = [&entry] { entry.clear(); };
  target.toggle_shift = [&entry] { entry.set_shift(!entry.shift()); };
  target.toggle_telex = [&entry] { entry.toggle_telex(); };
  if (v.voice) {
    // What a search types is not personal; what a form field types is said only with private audio.
    const bool personal = !entry.is_focused(EntryTarget::Search, "");
    target.pressed = [voice = v.voice, personal](const std::string& label) { voice->echo(label, personal); };
  }
  draw_keyboard(KeyboardLook{v.palette, v.services.tr(), v.lang(), v.scale, v.rects}, target, top);
}

}  // namespace mc::ui
