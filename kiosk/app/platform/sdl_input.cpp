#include "sdl_input.hpp"

#include <backends/imgui_impl_sdl.h>
#include <imgui.h>
// Last: it brings X11's macros (None, Status, KeyPress...).
#include <SDL_syswm.h>

namespace mc::platform {

void configure_touch_hints() {
  SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
  SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
  SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
}

SdlInput::SdlInput(Uint32 wake_event, bool locked, SDL_Keycode voice_key)
    : wake_event_(wake_event), locked_(locked), voice_key_(voice_key) {
  SDL_EventState(SDL_SYSWMEVENT, SDL_ENABLE);
}

int64_t SdlInput::key_time(const SDL_Event& event) const {
  return last_key_ms_ >= 0 ? last_key_ms_ : int64_t(event.common.timestamp);
}

EventOutcome SdlInput::handle(const SDL_Event& event, ui::InputRouter& input) {
  using Pointer = ui::InputRouter::PointerKind;
  EventOutcome out;
  const int64_t t = int64_t(SDL_GetTicks64());
  const ImGuiIO& io = ImGui::GetIO();
  switch (event.type) {
    case SDL_QUIT:
      // In the kiosk role the window cannot be closed by the citizen; staff exit goes through the staff
      // PIN. SIGTERM from the system always ends it.
      out.quit = !locked_;
      break;
    case SDL_WINDOWEVENT:
      out.redraw = true;
      break;
    case SDL_FINGERDOWN:
    case SDL_FINGERMOTION:
    case SDL_FINGERUP: {
      const float x = event.tfinger.x * io.DisplaySize.x, y = event.tfinger.y * io.DisplaySize.y;
      input.pointer(event.type == SDL_FINGERDOWN ? Pointer::Down
                    : event.type == SDL_FINGERUP ? Pointer::Up
                                                 : Pointer::Move,
                    x, y, t);
      out.input = true;
      break;
    }
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
      if (event.button.which == SDL_TOUCH_MOUSEID || event.button.button != SDL_BUTTON_LEFT) break;
      input.pointer(event.type == SDL_MOUSEBUTTONDOWN ? Pointer::Down : Pointer::Up, float(event.button.x),
                    float(event.button.y), t);
      out.input = true;
      break;
    case SDL_MOUSEMOTION:
      if (event.motion.which == SDL_TOUCH_MOUSEID) break;
      input.pointer(Pointer::Move, float(event.motion.x), float(event.motion.y), t);
      if (event.motion.state) out.input = true;  // hovering is no input on a kiosk
      break;
    case SDL_MOUSEWHEEL:
      ImGui_ImplSDL2_ProcessEvent(&event);
      out.input = true;
      break;
    case SDL_SYSWMEVENT:
#if defined(SDL_VIDEO_DRIVER_X11)
      if (event.syswm.msg && event.syswm.msg->subsystem == SDL_SYSWM_X11 &&
          event.syswm.msg->msg.x11.event.type == KeyPress)
        last_key_ms_ = key_clock_.local_time(uint32_t(event.syswm.msg->msg.x11.event.xkey.time), t);
#endif
      break;
    case SDL_TEXTINPUT:
      input.text(event.text.text, key_time(event));
      out.input = true;
      break;
    case SDL_KEYDOWN: {
      out.input = true;
      const auto sym = event.key.keysym.sym;
      const bool alt = event.key.keysym.mod & KMOD_ALT;
      const bool ctrl = event.key.keysym.mod & KMOD_CTRL;
      const int64_t kt = key_time(event);
      if (sym == SDLK_F4 && alt) break;  // swallowed
      if (sym == SDLK_s && ctrl && alt)
        input.key(ui::Key::StaffShortcut, kt);
      else if (voice_key_ != SDLK_UNKNOWN && sym == voice_key_)
        input.key(ui::Key::VoiceGuidance, kt);
      else if (sym == SDLK_ESCAPE)
        input.key(ui::Key::Escape, kt);
      else if (sym == SDLK_RETURN || sym == SDLK_KP_ENTER)
        input.key(ui::Key::Enter, kt);
      else if (sym == SDLK_TAB)
        input.key(ui::Key::Tab, kt);
      else if (sym == SDLK_BACKSPACE)
        input.key(ui::Key::Backspace, kt);
      else if (input.navigation_keys_allowed())
        ImGui_ImplSDL2_ProcessEvent(&event);  // arrows, space: keyboard navigation
      break;
    }
    case SDL_KEYUP: {
      const auto sym = event.key.keysym.sym;
      if (sym != SDLK_RETURN && sym != SDLK_KP_ENTER && sym != SDLK_TAB && sym != SDLK_BACKSPACE && sym != SDLK_ESCAPE)
        ImGui_ImplSDL2_ProcessEvent(&event);
      break;
    }
    default:
      if (event.type == wake_event_) out.redraw = true;
      break;
  }
  return out;
}

}  // namespace mc::platform
