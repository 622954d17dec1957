#pragma once
// The kiosk's view: draws the journey's current screen with Dear ImGui, touch first. All state about the
// citizen lives in mc::Journey; this class keeps only view state (focus, scrolling, keyboard mode).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <imgui.h>

#include "mc/core/journey.hpp"
#include "mc/core/telex.hpp"
#include "services.hpp"

namespace mc::app {

enum class Role { Citizen, Staff, Display };

struct Rect {
  float x, y, w, h;
};

enum class KeyboardMode { Telex, Plain, Numeric };

// One pointer (finger or mouse) as the view sees it after touch handling.
struct PointerFrame {
  ImVec2 pos{-FLT_MAX, -FLT_MAX};
  bool down = false;
};

class KioskUi {
 public:
  KioskUi(Services& services, Journey& journey);

  // Layout inputs.
  void set_viewport(int width, int height);
  float scale() const { return scale_; }
  ImFont* number_font() const { return font_number_; }  // large, ASCII only: ticket numbers
  bool fonts_dirty() const { return fonts_dirty_; }
  void build_fonts();  // call outside a frame; the caller recreates the GL font texture

  // Input routed by the platform layer.
  void type_text(const std::string& utf8);  // person typing (after the wedge detector)
  void backspace();
  bool enter();                             // true when handled (a field was focused)
  void on_scan(const std::string& text);
  bool has_focus() const { return focus_.has_value(); }
  // Touch: pointer down/move/up in window pixels; the view decides between tap and drag-scroll.
  void pointer_down(float x, float y, int64_t t_ms);
  void pointer_move(float x, float y, int64_t t_ms);
  void pointer_up(float x, float y, int64_t t_ms);
  PointerFrame pointer_for_imgui() const;
  bool animating() const;  // inertia scrolling in progress
  bool staff_gesture_tap(float x, float y, int64_t t_ms);  // true when the hidden gesture completed

  void draw(int64_t now_ms);
  // Named on-screen rectangles of the last frame (for --test-hooks).
  const std::map<std::string, Rect>& widget_rects() const { return rects_; }

 private:
  struct Focus {
    enum class Target { Search, IdNumber, FullName, DateOfBirth, Address, Answer } target;
    std::string field_id;  // Answer
    KeyboardMode mode;
    std::string buffer;    // Answer: the text being edited (dates as typed)
  };

  const std::string& T(const char* key) const;
  std::string L(const LocalizedText& text) const { return text.get(journey_.lang()); }
  void hook(const std::string& name);  // records the last item's rectangle
  void apply_style();

  void draw_header(const OnlineState& online);
  void draw_footer();
  void draw_keyboard();
  void draw_idle_warning(int seconds_left);

  void screen_attract();
  void screen_choose();
  void screen_info();
  void screen_identify();
  void screen_form();
  void screen_review();
  void screen_receipt();
  void screen_rating();
  void screen_thanks();
  void screen_status();
  void screen_take_number();
  void screen_ticket();

  bool big_button(const std::string& label, const std::string& hook_name, ImVec2 size, bool primary = false);
  void text_field(const std::string& label, Focus::Target target, const std::string& field_id, KeyboardMode mode,
                  const std::optional<LocalizedText>& error, const std::string& help = "");
  void field_widget(const FieldSpec& field);
  void section_title(const std::string& text);
  void draw_qr(const std::string& text, float size);

  std::string focus_text() const;
  void set_focus_text(std::string text);
  void focus(Focus::Target target, const std::string& field_id, KeyboardMode mode);
  void clear_focus();

  Services& services_;
  Journey& journey_;
  int width_ = 1080, height_ = 1920;
  float scale_ = 1.0f;
  double text_scale_ = 1.0;
  bool high_contrast_ = false;
  bool fonts_dirty_ = true;
  ImFont* font_body_ = nullptr;
  ImFont* font_small_ = nullptr;
  ImFont* font_title_ = nullptr;
  ImFont* font_huge_ = nullptr;
  ImFont* font_number_ = nullptr;  // the queue-ticket number, readable from a few metres (ASCII only)
  ImVector<ImWchar> glyph_ranges_;

  std::optional<Focus> focus_;
  TelexComposer telex_;
  bool shift_ = false;
  KeyboardMode text_mode_ = KeyboardMode::Telex;
  Screen last_screen_ = Screen::Attract;
  size_t last_group_ = 0;

  // Touch scrolling of the content area.
  bool pointer_down_ = false;
  ImVec2 pointer_pos_{-FLT_MAX, -FLT_MAX};
  ImVec2 down_pos_{0, 0};
  bool dragging_ = false;
  bool drag_allowed_ = false;
  float drag_start_scroll_ = 0;
  float velocity_ = 0;  // px per ms, positive = content moves up
  int64_t last_move_ms_ = 0;
  float last_move_y_ = 0;
  float scroll_y_ = 0;
  bool scroll_set_ = false;
  int64_t last_inertia_ms_ = 0;
  Rect content_rect_{0, 0, 0, 0};
  float keyboard_top_ = 1e9f;

  std::vector<int64_t> staff_taps_;

  std::string qr_cached_text_;
  std::vector<uint8_t> qr_bits_;
  int qr_size_ = 0;

  std::map<std::string, Rect> rects_;
  int64_t now_ms_ = 0;
};

}  // namespace mc::app
