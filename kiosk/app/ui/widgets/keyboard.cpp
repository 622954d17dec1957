#include "keyboard.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

#include <imgui.h>

namespace mc::ui {

float keyboard_height(KeyboardMode mode, float scale) {
  return (mode == KeyboardMode::Numeric ? 470 : 560) * scale;
}

void draw_keyboard(const ViewContext& v, float top) {
  const float s = v.scale;
  const ImGuiIO& io = ImGui::GetIO();
  TextEntry& entry = v.entry;
  const bool numeric = entry.mode() == KeyboardMode::Numeric;
  const float kb_h = keyboard_height(entry.mode(), s);
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(0, top), ImVec2(io.DisplaySize.x, top + kb_h),
                                            v.colour(Colour::Keyboard));
  const float gap = 10 * s;
  const float key_h = 100 * s;
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap));
  ScopedColours colours;
  colours.set(ImGuiCol_Button, v.palette, Colour::Key).set(ImGuiCol_ButtonHovered, v.palette, Colour::Key);
  auto key = [&](const std::string& label, const std::string& name, float x, float y, float w) {
    ImGui::SetCursorScreenPos(ImVec2(x, y));
    const bool pressed = ImGui::Button((label + "##k" + name).c_str(), ImVec2(w, key_h));
    v.hook("key:" + name);
    if (pressed && v.voice) v.voice->echo(label, !entry.is_focused(EntryTarget::Search, ""));
    return pressed;
  };
  if (numeric) {
    const float w = std::min(300 * s, (io.DisplaySize.x - 80 * s - 3 * gap) / 4);
    const float x0 = (io.DisplaySize.x - (4 * w + 3 * gap)) / 2;
    const char* rows[4][3] = {{"1", "2", "3"}, {"4", "5", "6"}, {"7", "8", "9"}, {"/", "0", "."}};
    for (int r = 0; r < 4; ++r)
      for (int c = 0; c < 3; ++c)
        if (key(rows[r][c], rows[r][c], x0 + c * (w + gap), top + 20 * s + r * (key_h + gap), w))
          entry.type(rows[r][c]);
    if (key(v.T("keyboard.backspace"), "backspace", x0 + 3 * (w + gap), top + 20 * s, w)) entry.backspace();
    if (key(v.T("keyboard.done"), "done", x0 + 3 * (w + gap), top + 20 * s + 2 * (key_h + gap), w)) entry.clear();
  } else {
    const char* rows[4] = {"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"};
    const float w = (io.DisplaySize.x - 40 * s - 9 * gap) / 10;
    for (int r = 0; r < 4; ++r) {
      const int n = int(std::strlen(rows[r]));
      const float x0 = 20 * s + (r == 2 ? (w + gap) / 2 : r == 3 ? (w + gap) * 1.5f : 0);
      for (int c = 0; c < n; ++c) {
        const std::string ch(1, rows[r][c]);
        const std::string label = entry.shift() ? std::string(1, char(std::toupper(rows[r][c]))) : ch;
        if (key(label, ch, x0 + c * (w + gap), top + 20 * s + r * (key_h + gap), w)) {
          entry.type(label);
          entry.set_shift(false);
        }
      }
      if (r == 3 && key(v.T("keyboard.backspace"), "backspace", x0 + n * (w + gap), top + 20 * s + r * (key_h + gap),
                        io.DisplaySize.x - 20 * s - (x0 + n * (w + gap))))
        entry.backspace();
    }
    const float y = top + 20 * s + 4 * (key_h + gap);
    float x = 20 * s;
    if (key(v.T(entry.shift() ? "keyboard.upper" : "keyboard.lower"), "shift", x, y, 1.5f * w))
      entry.set_shift(!entry.shift());
    x += 1.5f * w + gap;
    if (key(v.T(entry.mode() == KeyboardMode::Telex ? "keyboard.telex_on" : "keyboard.telex_off"), "mode", x, y, 2 * w))
      entry.toggle_telex();
    x += 2 * w + gap;
    if (key(v.T("keyboard.space"), "space", x, y, 3 * w)) entry.type(" ");
    x += 3 * w + gap;
    if (key(",", "comma", x, y, 0.75f * w)) entry.type(",");
    x += 0.75f * w + gap;
    if (key(".", "dot", x, y, 0.75f * w)) entry.type(".");
    x += 0.75f * w + gap;
    if (key(v.T("keyboard.done"), "done", x, y, io.DisplaySize.x - 20 * s - x)) entry.clear();
  }
  ImGui::PopStyleVar();
}

}  // namespace mc::ui
