#pragma once
// The kiosk's fonts: Noto Sans at four sizes for text and one very large, ASCII-only size for queue
// numbers. Glyph ranges hold exactly what the strings need (Vietnamese, General Punctuation, ₫, and every
// character of the translations and the catalog), so the atlas stays small.
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

class Fonts {
 public:
  // Every text the kiosk may show beyond the Vietnamese alphabet (translations, procedure names...).
  void set_texts(const std::vector<std::string>& texts);
  // Rebuilds the atlas for a UI scale and a text scale (call outside a frame; the platform layer then
  // uploads the new font texture). Falls back to ImGui's built-in font when the TTF files are missing.
  void build(float ui_scale, double text_scale);
  // The waiting-room display's fonts instead (`kiosk --role display`, which draws nothing else): the number
  // font at number_pixels, holding only what ticket numbers use, and one text font for each of text_pixels,
  // each drawn at the size it was rasterised at: a TV shows them large, where a scaled font blurs.
  void build_display(float number_pixels, const std::vector<float>& text_pixels);
  const FontSet& set() const { return fonts_; }

 private:
  void build_glyph_ranges();
  void finish_build(bool freetype);
  std::vector<std::string> texts_;
  ImVector<ImWchar> glyph_ranges_;
  FontSet fonts_;
};

}  // namespace mc::ui
