#pragma once
// The on-screen keyboard under the content while a field has the focus: QWERTY with Telex on/off, or a
// numeric pad for numbers and dates. One keyboard for the citizen's fields (typing into the text entry) and
// staff mode's (typing into the staff console on a touch-only counter terminal): what the keys do is a
// KeyboardTarget, how they look is the same.
#include <functional>
#include <string>

#include "../palette.hpp"
#include "../view_context.hpp"
#include "../widget_rects.hpp"
#include "mc/core/i18n.hpp"

namespace mc::ui {

// What the keys type into.
struct KeyboardTarget {
  KeyboardMode mode = KeyboardMode::Plain;
  bool shift = false;
  std::function<void(const std::string& utf8)> type;
  std::function<void()> backspace;
  std::function<void()> done;  // the keyboard goes away
  std::function<void()> toggle_shift;
  // Null: a field without Telex (staff's codes and numbers are ASCII); its key types a hyphen instead, which
  // dossier codes need.
  std::function<void()> toggle_telex;
  // Called with each key's label before it acts (voice echo); may be null.
  std::function<void(const std::string& label)> pressed;
};

// How it is drawn; the keys are named "key:NAME" in the test hooks ("key:a", "key:backspace", "key:done").
struct KeyboardLook {
  const Palette& palette;
  const Translations& tr;
  Lang lang;
  float scale;
  WidgetRects& rects;
};

float keyboard_height(KeyboardMode mode, float scale);
// Draws the keyboard with its top edge at `top` (window pixels), across the whole window.
void draw_keyboard(const KeyboardLook& look, const KeyboardTarget& target, float top);
// The citizen's keyboard over the text entry.
void draw_keyboard(const ViewContext& v, float top);

}  // namespace mc::ui
