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
};

class Fonts {
 public:
  // Every text the kiosk may show beyond the Vietnamese alphabet (translations, procedure names...).
  void set_texts(const std::vector<std::string>& texts);
  // Rebuilds the atlas for a UI scale and a text scale (call outside a frame; the platform layer then
  // uploads the new font texture). Falls back to ImGui's built-in font when the TTF files are missing.
  void build(float ui_scale, double text_scale);
  const FontSet& set() const { return fonts_; }

 private:
  std::vector<std::string> texts_;
  ImVector<ImWchar> glyph_ranges_;
  FontSet fonts_;
};

}  // namespace mc::ui
