#pragma once
// Named on-screen rectangles of the last frame ("start", "proc:1.002820", "key:a", "staff.pin.5"...), so
// the end-to-end tests can tap widgets by name (--test-hooks). Every tappable widget records itself.
#include <map>
#include <string>

#include "geometry.hpp"

namespace mc::ui {

class WidgetRects {
 public:
  void clear() {
    rects_.clear();
    texts_.clear();
    fonts_.clear();
  }
  void add(const std::string& name, Rect rect) { rects_[name] = rect; }
  void add_last_item(const std::string& name);  // the ImGui item just drawn
  const std::map<std::string, Rect>& all() const { return rects_; }
  // Where a widget's label was drawn, for the tests' "no text crosses its box" check (large text, issue 13).
  void add_text(const std::string& name, Rect rect) { texts_[name] = rect; }
  const std::map<std::string, Rect>& texts() const { return texts_; }
  // The pixel size a text's font was rasterised at and the size it was drawn at: equal unless it was drawn
  // scaled, which blurs it (the waiting-room display's large numbers, issue 13).
  struct FontSizes {
    float rasterised = 0, drawn = 0;
  };
  void add_font(const std::string& name, FontSizes sizes) { fonts_[name] = sizes; }
  const std::map<std::string, FontSizes>& fonts() const { return fonts_; }

 private:
  std::map<std::string, Rect> rects_;
  std::map<std::string, Rect> texts_;
  std::map<std::string, FontSizes> fonts_;
};

}  // namespace mc::ui
