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
  }
  void add(const std::string& name, Rect rect) { rects_[name] = rect; }
  void add_last_item(const std::string& name);  // the ImGui item just drawn
  const std::map<std::string, Rect>& all() const { return rects_; }
  // Where a widget's label was drawn, for the tests' "no text crosses its box" check (large text, issue 13).
  void add_text(const std::string& name, Rect rect) { texts_[name] = rect; }
  const std::map<std::string, Rect>& texts() const { return texts_; }

 private:
  std::map<std::string, Rect> rects_;
  std::map<std::string, Rect> texts_;
};

}  // namespace mc::ui
