#pragma once
// SDL events into the UI's input router: fingers and the left mouse button as one pointer (SDL's own
// touch<->mouse synthesis is off: it loses taps after the first on X11), typed text and the keys the
// kiosk cares about; arrows, space and the wheel go to ImGui's backend for keyboard navigation.
#include <SDL.h>

#include "mc/scanner/wedge.hpp"
#include "ui/input_router.hpp"

namespace mc::platform {

// Call before SDL_Init: fingers are handled by hand, synthetic mouse events are not made.
void configure_touch_hints();

struct EventOutcome {
  bool input = false;   // a touch, click, key or text: the citizen is there
  bool redraw = false;  // the window changed (exposed, resized) or a background job woke the loop
  bool quit = false;    // the window was closed (never in the locked citizen kiosk)
};

class SdlInput {
 public:
  // wake_event: the SDL user event that background threads push to wake the loop.
  // locked: the citizen kiosk in full screen, which a citizen cannot close (Alt+F4 included).
  // voice_key: the keypad key that toggles voice guidance (SDLK_UNKNOWN: none).
  SdlInput(Uint32 wake_event, bool locked, SDL_Keycode voice_key = SDLK_UNKNOWN);
  EventOutcome handle(const SDL_Event& event, ui::InputRouter& input);

 private:
  // When the key behind a text or key event happened: SDL2 stamps events when the loop pumps them, so keys
  // typed during a slow frame all look simultaneous and late, and a wedge scan splits at the frame. On X11
  // the window system's own key time comes first as a SysWM event; elsewhere SDL's stamp is all there is.
  int64_t key_time(const SDL_Event& event) const;

  Uint32 wake_event_;
  bool locked_;
  scanner::KeyTimeMapper key_clock_;
  int64_t last_key_ms_ = -1;  // local time of the last window-system key press, -1 before any
  SDL_Keycode voice_key_;
};

}  // namespace mc::platform
