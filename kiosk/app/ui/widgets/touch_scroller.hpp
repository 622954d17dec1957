#pragma once
// Touch scrolling of the content area, without ImGui: a press that moves more than a few millimetres
// becomes a drag of the content, and the widget under the finger is not pressed; releasing keeps the
// content gliding (inertia) until friction stops it. The view applies scroll_y() to its scrolling child
// and tells the scroller the real limit (max_scroll) each frame.
#include <cstdint>

#include "../geometry.hpp"

namespace mc::ui {

// What widgets see of the pointer this frame: nothing at all while the content is being dragged.
struct PointerState {
  float x = -1e30f, y = -1e30f;
  bool down = false;
  bool visible() const { return x > -1e29f; }
};

class TouchScroller {
 public:
  void set_scale(float scale) { scale_ = scale; }
  // Where drags may start: the content area, above the on-screen keyboard.
  void set_area(Rect content, float keyboard_top) {
    content_ = content;
    keyboard_top_ = keyboard_top;
  }

  void pointer_down(float x, float y, int64_t t_ms);
  void pointer_move(float x, float y, int64_t t_ms);
  void pointer_up(float x, float y, int64_t t_ms);
  PointerState pointer() const;
  bool dragging() const { return dragging_; }
  bool animating() const;  // gliding after a fling
  // A scroll asked for in a frame's drawing (a field revealed above the keyboard): the next frame hands it
  // to ImGui, which moves the window in the frame after that; both must be drawn.
  bool has_request() const { return requested_ || settle_frames_ > 0; }

  // Each frame, before the content is drawn: advances the glide.
  void step(int64_t now_ms);
  // Jumps to a position (0 = top), e.g. a new screen or a new search.
  void scroll_to(float y);
  void stop() { velocity_ = 0; }

  // The position to apply this frame, once; false when the view's own position stands (then report it
  // with observe(), e.g. after the wheel or keyboard navigation moved it).
  bool take_request(float& y, float max_scroll);
  void observe(float y) { scroll_y_ = y; }
  float scroll_y() const { return scroll_y_; }

 private:
  float scale_ = 1;
  Rect content_;
  float keyboard_top_ = 1e9f;
  bool down_ = false;
  float x_ = -1e30f, y_ = -1e30f;
  float down_y_ = 0;
  bool dragging_ = false;
  bool drag_allowed_ = false;
  float drag_start_scroll_ = 0;
  float velocity_ = 0;  // px per ms, positive = content moves up
  int64_t last_move_ms_ = 0;
  float last_move_y_ = 0;
  float scroll_y_ = 0;
  bool requested_ = false;
  int settle_frames_ = 0;  // frames still to draw after a request was handed to ImGui
  int64_t last_step_ms_ = 0;
};

}  // namespace mc::ui
