#include "fonts.hpp"

#include <algorithm>
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

namespace {

void build_glyph_ranges_into(ImVector<ImWchar>& ranges, ImFontAtlas& atlas, const std::vector<std::string>& texts) {
  ImFontGlyphRangesBuilder builder;
  builder.AddRanges(atlas.GetGlyphRangesVietnamese());
  static const ImWchar extra[] = {0x2000, 0x206F, 0x20AB, 0x20AB, 0x00A0, 0x00FF, 0};
  builder.AddRanges(extra);
  for (const auto& text : texts) builder.AddText(text.c_str());
  builder.BuildRanges(&ranges);
}

void build_atlas(ImFontAtlas& atlas, bool freetype) {
  atlas.FontBuilderIO = freetype ? ImGuiFreeType::GetBuilderForFreeType() : ImFontAtlasGetBuilderForStbTruetype();
  // Without hinting: the glyphs keep their drawn shapes (at these sizes no blurrier), and FreeType builds the
  // atlas about twice as fast, which the start-up time needs.
  atlas.FontBuilderFlags = ImGuiFreeTypeBuilderFlags_NoHinting;
  atlas.Build();
}

// The citizen and staff fonts into `atlas` (cleared first), built; touches no ImGui context.
FontSet build_kiosk_fonts(ImFontAtlas& atlas, const ImVector<ImWchar>& ranges, float ui_scale, double text_scale) {
  atlas.Clear();
  FontSet fonts;
  const float s = ui_scale * float(text_scale);
  ImFontConfig cfg;
  cfg.OversampleH = 1;
  cfg.OversampleV = 1;
  fonts.body = atlas.AddFontFromFileTTF(MC_FONT_REGULAR, std::round(32 * s), &cfg, ranges.Data);
  fonts.small = atlas.AddFontFromFileTTF(MC_FONT_REGULAR, std::round(26 * s), &cfg, ranges.Data);
  fonts.title = atlas.AddFontFromFileTTF(MC_FONT_BOLD, std::round(44 * s), &cfg, ranges.Data);
  fonts.huge = atlas.AddFontFromFileTTF(MC_FONT_BOLD, std::round(68 * s), &cfg, ranges.Data);
  // Ticket numbers are capitals and digits ("UA007"): at 240 px every glyph is costly to rasterise at
  // start and large in the atlas, so this font holds those 36 only.
  static const ImWchar ticket_characters[] = {'0', '9', 'A', 'Z', 0};
  const float number_pixels = std::round(240 * ui_scale);
  fonts.number = atlas.AddFontFromFileTTF(MC_FONT_BOLD, number_pixels, &cfg, ticket_characters);
  if (!fonts.body || !fonts.small || !fonts.title || !fonts.huge || !fonts.number) {
    atlas.Clear();
    fonts.body = fonts.small = fonts.title = fonts.huge = fonts.number = atlas.AddFontDefault();
  }
  build_atlas(atlas, number_pixels <= kLargestFreeTypePixels);
  return fonts;
}

}  // namespace

float ui_scale_for(int width, int height) {
  const float s =
      width <= height ? std::min(width / 1080.f, height / 1920.f) : std::min(width / 1920.f, height / 1080.f);
  return std::max(0.4f, s);
}

std::unique_ptr<PrebuiltFonts> PrebuiltFonts::build(std::vector<std::string> texts, float ui_scale, double text_scale) {
  std::unique_ptr<PrebuiltFonts> built(new PrebuiltFonts);
  built->texts_ = std::move(texts);
  built->ui_scale_ = ui_scale;
  built->text_scale_ = text_scale;
  built->atlas_ = IM_NEW(ImFontAtlas)();
  build_glyph_ranges_into(built->glyph_ranges_, *built->atlas_, built->texts_);
  built->set_ = build_kiosk_fonts(*built->atlas_, built->glyph_ranges_, ui_scale, text_scale);
  return built;
}

PrebuiltFonts::~PrebuiltFonts() {
  if (atlas_) IM_DELETE(atlas_);
}

void Fonts::build_glyph_ranges() {
  if (!glyph_ranges_.empty()) return;
  build_glyph_ranges_into(glyph_ranges_, *ImGui::GetIO().Fonts, texts_);
}

void Fonts::finish_build(bool freetype) {
  ImGuiIO& io = ImGui::GetIO();
  build_atlas(*io.Fonts, freetype);
  io.FontDefault = fonts_.body;
}

bool Fonts::adopt_offered(float ui_scale, double text_scale) {
  std::unique_ptr<PrebuiltFonts> offered = std::move(offered_);
  if (!offered || offered->ui_scale_ != ui_scale || offered->text_scale_ != text_scale || offered->texts_ != texts_)
    return false;
  // The context owns its atlas and deletes it with IM_DELETE: the prebuilt one, made with IM_NEW, takes its
  // place; the glyph ranges it was built from come along (its configuration points into them).
  ImGuiIO& io = ImGui::GetIO();
  IM_DELETE(io.Fonts);
  io.Fonts = offered->atlas_;
  offered->atlas_ = nullptr;
  glyph_ranges_.swap(offered->glyph_ranges_);
  fonts_ = offered->set_;
  io.FontDefault = fonts_.body;
  return true;
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
  if (adopt_offered(ui_scale, text_scale)) return;
  build_glyph_ranges();
  ImGuiIO& io = ImGui::GetIO();
  fonts_ = build_kiosk_fonts(*io.Fonts, glyph_ranges_, ui_scale, text_scale);
  io.FontDefault = fonts_.body;
}

}  // namespace mc::ui
