#pragma once
// The kiosk's fonts: Noto Sans at four sizes for text and one very large, ASCII-only size for queue
// numbers. Glyph ranges hold exactly what the strings need (Vietnamese, General Punctuation, ₫, and every
// character of the translations and the catalog), so the atlas stays small.
#include <memory>
#include <string>
#include <vector>

#include <imgui.h>

namespace mc::ui {

struct FontSet {
  ImFont* body = nullptr;
  ImFont* small = nullptr;
  ImFont* title = nullptr;
  ImFont* huge = nullptr;
  ImFont* number = nullptr;  // the queue-ticket number, readable from a few metres (A-Z and 0-9 only)
  // The waiting-room display's texts, one font for each size it draws (Fonts::build_display); else empty.
  std::vector<ImFont*> display_text;
};

// The UI scale for a drawable size: the kiosk is designed for 1080x1920 portrait and 1920x1080 landscape and
// everything scales from there.
float ui_scale_for(int width, int height);

// The citizen and staff fonts built ahead of the first frame, on another thread (the kiosk builds them while its
// window opens, before any ImGui context needs them). Fonts::build adopts them when they were built for the
// same scales and texts, and builds its own otherwise.
class PrebuiltFonts {
 public:
  static std::unique_ptr<PrebuiltFonts> build(std::vector<std::string> texts, float ui_scale, double text_scale);
  ~PrebuiltFonts();
  const ImFontAtlas* atlas() const { return atlas_; }

 private:
  friend class Fonts;
  PrebuiltFonts() = default;
  std::vector<std::string> texts_;
  float ui_scale_ = 0;
  double text_scale_ = 0;
  ImVector<ImWchar> glyph_ranges_;  // the atlas' configuration points into it
  ImFontAtlas* atlas_ = nullptr;    // allocated with IM_NEW: the ImGui context deletes it once adopted
  FontSet set_;
};

class Fonts {
 public:
  // Every text the kiosk may show beyond the Vietnamese alphabet (translations, procedure names...).
  void set_texts(const std::vector<std::string>& texts);
  // Rebuilds the atlas for a UI scale and a text scale (call outside a frame; the platform layer then
  // uploads the new font texture). Falls back to ImGui's built-in font when the TTF files are missing.
  void build(float ui_scale, double text_scale);
  // Fonts built ahead for the first build(); dropped by it when they do not match.
  void offer(std::unique_ptr<PrebuiltFonts> prebuilt) { offered_ = std::move(prebuilt); }
  // The waiting-room display's fonts instead (`kiosk --role display`, which draws nothing else): the number
  // font at number_pixels, holding only what ticket numbers use, and one text font for each of text_pixels,
  // each drawn at the size it was rasterised at: a TV shows them large, where a scaled font blurs.
  void build_display(float number_pixels, const std::vector<float>& text_pixels);
  const FontSet& set() const { return fonts_; }

 private:
  void build_glyph_ranges();
  void finish_build(bool freetype);
  bool adopt_offered(float ui_scale, double text_scale);
  std::vector<std::string> texts_;
  std::unique_ptr<PrebuiltFonts> offered_;
  ImVector<ImWchar> glyph_ranges_;
  FontSet fonts_;
};

}  // namespace mc::ui
