#pragma once
// Staff mode drawn with Dear ImGui: a large touch PIN pad, then the staff screens of mc::StaffConsole as
// plain tables and buttons. All state lives in the console; this file only draws it and forwards taps.
//
// The console's hooks come from staff_hooks.hpp; main.cpp opens the PIN pad on Ctrl+Alt+S or the
// five-tap corner gesture and routes keys and scans here while the console is open.
#include <functional>
#include <string>

#include <imgui.h>

#include "mc/core/localized.hpp"
#include "mc/core/staff_console.hpp"

namespace mc::app {

struct StaffViewStyle {
  Lang lang = Lang::Vi;
  float scale = 1.0f;         // the app's UI scale: sizes below are multiplied by it
  ImVec2 origin{0, 0};        // area to cover, in pixels
  ImVec2 size{0, 0};          // {0,0}: the whole display
  bool read_keyboard = true;  // PIN digits, Enter and Backspace from a physical keyboard
  // Called with the name and rectangle of every tappable widget (e.g. "staff.pin.5", "staff.nav.find",
  // "staff.find.input", "staff.reprint.both") so the end-to-end test can tap them with xdotool.
  std::function<void(const std::string& name, ImVec2 min, ImVec2 max)> on_widget;
};

// Draws the console when it is open; returns false (and draws nothing) when it is closed.
// Call console.tick() before it each frame so inactivity closes staff mode.
bool draw_staff_console(StaffConsole& console, const StaffViewStyle& style);

// Input routed by the app's event loop while console.is_open() (the app's SDL loop, not ImGui, receives
// typed text, Enter and Backspace). Each returns true when staff mode consumed the input, which must then
// not reach the citizen UI underneath.
bool staff_console_type_text(StaffConsole& console, const std::string& utf8);  // PIN digits / find box
bool staff_console_backspace(StaffConsole& console);
bool staff_console_enter(StaffConsole& console);   // PIN pad: OK; Find: search what was typed
bool staff_console_escape(StaffConsole& console);  // PIN pad: cancel; Detail: back to Find
// A wedge / camera scan (e.g. a receipt QR): on Find or Detail it looks the dossier up at once.
bool staff_console_on_scan(StaffConsole& console, const std::string& text);

}  // namespace mc::app
