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
  // Ticket numbers are ASCII ("UA007"): a small range keeps this very large font cheap in the atlas.
  static const ImWchar ascii[] = {0x0020, 0x007E, 0};
  fonts_.number = io.Fonts->AddFontFromFileTTF(MC_FONT_BOLD, std::round(240 * ui_scale), &cfg, ascii);
  if (!fonts_.body || !fonts_.small || !fonts_.title || !fonts_.huge || !fonts_.number) {
    io.Fonts->Clear();
    fonts_.body = fonts_.small = fonts_.title = fonts_.huge = fonts_.number = io.Fonts->AddFontDefault();
  }
  io.Fonts->FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
  io.Fonts->Build();
  io.FontDefault = fonts_.body;
}

}  // namespace mc::ui
