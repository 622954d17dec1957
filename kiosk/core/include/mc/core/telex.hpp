#pragma once
// Telex, the usual way of typing Vietnamese on a Latin keyboard: "tieengs Vieetj" -> "tiếng Việt".
//   aa ee oo -> â ê ô;  aw ow uw -> ă ơ ư;  uow -> ươ;  w alone -> ư;  dd -> đ
//   tones: s sắc, f huyền, r hỏi, x ngã, j nặng; z removes the tone.
// Repeating a mark's key undoes it and types the key itself: "aas" -> "ấ", "ass" -> "as", "aaa" -> "aa".
// After such an undo the rest of the word is typed literally (as common Telex input methods do).
// The tone sits where Vietnamese spelling puts it ("old" style used in official documents:
// hòa, thủy, quả, già, người) and moves when more letters follow ("hoaf" + "ng" -> "hoàng").
// All output is NFC (precomposed letters).
#include <string>
#include <string_view>

namespace mc {

class TelexComposer {
 public:
  // Types one key at the end of `text` and returns the new text. Keys that are not letters end the
  // current word. `text` may hold anything typed before (it is not re-interpreted except its last word).
  std::string type(std::string_view text, char32_t key);
  // Forget the word state (call when the caret moves, the field changes or after a backspace).
  void reset() { literal_word_ = lone_w_ = false; }

 private:
  bool literal_word_ = false;  // a mark was undone: the rest of this word is typed as is
  bool lone_w_ = false;        // the last key was a "w" that typed ư on its own (so "ww" gives "w")
};

// Types every key of `keys` from an empty text: telex_convert("tieengs Vieetj") == "tiếng Việt".
std::string telex_convert(std::string_view keys);

// Deletes the last character (code point) of an NFC text: the on-screen keyboard's backspace.
std::string erase_last_char(std::string_view text);

}  // namespace mc
