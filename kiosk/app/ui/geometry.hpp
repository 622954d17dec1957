#pragma once
// A rectangle in window pixels (test hooks, hit areas): no ImGui needed to pass one around.
namespace mc::ui {

struct Rect {
  float x = 0, y = 0, w = 0, h = 0;
  bool contains_y(float py) const { return py >= y && py < y + h; }
};

}  // namespace mc::ui
