#pragma once
// Staff mode's screens, one class per mc::StaffScreen (as the citizen screens), each in its own file and
// listed once in make_staff_panels() (panels.cpp). All state lives in mc::StaffConsole; a panel draws it
// as plain tables and buttons and forwards taps. StaffView (staff_view.hpp) draws the navigation around.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "../palette.hpp"
#include "../text_entry.hpp"
#include "../textures.hpp"
#include "../widget_rects.hpp"
#include "chip_reading.hpp"
#include "document_pages.hpp"
#include "mc/core/i18n.hpp"
#include "mc/core/staff_console.hpp"

namespace mc::ui {

// Staff mode's on-screen keyboard (for a touch-only counter terminal): shown when the officer taps a text
// box, for that box's screen, until "Xong" or another screen.
struct StaffKeyboard {
  bool shown = false;
  KeyboardMode mode = KeyboardMode::Plain;
  StaffScreen screen = StaffScreen::Closed;
  bool shift = false;
};

struct StaffViewContext {
  StaffConsole& console;
  const Translations& tr;
  Lang lang;
  const Palette& palette;
  float scale;
  WidgetRects& rects;
  app::ChipReading* chip = nullptr;     // the ID card reader (null: none configured)
  Textures* textures = nullptr;         // for the face read from the chip (null: no picture)
  StaffKeyboard* keyboard = nullptr;    // null: no on-screen keyboard
  app::DocumentPages* pages = nullptr;  // pictures of a document's pages (null: no queue, no pictures)

  const std::string& T(std::string_view key) const { return tr.tr(key, lang); }
  std::string L(const LocalizedText& text) const { return text.get(lang); }
  // A button named for the test hooks ("staff.pin.5", "staff.reprint.both"); the name keeps ImGui's id
  // stable across languages.
  bool button(const std::string& label, const std::string& name, ImVec2 size) const;
  // A text box showing what was typed (the console owns the text; keys and scans reach it through the
  // input router). A tap on it brings up the on-screen keyboard in `mode`. Named `name` in the test hooks.
  void text_box(const std::string& text, const std::string& name, float width, KeyboardMode mode) const;
  // The console's last outcome, in the ok or error colour.
  void message() const;
};

class StaffPanel {
 public:
  virtual ~StaffPanel() = default;
  virtual StaffScreen screen() const = 0;
  virtual void draw(const StaffViewContext& v) = 0;
  virtual void on_enter() {}
  // Staff mode closed or back at the PIN pad: let go of anything shown (the face's texture).
  virtual void on_close(Textures*) {}
};

std::vector<std::unique_ptr<StaffPanel>> make_staff_panels();

// The outbox's state names ("queued", ...) as staff read them.
std::string queue_state_label(const StaffViewContext& v, const std::string& state);

}  // namespace mc::ui
