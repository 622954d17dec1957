#pragma once
// Text entry without ImGui: which field has the focus, the keyboard mode (Telex, plain, numeric), and
// typing into the journey. Fields are ours (no ImGui::InputText), so the on-screen keyboard, physical
// keys and Telex all edit the same string, and the journey owns it (the idle wipe clears it).
#include <optional>
#include <string>

#include "mc/core/journey.hpp"
#include "mc/core/telex.hpp"

namespace mc::ui {

enum class KeyboardMode { Telex, Plain, Numeric };

// What a text field edits.
// StatusCode: the receipt's lookup code on the dossier status screen (kiosk.status_lookup = "lookup_code").
enum class EntryTarget { Search, IdNumber, FullName, DateOfBirth, Address, Answer, StatusCode };

class TextEntry {
 public:
  TextEntry(Journey& journey, bool telex_by_default);

  bool focused() const { return focus_.has_value(); }
  bool is_focused(EntryTarget target, const std::string& field_id) const {
    return focus_ && focus_->target == target && focus_->field_id == field_id;
  }
  KeyboardMode mode() const { return focus_ ? focus_->mode : text_mode(); }
  // The mode for free text fields: Telex or plain as the citizen last chose; until they choose, Telex in
  // Vietnamese (when ui.telex is on) and plain in English, where "aa" must stay "aa".
  KeyboardMode text_mode() const;
  void focus(EntryTarget target, const std::string& field_id, KeyboardMode mode);
  void clear();                  // no field focused; the edit buffer is scrubbed
  void reset_for_new_citizen();  // clear() and the default keyboard mode
  void toggle_telex();           // Telex <-> plain on the focused text field
  // The keyboard appears with the focus and takes the bottom of the screen: the focused field is scrolled
  // above it once (text_field does it on the first frame with the keyboard), not on every frame, so the
  // citizen can still scroll to read while typing.
  bool reveal_pending() const { return focus_ && focus_->reveal_pending; }
  void revealed() {
    if (focus_) focus_->reveal_pending = false;
  }
  bool shift() const { return shift_; }
  void set_shift(bool on) { shift_ = on; }

  // The text of a field as shown: the focused one as being typed, others from the journey.
  std::string text_of(EntryTarget target, const std::string& field_id) const;
  std::string focused_text() const;
  // Typing into the focused field (Telex applied in Telex mode; a numeric field takes digits and
  // separators only). On the catalog screen, typing with no field focused searches.
  void type(const std::string& utf8);
  void backspace();

 private:
  struct Focus {
    EntryTarget target;
    std::string field_id;  // Answer
    KeyboardMode mode;
    std::string buffer;  // Answer: the text being edited (dates as typed)
    bool reveal_pending = true;
  };
  void set_focused_text(std::string text);

  Journey& journey_;
  bool telex_by_default_;
  std::optional<KeyboardMode> chosen_text_mode_;
  std::optional<Focus> focus_;
  TelexComposer telex_;
  bool shift_ = false;
};

}  // namespace mc::ui
