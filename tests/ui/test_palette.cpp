// Every label the citizen reads must stand out from what it is drawn on, in both themes: WCAG 2 contrast
// ratios of the palette's ink roles over their fills (a translucent fill composited over what lies under it).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>

#include "palette.hpp"

using mc::ui::Colour;
using mc::ui::Palette;

namespace {

struct Rgb {
  double r, g, b;
};

Rgb rgb_of(ImU32 colour) {
  return {double((colour >> IM_COL32_R_SHIFT) & 0xFF), double((colour >> IM_COL32_G_SHIFT) & 0xFF),
          double((colour >> IM_COL32_B_SHIFT) & 0xFF)};
}

double alpha_of(ImU32 colour) {
  return double((colour >> IM_COL32_A_SHIFT) & 0xFF) / 255.0;
}

// `top` drawn over `under` (itself opaque), as the GPU blends it.
Rgb over(ImU32 top, Rgb under) {
  const Rgb t = rgb_of(top);
  const double a = alpha_of(top);
  return {t.r * a + under.r * (1 - a), t.g * a + under.g * (1 - a), t.b * a + under.b * (1 - a)};
}

double luminance(Rgb c) {
  auto channel = [](double v) {
    v /= 255.0;
    return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

double contrast(Rgb a, Rgb b) {
  const double la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

struct Pairing {
  const char* what;
  Colour ink, fill, under;  // `fill` may be translucent: it lies on `under`
};

// The pairs the views draw (chrome.cpp, widgets.cpp, the screens): a label's ink over its button or banner.
const Pairing kPairings[] = {
    {"header title", Colour::InkOnAccent, Colour::Accent, Colour::Accent},
    {"header button label", Colour::InkOnHeaderButton, Colour::HeaderButton, Colour::Accent},
    {"header button label, switched on", Colour::InkOnHeaderButton, Colour::HeaderButtonPressed, Colour::Accent},
    {"body text", Colour::Ink, Colour::Surface, Colour::Surface},
    {"take-a-number button", Colour::InkOnSecondary, Colour::SecondaryAction, Colour::Surface},
    {"priority ticket button", Colour::InkOnAltAction, Colour::AltAction, Colour::Surface},
    {"a chosen option", Colour::InkOnSelected, Colour::Selected, Colour::Surface},
};

}  // namespace

TEST_CASE("every label stands out from its fill: 3:1 in the normal theme (large text), 7:1 in high contrast",
          "[palette]") {
  for (const bool high_contrast : {false, true}) {
    const Palette& palette = Palette::for_theme(high_contrast);
    const double needed = high_contrast ? 7.0 : 3.0;
    for (const auto& pairing : kPairings) {
      const Rgb under = rgb_of(palette.u32(pairing.under));
      const Rgb fill = over(palette.u32(pairing.fill), under);
      const Rgb ink = over(palette.u32(pairing.ink), fill);
      const double ratio = contrast(ink, fill);
      INFO((high_contrast ? "high contrast: " : "normal: ") << pairing.what << " " << ratio << ":1");
      CHECK(ratio >= needed);
    }
  }
}
