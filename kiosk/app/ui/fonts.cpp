#include "fonts.hpp"

#include <cmath>

#include <imgui_freetype.h>
#include <imgui_internal.h>  // ImFontAtlasGetBuilderForStbTruetype

namespace mc::ui {

void Fonts::set_texts(const std::vector<std::string>& texts) {
  texts_ = texts;
  glyph_ranges_.clear();
}

// ImGui 1.86's FreeType builder copies each glyph into 256 KiB buffers at 4 bytes a pixel and writes past
// one for a larger glyph (a "W" above about 300 px: a 4K screen's 480 or 576 px numbers corrupted the heap).
// stb_truetype has no such limit; FreeType stays where it is safe, as it is faster.
constexpr float kLargestFreeTypePixels = 300;

void Fonts::build_glyph_ranges() {
  if (!glyph_ranges_.empty()) return;
  ImFontGlyphRangesBuilder builder;
  builder.AddRanges(ImGui::GetIO().Fonts->GetGlyphRangesVietnamese());
  static const ImWchar extra[] = {0x2000, 0x206F, 0x20AB, 0x20AB, 0x00A0, 0x00FF, 0};
  builder.AddRanges(extra);
  for (const auto& text : texts_) builder.AddText(text.c_str());
  builder.BuildRanges(&glyph_ranges_);
}

void Fonts::finish_build(bool freetype) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->FontBuilderIO = freetype ? ImGuiFreeType::GetBuilderForFreeType() : ImFontAtlasGetBuilderForStbTruetype();
  // Without hinting: the glyphs keep their drawn shapes (at these sizes no blurrier), and FreeType builds the
  // atlas about twice as fast, which the start-up time needs.
  io.Fonts->FontBuilderFlags = ImGuiFreeTypeBuilderFlags_NoHinting;
  io.Fonts->Build();
  io.FontDefault = fonts_.body;
}

void Fonts::build_display(float number_pixels, const std::vector<float>& text_pixels) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  fonts_ = FontSet{};
  ImFontConfig cfg;
  cfg.OversampleH = 1;
  cfg.OversampleV = 1;
  // Ticket numbers are capitals and digits ("UA007"), and a dash stands in for the number before the first
  // call: at 288 px (1080p) every glyph is large in the atlas, so this font holds those 37 only.
  static const ImWchar number_characters[] = {'0', '9', 'A', 'Z', 0x2014, 0x2014, 0};
  fonts_.number = io.Fonts->AddFontFromFileTTF(MC_FONT_BOLD, number_pixels, &cfg, number_characters);
  // The other texts hold the kiosk's strings: headings from the translations, and counter names and
  // initials, which the office types (any Vietnamese letter).
  build_glyph_ranges();
  bool loaded = fonts_.number != nullptr;
  for (float pixels : text_pixels) {
    ImFont* font = io.Fonts->AddFontFromFileTTF(MC_FONT_REGULAR, pixels, &cfg, glyph_ranges_.Data);
    loaded = loaded && font;
    fonts_.display_text.push_back(font);
  }
  if (!loaded) {
    io.Fonts->Clear();
    fonts_ = FontSet{};
    fonts_.number = io.Fonts->AddFontDefault();
  }
  // The display draws no citizen screen; these stay valid for whatever asks for the set's body font.
  fonts_.body = fonts_.small = fonts_.title = fonts_.huge =
      fonts_.display_text.empty() ? fonts_.number : fonts_.display_text.front();
  finish_build(number_pixels <= kLargestFreeTypePixels);
}

void Fonts::build(float ui_scale, double text_scale) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  fonts_.display_text.clear();
  build_glyph_ranges();
  const float s = ui_scale * float(text_scale);
  ImFontConfig cfg;
  cfg.OversampleH = 1;
  cfg.OversampleV = 1;
  fonts_.body = io.Fonts->AddFontFromFileTTF(MC_FONT_REGULAR, std::round(32 * s), &cfg, glyph_ranges_.Data);
  fonts_.small = io.Fonts->AddFontFromFileTTF(MC_FONT_REGULAR, std::round(26 * s), &cfg, glyph_ranges_.Data);
  fonts_.title = io.Fonts->AddFontFromFileTTF(MC_FONT_BOLD, std::round(44 * s), &cfg, glyph_ranges_.Data);
  fonts_.huge = io.Fonts->AddFontFromFileTTF(MC_FONT_BOLD, std::round(68 * s), &cfg, glyph_ranges_.Data);
  // Ticket numbers are capitals and digits ("UA007"): at 240 px every glyph is costly to rasterise at
  // start and large in the atlas, so this font holds those 36 only.
  static const ImWchar ticket_characters[] = {'0', '9', 'A', 'Z', 0};
  const float number_pixels = std::round(240 * ui_scale);
  fonts_.number = io.Fonts->AddFontFromFileTTF(MC_FONT_BOLD, number_pixels, &cfg, ticket_characters);
  if (!fonts_.body || !fonts_.small || !fonts_.title || !fonts_.huge || !fonts_.number) {
    io.Fonts->Clear();
    fonts_.body = fonts_.small = fonts_.title = fonts_.huge = fonts_.number = io.Fonts->AddFontDefault();
  }
  finish_build(number_pixels <= kLargestFreeTypePixels);
}

}  // namespace mc::ui
