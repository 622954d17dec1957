#pragma once
// Staff mode drawn with Dear ImGui: the PIN pad, then the staff screens with a navigation column. Opened
// over the citizen screen (Ctrl+Alt+S or the five-tap corner gesture) or as the whole window on a
// counter terminal. Keys and scans reach mc::StaffConsole directly (the input router sends them there).
#include <array>
#include <memory>
#include <vector>

#include "staff_panel.hpp"

namespace mc::ui {

class StaffView {
 public:
  StaffView();
  ~StaffView();
  // Draws the console when it is open over the whole display; returns false (and draws nothing) when closed.
  bool draw(StaffConsole& console, const Translations& tr, Lang lang, const Palette& palette, float scale,
            WidgetRects& rects, app::ChipReading* chip = nullptr, Textures* textures = nullptr,
            app::DocumentPages* pages = nullptr);

 private:
  void draw_nav(const StaffViewContext& v, float width);
  void draw_staff_keyboard(const StaffViewContext& v, float top);

  std::vector<std::unique_ptr<StaffPanel>> panels_;
  std::array<StaffPanel*, 16> by_screen_{};
  StaffScreen last_screen_ = StaffScreen::Closed;
  StaffKeyboard keyboard_;
};

}  // namespace mc::ui
