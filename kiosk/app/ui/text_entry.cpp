#include "text_entry.hpp"

#include <algorithm>

#include "mc/core/text.hpp"

namespace mc::ui {

TextEntry::TextEntry(Journey& journey, bool telex_by_default)
    : journey_(journey), telex_by_default_(telex_by_default) {}

KeyboardMode TextEntry::text_mode() const {
  if (chosen_text_mode_) return *chosen_text_mode_;
  return telex_by_default_ && journey_.lang() == Lang::Vi ? KeyboardMode::Telex : KeyboardMode::Plain;
}

void TextEntry::focus(EntryTarget target, const std::string& field_id, KeyboardMode mode) {
  clear();
  Focus f{target, field_id, mode, ""};
  if (target == EntryTarget::Answer) f.buffer = text_of(target, field_id);
  focus_ = std::move(f);
}

void TextEntry::clear() {
  if (focus_) std::fill(focus_->buffer.begin(), focus_->buffer.end(), '\0');
  focus_.reset();
  telex_.reset();
  shift_ = false;
}

void TextEntry::reset_for_new_citizen() {
  clear();
  chosen_text_mode_.reset();
}

void TextEntry::toggle_telex() {
  if (!focus_ || focus_->mode == KeyboardMode::Numeric) return;
  focus_->mode = focus_->mode == KeyboardMode::Telex ? KeyboardMode::Plain : KeyboardMode::Telex;
  chosen_text_mode_ = focus_->mode;
  telex_.reset();
}

std::string TextEntry::text_of(EntryTarget target, const std::string& field_id) const {
  if (focus_ && focus_->target == EntryTarget::Answer && target == EntryTarget::Answer && focus_->field_id == field_id)
    return focus_->buffer;
  const IdentifyFields& f = journey_.identify_fields();
  switch (target) {
    case EntryTarget::Search:
      return journey_.search_text();
    case EntryTarget::IdNumber:
      return f.id_number;
    case EntryTarget::FullName:
      return f.full_name;
    case EntryTarget::DateOfBirth:
      return f.date_of_birth;
    case EntryTarget::Address:
      return f.address;
    case EntryTarget::Answer:
      if (const Procedure* p = journey_.procedure())
        if (const FieldSpec* spec = p->form.find(field_id)) return journey_.answer_text(*spec);
      return "";
    case EntryTarget::StatusCode:
      return journey_.status_code_text();
  }
  return "";
}

std::string TextEntry::focused_text() const {
  return focus_ ? text_of(focus_->target, focus_->field_id) : std::string();
}

void TextEntry::set_focused_text(std::string text) {
  if (!focus_) return;
  text = to_nfc(text);
  IdentifyFields f = journey_.identify_fields();
  switch (focus_->target) {
    case EntryTarget::Search:
      journey_.set_search_text(text);
      return;
    case EntryTarget::IdNumber:
      f.id_number = text;
      break;
    case EntryTarget::FullName:
      f.full_name = text;
      break;
    case EntryTarget::DateOfBirth:
      f.date_of_birth = text;
      break;
    case EntryTarget::Address:
      f.address = text;
      break;
    case EntryTarget::Answer:
      focus_->buffer = text;
      if (const Procedure* p = journey_.procedure())
        if (const FieldSpec* spec = p->form.find(focus_->field_id)) journey_.set_answer_text(*spec, text);
      return;
    case EntryTarget::StatusCode:
      journey_.set_status_code_text(std::move(text));
      return;
  }
  journey_.set_identify_fields(std::move(f));
}

void TextEntry::type(const std::string& utf8) {
  if (!focus_) {
    if (journey_.screen() != Screen::ChooseProcedure) return;
    focus(EntryTarget::Search, "", text_mode());  // typing on the catalog searches it
  }
  std::string text = focused_text();
  const bool telex = focus_->mode == KeyboardMode::Telex;
  for (char32_t c : to_u32(utf8)) {
    if (focus_->mode == KeyboardMode::Numeric && !(c >= '0' && c <= '9') && c != '/' && c != '.' && c != '+' &&
        c != '-' && c != ' ')
      continue;  // a number field takes digits and separators only
    text = telex ? telex_.type(text, c) : text + to_utf8(c);
  }
  set_focused_text(std::move(text));
}

void TextEntry::backspace() {
  if (!focus_) return;
  telex_.reset();
  set_focused_text(erase_last_char(focused_text()));
}

}  // namespace mc::ui
