#include "input_router.hpp"

#include <algorithm>

#include <imgui.h>

namespace mc::ui {

InputRouter::InputRouter(KioskUi& ui, StaffConsole& staff, app::ScanRouter& scans, scanner::WedgeOptions wedge,
                         bool citizen_role)
    : ui_(ui), staff_(staff), scans_(scans), wedge_(wedge), citizen_role_(citizen_role) {}

void InputRouter::pointer(PointerKind kind, float x, float y, int64_t t_ms) {
  pointers_.push_back({kind, x, y, t_ms});
}

void InputRouter::text(const std::string& utf8, int64_t t_ms) {
  wedge_.feed_text(utf8, t_ms);
}

void InputRouter::key(Key key, int64_t t_ms) {
  if (key == Key::StaffShortcut) {
    if (citizen_role_) staff_.open_pin_pad();
    return;
  }
  if (key == Key::VoiceGuidance) {  // the keypad's voice key (voice.guidance_key)
    if (citizen_role_ && !staff_.is_open()) ui_.toggle_voice();
    return;
  }
  if (staff_.is_open()) {
    // Staff mode takes the keyboard; Enter and Tab still go through the wedge detector so a scanned
    // receipt QR arrives as one scan.
    switch (key) {
      case Key::Escape:
        staff_.escape();
        break;
      case Key::Enter:
        wedge_.feed_enter(t_ms);
        break;
      case Key::Tab:
        wedge_.feed_tab(t_ms);
        break;
      case Key::Backspace:
        staff_.backspace();
        break;
      case Key::StaffShortcut:
      case Key::VoiceGuidance:
        break;
    }
    return;
  }
  switch (key) {
    case Key::Escape:  // closes the keyboard; never leaves the kiosk
      if (ui_.has_focus()) ui_.enter();
      break;
    case Key::Enter:
      wedge_.feed_enter(t_ms);
      break;
    case Key::Tab:
      wedge_.feed_tab(t_ms);
      break;
    case Key::Backspace:
      if (ui_.has_focus()) ui_.backspace();
      break;
    case Key::StaffShortcut:
    case Key::VoiceGuidance:
      break;
  }
}

void InputRouter::route_scan(const std::string& text) {
  if (scans_.route(text, "wedge") == app::ScanRouter::Outcome::Citizen) ui_.clear_focus();
}

bool InputRouter::poll(int64_t now_ms) {
  bool any = false;
  for (const auto& event : wedge_.poll(now_ms)) {
    any = true;
    using Kind = scanner::WedgeEvent::Kind;
    if (staff_.is_open()) {
      switch (event.kind) {
        case Kind::Typed:
          staff_.type_text(event.text);
          break;
        case Kind::Scanned:
          // On the PIN pad a fast typist looks like a scanner: take a short run of digits as the PIN plus
          // Enter. Anything else (a citizen's ID card, say) is not a PIN and must not use up a try.
          if (!staff_.is_authenticated()) {
            if (event.text.size() <= 8 &&
                std::all_of(event.text.begin(), event.text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
              staff_.type_text(event.text);
              staff_.enter();
            }
          } else {
            route_scan(event.text);
          }
          break;
        case Kind::Enter:
          staff_.enter();
          break;
        case Kind::Tab:
          break;
      }
      continue;
    }
    switch (event.kind) {
      case Kind::Typed:
        ui_.type_text(event.text);
        break;
      case Kind::Scanned:
        route_scan(event.text);
        break;
      case Kind::Enter:
        if (!ui_.enter()) press_nav_key(ImGuiKey_Enter);
        break;
      case Kind::Tab:
        press_nav_key(ImGuiKey_Tab);
        break;
    }
  }
  return any;
}

void InputRouter::press_nav_key(int imgui_key) {
  nav_key_ = imgui_key;
}

void InputRouter::apply_to_frame() {
  // Pointer events up to (and including) one press/release transition.
  while (!pointers_.empty()) {
    const PointerEvent pe = pointers_.front();
    pointers_.pop_front();
    if (pe.kind == PointerKind::Down) {
      ui_.pointer_down(pe.x, pe.y, pe.t);
      if (ui_.staff_gesture_tap(pe.x, pe.y, pe.t) && citizen_role_ && !staff_.is_open()) staff_.open_pin_pad();
      break;
    }
    if (pe.kind == PointerKind::Up) {
      ui_.pointer_up(pe.x, pe.y, pe.t);
      break;
    }
    ui_.pointer_move(pe.x, pe.y, pe.t);
  }
  // ImGui 1.86 has no input-event queue: set the pointer after the backend's polling.
  ImGuiIO& io = ImGui::GetIO();
  const PointerState pointer = ui_.pointer();
  io.MousePos = pointer.visible() ? ImVec2(pointer.x, pointer.y) : ImVec2(-FLT_MAX, -FLT_MAX);
  io.MouseDown[0] = pointer.down;
  io.MouseDown[1] = io.MouseDown[2] = false;
  // A navigation key is down for one frame, then up, so ImGui sees one press.
  auto set_key = [&io](int imgui_key, bool down) {
    const int index = io.KeyMap[imgui_key];
    if (index >= 0 && index < int(IM_ARRAYSIZE(io.KeysDown))) io.KeysDown[index] = down;
  };
  if (nav_release_ >= 0) {
    set_key(nav_release_, false);
    nav_release_ = -1;
  } else if (nav_key_ >= 0) {
    set_key(nav_key_, true);
    nav_release_ = nav_key_;
    nav_key_ = -1;
  }
}

}  // namespace mc::ui
