#include "widgets.hpp"

#include <algorithm>
#include <cstdio>

#include <imgui_internal.h>

#include "mc/core/text.hpp"

namespace mc::ui {

void WidgetRects::add_last_item(const std::string& name) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  rects_[name] = Rect{a.x, a.y, b.x - a.x, b.y - a.y};
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (size_t pos = 0; (pos = text.find(from, pos)) != std::string::npos; pos += to.size())
    text.replace(pos, from.size(), to);
  return text;
}

std::string format_vnd(int64_t amount) {
  std::string digits = std::to_string(amount), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += '.';
    out += digits[i];
  }
  return out + " ₫";
}

std::string time_text(const LocalDateTime& t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d", t.hour, t.minute);
  return buf;
}

bool big_button(const ViewContext& v, const std::string& label, const std::string& hook_name, ImVec2 size,
                Emphasis emphasis) {
  ScopedColours colours;
  if (emphasis == Emphasis::Primary) {
    colours.set(ImGuiCol_Button, v.palette, Colour::Accent)
        .set(ImGuiCol_ButtonHovered, v.palette, Colour::Accent)
        .set(ImGuiCol_ButtonActive, v.palette, Colour::AccentPressed)
        .set(ImGuiCol_Text, v.palette, Colour::InkOnAccent);
  } else if (emphasis == Emphasis::Destructive) {
    colours.set(ImGuiCol_Button, v.palette, Colour::Card)
        .set(ImGuiCol_ButtonHovered, v.palette, Colour::Card)
        .set(ImGuiCol_ButtonActive, v.palette, Colour::CardPressed)
        .set(ImGuiCol_Border, v.palette, Colour::Error)
        .set(ImGuiCol_Text, v.palette, Colour::Error);
  }
  const bool pressed = fitted_button(v.rects, label, label, hook_name, size);
  return pressed && v.tap(hook_name, label);
}

bool fitted_button(WidgetRects& rects, const std::string& label, const std::string& id, const std::string& hook_name,
                   ImVec2 size) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const size_t label_end = label.find("##");
  const std::string shown = label.substr(0, label_end);
  const ImVec2 natural = ImGui::CalcTextSize(shown.c_str());
  // Shrink only: never below 60 % (still larger than the smallest text size); a wider label would need a
  // shorter translation, and the tests' text-extent check says so.
  float fit = 1.f;
  if (size.x > 0 && natural.x > size.x - 2 * style.FramePadding.x)
    fit = std::max(0.6f, (size.x - 2 * style.FramePadding.x) / natural.x);
  if (fit < 1.f) ImGui::SetWindowFontScale(fit);
  const bool pressed = ImGui::Button(id.c_str(), size);
  if (fit < 1.f) ImGui::SetWindowFontScale(1.f);
  rects.add_last_item(hook_name);
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  const float w = natural.x * fit, h = natural.y * fit;
  rects.add_text(hook_name, Rect{(a.x + b.x - w) / 2, (a.y + b.y - h) / 2, w, h});
  return pressed;
}

bool big_button_now(const ViewContext& v, const std::string& label, const std::string& hook_name, ImVec2 size,
                    Emphasis emphasis) {
  ViewContext untapped = v;
  untapped.voice = nullptr;
  return big_button(untapped, label, hook_name, size, emphasis);
}

void text_block(const std::string& text, ImFont* font) {
  if (font) ImGui::PushFont(font);
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(text.c_str(), text.c_str() + text.size());
  ImGui::PopTextWrapPos();
  if (font) ImGui::PopFont();
}

void text_block(const ViewContext& v, Colour colour, const std::string& text, ImFont* font) {
  ScopedColours colours;
  colours.set(ImGuiCol_Text, v.palette, colour);
  text_block(text, font);
}

void section_title(const ViewContext& v, const std::string& text) {
  text_block(text, v.fonts.title);
}

void heading(const ViewContext& v, const std::string& text) {
  vertical_space(v, 6);
  text_block(v, Colour::Accent, text, v.fonts.title);
}

void muted(const ViewContext& v, const std::string& text, ImFont* font) {
  text_block(v, Colour::InkMuted, text, font);
}

void vertical_space(const ViewContext& v, float units) {
  ImGui::Dummy(ImVec2(1, units * v.scale));
}

void card_background(const ViewContext& v, ImVec2 min, ImVec2 max, bool pressed) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float rounding = 16 * v.scale;
  const ImU32 fill = v.colour(pressed ? Colour::CardPressed : Colour::Card);
  if (pressed || fill != v.colour(Colour::Surface)) dl->AddRectFilled(min, max, fill, rounding);
  dl->AddRect(min, max, v.colour(Colour::CardBorder), rounding, 0, 2 * v.scale);
}

