#pragma once
// Where input goes, without SDL: the platform layer translates its events into the calls below, and the
// router sends them on. Pointer events are applied one press/release transition per frame (so a tap whose
// down and up arrive together still registers as a click). Typed characters pass through the wedge
// detector: a burst faster than a person types is a scan and goes to the scan router (staff mode while it
// is open, else the journey); slower typing goes to staff mode or to the focused field. Enter and Tab that
// no field takes become ImGui navigation keys.
#include <cstdint>
#include <deque>
#include <string>

#include "kiosk_ui.hpp"
#include "mc/core/staff_console.hpp"
#include "mc/scanner/wedge.hpp"
#include "scan_router.hpp"

namespace mc::ui {

enum class Key { Enter, Tab, Backspace, Escape, StaffShortcut, VoiceGuidance };

class InputRouter {
 public:
  InputRouter(KioskUi& ui, StaffConsole& staff, app::ScanRouter& scans, scanner::WedgeOptions wedge, bool citizen_role);

  // --- from the platform's event loop (timestamps in ms of one monotonic clock) ---
  enum class PointerKind { Down, Move, Up };
  void pointer(PointerKind kind, float x, float y, int64_t t_ms);
  void text(const std::string& utf8, int64_t t_ms);
  void key(Key key, int64_t t_ms);
  // Other keys (arrows, space) may move ImGui's keyboard navigation: not while staff mode has the keyboard.
  bool navigation_keys_allowed() const { return !staff_.is_open(); }

  // --- once per loop round ---
  // Releases typing held back by the wedge detector and routes finished scans. True when anything
  // happened (the journey then counts it as input).
  bool poll(int64_t now_ms);
  bool holding() const { return wedge_.holding(); }
  int64_t wedge_gap_ms() const { return wedge_.options().max_gap_ms; }
  bool pointer_pending() const { return !pointers_.empty(); }
  bool nav_pending() const { return nav_key_ >= 0 || nav_release_ >= 0; }

  // --- once per frame, before drawing: the pointer and keys as ImGui must see them ---
  void apply_to_frame();

 private:
  struct PointerEvent {
    PointerKind kind;
    float x, y;
    int64_t t;
  };
  void route_scan(const std::string& text);
  void press_nav_key(int imgui_key);

  KioskUi& ui_;
  StaffConsole& staff_;
  app::ScanRouter& scans_;
  scanner::WedgeDetector wedge_;
  bool citizen_role_;
  std::deque<PointerEvent> pointers_;
  int nav_key_ = -1;      // an ImGuiKey_ to press in the next frame
  int nav_release_ = -1;  // the one pressed last frame, released in this one
};

}  // namespace mc::ui
