#pragma once
// What a citizen screen draws with: the journey (the state it shows and the calls its taps make), the
// services' read-only data, the palette, the fonts, the UI scale, the text entry, the content area and
// the widget rectangles for the test hooks. One is made per frame by KioskUi and handed to the screen.
#include <cstdint>
#include <string>
#include <string_view>

#include "fonts.hpp"
#include "geometry.hpp"
#include "mc/core/journey.hpp"
#include "palette.hpp"
#include "services.hpp"
#include "text_entry.hpp"
#include "textures.hpp"
#include "voice_guide.hpp"
#include "widget_rects.hpp"
#include "widgets/touch_scroller.hpp"

namespace mc::ui {

// The citizen's display choices (header buttons); reset for the next citizen.
struct DisplaySettings {
  bool high_contrast = false;
  double text_scale = 1.0;
  bool fonts_dirty = true;
};

struct ViewContext {
  Journey& journey;
  const app::Services& services;
  const Palette& palette;
  const FontSet& fonts;
  float scale;
  WidgetRects& rects;
  TextEntry& entry;
  TouchScroller& scroller;
  DisplaySettings& settings;
  Rect content;  // the scrolling area between header and footer (and keyboard)
  int64_t now_ms;
  app::VoiceGuide* voice = nullptr;  // null: no voice (staff views, tests)
  Textures* textures = nullptr;      // null: no pictures (tests, bench); the scanned pages show as cards

  Lang lang() const { return journey.lang(); }
  // A translated string (assets/i18n); a missing key shows the key itself.
  const std::string& T(std::string_view key) const { return services.tr().tr(key, journey.lang()); }
  std::string L(const LocalizedText& text) const { return text.get(journey.lang()); }
  ImU32 colour(Colour role) const { return palette.u32(role); }
  void hook(const std::string& name) const { rects.add_last_item(name); }
  // Call when a control was tapped, before it acts: false when voice guidance only said what it is (tap once
  // to hear, twice to choose). `personal`: what a field holds, said only with private audio.
  bool tap(const std::string& id, const std::string& label, const std::string& personal = "") const {
    return !voice || voice->tap(id, label, now_ms, personal);
  }
};

}  // namespace mc::ui
