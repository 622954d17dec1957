#include "out_of_service_view.hpp"

#include <algorithm>
#include <cfloat>

#include <imgui.h>

namespace mc::ui {

namespace {

// Wrapped text centred line by line in [left, right], starting at y; returns the y below it.
float centred_block(ImDrawList* dl, ImFont* font, float size, const std::string& text, float left, float right, float y,
                    ImU32 colour) {
  const float width = right - left;
  const char* start = text.c_str();
  const char* end = start + text.size();
  while (start < end) {
    const char* line_end = font->CalcWordWrapPositionA(size / font->FontSize, start, end, width);
    if (line_end == start) line_end = start + 1;
    const ImVec2 extent = font->CalcTextSizeA(size, width, 0.0f, start, line_end);
    dl->AddText(font, size, ImVec2(left + std::max(0.0f, (width - extent.x) / 2), y), colour, start, line_end);
    y += size * 1.3f;
    start = line_end;
    while (start < end && (*start == ' ' || *start == '\n')) ++start;
  }
  return y;
}

}  // namespace

void draw_out_of_service(const Translations& tr, const Palette& palette, const FontSet& fonts, float scale,
                         const std::vector<std::string>& reasons_for_staff) {
  const ImGuiIO& io = ImGui::GetIO();
  const float s = scale;
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::Begin("##out_of_service", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoBackground);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(ImVec2(0, 0), io.DisplaySize, palette.u32(Colour::Surface));
  // The same red band and gold rule as the header of the citizen screens: still recognisably the kiosk.
  dl->AddRectFilled(ImVec2(0, 0), ImVec2(io.DisplaySize.x, 24 * s), palette.u32(Colour::Accent));
  dl->AddRectFilled(ImVec2(0, 24 * s), ImVec2(io.DisplaySize.x, 30 * s), palette.u32(Colour::HeaderRule));

  ImFont* body = fonts.body ? fonts.body : ImGui::GetFont();
  ImFont* title = fonts.title ? fonts.title : body;
  ImFont* small = fonts.small ? fonts.small : body;
  const ImU32 accent = palette.u32(Colour::Accent);
  const ImU32 ink = palette.u32(Colour::Ink);
  const float margin = 80 * s;
  const float left = margin, right = io.DisplaySize.x - margin;
  float y = io.DisplaySize.y * 0.28f;
  y = centred_block(dl, title, 64 * s, tr.tr("out_of_service.title", Lang::Vi), left, right, y, accent);
  y = centred_block(dl, body, 40 * s, tr.tr("out_of_service.body", Lang::Vi), left, right, y + 16 * s, ink);
  y += 72 * s;
  y = centred_block(dl, title, 44 * s, tr.tr("out_of_service.title", Lang::En), left, right, y, accent);
  centred_block(dl, body, 32 * s, tr.tr("out_of_service.body", Lang::En), left, right, y + 12 * s, ink);

  // For staff, small, at the bottom: what to fix. At most three reasons; the log has them all.
  const float size = 22 * s;
  std::vector<std::string> lines = {tr.tr("out_of_service.for_staff", Lang::Vi) + " / " +
                                    tr.tr("out_of_service.for_staff", Lang::En)};
  for (size_t i = 0; i < std::min<size_t>(reasons_for_staff.size(), 3); ++i) lines.push_back(reasons_for_staff[i]);
  float needed = 0;
  for (const auto& line : lines)
    needed += small->CalcTextSizeA(size, FLT_MAX, right - left, line.c_str()).y + size * 0.3f;
  y = io.DisplaySize.y - 40 * s - needed;
  const ImU32 muted = palette.u32(Colour::InkMuted);
  dl->AddLine(ImVec2(left, y - 16 * s), ImVec2(right, y - 16 * s), palette.u32(Colour::CardBorder), 1.0f);
  for (const auto& line : lines) {
    const ImVec2 extent = small->CalcTextSizeA(size, FLT_MAX, right - left, line.c_str());
    dl->AddText(small, size, ImVec2(left, y), muted, line.c_str(), nullptr, right - left);
    y += extent.y + size * 0.3f;
  }
  ImGui::End();
}

void draw_demo_marker(const Translations& tr, const Palette& palette, float scale) {
  const ImGuiIO& io = ImGui::GetIO();
  const float s = scale;
  const std::string text = tr.tr("demo.marker", Lang::Vi) + " · " + tr.tr("demo.marker", Lang::En);
  ImFont* font = ImGui::GetFont();
  const float size = 20 * s;
  const ImVec2 extent = font->CalcTextSizeA(size, FLT_MAX, 0.0f, text.c_str());
  const float pad = 6 * s;
  // Top centre, on the header's edge: visible on every screen and clear of the buttons below it.
  const ImVec2 min((io.DisplaySize.x - extent.x) / 2 - 2 * pad, 0);
  const ImVec2 max((io.DisplaySize.x + extent.x) / 2 + 2 * pad, extent.y + 2 * pad);
  ImDrawList* dl = ImGui::GetForegroundDrawList();
  dl->AddRectFilled(min, max, palette.u32(Colour::NoticeBanner), 8 * s, ImDrawFlags_RoundCornersBottom);
  dl->AddText(font, size, ImVec2(min.x + 2 * pad, min.y + pad), palette.u32(Colour::Ink), text.c_str());
}

}  // namespace mc::ui
