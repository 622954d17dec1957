#pragma once
// The citizen's side of the kiosk: a small dispatcher that draws the header, the journey's current
// screen (one class per screen, screens/), the keyboard, the footer and the idle warning. All state about
// the citizen lives in mc::Journey; this class keeps only view state (focus, scrolling, display choices).
// It uses Dear ImGui and no SDL: the platform layer feeds it pointer events and calls draw() in a frame.
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "fonts.hpp"
#include "mc/core/journey.hpp"
#include "screens/citizen_screen.hpp"
#include "services.hpp"
#include "text_entry.hpp"
#include "view_context.hpp"
#include "widget_rects.hpp"
#include "widgets/touch_scroller.hpp"

namespace mc::ui {

// Every text the fonts must hold: the translations and what the catalog shows.
std::vector<std::string> texts_to_show(const app::Services& services);

class KioskUi {
 public:
  KioskUi(app::Services& services, Journey& journey);
  ~KioskUi();

  // Layout inputs.
  void set_viewport(int width, int height);
  float scale() const { return scale_; }
  const FontSet& fonts() const { return fonts_.set(); }
  const Palette& palette() const { return *palette_; }
  bool fonts_dirty() const { return settings_.fonts_dirty; }
  double text_scale() const { return settings_.text_scale; }
  bool high_contrast() const { return settings_.high_contrast; }
  const TextEntry& entry() const { return entry_; }
  TextEntry& entry() { return entry_; }  // tests focus a field the way a tap does
  void build_fonts();                    // call outside a frame; the caller recreates the GL font texture
  // Fonts built ahead (PrebuiltFonts::build over texts_to_show) for the first build_fonts().
  void offer_fonts(std::unique_ptr<PrebuiltFonts> prebuilt) { fonts_.offer(std::move(prebuilt)); }
  // The waiting-room display's fonts for a window height instead (outside a frame, like build_fonts).
  void build_display_fonts(float window_height);

  // Input routed by the platform layer.
  void type_text(const std::string& utf8);  // a person typing (after the wedge detector)
  void backspace();
  bool enter();  // true when handled (a field was focused)
  bool has_focus() const { return entry_.focused(); }
  void clear_focus() { entry_.clear(); }
  // Touch: pointer down/move/up in window pixels; the view decides between tap and drag-scroll.
  void pointer_down(float x, float y, int64_t t_ms);
  void pointer_move(float x, float y, int64_t t_ms);
  void pointer_up(float x, float y, int64_t t_ms);
  PointerState pointer() const { return scroller_.pointer(); }
  bool animating() const { return scroller_.animating() || scroller_.has_request(); }
  bool staff_gesture_tap(float x, float y, int64_t t_ms);  // true when the hidden gesture completed

  void draw(int64_t now_ms);
  // Voice guidance (null: none). The header and the attract screen show its switch.
  void set_voice(app::VoiceGuide* voice) { voice_ = voice; }
  void set_textures(Textures* textures) { textures_ = textures; }  // the scanned pages' pictures
  void toggle_voice() {
    if (voice_) voice_->toggle(journey_);
  }
  // Named on-screen rectangles of the last frame (for --test-hooks).
  const WidgetRects& widget_rects() const { return rects_; }

 private:
  CitizenScreen& screen_for(Screen screen);
  void on_screen_change();
  void reset_display_choices();  // language, text size and contrast back to the configuration
  void apply_style();
  ViewContext context(int64_t now_ms, Rect content);

  app::Services& services_;
  Journey& journey_;
  std::vector<std::unique_ptr<CitizenScreen>> screens_;
  std::array<CitizenScreen*, 16> by_screen_{};
  Fonts fonts_;
  const Palette* palette_;
  DisplaySettings settings_;
  TextEntry entry_;
  TouchScroller scroller_;
  WidgetRects rects_;
  int width_ = 1080, height_ = 1920;
  float scale_ = 1.0f;
  Screen last_screen_ = Screen::Attract;
  size_t last_group_ = 0;
  size_t last_capture_ = 0;  // the capture step's document: the next one starts at its top, like a new screen
  std::vector<int64_t> staff_taps_;
  app::VoiceGuide* voice_ = nullptr;
  Textures* textures_ = nullptr;
};

}  // namespace mc::ui
