#pragma once
// The citizen screen while the kiosk is out of service (mc::ServiceGate closed: a configuration that did not
// load cleanly, or a dossier-code clash with another kiosk), and the marker a demo configuration wears on
// every citizen screen. Thin views: what they say comes from the gate and assets/i18n; colours from the
// palette. Staff mode opens over them as usual.
#include <string>
#include <vector>

#include "fonts.hpp"
#include "mc/core/i18n.hpp"
#include "palette.hpp"

namespace mc::ui {

// Full screen, calm, Vietnamese first and English under it; at the bottom, small, the reasons for staff
// (configuration keys and what is wrong with them; never personal data).
void draw_out_of_service(const Translations& tr, const Palette& palette, const FontSet& fonts, float scale,
                         const std::vector<std::string>& reasons_for_staff);

// A small band at the top of the screen: "demo configuration", in both languages. Drawn on the foreground
// list, so it never takes a tap.
void draw_demo_marker(const Translations& tr, const Palette& palette, float scale);

}  // namespace mc::ui
