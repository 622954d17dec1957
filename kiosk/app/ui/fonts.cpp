#include "fonts.hpp"

#include <cmath>

#include <imgui_freetype.h>

namespace mc::ui {

void Fonts::set_texts(const std::vector<std::string>& texts) {
  texts_ = texts;
  glyph_ranges_.clear();
}

void Fonts::build(float ui_scale, double text_scale) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  if (glyph_ranges_.empty()) {
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(io.Fonts->GetGlyphRangesVietnamese());
    static const ImWchar extra[] = {0x2000, 0x206F, 0x20AB, 0x20AB, 0x00A0, 0x00FF, 0};
    builder.AddRanges(extra);
    for (const auto& text : texts_) builder.AddText(text.c_str());
    builder.BuildRanges(&glyph_ranges_);
  }
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
  fonts_.number = io.Fonts->AddFontFromFileTTF(MC_FONT_BOLD, std::round(240 * ui_scale), &cfg, ticket_characters);
  if (!fonts_.body || !fonts_.small || !fonts_.title || !fonts_.huge || !fonts_.number) {
    io.Fonts->Clear();
    fonts_.body = fonts_.small = fonts_.title = fonts_.huge = fonts_.number = io.Fonts->AddFontDefault();
  }
  io.Fonts->FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
  // Without hinting: the glyphs keep their drawn shapes (at these sizes no blurrier), and FreeType builds the
  // atlas about twice as fast, which the start-up time needs.
  io.Fonts->FontBuilderFlags = ImGuiFreeTypeBuilderFlags_NoHinting;
  io.Fonts->Build();
  io.FontDefault = fonts_.body;
}

}  // namespace mc::ui
