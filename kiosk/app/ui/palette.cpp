#include "palette.hpp"

namespace mc::ui {
namespace {

constexpr ImU32 rgba(int r, int g, int b, int a = 255) {
  return IM_COL32(r, g, b, a);
}

// Calm public-service colours: deep red and gold national accent on warm white. High contrast: white and
// yellow on black, every outline drawn.
struct Entry {
  Colour role;
  ImU32 normal;
  ImU32 high_contrast;
};
constexpr ImU32 kRed = rgba(164, 22, 26);
constexpr ImU32 kGold = rgba(242, 193, 78);
constexpr ImU32 kYellow = rgba(255, 221, 0);
constexpr ImU32 kWhite = rgba(255, 255, 255);
constexpr ImU32 kBlack = rgba(0, 0, 0);
constexpr ImU32 kInk = rgba(33, 33, 33);
constexpr ImU32 kCream = rgba(255, 236, 179);

constexpr Entry kEntries[] = {
    {Colour::Surface, rgba(250, 248, 244), kBlack},
    {Colour::Ink, kInk, kWhite},
    {Colour::InkMuted, rgba(95, 95, 95), rgba(230, 230, 230)},
    {Colour::Accent, kRed, kYellow},
    {Colour::AccentPressed, rgba(110, 10, 14), kWhite},
    {Colour::InkOnAccent, kWhite, kBlack},
    {Colour::HeaderRule, kGold, kYellow},
    // High contrast: black buttons with yellow labels on the yellow header (the header's own black ink on
    // them read black on black: the language and contrast buttons had no visible label).
    {Colour::HeaderButton, rgba(255, 255, 255, 40), kBlack},
    {Colour::HeaderButtonPressed, rgba(255, 255, 255, 110), rgba(60, 60, 60)},
    {Colour::HeaderButtonBorder, rgba(255, 255, 255, 160), kBlack},
    {Colour::InkOnHeaderButton, kWhite, kYellow},
    {Colour::Button, rgba(236, 231, 222), kBlack},
    {Colour::ButtonPressed, rgba(200, 190, 172), kYellow},
    // Cards are the page's colour, outlined: a filled card costs a layer of blended pixels per frame in
    // software GL (about a third of a catalog frame under llvmpipe). A different colour here fills them again.
    {Colour::Card, rgba(250, 248, 244), kBlack},
    {Colour::CardPressed, rgba(236, 228, 214), rgba(80, 80, 0)},
    {Colour::CardBorder, rgba(220, 212, 200), kWhite},
    {Colour::CardEdge, kGold, kYellow},
    {Colour::HintCard, rgba(255, 248, 225), rgba(30, 30, 30)},
    {Colour::SecondaryAction, kGold, kBlack},
    {Colour::SecondaryActionPressed, rgba(214, 160, 40), rgba(80, 80, 0)},
    {Colour::SecondaryActionBorder, rgba(0, 0, 0, 0), kYellow},  // yellow outline tells it from "start"
    {Colour::InkOnSecondary, kInk, kWhite},
    {Colour::AltAction, kCream, kBlack},
    {Colour::InkOnAltAction, kInk, kWhite},
    {Colour::Selected, kCream, kYellow},
    {Colour::SelectedBorder, kRed, kWhite},
    {Colour::InkOnSelected, kInk, kBlack},
    {Colour::Field, kWhite, kBlack},
    {Colour::FieldPressed, rgba(240, 236, 228), kBlack},
    {Colour::FieldBorder, rgba(170, 160, 150), kWhite},
    {Colour::Focus, rgba(21, 101, 192), kYellow},
    {Colour::NavFocus, rgba(21, 101, 192), rgba(0, 200, 255)},
    {Colour::Error, rgba(183, 28, 28), rgba(255, 140, 140)},
    {Colour::Ok, rgba(27, 94, 32), rgba(120, 255, 120)},
    {Colour::Warning, rgba(141, 84, 0), kYellow},
    {Colour::OfflineBanner, rgba(255, 244, 214), kBlack},
    {Colour::NoticeBanner, rgba(227, 242, 253), rgba(20, 20, 80)},
    {Colour::Footer, kWhite, kBlack},
    {Colour::FooterRule, rgba(200, 190, 180), rgba(200, 190, 180)},
    {Colour::Keyboard, rgba(226, 222, 214), rgba(25, 25, 25)},
    {Colour::Key, kWhite, kBlack},
    {Colour::Scrim, rgba(0, 0, 0, 140), rgba(0, 0, 0, 140)},
    {Colour::Track, rgba(225, 218, 205), rgba(90, 90, 90)},
    {Colour::CardArt, rgba(240, 230, 200), rgba(240, 230, 200)},
    {Colour::CardArtOutline, kRed, kYellow},
    {Colour::CardArtCode, rgba(30, 30, 30), rgba(30, 30, 30)},
    {Colour::QrDark, kBlack, kBlack},  // a QR code is always dark on light: scanners expect it
    {Colour::QrLight, kWhite, kWhite},
    {Colour::ScrollbarGrab, rgba(190, 180, 170), kYellow},
    {Colour::RatingUnhappy, rgba(255, 235, 238), kBlack},
    {Colour::RatingHappy, rgba(255, 248, 225), kBlack},
    {Colour::RatingVeryHappy, rgba(232, 245, 233), kBlack},
    {Colour::StaffPanel, rgba(237, 237, 237), kBlack},
    {Colour::DisplaySurface, rgba(5, 41, 84), rgba(5, 41, 84)},  // dark blue: readable from afar
    {Colour::DisplayInk, kWhite, kWhite},
    {Colour::DisplayInkMuted, rgba(191, 204, 230), rgba(191, 204, 230)},
    {Colour::DisplayFresh, rgba(255, 217, 26), rgba(255, 217, 26)},
};
static_assert(sizeof(kEntries) / sizeof(kEntries[0]) == size_t(Colour::Count),
              "every role has its colours");  // i18n-exempt: a compile-time check

}  // namespace

Palette::Palette(bool high_contrast) : high_contrast_(high_contrast) {
  for (const Entry& entry : kEntries) colours_[int(entry.role)] = high_contrast ? entry.high_contrast : entry.normal;
}

const Palette& Palette::normal() {
  static const Palette palette(false);
  return palette;
}

const Palette& Palette::high_contrast() {
  static const Palette palette(true);
  return palette;
}

void Palette::apply(ImGuiStyle& style) const {
  ImGui::StyleColorsLight(&style);
  auto* c = style.Colors;
  auto set = [&](ImGuiCol slot, Colour role) { c[slot] = vec4(role); };
  // The platform layer clears the window to Surface; windows draw no background of their own over it (in
  // software GL every full-window layer of blended pixels costs as much as the whole rest of a frame).
  set(ImGuiCol_WindowBg, Colour::Surface);
  set(ImGuiCol_ChildBg, Colour::Surface);
  c[ImGuiCol_WindowBg].w = 0;
  c[ImGuiCol_ChildBg].w = 0;
  set(ImGuiCol_PopupBg, Colour::Card);
  set(ImGuiCol_Text, Colour::Ink);
  set(ImGuiCol_TextDisabled, Colour::InkMuted);
  // No hover on a touch screen: hovered looks like normal; pressed is clearly different.
  set(ImGuiCol_Button, Colour::Button);
  set(ImGuiCol_ButtonHovered, Colour::Button);
  set(ImGuiCol_ButtonActive, Colour::ButtonPressed);
  set(ImGuiCol_FrameBg, Colour::Field);
  set(ImGuiCol_FrameBgHovered, Colour::Field);
  set(ImGuiCol_Border, high_contrast_ ? Colour::Accent : Colour::FieldBorder);
  set(ImGuiCol_NavHighlight, Colour::NavFocus);
  set(ImGuiCol_ScrollbarGrab, Colour::ScrollbarGrab);
  set(ImGuiCol_ScrollbarBg, Colour::Surface);
  set(ImGuiCol_Separator, Colour::CardBorder);
  set(ImGuiCol_TableRowBgAlt, Colour::Button);
}

}  // namespace mc::ui
