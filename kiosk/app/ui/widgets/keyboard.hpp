#pragma once
// The on-screen keyboard under the content while a field has the focus: QWERTY with Telex on/off, or a
// numeric pad for numbers and dates. Keys type into the text entry.
#include "../view_context.hpp"

namespace mc::ui {

float keyboard_height(KeyboardMode mode, float scale);
// Draws the keyboard with its top edge at `top` (window pixels), across the whole window.
void draw_keyboard(const ViewContext& v, float top);

}  // namespace mc::ui
