#include "touch_scroller.hpp"

#include <algorithm>
#include <cmath>

namespace mc::ui {

void TouchScroller::pointer_down(float x, float y, int64_t t_ms) {
  down_ = true;
  x_ = x;
  y_ = down_y_ = y;
  dragging_ = false;
  drag_allowed_ = content_.contains_y(y) && y < keyboard_top_;
  drag_start_scroll_ = scroll_y_;
  velocity_ = 0;
  last_move_ms_ = t_ms;
  last_move_y_ = y;
}

void TouchScroller::pointer_move(float x, float y, int64_t t_ms) {
  x_ = x;
  y_ = y;
  if (!down_) return;
  if (!dragging_ && drag_allowed_ && std::fabs(y - down_y_) > 18 * scale_) dragging_ = true;
  if (!dragging_) return;
  const int64_t dt = std::max<int64_t>(1, t_ms - last_move_ms_);
  const float v = (last_move_y_ - y) / float(dt);
  velocity_ = 0.7f * v + 0.3f * velocity_;
  last_move_ms_ = t_ms;
  last_move_y_ = y;
  scroll_y_ = drag_start_scroll_ - (y - down_y_);
  requested_ = true;
}

void TouchScroller::pointer_up(float x, float y, int64_t t_ms) {
  pointer_move(x, y, t_ms);
  down_ = false;
  if (dragging_) {
    if (t_ms - last_move_ms_ > 80) velocity_ = 0;  // the finger rested before lifting: no glide
    last_step_ms_ = t_ms;
  } else {
    velocity_ = 0;
  }
}

PointerState TouchScroller::pointer() const {
  if (dragging_) return {};  // while scrolling, widgets see no pointer at all
  return {x_, y_, down_};
}

bool TouchScroller::animating() const {
  return !down_ && std::fabs(velocity_) > 0.02f;
}

void TouchScroller::step(int64_t now_ms) {
  if (settle_frames_ > 0) --settle_frames_;
  if (!animating()) return;
  const float dt = float(std::clamp<int64_t>(now_ms - last_step_ms_, 0, 50));
  last_step_ms_ = now_ms;
  scroll_y_ += velocity_ * dt;
  velocity_ *= std::exp(-dt / 325.f);
  requested_ = true;
}

void TouchScroller::scroll_to(float y) {
  scroll_y_ = y;
  velocity_ = 0;
  requested_ = true;
}

bool TouchScroller::take_request(float& y, float max_scroll) {
  if (!requested_) return false;
  requested_ = false;
  settle_frames_ = 2;
  if (scroll_y_ < 0 || scroll_y_ > max_scroll) {
    scroll_y_ = std::clamp(scroll_y_, 0.f, std::max(0.f, max_scroll));
    if (!down_) velocity_ = 0;  // hit the end: the glide stops there
  }
  y = scroll_y_;
  return true;
}

}  // namespace mc::ui
