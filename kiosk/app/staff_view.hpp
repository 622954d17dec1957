#pragma once
// Staff mode drawn with Dear ImGui: a large touch PIN pad, then the staff screens of mc::StaffConsole as
// plain tables and buttons. All state lives in the console; this file only draws it and forwards taps.
//
// Hook-up (see the helper's report for the full steps):
//   auto hooks = mc::app::make_staff_hooks(outbox, engine, printer, &printer_mutex);
//   mc::StaffConsole console(local_state_db, config, mc::system_clock(), hooks, options);
//   ... on Ctrl+Alt+S or a 3 s press on the top-left corner: console.open_pin_pad();
//   ... every frame while console.is_open(): console.tick(); mc::app::draw_staff_console(console, style);
#include <functional>
#include <mutex>
#include <string>

#include <imgui.h>

#include "mc/core/localized.hpp"
#include "mc/core/staff_console.hpp"

namespace mc::sync {
class Outbox;
class SyncEngine;
}  // namespace mc::sync
namespace mc::printing {
class ReceiptPrinter;
}

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

// The console's hooks on top of the real queue, sync engine and printer. Any pointer may be null (that
// action then says "not available"). printer_mutex, when given, is held around every printer call so a
// reprint never interleaves with a citizen receipt printed by another thread.
StaffConsoleHooks make_staff_hooks(sync::Outbox* outbox, sync::SyncEngine* engine, printing::ReceiptPrinter* printer,
                                   std::mutex* printer_mutex = nullptr);

}  // namespace mc::app