void info_card(const ViewContext& v, const std::string& title, const std::string& body, const std::string& hook_name) {
  const float s = v.scale;
  const float w = ImGui::GetContentRegionAvail().x;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float text_w = w - 60 * s;
  ImGui::PushFont(v.fonts.title);
  const float th = ImGui::CalcTextSize(title.c_str(), nullptr, false, text_w).y;
  ImGui::PopFont();
  const float bh = ImGui::CalcTextSize(body.c_str(), nullptr, false, text_w).y;
  const float h = th + bh + 80 * s;
  card_background(v, p, ImVec2(p.x + w, p.y + h));
  ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + 12 * s, p.y + h), v.colour(Colour::CardEdge), 16 * s,
                                            ImDrawFlags_RoundCornersLeft);
  ImGui::SetCursorScreenPos(ImVec2(p.x + 40 * s, p.y + 28 * s));
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + text_w - 20 * s);
  ImGui::PushFont(v.fonts.title);
  ImGui::TextUnformatted(title.c_str());
  ImGui::PopFont();
  ImGui::TextUnformatted(body.c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
  ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + h));
  ImGui::Dummy(ImVec2(w, 1));
  v.hook(hook_name);
  vertical_space(v, 10);
}

namespace {

// While a field has the focus the content area ends where the keyboard starts (KioskUi shrinks it): scroll
// so the focused field, and its label when there is room, sit inside it just above the keys. In landscape
// the strip is about 210 px: the field and its text come first, the label may stay above.
void reveal_above_keyboard(const ViewContext& v, float label_top, float field_top, float field_bottom) {
  const float margin = 16 * v.scale;
  const float view_top = v.content.y, view_bottom = v.content.y + v.content.h;
  float delta = 0;
  if (field_bottom + margin > view_bottom) {
    delta = field_bottom + margin - view_bottom;
  } else if (field_top < view_top) {
    delta = std::min(label_top, field_top) - view_top - margin;
    if (field_bottom - delta + margin > view_bottom) delta = field_top - view_top - margin;
  }
  if (delta != 0) v.scroller.scroll_to(ImGui::GetScrollY() + delta);
}

}  // namespace

void text_field(const ViewContext& v, const std::string& label, EntryTarget target, const std::string& field_id,
                KeyboardMode mode, const std::optional<LocalizedText>& error, const std::string& help) {
  const float s = v.scale;
  const float label_top = ImGui::GetCursorScreenPos().y;
  text_block(label);
  if (!help.empty()) muted(v, help, v.fonts.small);
  const bool focused = v.entry.is_focused(target, field_id);
  const std::string value = v.entry.text_of(target, field_id);
  const std::string id = "##field_" + std::to_string(int(target)) + field_id;
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const float w = ImGui::GetContentRegionAvail().x;
  const float h = ImGui::GetFontSize() + 40 * s;
  const std::string hook_name = target == EntryTarget::Answer       ? "input:" + field_id
                                : target == EntryTarget::Search     ? std::string("input:search")
                                : target == EntryTarget::StatusCode ? std::string("input:status_code")
                                                                    : "input:identify." + std::to_string(int(target));
  // What the citizen typed is theirs: said after the label only with private audio (the search text too,
  // to keep one rule).
  const bool pressed = ImGui::InvisibleButton(id.c_str(), ImVec2(w, h)) && v.tap(hook_name, label, value);
  v.hook(hook_name);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 bg = v.colour(ImGui::IsItemActive() ? Colour::FieldPressed : Colour::Field);
  const ImU32 border = v.colour(error ? Colour::Error : focused ? Colour::Focus : Colour::FieldBorder);
  dl->AddRectFilled(pos, ImVec2(pos.x + w, pos.y + h), bg, 12 * s);
  dl->AddRect(pos, ImVec2(pos.x + w, pos.y + h), border, 12 * s, 0, focused || error ? 4 * s : 2 * s);
  const ImVec2 text_pos(pos.x + 20 * s, pos.y + 20 * s);
  // Show the end of a long value: the caret is always at the end.
  const float max_w = w - 60 * s;
  const char* shown = value.c_str();
  const char* end = shown + value.size();
  while (*shown && ImGui::CalcTextSize(shown, end).x > max_w) {
    ++shown;
    while ((*shown & 0xC0) == 0x80) ++shown;  // to the next UTF-8 character
  }
  dl->PushClipRect(pos, ImVec2(pos.x + w, pos.y + h), true);
  dl->AddText(text_pos, v.colour(Colour::Ink), shown, end);
  if (focused) {
    const float cx = text_pos.x + ImGui::CalcTextSize(shown, end).x + 3 * s;
    dl->AddRectFilled(ImVec2(cx, text_pos.y), ImVec2(cx + 3 * s, text_pos.y + ImGui::GetFontSize()),
                      v.colour(Colour::Focus));
  }
  dl->PopClipRect();
  if (focused && v.entry.reveal_pending()) {
    reveal_above_keyboard(v, label_top, pos.y, pos.y + h);
    v.entry.revealed();
  }
  if (pressed) {
    if (focused)
      v.entry.clear();
    else
      v.entry.focus(target, field_id, mode);
  }
  if (error) text_block(v, Colour::Error, v.L(*error));
}

}  // namespace mc::ui
