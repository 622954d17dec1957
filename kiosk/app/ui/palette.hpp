#pragma once
// One palette of named colour roles, in the manner of ImHex's theme colours: every colour the citizen,
// staff and waiting-room views draw is a role chosen here, once for the normal theme and once for high
// contrast. Views ask for a role (palette.u32(Colour::Accent)); no colour literal and no
// `high_contrast ? ... : ...` lives in a view. palette.cpp is the only file with colour values.
#include <imgui.h>

namespace mc::ui {

enum class Colour {
  Surface,        // the page behind everything
  Ink,            // body text
  InkMuted,       // hints, meta lines, labels above values
  Accent,         // national red: header, primary action, headings, progress
  AccentPressed,  // a primary action under the finger
  InkOnAccent,    // text on Accent
  HeaderRule,     // gold rule under the header
  HeaderButton,   // language / contrast / text size buttons on the header
  HeaderButtonPressed,
  HeaderButtonBorder,
  InkOnHeaderButton,  // a header button's label: its own role, as the button is not the header's colour
  Button,             // a neutral button (back, cancel, edit, staff actions)
  ButtonPressed,
  Card,  // cards, list items, fields
  CardPressed,
  CardBorder,
  CardEdge,         // the gold edge of an information card
  HintCard,         // the "scan your card" picture card
  SecondaryAction,  // the second call to action (take a number)
  SecondaryActionPressed,
  SecondaryActionBorder,
  InkOnSecondary,
  AltAction,  // an action beside the primary one (priority ticket)
  InkOnAltAction,
  Selected,  // a chosen option
  SelectedBorder,
  InkOnSelected,
  Field,  // a text field
  FieldPressed,
  FieldBorder,
  Focus,     // the focused field's border and caret
  NavFocus,  // keyboard navigation highlight
  Error,     // an error's text and a field in error
  Ok,        // done, read from the card, printed
  Warning,   // calm problems: the printer, a ticket not issued
  OfflineBanner,
  NoticeBanner,
  Footer,
  FooterRule,
  Keyboard,  // the on-screen keyboard's background
  Key,
  Scrim,    // darkens the screen behind the idle warning
  Track,    // the form's progress track
  CardArt,  // the small drawing of an ID card
  CardArtOutline,
  CardArtCode,
  QrDark,
  QrLight,
  ScrollbarGrab,
  RatingUnhappy,
  RatingHappy,
  RatingVeryHappy,
  StaffPanel,      // the PIN display and find box in staff mode
  DisplaySurface,  // the waiting-room screen, read from afar
  DisplayInk,
  DisplayInkMuted,
  DisplayFresh,  // a number called in the last seconds
  Count
};

class Palette {
 public:
  static const Palette& normal();
  static const Palette& high_contrast();
  static const Palette& for_theme(bool high_contrast) { return high_contrast ? Palette::high_contrast() : normal(); }

  ImU32 u32(Colour role) const { return colours_[int(role)]; }
  ImVec4 vec4(Colour role) const { return ImGui::ColorConvertU32ToFloat4(colours_[int(role)]); }
  bool is_high_contrast() const { return high_contrast_; }
  // Frame borders are part of the high-contrast theme: every button gets an outline there.
  float frame_border(float scale) const { return high_contrast_ ? 3 * scale : 0; }
  // ImGui's own colour slots (window, text, buttons, frames, navigation) from the roles above.
  void apply(ImGuiStyle& style) const;

 private:
  explicit Palette(bool high_contrast);
  bool high_contrast_;
  ImU32 colours_[int(Colour::Count)];
};

// Pushes ImGui style colours for one widget and pops them when it goes out of scope.
class ScopedColours {
 public:
  ScopedColours() = default;
  ScopedColours(const ScopedColours&) = delete;
  ScopedColours& operator=(const ScopedColours&) = delete;
  ~ScopedColours() { ImGui::PopStyleColor(count_); }
  ScopedColours& set(ImGuiCol slot, const Palette& palette, Colour role) {
    ImGui::PushStyleColor(slot, palette.u32(role));
    ++count_;
    return *this;
  }

 private:
  int count_ = 0;
};

}  // namespace mc::ui
