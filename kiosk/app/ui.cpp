#include "ui.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include <ZXing/BarcodeFormat.h>
#include <ZXing/BitMatrix.h>
#include <ZXing/CharacterSet.h>
#include <ZXing/MultiFormatWriter.h>
#include <imgui_freetype.h>
#include <imgui_internal.h>

#include "mc/core/log.hpp"
#include "mc/core/text.hpp"
#include "mc/scanner/cccd.hpp"
#include "mc/scanner/classify.hpp"

namespace mc::app {
namespace {

// Calm public-service palette: deep red and gold national accent on white.
constexpr ImU32 kRed = IM_COL32(164, 22, 26, 255);
constexpr ImU32 kGold = IM_COL32(242, 193, 78, 255);

ImVec4 rgba(int r, int g, int b, int a = 255) {
  return ImVec4(r / 255.f, g / 255.f, b / 255.f, a / 255.f);
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

}  // namespace

KioskUi::KioskUi(Services& services, Journey& journey) : services_(services), journey_(journey) {
  const auto& ui = services.config().ui;
  text_scale_ = ui.text_scale;
  high_contrast_ = ui.high_contrast;
  text_mode_ = ui.telex ? KeyboardMode::Telex : KeyboardMode::Plain;
  journey_.set_service_areas(services.service_areas());  // none: no "take a number" on the attract screen
}

const std::string& KioskUi::T(const char* key) const {
  return services_.tr().tr(key, journey_.lang());
}

void KioskUi::set_viewport(int width, int height) {
  if (width == width_ && height == height_ && !fonts_dirty_) return;
  width_ = width;
  height_ = height;
  // Designed for 1080x1920 portrait and 1920x1080 landscape; everything scales from there.
  float s = width <= height ? std::min(width / 1080.f, height / 1920.f) : std::min(width / 1920.f, height / 1080.f);
  s = std::max(0.4f, s);
  if (std::fabs(s - scale_) > 0.001f) fonts_dirty_ = true;
  scale_ = s;
}

void KioskUi::build_fonts() {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  if (glyph_ranges_.empty()) {
    // Every glyph the strings need: Vietnamese, General Punctuation (— “ ” …), ₫, and the text of every
    // UI string and procedure name (whatever else they contain).
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(io.Fonts->GetGlyphRangesVietnamese());
    static const ImWchar extra[] = {0x2000, 0x206F, 0x20AB, 0x20AB, 0x00A0, 0x00FF, 0};
    builder.AddRanges(extra);
    for (const auto& s : services_.tr().all_text()) builder.AddText(s.c_str());
    for (const auto& p : services_.catalog().procedures()) {
      builder.AddText(p.name.vi.c_str());
      builder.AddText(p.name.en.c_str());
      builder.AddText(p.agency_name.vi.c_str());
      for (const auto& d : p.documents) builder.AddText(d.name.vi.c_str());
      for (const auto& g : p.form.groups)
        for (const auto& f : g.fields) builder.AddText(f.help.vi.c_str());
    }
    builder.BuildRanges(&glyph_ranges_);
  }
  const float s = scale_ * float(text_scale_);
  ImFontConfig cfg;
  cfg.OversampleH = 1;
  cfg.OversampleV = 1;
  font_body_ = io.Fonts->AddFontFromFileTTF(MC_FONT_REGULAR, std::round(32 * s), &cfg, glyph_ranges_.Data);
  font_small_ = io.Fonts->AddFontFromFileTTF(MC_FONT_REGULAR, std::round(26 * s), &cfg, glyph_ranges_.Data);
  font_title_ = io.Fonts->AddFontFromFileTTF(MC_FONT_BOLD, std::round(44 * s), &cfg, glyph_ranges_.Data);
  font_huge_ = io.Fonts->AddFontFromFileTTF(MC_FONT_BOLD, std::round(68 * s), &cfg, glyph_ranges_.Data);
  // Ticket numbers are ASCII ("UA007"): a small range keeps this very large font cheap in the atlas.
  static const ImWchar ascii[] = {0x0020, 0x007E, 0};
  font_number_ = io.Fonts->AddFontFromFileTTF(MC_FONT_BOLD, std::round(240 * scale_), &cfg, ascii);
  if (!font_body_ || !font_small_ || !font_title_ || !font_huge_ || !font_number_) {
    io.Fonts->Clear();
    font_body_ = font_small_ = font_title_ = font_huge_ = font_number_ = io.Fonts->AddFontDefault();
  }
  io.Fonts->FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
  io.Fonts->Build();
  io.FontDefault = font_body_;
  fonts_dirty_ = false;
  apply_style();
}

void KioskUi::apply_style() {
  ImGuiStyle style;
  ImGui::StyleColorsLight(&style);
  const float s = scale_;
  style.WindowRounding = 0;
  style.FrameRounding = 14 * s;
  style.GrabRounding = 10 * s;
  style.ChildRounding = 0;
  style.FramePadding = ImVec2(24 * s, 18 * s);
  style.ItemSpacing = ImVec2(20 * s, 20 * s);
  style.WindowPadding = ImVec2(40 * s, 28 * s);
  style.ScrollbarSize = 10 * s;  // a thin position hint; scrolling is by dragging
  style.TouchExtraPadding = ImVec2(4 * s, 4 * s);
  style.WindowBorderSize = 0;
  style.ChildBorderSize = 0;
  style.FrameBorderSize = high_contrast_ ? 3 * s : 0;
  auto* c = style.Colors;
  if (high_contrast_) {
    c[ImGuiCol_WindowBg] = c[ImGuiCol_ChildBg] = c[ImGuiCol_PopupBg] = rgba(0, 0, 0);
    c[ImGuiCol_Text] = rgba(255, 255, 255);
    c[ImGuiCol_TextDisabled] = rgba(230, 230, 230);
    c[ImGuiCol_Button] = c[ImGuiCol_ButtonHovered] = rgba(0, 0, 0);
    c[ImGuiCol_ButtonActive] = rgba(255, 221, 0);
    c[ImGuiCol_FrameBg] = c[ImGuiCol_FrameBgHovered] = rgba(0, 0, 0);
    c[ImGuiCol_Border] = rgba(255, 221, 0);
    c[ImGuiCol_NavHighlight] = rgba(0, 200, 255);
    c[ImGuiCol_ScrollbarGrab] = rgba(255, 221, 0);
  } else {
    c[ImGuiCol_WindowBg] = c[ImGuiCol_ChildBg] = rgba(250, 248, 244);
    c[ImGuiCol_PopupBg] = rgba(255, 255, 255);
    c[ImGuiCol_Text] = rgba(33, 33, 33);
    c[ImGuiCol_TextDisabled] = rgba(95, 95, 95);
    // No hover on a touch screen: hovered looks like normal; pressed is clearly darker.
    c[ImGuiCol_Button] = c[ImGuiCol_ButtonHovered] = rgba(236, 231, 222);
    c[ImGuiCol_ButtonActive] = rgba(200, 190, 172);
    c[ImGuiCol_FrameBg] = c[ImGuiCol_FrameBgHovered] = rgba(255, 255, 255);
    c[ImGuiCol_Border] = rgba(180, 170, 160);
    c[ImGuiCol_NavHighlight] = rgba(21, 101, 192);
    c[ImGuiCol_ScrollbarBg] = rgba(0, 0, 0, 0);
    c[ImGuiCol_ScrollbarGrab] = rgba(190, 180, 170);
  }
  ImGui::GetStyle() = style;
}

void KioskUi::hook(const std::string& name) {
  ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  rects_[name] = Rect{a.x, a.y, b.x - a.x, b.y - a.y};
}

// ---------------------------------------------------------------------------------------------------
// Touch: a press that moves more than a few millimetres becomes a scroll of the content area, and the
// widget under the finger is not pressed. Releasing keeps the content gliding (inertia).

void KioskUi::pointer_down(float x, float y, int64_t t_ms) {
  pointer_down_ = true;
  pointer_pos_ = down_pos_ = ImVec2(x, y);
  dragging_ = false;
  drag_allowed_ = y >= content_rect_.y && y < content_rect_.y + content_rect_.h && y < keyboard_top_;
  drag_start_scroll_ = scroll_y_;
  velocity_ = 0;
  last_move_ms_ = t_ms;
  last_move_y_ = y;
}

void KioskUi::pointer_move(float x, float y, int64_t t_ms) {
  pointer_pos_ = ImVec2(x, y);
  if (!pointer_down_) return;
  if (!dragging_ && drag_allowed_ && std::fabs(y - down_pos_.y) > 18 * scale_) dragging_ = true;
  if (dragging_) {
    int64_t dt = std::max<int64_t>(1, t_ms - last_move_ms_);
    float v = (last_move_y_ - y) / float(dt);
    velocity_ = 0.7f * v + 0.3f * velocity_;
    last_move_ms_ = t_ms;
    last_move_y_ = y;
    scroll_y_ = drag_start_scroll_ - (y - down_pos_.y);
    scroll_set_ = true;
  }
}

void KioskUi::pointer_up(float x, float y, int64_t t_ms) {
  pointer_move(x, y, t_ms);
  pointer_down_ = false;
  if (dragging_) {
    if (t_ms - last_move_ms_ > 80) velocity_ = 0;  // the finger rested before lifting: no glide
    last_inertia_ms_ = t_ms;
  } else {
    velocity_ = 0;
  }
}

PointerFrame KioskUi::pointer_for_imgui() const {
  PointerFrame f;
  if (dragging_) return f;  // while scrolling, widgets see no pointer at all
  f.pos = pointer_pos_;
  f.down = pointer_down_;
  return f;
}

bool KioskUi::animating() const {
  return !pointer_down_ && std::fabs(velocity_) > 0.02f;
}

bool KioskUi::staff_gesture_tap(float x, float y, int64_t t_ms) {
  // Hidden staff gesture: five taps in the top-left corner within three seconds opens the PIN pad.
  if (x > 120 * scale_ || y > 120 * scale_) {
    staff_taps_.clear();
    return false;
  }
  staff_taps_.push_back(t_ms);
  while (!staff_taps_.empty() && t_ms - staff_taps_.front() > 3000) staff_taps_.erase(staff_taps_.begin());
  if (staff_taps_.size() < 5) return false;
  staff_taps_.clear();
  return true;
}

// ---------------------------------------------------------------------------------------------------
// Text entry: fields are ours (no ImGui InputText), so the on-screen keyboard, physical keys and Telex all
// edit the same string, and the journey owns it (the idle wipe clears it).

std::string KioskUi::focus_text() const {
  if (!focus_) return "";
  auto& f = const_cast<Journey&>(journey_).identify_fields();
  switch (focus_->target) {
    case Focus::Target::Search:
      return const_cast<Journey&>(journey_).search_text();
    case Focus::Target::IdNumber:
      return f.id_number;
    case Focus::Target::FullName:
      return f.full_name;
    case Focus::Target::DateOfBirth:
      return f.date_of_birth;
    case Focus::Target::Address:
      return f.address;
    case Focus::Target::Answer:
      return focus_->buffer;
  }
  return "";
}

void KioskUi::set_focus_text(std::string text) {
  if (!focus_) return;
  text = to_nfc(text);
  auto& f = journey_.identify_fields();
  switch (focus_->target) {
    case Focus::Target::Search:
      journey_.search_text() = text;
      scroll_y_ = 0;
      scroll_set_ = true;
      break;
    case Focus::Target::IdNumber:
      f.id_number = text;
      break;
    case Focus::Target::FullName:
      f.full_name = text;
      break;
    case Focus::Target::DateOfBirth:
      f.date_of_birth = text;
      break;
    case Focus::Target::Address:
      f.address = text;
      break;
    case Focus::Target::Answer:
      focus_->buffer = text;
      if (journey_.procedure())
        if (const FieldSpec* spec = journey_.procedure()->form.find(focus_->field_id))
          journey_.set_answer_text(*spec, text);
      break;
  }
}

void KioskUi::focus(Focus::Target target, const std::string& field_id, KeyboardMode mode) {
  Focus f{target, field_id, mode, ""};
  if (target == Focus::Target::Answer && journey_.procedure())
    if (const FieldSpec* spec = journey_.procedure()->form.find(field_id)) f.buffer = journey_.answer_text(*spec);
  focus_ = f;
  telex_.reset();
  shift_ = false;
}

void KioskUi::clear_focus() {
  if (focus_) std::fill(focus_->buffer.begin(), focus_->buffer.end(), '\0');
  focus_.reset();
  telex_.reset();
}

void KioskUi::type_text(const std::string& utf8) {
  if (!focus_) {
    if (journey_.screen() != Screen::ChooseProcedure) return;
    focus(Focus::Target::Search, "", text_mode_);  // typing on the catalog searches it
  }
  std::string text = focus_text();
  const bool telex = focus_->mode == KeyboardMode::Telex;
  for (char32_t c : to_u32(utf8)) {
    if (focus_->mode == KeyboardMode::Numeric && !(c >= '0' && c <= '9') && c != '/' && c != '.' && c != '+' &&
        c != '-' && c != ' ')
      continue;  // a number field takes digits and separators only
    text = telex ? telex_.type(text, c) : text + to_utf8(c);
  }
  set_focus_text(text);
}

void KioskUi::backspace() {
  if (!focus_) return;
  telex_.reset();
  set_focus_text(erase_last_char(focus_text()));
}

bool KioskUi::enter() {
  if (!focus_) return false;
  clear_focus();
  if (journey_.screen() != Screen::ChooseProcedure) journey_.next();
  return true;
}

void KioskUi::on_scan(const std::string& text) {
  using scanner::ScanKind;
  // Kind and length only: a scan carries personal data.
  log_info("kiosk", std::string("scan: ") + scanner::scan_kind_name(scanner::classify(text)) + ", " +
                        std::to_string(to_u32(text).size()) + " characters, " +
                        std::to_string(std::count(text.begin(), text.end(), '|')) + " separators");
  switch (scanner::classify(text)) {
    case ScanKind::IdCard: {
      auto parsed = scanner::parse_cccd(text);
      if (parsed.ok()) {
        clear_focus();
        journey_.on_id_card(*parsed.identity);
      } else {
        journey_.on_unusable_scan(parsed.error ? *parsed.error : LocalizedText{T("scan.bad_card"), T("scan.bad_card")});
      }
      break;
    }
    case ScanKind::Receipt:
      if (auto code = scanner::find_dossier_code(text)) {
        clear_focus();
        journey_.on_receipt_scan(*code);
        break;
      }
      [[fallthrough]];
    case ScanKind::HealthInsuranceCard:
      if (scanner::classify(text) == ScanKind::HealthInsuranceCard) {
        journey_.on_unusable_scan(
            {services_.tr().tr("scan.health_card", Lang::Vi), services_.tr().tr("scan.health_card", Lang::En)});
        break;
      }
      [[fallthrough]];
    default:
      journey_.on_unusable_scan(
          {services_.tr().tr("scan.unknown", Lang::Vi), services_.tr().tr("scan.unknown", Lang::En)});
  }
}

// ---------------------------------------------------------------------------------------------------
// Widgets

bool KioskUi::big_button(const std::string& label, const std::string& hook_name, ImVec2 size, bool primary) {
  if (primary) {
    if (high_contrast_) {
      ImGui::PushStyleColor(ImGuiCol_Button, rgba(255, 221, 0));
      ImGui::PushStyleColor(ImGuiCol_ButtonHovered, rgba(255, 221, 0));
      ImGui::PushStyleColor(ImGuiCol_ButtonActive, rgba(255, 255, 255));
      ImGui::PushStyleColor(ImGuiCol_Text, rgba(0, 0, 0));
    } else {
      ImGui::PushStyleColor(ImGuiCol_Button, rgba(164, 22, 26));
      ImGui::PushStyleColor(ImGuiCol_ButtonHovered, rgba(164, 22, 26));
      ImGui::PushStyleColor(ImGuiCol_ButtonActive, rgba(110, 10, 14));
      ImGui::PushStyleColor(ImGuiCol_Text, rgba(255, 255, 255));
    }
  }
  bool pressed = ImGui::Button(label.c_str(), size);
  if (primary) ImGui::PopStyleColor(4);
  hook(hook_name);
  return pressed;
}

void KioskUi::section_title(const std::string& text) {
  ImGui::PushFont(font_title_);
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
}

void KioskUi::text_field(const std::string& label, Focus::Target target, const std::string& field_id, KeyboardMode mode,
                         const std::optional<LocalizedText>& error, const std::string& help) {
  const float s = scale_;
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(label.c_str());
  ImGui::PopTextWrapPos();
  if (!help.empty()) {
    ImGui::PushFont(font_small_);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(help.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    ImGui::PopFont();
  }
  const bool focused = focus_ && focus_->target == target && focus_->field_id == field_id;
  std::string value;
  if (focused) {
    value = focus_text();
  } else {
    auto& f = journey_.identify_fields();
    switch (target) {
      case Focus::Target::Search:
        value = journey_.search_text();
        break;
      case Focus::Target::IdNumber:
        value = f.id_number;
        break;
      case Focus::Target::FullName:
        value = f.full_name;
        break;
      case Focus::Target::DateOfBirth:
        value = f.date_of_birth;
        break;
      case Focus::Target::Address:
        value = f.address;
        break;
      case Focus::Target::Answer:
        if (const FieldSpec* spec = journey_.procedure() ? journey_.procedure()->form.find(field_id) : nullptr)
          value = journey_.answer_text(*spec);
        break;
    }
  }
  const std::string id = "##field_" + std::to_string(int(target)) + field_id;
  ImVec2 pos = ImGui::GetCursorScreenPos();
  float w = ImGui::GetContentRegionAvail().x;
  float h = ImGui::GetFontSize() + 40 * s;
  bool pressed = ImGui::InvisibleButton(id.c_str(), ImVec2(w, h));
  hook(target == Focus::Target::Answer   ? "input:" + field_id
       : target == Focus::Target::Search ? std::string("input:search")
                                         : "input:identify." + std::to_string(int(target)));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const bool active = ImGui::IsItemActive();
  ImU32 bg = high_contrast_ ? IM_COL32(0, 0, 0, 255)
             : active       ? IM_COL32(240, 236, 228, 255)
                            : IM_COL32(255, 255, 255, 255);
  ImU32 border = error     ? IM_COL32(198, 40, 40, 255)
                 : focused ? (high_contrast_ ? IM_COL32(255, 221, 0, 255) : IM_COL32(21, 101, 192, 255))
                           : (high_contrast_ ? IM_COL32(255, 255, 255, 255) : IM_COL32(170, 160, 150, 255));
  dl->AddRectFilled(pos, ImVec2(pos.x + w, pos.y + h), bg, 12 * s);
  dl->AddRect(pos, ImVec2(pos.x + w, pos.y + h), border, 12 * s, 0, focused || error ? 4 * s : 2 * s);
  ImVec2 text_pos(pos.x + 20 * s, pos.y + 20 * s);
  ImU32 text_col = ImGui::GetColorU32(ImGuiCol_Text);
  // Show the end of a long value: the caret is always at the end.
  std::string shown = value;
  float max_w = w - 60 * s;
  while (!shown.empty() && ImGui::CalcTextSize(shown.c_str()).x > max_w) shown = to_utf8(to_u32(shown).substr(1));
  dl->PushClipRect(pos, ImVec2(pos.x + w, pos.y + h), true);
  dl->AddText(text_pos, text_col, shown.c_str());
  if (focused) {
    float cx = text_pos.x + ImGui::CalcTextSize(shown.c_str()).x + 3 * s;
    dl->AddRectFilled(ImVec2(cx, text_pos.y), ImVec2(cx + 3 * s, text_pos.y + ImGui::GetFontSize()),
                      high_contrast_ ? IM_COL32(255, 221, 0, 255) : IM_COL32(21, 101, 192, 255));
  }
  dl->PopClipRect();
  if (pressed) {
    if (focused)
      clear_focus();
    else
      focus(target, field_id, mode);
  }
  if (error) {
    ImGui::PushStyleColor(ImGuiCol_Text, high_contrast_ ? rgba(255, 140, 140) : rgba(183, 28, 28));
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(L(*error).c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
  }
}

void KioskUi::field_widget(const FieldSpec& field) {
  const float s = scale_;
  std::string label = L(field.label) + (field.required ? " *" : "");
  auto error = journey_.field_error(field.id);
  switch (field.type) {
    case FieldType::SingleChoice:
    case FieldType::MultipleChoice:
    case FieldType::Consent: {
      ImGui::PushTextWrapPos(0);
      ImGui::TextUnformatted(label.c_str());
      ImGui::PopTextWrapPos();
      if (!field.help.vi.empty()) {
        ImGui::PushFont(font_small_);
        ImGui::TextDisabled("%s", L(field.help).c_str());
        ImGui::PopFont();
      }
      const std::string answer = journey_.answers().count(field.id) ? journey_.answers().at(field.id) : "";
      std::vector<ChoiceOption> options = field.options;
      if (field.type == FieldType::Consent) options = {{"true", {T("form.consent_yes"), T("form.consent_yes")}}};
      float avail = ImGui::GetContentRegionAvail().x;
      const float spacing = ImGui::GetStyle().ItemSpacing.x;
      const ImVec2 pad = ImGui::GetStyle().FramePadding;
      int per_row = options.size() <= 2 ? int(options.size()) : (avail > 1200 * s ? 4 : 3);
      if (field.type == FieldType::Consent) per_row = 1;
      // Fewer buttons per row while the longest label does not fit on one line; a label longer than a whole
      // row wraps inside a taller button instead of being cut off.
      float widest = 0;
      for (const auto& opt : options) widest = std::max(widest, ImGui::CalcTextSize(L(opt.label).c_str()).x);
      auto button_width = [&](int n) { return (avail - (n - 1) * spacing) / n; };
      while (per_row > 1 && widest + 2 * pad.x > button_width(per_row)) --per_row;
      const float bw = button_width(per_row);
      const float wrap = bw - 2 * pad.x;
      std::vector<float> row_height((options.size() + per_row - 1) / per_row, 100 * s);
      for (size_t i = 0; i < options.size(); ++i) {
        const float text_h = ImGui::CalcTextSize(L(options[i].label).c_str(), nullptr, false, wrap).y;
        row_height[i / per_row] = std::max(row_height[i / per_row], text_h + 2 * pad.y);
      }
      for (size_t i = 0; i < options.size(); ++i) {
        const auto& opt = options[i];
        bool selected = false;
        if (field.type == FieldType::MultipleChoice) {
          for (auto& v : split(answer, ';'))
            if (v == opt.value) selected = true;
        } else {
          selected = answer == opt.value;
        }
        if (i % per_row) ImGui::SameLine();
        const std::string text = L(opt.label);
        const std::string id = "##" + field.id + opt.value;
        if (selected) {
          ImGui::PushStyleColor(ImGuiCol_Button, high_contrast_ ? rgba(255, 221, 0) : rgba(255, 236, 179));
          ImGui::PushStyleColor(ImGuiCol_ButtonHovered, high_contrast_ ? rgba(255, 221, 0) : rgba(255, 236, 179));
          ImGui::PushStyleColor(ImGuiCol_Text, high_contrast_ ? rgba(0, 0, 0) : rgba(33, 33, 33));
          ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 4 * s);
          ImGui::PushStyleColor(ImGuiCol_Border, high_contrast_ ? rgba(255, 255, 255) : rgba(164, 22, 26));
        }
        const ImVec2 size(bw, row_height[i / per_row]);
        if (ImGui::Button(id.c_str(), size)) {
          clear_focus();
          journey_.toggle_choice(field, opt.value);
        }
        hook("choice:" + field.id + ":" + opt.value);
        {
          // The label, centred, wrapped within the button (ImGui's own button label never wraps).
          const ImVec2 text_size = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap);
          const ImVec2 min = ImGui::GetItemRectMin();
          const ImVec2 at(min.x + std::max(pad.x, (size.x - text_size.x) / 2), min.y + (size.y - text_size.y) / 2);
          ImGui::GetWindowDrawList()->AddText(ImGui::GetFont(), ImGui::GetFontSize(), at,
                                              ImGui::GetColorU32(ImGuiCol_Text), text.c_str(), nullptr, wrap);
        }
        if (selected) {
          ImGui::PopStyleColor(4);
          ImGui::PopStyleVar();
        }
      }
      if (error) {
        ImGui::PushStyleColor(ImGuiCol_Text, high_contrast_ ? rgba(255, 140, 140) : rgba(183, 28, 28));
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(L(*error).c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
      }
      break;
    }
    default: {
      KeyboardMode mode = text_mode_;
      switch (field.type) {
        case FieldType::Integer:
        case FieldType::Decimal:
        case FieldType::Phone:
        case FieldType::IdNumber:
        case FieldType::Date:
          mode = KeyboardMode::Numeric;
          break;
        case FieldType::Email:
        case FieldType::VehiclePlate:
          mode = KeyboardMode::Plain;
          break;
        default:
          break;
      }
      std::string help = L(field.help);
      if (field.type == FieldType::Date && help.empty()) help = T("form.date_hint");
      text_field(label, Focus::Target::Answer, field.id, mode, error, help);
    }
  }
  ImGui::Dummy(ImVec2(1, 8 * s));
}

void KioskUi::draw_qr(const std::string& text, float size) {
  if (text != qr_cached_text_) {
    qr_cached_text_ = text;
    qr_bits_.clear();
    qr_size_ = 0;
    try {
      ZXing::MultiFormatWriter writer(ZXing::BarcodeFormat::QRCode);
      writer.setEncoding(ZXing::CharacterSet::UTF8);
      writer.setMargin(0);
      ZXing::BitMatrix m = writer.encode(text, 0, 0);
      qr_size_ = m.width();
      qr_bits_.resize(size_t(m.width()) * m.height());
      for (int y = 0; y < m.height(); ++y)
        for (int x = 0; x < m.width(); ++x) qr_bits_[size_t(y) * m.width() + x] = m.get(x, y);
    } catch (const std::exception&) {
    }
  }
  ImVec2 pos = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(size, size));
  hook("receipt_qr");
  if (qr_size_ == 0) return;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float quiet = size * 0.06f;
  dl->AddRectFilled(pos, ImVec2(pos.x + size, pos.y + size), IM_COL32_WHITE);
  float cell = (size - 2 * quiet) / qr_size_;
  for (int y = 0; y < qr_size_; ++y)
    for (int x = 0; x < qr_size_; ++x)
      if (qr_bits_[size_t(y) * qr_size_ + x]) {
        ImVec2 a(pos.x + quiet + x * cell, pos.y + quiet + y * cell);
        dl->AddRectFilled(a, ImVec2(a.x + cell + 0.5f, a.y + cell + 0.5f), IM_COL32_BLACK);
      }
}

// ---------------------------------------------------------------------------------------------------
// Frame

void KioskUi::draw(int64_t now_ms) {
  now_ms_ = now_ms;
  rects_.clear();
  const float s = scale_;
  ImGuiIO& io = ImGui::GetIO();

  // Screen changes reset view state: focus, scroll, keyboard.
  if (journey_.screen() != last_screen_ || journey_.group_index() != last_group_) {
    if (journey_.screen() == Screen::Attract) {
      // The citizen is gone: nothing of theirs stays in the view either.
      clear_focus();
      text_mode_ = services_.config().ui.telex ? KeyboardMode::Telex : KeyboardMode::Plain;
    } else {
      clear_focus();
    }
    last_screen_ = journey_.screen();
    last_group_ = journey_.group_index();
    scroll_y_ = 0;
    scroll_set_ = true;
    velocity_ = 0;
  }
  // Inertia after a fling.
  if (animating()) {
    float dt = float(std::clamp<int64_t>(now_ms - last_inertia_ms_, 0, 50));
    last_inertia_ms_ = now_ms;
    scroll_y_ += velocity_ * dt;
    velocity_ *= std::exp(-dt / 325.f);
    scroll_set_ = true;
  }

  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));  // header and footer reach the edges
  ImGui::Begin("kiosk", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::PopStyleVar();
  draw_header(services_.online_state());

  // Content area between header and footer (and the keyboard when a field is focused).
  const float footer_h = journey_.screen() == Screen::Attract ? 0 : 150 * s;
  const float keyboard_h = focus_ ? (focus_->mode == KeyboardMode::Numeric ? 470 * s : 560 * s) : 0;
  float content_h = io.DisplaySize.y - ImGui::GetCursorPosY() - footer_h - keyboard_h - 10 * s;
  ImVec2 cpos = ImGui::GetCursorScreenPos();
  content_rect_ = Rect{0, cpos.y, io.DisplaySize.x, content_h};
  keyboard_top_ = focus_ ? cpos.y + content_h : 1e9f;
  rects_["content"] = content_rect_;
  ImGui::SetCursorPosX(0);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(48 * s, 24 * s));
  ImGui::BeginChild("content", ImVec2(io.DisplaySize.x, content_h), false, ImGuiWindowFlags_AlwaysUseWindowPadding);
  if (scroll_set_) {
    float max_scroll = ImGui::GetScrollMaxY();
    if (scroll_y_ < 0 || scroll_y_ > max_scroll) {
      scroll_y_ = std::clamp(scroll_y_, 0.f, max_scroll);
      if (!pointer_down_) velocity_ = 0;
    }
    ImGui::SetScrollY(scroll_y_);
    scroll_set_ = false;
  } else {
    scroll_y_ = ImGui::GetScrollY();  // wheel or keyboard navigation moved it
  }
  switch (journey_.screen()) {
    case Screen::Attract:
      screen_attract();
      break;
    case Screen::ChooseProcedure:
      screen_choose();
      break;
    case Screen::ProcedureInfo:
      screen_info();
      break;
    case Screen::Identify:
      screen_identify();
      break;
    case Screen::Form:
      screen_form();
      break;
    case Screen::Review:
      screen_review();
      break;
    case Screen::Receipt:
      screen_receipt();
      break;
    case Screen::Rating:
      screen_rating();
      break;
    case Screen::Thanks:
      screen_thanks();
      break;
    case Screen::DossierStatus:
      screen_status();
      break;
    case Screen::TakeNumber:
      screen_take_number();
      break;
    case Screen::Ticket:
      screen_ticket();
      break;
  }
  ImGui::Dummy(ImVec2(1, 40 * s));
  ImGui::EndChild();
  ImGui::PopStyleVar();

  if (focus_) draw_keyboard();
  if (footer_h > 0) draw_footer();
  if (auto left = journey_.idle_seconds_left(now_ms)) draw_idle_warning(*left);
  ImGui::End();
}

void KioskUi::draw_header(const OnlineState& online) {
  const float s = scale_;
  ImGuiIO& io = ImGui::GetIO();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float header_h = 150 * s;
  dl->AddRectFilled(ImVec2(0, 0), ImVec2(io.DisplaySize.x, header_h), high_contrast_ ? IM_COL32(0, 0, 0, 255) : kRed);
  dl->AddRectFilled(ImVec2(0, header_h - 8 * s), ImVec2(io.DisplaySize.x, header_h),
                    high_contrast_ ? IM_COL32(255, 221, 0, 255) : kGold);
  const auto& agency = services_.config().agency;
  ImGui::SetCursorPos(ImVec2(40 * s, 22 * s));
  ImGui::PushStyleColor(ImGuiCol_Text, rgba(255, 255, 255));
  ImGui::PushFont(font_small_);
  ImGui::TextUnformatted(journey_.lang() == Lang::Vi ? agency.name_vi.c_str() : agency.name_en.c_str());
  ImGui::PopFont();
  ImGui::SetCursorPosX(40 * s);
  ImGui::PushFont(font_title_);
  ImGui::TextUnformatted(T("app.title").c_str());
  ImGui::PopFont();
  ImGui::PopStyleColor();

  // Language, text size and contrast: one tap each, at the top right.
  const float bh = 86 * s;
  float x = io.DisplaySize.x - 40 * s;
  auto header_button = [&](const std::string& label, const std::string& name, float w) {
    x -= w;
    ImGui::SetCursorPos(ImVec2(x, (header_h - bh) / 2 - 4 * s));
    ImGui::PushStyleColor(ImGuiCol_Button, high_contrast_ ? rgba(0, 0, 0) : rgba(255, 255, 255, 40));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, high_contrast_ ? rgba(0, 0, 0) : rgba(255, 255, 255, 40));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, rgba(255, 255, 255, 110));
    ImGui::PushStyleColor(ImGuiCol_Text, rgba(255, 255, 255));
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 2 * s);
    ImGui::PushStyleColor(ImGuiCol_Border, rgba(255, 255, 255, 160));
    bool pressed = ImGui::Button(label.c_str(), ImVec2(w, bh));
    ImGui::PopStyleColor(5);
    ImGui::PopStyleVar();
    hook(name);
    x -= 14 * s;
    return pressed;
  };
  if (header_button(journey_.lang() == Lang::Vi ? "English" : "Tiếng Việt", "lang", 190 * s))
    journey_.set_lang(journey_.lang() == Lang::Vi ? Lang::En : Lang::Vi);
  if (header_button(T("header.contrast"), "contrast", ImGui::CalcTextSize(T("header.contrast").c_str()).x + 50 * s)) {
    high_contrast_ = !high_contrast_;
    apply_style();
  }
  if (header_button("A+", "text_bigger", 90 * s) && text_scale_ < 1.45) {
    text_scale_ += 0.15;
    fonts_dirty_ = true;
  }
  if (header_button("A–", "text_smaller", 90 * s) && text_scale_ > 0.9) {
    text_scale_ -= 0.15;
    fonts_dirty_ = true;
  }
  ImGui::SetCursorPos(ImVec2(0, header_h));

  // Offline is normal: a calm banner, never an error.
  if (online.known && !online.online) {
    ImVec2 p = ImGui::GetCursorScreenPos();
    std::string text = T("banner.offline");
    ImGui::PushFont(font_small_);
    float wrap = io.DisplaySize.x - 96 * s;
    ImVec2 size = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap);
    dl->AddRectFilled(p, ImVec2(io.DisplaySize.x, p.y + size.y + 32 * s),
                      high_contrast_ ? IM_COL32(0, 0, 0, 255) : IM_COL32(255, 244, 214, 255));
    ImGui::SetCursorPos(ImVec2(48 * s, header_h + 16 * s));
    ImGui::PushTextWrapPos(io.DisplaySize.x - 48 * s);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    hook("banner_offline");
    ImGui::PopFont();
    ImGui::SetCursorPos(ImVec2(0, header_h + size.y + 32 * s));
  }
  if (const auto& notice = journey_.notice()) {
    ImVec2 p = ImGui::GetCursorScreenPos();
    std::string text = L(*notice);
    float wrap = io.DisplaySize.x - 96 * s;
    ImVec2 size = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap);
    dl->AddRectFilled(p, ImVec2(io.DisplaySize.x, p.y + size.y + 36 * s),
                      high_contrast_ ? IM_COL32(20, 20, 80, 255) : IM_COL32(227, 242, 253, 255));
    ImGui::SetCursorPos(ImVec2(48 * s, ImGui::GetCursorPosY() + 18 * s));
    ImGui::PushTextWrapPos(io.DisplaySize.x - 48 * s);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    hook("notice");
    ImGui::SetCursorPos(ImVec2(0, p.y + size.y + 36 * s));
  }
}

void KioskUi::draw_footer() {
  const float s = scale_;
  ImGuiIO& io = ImGui::GetIO();
  const float footer_h = 150 * s;
  const float y = io.DisplaySize.y - footer_h;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(ImVec2(0, y), io.DisplaySize,
                    high_contrast_ ? IM_COL32(0, 0, 0, 255) : IM_COL32(255, 255, 255, 255));
  dl->AddLine(ImVec2(0, y), ImVec2(io.DisplaySize.x, y), IM_COL32(200, 190, 180, 255), 2 * s);
  const float bh = 110 * s, pad = 40 * s;
  const float by = y + (footer_h - bh) / 2;
  const Screen screen = journey_.screen();
  // A ticket taken is taken: its screen only has "Xong" (back would suggest it can be undone).
  const bool has_back = screen != Screen::Receipt && screen != Screen::Thanks && screen != Screen::Ticket;
  const bool has_cancel = screen != Screen::Receipt && screen != Screen::Rating && screen != Screen::Thanks &&
                          screen != Screen::DossierStatus && screen != Screen::ChooseProcedure &&
                          screen != Screen::TakeNumber && screen != Screen::Ticket;
  std::string next_label;
  switch (screen) {
    case Screen::ProcedureInfo:
      next_label = T("nav.start_dossier");
      break;
    case Screen::Identify:
    case Screen::Form:
      next_label = T("nav.next");
      break;
    case Screen::Review:
      next_label = T("nav.submit");
      break;
    case Screen::Receipt:
    case Screen::Ticket:
      next_label = T("nav.done");
      break;
    case Screen::Rating:
      next_label = T("rating.skip");
      break;
    case Screen::Thanks:
    case Screen::DossierStatus:
      next_label = T("nav.home");
      break;
    default:
      break;
  }
  const float small_w = 240 * s;
  if (has_back) {
    ImGui::SetCursorScreenPos(ImVec2(pad, by));
    if (big_button("‹ " + T("nav.back"), "back", ImVec2(small_w, bh))) {
      clear_focus();
      journey_.back();
    }
  }
  if (has_cancel) {
    ImGui::SetCursorScreenPos(ImVec2(pad + small_w + 20 * s, by));
    if (big_button(T("nav.cancel"), "cancel", ImVec2(small_w, bh))) {
      clear_focus();
      journey_.cancel();
    }
  }
  if (!next_label.empty()) {
    float w = std::max(360 * s, ImGui::CalcTextSize(next_label.c_str()).x + 100 * s);
    ImGui::SetCursorScreenPos(ImVec2(io.DisplaySize.x - pad - w, by));
    if (big_button(next_label + " ›", "next", ImVec2(w, bh), true)) {
      clear_focus();
      journey_.next();
    }
  }
}

void KioskUi::draw_keyboard() {
  const float s = scale_;
  ImGuiIO& io = ImGui::GetIO();
  const bool numeric = focus_->mode == KeyboardMode::Numeric;
  const float footer_h = journey_.screen() == Screen::Attract ? 0 : 150 * s;
  const float kb_h = numeric ? 470 * s : 560 * s;
  const float top = io.DisplaySize.y - footer_h - kb_h;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(ImVec2(0, top), ImVec2(io.DisplaySize.x, top + kb_h),
                    high_contrast_ ? IM_COL32(25, 25, 25, 255) : IM_COL32(226, 222, 214, 255));
  const float gap = 10 * s;
  const float key_h = numeric ? 100 * s : 100 * s;
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap));
  ImGui::PushStyleColor(ImGuiCol_Button, high_contrast_ ? rgba(0, 0, 0) : rgba(255, 255, 255));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, high_contrast_ ? rgba(0, 0, 0) : rgba(255, 255, 255));
  auto key = [&](const std::string& label, const std::string& name, float x, float y, float w) {
    ImGui::SetCursorScreenPos(ImVec2(x, y));
    bool pressed = ImGui::Button((label + "##k" + name).c_str(), ImVec2(w, key_h));
    hook("key:" + name);
    return pressed;
  };
  if (numeric) {
    const float w = std::min(300 * s, (io.DisplaySize.x - 80 * s - 3 * gap) / 4);
    const float x0 = (io.DisplaySize.x - (4 * w + 3 * gap)) / 2;
    const char* rows[4][3] = {{"1", "2", "3"}, {"4", "5", "6"}, {"7", "8", "9"}, {"/", "0", "."}};
    for (int r = 0; r < 4; ++r)
      for (int c = 0; c < 3; ++c)
        if (key(rows[r][c], rows[r][c], x0 + c * (w + gap), top + 20 * s + r * (key_h + gap), w)) type_text(rows[r][c]);
    if (key(T("keyboard.backspace"), "backspace", x0 + 3 * (w + gap), top + 20 * s, w)) backspace();
    if (key(T("keyboard.done"), "done", x0 + 3 * (w + gap), top + 20 * s + 2 * (key_h + gap), w)) clear_focus();
  } else {
    const char* rows[4] = {"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"};
    const float w = (io.DisplaySize.x - 40 * s - 9 * gap) / 10;
    for (int r = 0; r < 4; ++r) {
      int n = int(std::strlen(rows[r]));
      float x0 = 20 * s + (r == 2 ? (w + gap) / 2 : r == 3 ? (w + gap) * 1.5f : 0);
      for (int c = 0; c < n; ++c) {
        std::string ch(1, rows[r][c]);
        std::string label = shift_ ? std::string(1, char(std::toupper(rows[r][c]))) : ch;
        if (key(label, ch, x0 + c * (w + gap), top + 20 * s + r * (key_h + gap), w)) {
          type_text(label);
          shift_ = false;
        }
      }
      if (r == 3) {
        if (key(T("keyboard.backspace"), "backspace", x0 + n * (w + gap), top + 20 * s + r * (key_h + gap),
                io.DisplaySize.x - 20 * s - (x0 + n * (w + gap))))
          backspace();
      }
    }
    const float y = top + 20 * s + 4 * (key_h + gap);
    float x = 20 * s;
    if (key(shift_ ? "ABC" : "abc", "shift", x, y, 1.5f * w)) shift_ = !shift_;
    x += 1.5f * w + gap;
    std::string mode_label = focus_->mode == KeyboardMode::Telex ? T("keyboard.telex_on") : T("keyboard.telex_off");
    if (key(mode_label, "mode", x, y, 2 * w)) {
      focus_->mode = focus_->mode == KeyboardMode::Telex ? KeyboardMode::Plain : KeyboardMode::Telex;
      text_mode_ = focus_->mode;
      telex_.reset();
    }
    x += 2 * w + gap;
    if (key(T("keyboard.space"), "space", x, y, 3 * w)) type_text(" ");
    x += 3 * w + gap;
    if (key(",", "comma", x, y, 0.75f * w)) type_text(",");
    x += 0.75f * w + gap;
    if (key(".", "dot", x, y, 0.75f * w)) type_text(".");
    x += 0.75f * w + gap;
    if (key(T("keyboard.done"), "done", x, y, io.DisplaySize.x - 20 * s - x)) clear_focus();
  }
  ImGui::PopStyleColor(2);
  ImGui::PopStyleVar();
}

void KioskUi::draw_idle_warning(int seconds_left) {
  const float s = scale_;
  ImGuiIO& io = ImGui::GetIO();
  ImDrawList* dl = ImGui::GetForegroundDrawList();
  dl->AddRectFilled(ImVec2(0, 0), io.DisplaySize, IM_COL32(0, 0, 0, 140));
  ImVec2 size(std::min(io.DisplaySize.x - 80 * s, 900 * s), 520 * s);
  ImGui::SetNextWindowPos(ImVec2((io.DisplaySize.x - size.x) / 2, (io.DisplaySize.y - size.y) / 2));
  ImGui::SetNextWindowSize(size);
  ImGui::SetNextWindowFocus();
  ImGui::Begin("idle", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove);
  section_title(T("idle.title"));
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(replace_all(T("idle.body"), "{n}", std::to_string(seconds_left)).c_str());
  ImGui::PopTextWrapPos();
  ImGui::PushFont(font_huge_);
  ImGui::Text("%d", seconds_left);
  ImGui::PopFont();
  // Any touch dismisses the warning (note_input); the button says so plainly.
  big_button(T("idle.continue"), "idle_continue", ImVec2(ImGui::GetContentRegionAvail().x, 110 * s), true);
  ImGui::End();
}

// ---------------------------------------------------------------------------------------------------
// Screens

void KioskUi::screen_attract() {
  const float s = scale_;
  ImGuiIO& io = ImGui::GetIO();
  const float w = ImGui::GetContentRegionAvail().x;
  const float avail_h = content_rect_.h;
  ImGui::Dummy(ImVec2(1, avail_h * 0.10f));
  ImGui::PushFont(font_huge_);
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(T("attract.title").c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(T("attract.subtitle").c_str());
  ImGui::PopTextWrapPos();
  ImGui::Dummy(ImVec2(1, 40 * s));
  // The whole call to action is one big target.
  ImGui::PushFont(font_huge_);
  if (big_button(T("attract.start"), "start", ImVec2(w, std::max(260 * s, avail_h * 0.2f)), true)) journey_.start();
  ImGui::PopFont();
  if (journey_.tickets_available()) {
    // Second call to action: a queue number for the counters (gold, below the red one).
    ImGui::Dummy(ImVec2(1, 4 * s));
    ImVec2 p = ImGui::GetCursorScreenPos();
    const float h = 190 * s;
    if (ImGui::InvisibleButton("##take_number", ImVec2(w, h))) journey_.take_number();
    hook("ticket.take");
    const bool active = ImGui::IsItemActive();
    ImDrawList* bdl = ImGui::GetWindowDrawList();
    const float rounding = ImGui::GetStyle().FrameRounding;
    if (high_contrast_) {  // yellow outline on black: tells it apart from the yellow "start" button
      const ImU32 fill = active ? IM_COL32(80, 80, 0, 255) : IM_COL32(0, 0, 0, 255);
      bdl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), fill, rounding);
      bdl->AddRect(p, ImVec2(p.x + w, p.y + h), IM_COL32(255, 221, 0, 255), rounding, 0, 4 * s);
    } else {
      bdl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), active ? IM_COL32(214, 160, 40, 255) : kGold, rounding);
    }
    const ImU32 ink = high_contrast_ ? IM_COL32(255, 255, 255, 255) : IM_COL32(33, 33, 33, 255);
    ImGui::PushFont(font_huge_);
    const std::string title = T("attract.take_number");
    ImVec2 ts = ImGui::CalcTextSize(title.c_str());
    ImGui::PopFont();
    ImGui::PushFont(font_small_);
    const std::string hint = T("attract.take_number_hint");
    ImVec2 hs = ImGui::CalcTextSize(hint.c_str(), nullptr, false, w - 60 * s);
    ImGui::PopFont();
    float y = p.y + (h - ts.y - hs.y - 8 * s) / 2;
    bdl->AddText(font_huge_, font_huge_->FontSize, ImVec2(p.x + (w - ts.x) / 2, y), ink, title.c_str());
    const ImVec2 hint_pos(p.x + std::max(30 * s, (w - hs.x) / 2), y + ts.y + 8 * s);
    bdl->AddText(font_small_, font_small_->FontSize, hint_pos, ink, hint.c_str(), nullptr, w - 60 * s);
  }
  ImGui::Dummy(ImVec2(1, 40 * s));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  auto card = [&](const std::string& title, const std::string& body, const std::string& name) {
    ImVec2 p = ImGui::GetCursorScreenPos();
    float text_w = w - 60 * s;
    ImGui::PushFont(font_title_);
    float th = ImGui::CalcTextSize(title.c_str(), nullptr, false, text_w).y;
    ImGui::PopFont();
    float bh = ImGui::CalcTextSize(body.c_str(), nullptr, false, text_w).y;
    float h = th + bh + 80 * s;
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h),
                      high_contrast_ ? IM_COL32(30, 30, 30, 255) : IM_COL32(255, 255, 255, 255), 16 * s);
    dl->AddRectFilled(p, ImVec2(p.x + 12 * s, p.y + h), high_contrast_ ? IM_COL32(255, 221, 0, 255) : kGold, 16 * s,
                      ImDrawFlags_RoundCornersLeft);
    ImGui::SetCursorScreenPos(ImVec2(p.x + 40 * s, p.y + 28 * s));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + text_w - 20 * s);
    ImGui::PushFont(font_title_);
    ImGui::TextUnformatted(title.c_str());
    ImGui::PopFont();
    ImGui::TextUnformatted(body.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + h));
    ImGui::Dummy(ImVec2(w, 1));
    hook(name);
    ImGui::Dummy(ImVec2(1, 10 * s));
  };
  card(T("attract.scan_id_title"), T("attract.scan_id_body"), "hint_scan_id");
  card(T("attract.scan_receipt_title"), T("attract.scan_receipt_body"), "hint_scan_receipt");
  (void)io;
}

void KioskUi::screen_choose() {
  const float s = scale_;
  section_title(T("choose.title"));
  text_field(T("choose.search"), Focus::Target::Search, "", text_mode_, std::nullopt, T("choose.search_hint"));
  // Fields of work as chips.
  auto fields = services_.catalog().fields_of_work();
  ImGui::PushFont(font_small_);
  float avail = ImGui::GetContentRegionAvail().x;
  float x = 0;
  auto chip = [&](const std::string& label, const std::string& code) {
    bool selected = journey_.chosen_field() == code;
    ImVec2 size(ImGui::CalcTextSize(label.c_str()).x + 56 * s, 84 * s);
    if (x > 0 && x + size.x <= avail)
      ImGui::SameLine();
    else
      x = 0;
    x += size.x + ImGui::GetStyle().ItemSpacing.x;
    if (selected) {
      ImGui::PushStyleColor(ImGuiCol_Button, high_contrast_ ? rgba(255, 221, 0) : rgba(164, 22, 26));
      ImGui::PushStyleColor(ImGuiCol_ButtonHovered, high_contrast_ ? rgba(255, 221, 0) : rgba(164, 22, 26));
      ImGui::PushStyleColor(ImGuiCol_Text, high_contrast_ ? rgba(0, 0, 0) : rgba(255, 255, 255));
    }
    if (ImGui::Button((label + "##chip" + code).c_str(), size)) {
      journey_.choose_field(code);
      scroll_y_ = 0;
      scroll_set_ = true;
    }
    hook("field:" + (code.empty() ? std::string("all") : code));
    if (selected) ImGui::PopStyleColor(3);
  };
  chip(T("choose.all_fields"), "");
  for (const auto& f : fields) chip(L(f.name) + " (" + std::to_string(f.procedure_count) + ")", f.code);
  ImGui::PopFont();
  ImGui::Dummy(ImVec2(1, 10 * s));

  auto list = journey_.visible_procedures();
  if (list.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(T("choose.no_results").c_str());
    ImGui::PopTextWrapPos();
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float w = ImGui::GetContentRegionAvail().x;
  for (const Procedure* p : list) {
    ImVec2 pos = ImGui::GetCursorScreenPos();
    std::string name = L(p->name);
    std::string meta = L(p->field_name) + " · " +
                       replace_all(T("choose.days"), "{n}", std::to_string(p->processing_days)) + " · " +
                       (p->total_fee_vnd() > 0 ? format_vnd(p->total_fee_vnd()) : T("info.no_fee"));
    ImGui::PushFont(font_title_);
    float nh = ImGui::CalcTextSize(name.c_str(), nullptr, false, w - 80 * s).y;
    ImGui::PopFont();
    ImGui::PushFont(font_small_);
    float mh = ImGui::CalcTextSize(meta.c_str(), nullptr, false, w - 80 * s).y;
    ImGui::PopFont();
    float h = nh + mh + 70 * s;
    if (ImGui::InvisibleButton(("proc" + p->code).c_str(), ImVec2(w, h))) {
      clear_focus();
      journey_.choose_procedure(p->code);
    }
    hook("proc:" + p->code);
    bool active = ImGui::IsItemActive();
    dl->AddRectFilled(pos, ImVec2(pos.x + w, pos.y + h),
                      high_contrast_ ? (active ? IM_COL32(80, 80, 0, 255) : IM_COL32(20, 20, 20, 255))
                                     : (active ? IM_COL32(236, 228, 214, 255) : IM_COL32(255, 255, 255, 255)),
                      16 * s);
    dl->AddRect(pos, ImVec2(pos.x + w, pos.y + h),
                high_contrast_ ? IM_COL32(255, 255, 255, 255) : IM_COL32(220, 212, 200, 255), 16 * s, 0, 2 * s);
    ImGui::SetCursorScreenPos(ImVec2(pos.x + 36 * s, pos.y + 24 * s));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w - 80 * s);
    ImGui::PushFont(font_title_);
    ImGui::TextUnformatted(name.c_str());
    ImGui::PopFont();
    ImGui::PushFont(font_small_);
    ImGui::TextDisabled("%s", meta.c_str());
    ImGui::PopFont();
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    ImGui::SetCursorScreenPos(ImVec2(pos.x, pos.y + h + 16 * s));
    ImGui::Dummy(ImVec2(1, 1));
  }
}

void KioskUi::screen_info() {
  const Procedure* p = journey_.procedure();
  if (!p) return;
  const float s = scale_;
  ImGui::PushFont(font_small_);
  ImGui::TextDisabled("%s · %s %s", L(p->field_name).c_str(), T("info.code").c_str(), p->code.c_str());
  ImGui::PopFont();
  section_title(L(p->name));
  ImGui::Dummy(ImVec2(1, 10 * s));
  auto heading = [&](const std::string& text) {
    ImGui::Dummy(ImVec2(1, 6 * s));
    ImGui::PushStyleColor(ImGuiCol_Text, high_contrast_ ? rgba(255, 221, 0) : rgba(164, 22, 26));
    ImGui::PushFont(font_title_);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopFont();
    ImGui::PopStyleColor();
  };
  heading(T("info.documents"));
  ImGui::PushTextWrapPos(0);
  int i = 1;
  for (const auto& d : p->documents) {
    std::string line = std::to_string(i++) + ". " + L(d.name);
    if (!d.template_name.empty()) line += " (" + d.template_name + ")";
    ImGui::TextUnformatted(line.c_str());
    ImGui::PushFont(font_small_);
    ImGui::TextDisabled("    %s · %s %d", L(copy_type_label(d.copy_type)).c_str(), T("info.count").c_str(), d.count);
    ImGui::PopFont();
  }
  heading(T("info.fee"));
  if (p->fees.empty()) ImGui::TextUnformatted(T("info.no_fee").c_str());
  for (const auto& f : p->fees) ImGui::TextUnformatted((L(f.name) + ": " + format_vnd(f.amount_vnd)).c_str());
  heading(T("info.time"));
  ImGui::TextUnformatted(replace_all(T("info.days"), "{n}", std::to_string(p->processing_days)).c_str());
  heading(T("info.channels"));
  std::string channels;
  for (auto c : p->channels) channels += (channels.empty() ? "" : ", ") + L(channel_label(c));
  ImGui::TextUnformatted(channels.c_str());
  if (!p->result.vi.empty()) {
    heading(T("info.result"));
    ImGui::TextUnformatted(L(p->result).c_str());
  }
  heading(T("info.agency"));
  ImGui::TextUnformatted(L(p->agency_name).c_str());
  ImGui::PopTextWrapPos();
  hook("info_end");
}

void KioskUi::screen_identify() {
  const float s = scale_;
  section_title(T("identify.title"));
  // Scanning is the easy way: say so first, with a picture-like card.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImVec2 p = ImGui::GetCursorScreenPos();
  float w = ImGui::GetContentRegionAvail().x;
  float h = 200 * s;
  dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h),
                    high_contrast_ ? IM_COL32(30, 30, 30, 255) : IM_COL32(255, 248, 225, 255), 16 * s);
  // A small drawing of a card with its QR corner.
  ImVec2 c0(p.x + 30 * s, p.y + 40 * s), c1(p.x + 210 * s, p.y + 160 * s);
  dl->AddRectFilled(c0, c1, IM_COL32(240, 230, 200, 255), 10 * s);
  dl->AddRect(c0, c1, IM_COL32(164, 22, 26, 255), 10 * s, 0, 3 * s);
  dl->AddRectFilled(ImVec2(c1.x - 70 * s, c0.y + 15 * s), ImVec2(c1.x - 15 * s, c0.y + 70 * s),
                    IM_COL32(30, 30, 30, 255));
  ImGui::SetCursorScreenPos(ImVec2(p.x + 240 * s, p.y + 30 * s));
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w - 280 * s);
  ImGui::PushFont(font_title_);
  ImGui::TextUnformatted(T("identify.scan").c_str());
  ImGui::PopFont();
  ImGui::TextUnformatted(T("identify.scan_hint").c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
  ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + h + 20 * s));
  if (journey_.identity_from_card()) {
    ImGui::PushStyleColor(ImGuiCol_Text, high_contrast_ ? rgba(120, 255, 120) : rgba(27, 94, 32));
    ImGui::TextUnformatted(T("identify.from_card").c_str());
    ImGui::PopStyleColor();
  }
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("%s", T("identify.or_type").c_str());
  ImGui::PopTextWrapPos();
  const auto& errors = journey_.identify_errors();
  auto err = [&](const char* key) -> std::optional<LocalizedText> {
    auto it = errors.find(key);
    if (it == errors.end()) return std::nullopt;
    return it->second;
  };
  text_field(T("identify.id_number"), Focus::Target::IdNumber, "", KeyboardMode::Numeric, err("id_number"));
  text_field(T("identify.full_name"), Focus::Target::FullName, "", text_mode_, err("full_name"));
  text_field(T("identify.date_of_birth"), Focus::Target::DateOfBirth, "", KeyboardMode::Numeric, err("date_of_birth"),
             T("form.date_hint"));
  ImGui::TextUnformatted(T("identify.sex").c_str());
  auto& f = journey_.identify_fields();
  float bw = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
  const char* values[2] = {"Nam", "Nữ"};
  const char* keys[2] = {"identify.male", "identify.female"};
  for (int i = 0; i < 2; ++i) {
    if (i) ImGui::SameLine();
    bool selected = f.sex == values[i];
    if (selected) {
      ImGui::PushStyleColor(ImGuiCol_Button, high_contrast_ ? rgba(255, 221, 0) : rgba(255, 236, 179));
      ImGui::PushStyleColor(ImGuiCol_ButtonHovered, high_contrast_ ? rgba(255, 221, 0) : rgba(255, 236, 179));
      ImGui::PushStyleColor(ImGuiCol_Text, rgba(0, 0, 0));
    }
    if (ImGui::Button((T(keys[i]) + "##sex" + std::to_string(i)).c_str(), ImVec2(bw, 100 * s))) {
      clear_focus();
      f.sex = selected ? "" : values[i];
    }
    hook(std::string("choice:identify.sex:") + (i ? "female" : "male"));
    if (selected) ImGui::PopStyleColor(3);
  }
  text_field(T("identify.address"), Focus::Target::Address, "", text_mode_, err("address"));
  ImGui::PushFont(font_small_);
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("%s", T("identify.privacy").c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
}

void KioskUi::screen_form() {
  const FieldGroup* group = journey_.current_group();
  if (!group) return;
  const float s = scale_;
  // Step indicator: "Bước 2 / 4".
  size_t total = journey_.group_count();
  std::string step = replace_all(replace_all(T("form.step"), "{n}", std::to_string(journey_.group_index() + 1)),
                                 "{total}", std::to_string(total));
  ImGui::PushFont(font_small_);
  ImGui::TextDisabled("%s · %s", L(journey_.procedure()->name).c_str(), step.c_str());
  ImGui::PopFont();
  ImVec2 p = ImGui::GetCursorScreenPos();
  float w = ImGui::GetContentRegionAvail().x;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, ImVec2(p.x + w, p.y + 10 * s), IM_COL32(225, 218, 205, 255), 5 * s);
  dl->AddRectFilled(
      p, ImVec2(p.x + w * float(journey_.group_index() + 1) / float(std::max<size_t>(1, total)), p.y + 10 * s),
      high_contrast_ ? IM_COL32(255, 221, 0, 255) : kRed, 5 * s);
  ImGui::Dummy(ImVec2(w, 14 * s));
  section_title(L(group->title));
  ImGui::Dummy(ImVec2(1, 6 * s));
  for (const FieldSpec* field : journey_.visible_fields()) field_widget(*field);
}

void KioskUi::screen_review() {
  const Procedure* p = journey_.procedure();
  if (!p) return;
  const float s = scale_;
  section_title(T("review.title"));
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(T("review.hint").c_str());
  ImGui::PushFont(font_title_);
  ImGui::TextUnformatted(L(p->name).c_str());
  ImGui::PopFont();
  const auto& answers = journey_.answers();
  for (size_t g = 0; g < p->form.groups.size(); ++g) {
    const auto& group = p->form.groups[g];
    std::vector<const FieldSpec*> shown;
    for (const auto& f : group.fields)
      if (is_visible(p->form, f, answers)) shown.push_back(&f);
    if (shown.empty()) continue;
    ImGui::Separator();
    ImGui::PushStyleColor(ImGuiCol_Text, high_contrast_ ? rgba(255, 221, 0) : rgba(164, 22, 26));
    ImGui::PushFont(font_title_);
    ImGui::TextUnformatted(L(group.title).c_str());
    ImGui::PopFont();
    ImGui::PopStyleColor();
    ImGui::SameLine(ImGui::GetContentRegionMax().x - 200 * s);
    ImGui::PushFont(font_small_);
    if (ImGui::Button((T("review.edit") + "##edit" + group.id).c_str(), ImVec2(200 * s, 70 * s)))
      journey_.edit_group(g);
    hook("edit:" + group.id);
    ImGui::PopFont();
    for (const FieldSpec* f : shown) {
      std::string value = journey_.answer_text(*f);
      if (f->type == FieldType::SingleChoice || f->type == FieldType::MultipleChoice) {
        std::string labels;
        for (auto& v : split(value, ';'))
          for (const auto& o : f->options)
            if (o.value == v) labels += (labels.empty() ? "" : ", ") + L(o.label);
        value = labels;
      } else if (f->type == FieldType::Consent) {
        value = value == "true" ? T("review.yes") : T("review.no");
      }
      ImGui::PushFont(font_small_);
      ImGui::TextDisabled("%s", L(f->label).c_str());
      ImGui::PopFont();
      ImGui::TextUnformatted(value.empty() ? "—" : value.c_str());
    }
  }
  ImGui::Separator();
  if (const auto& message = journey_.submit_message()) {
    ImGui::PushStyleColor(ImGuiCol_Text, high_contrast_ ? rgba(255, 140, 140) : rgba(183, 28, 28));
    ImGui::TextUnformatted(L(*message).c_str());
    ImGui::PopStyleColor();
    hook("submit_message");
  }
  ImGui::TextUnformatted(T("review.declaration").c_str());
  ImGui::PopTextWrapPos();
}

void KioskUi::screen_receipt() {
  const auto& dossier = journey_.dossier();
  if (!dossier) return;
  const float s = scale_;
  ImGui::PushStyleColor(ImGuiCol_Text, high_contrast_ ? rgba(120, 255, 120) : rgba(27, 94, 32));
  section_title(T("receipt.title"));
  ImGui::PopStyleColor();
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(T("receipt.body").c_str());
  ImGui::TextDisabled("%s", T("receipt.code").c_str());
  ImGui::PushFont(font_title_);
  ImGui::TextUnformatted(dossier->code.c_str());
  ImGui::PopFont();
  hook("receipt_code");
  const float w = ImGui::GetContentRegionAvail().x;
  const float qr = std::min(360 * s, w * 0.4f);
  ImVec2 start = ImGui::GetCursorPos();
  draw_qr(dossier->code, qr);
  ImGui::SetCursorPos(ImVec2(start.x + qr + 40 * s, start.y));
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w - qr - 60 * s);
  ImGui::TextDisabled("%s", T("receipt.procedure").c_str());
  ImGui::TextUnformatted(L(dossier->procedure.name).c_str());
  ImGui::TextDisabled("%s", T("receipt.due").c_str());
  ImGui::PushFont(font_title_);
  ImGui::TextUnformatted((dossier->due_at.date.dmy() + " · " + time_text(dossier->due_at)).c_str());
  ImGui::PopFont();
  hook("receipt_due");
  if (!dossier->lookup_code.empty()) {
    ImGui::TextDisabled("%s", T("receipt.lookup_code").c_str());
    ImGui::TextUnformatted(dossier->lookup_code.c_str());
  }
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
  ImGui::SetCursorPosY(std::max(ImGui::GetCursorPosY(), start.y + qr + 20 * s));
  ImGui::Dummy(ImVec2(1, 10 * s));
  switch (journey_.print_state()) {
    case PrintState::Printing:
      ImGui::TextUnformatted(T("receipt.printing").c_str());
      break;
    case PrintState::Printed:
      ImGui::TextUnformatted(T("receipt.printed").c_str());
      break;
    case PrintState::Failed: {
      // Calm: the dossier is accepted whatever the printer does.
      ImGui::PushStyleColor(ImGuiCol_Text, high_contrast_ ? rgba(255, 221, 0) : rgba(141, 84, 0));
      ImGui::TextUnformatted(T("receipt.print_failed").c_str());
      if (!journey_.print_message().vi.empty()) ImGui::TextUnformatted(L(journey_.print_message()).c_str());
      ImGui::PopStyleColor();
      if (big_button(T("receipt.reprint"), "reprint", ImVec2(420 * s, 110 * s))) journey_.reprint();
      break;
    }
    case PrintState::None:
      break;
  }
  hook("print_state");
  ImGui::PopTextWrapPos();
}

void KioskUi::screen_rating() {
  const float s = scale_;
  section_title(T("rating.title"));
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(T("rating.body").c_str());
  ImGui::PopTextWrapPos();
  ImGui::Dummy(ImVec2(1, 30 * s));
  const char* keys[3] = {"rating.unhappy", "rating.happy", "rating.very_happy"};
  const ImVec4 colors[3] = {rgba(255, 235, 238), rgba(255, 248, 225), rgba(232, 245, 233)};
  float w = ImGui::GetContentRegionAvail().x;
  for (int level = 3; level >= 1; --level) {
    if (!high_contrast_) {
      ImGui::PushStyleColor(ImGuiCol_Button, colors[level - 1]);
      ImGui::PushStyleColor(ImGuiCol_ButtonHovered, colors[level - 1]);
    }
    if (big_button(T(keys[level - 1]), "rate:" + std::to_string(level), ImVec2(w, 180 * s))) journey_.rate(level);
    if (!high_contrast_) ImGui::PopStyleColor(2);
  }
}

void KioskUi::screen_thanks() {
  const float s = scale_;
  ImGui::Dummy(ImVec2(1, content_rect_.h * 0.2f));
  ImGui::PushFont(font_huge_);
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(T("thanks.title").c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(T("thanks.body").c_str());
  ImGui::PopTextWrapPos();
  ImGui::Dummy(ImVec2(1, 20 * s));
}

void KioskUi::screen_status() {
  const auto& v = journey_.status_view();
  section_title(T("status.title"));
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("%s", T("receipt.code").c_str());
  ImGui::PushFont(font_title_);
  ImGui::TextUnformatted(v.code.c_str());
  ImGui::PopFont();
  if (!v.found && !v.checking_server) {
    ImGui::TextUnformatted(T("status.not_found").c_str());
  }
  if (v.found) {
    if (!v.procedure_name.vi.empty()) ImGui::TextUnformatted(L(v.procedure_name).c_str());
    if (v.status) {
      ImGui::TextDisabled("%s", T("status.status").c_str());
      ImGui::PushFont(font_title_);
      ImGui::TextUnformatted(L(status_label(*v.status)).c_str());
      ImGui::PopFont();
      hook("status_value");
    }
    if (v.received_at) ImGui::TextUnformatted((T("status.received") + " " + v.received_at->date.dmy()).c_str());
    if (v.due_at) ImGui::TextUnformatted((T("status.due") + " " + v.due_at->date.dmy()).c_str());
  }
  if (v.checking_server) ImGui::TextDisabled("%s", T("status.checking").c_str());
  if (!v.server_note.vi.empty()) ImGui::TextDisabled("%s", L(v.server_note).c_str());
  ImGui::PopTextWrapPos();
}

// Queue tickets: one card per service area with its two choices, normal and priority (ưu tiên).
void KioskUi::screen_take_number() {
  const float s = scale_;
  section_title(T("ticket.choose_title"));
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(T("ticket.choose_body").c_str());
  ImGui::PushFont(font_small_);
  ImGui::TextDisabled("%s", T("ticket.priority_hint").c_str());
  ImGui::PopFont();
  ImGui::PopTextWrapPos();
  ImGui::Dummy(ImVec2(1, 10 * s));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float w = ImGui::GetContentRegionAvail().x;
  const float pad = 28 * s, bh = 120 * s, gap = ImGui::GetStyle().ItemSpacing.x;
  for (const auto& area : journey_.service_areas()) {
    const std::string name = area.code + " · " + L(area.name);
    ImGui::PushFont(font_title_);
    const float nh = ImGui::CalcTextSize(name.c_str(), nullptr, false, w - 2 * pad).y;
    ImGui::PopFont();
    const float h = pad + nh + 20 * s + bh + pad;
    ImVec2 p = ImGui::GetCursorScreenPos();
    const ImU32 card_bg = high_contrast_ ? IM_COL32(30, 30, 30, 255) : IM_COL32(255, 255, 255, 255);
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), card_bg, 16 * s);
    dl->AddRectFilled(p, ImVec2(p.x + 12 * s, p.y + h), high_contrast_ ? IM_COL32(255, 221, 0, 255) : kGold, 16 * s,
                      ImDrawFlags_RoundCornersLeft);
    ImGui::SetCursorScreenPos(ImVec2(p.x + pad, p.y + pad));
    ImGui::PushFont(font_title_);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w - 2 * pad);
    ImGui::TextUnformatted(name.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    ImGui::SetCursorScreenPos(ImVec2(p.x + pad, p.y + pad + nh + 20 * s));
    const float bw = (w - 2 * pad - gap) / 2;
    const std::string prefix = "ticket.area." + area.code;
    if (big_button(T("ticket.normal") + "##n" + area.code, prefix + ".normal", ImVec2(bw, bh), true))
      journey_.choose_ticket(area.code, false);
    ImGui::SameLine();
    if (!high_contrast_) {
      ImGui::PushStyleColor(ImGuiCol_Button, rgba(255, 236, 179));
      ImGui::PushStyleColor(ImGuiCol_ButtonHovered, rgba(255, 236, 179));
    }
    if (big_button(T("ticket.priority") + "##p" + area.code, prefix + ".priority", ImVec2(bw, bh)))
      journey_.choose_ticket(area.code, true);
    if (!high_contrast_) ImGui::PopStyleColor(2);
    ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + h + 16 * s));
    ImGui::Dummy(ImVec2(1, 1));
  }
}

// The number, very large, then the area, the people ahead and whether the paper came out. A tap anywhere
// (or "Xong") returns to the attract screen; otherwise the journey does after a few seconds.
void KioskUi::screen_ticket() {
  const float s = scale_;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float w = ImGui::GetContentRegionAvail().x;
  ImGui::PushTextWrapPos(0);
  if (journey_.ticket_pending()) {
    ImGui::Dummy(ImVec2(1, content_rect_.h * 0.2f));
    section_title(T("ticket.taking"));
    hook("ticket.pending");
    ImGui::PopTextWrapPos();
    return;
  }
  if (const auto& error = journey_.ticket_error()) {
    ImGui::Dummy(ImVec2(1, content_rect_.h * 0.1f));
    section_title(T("ticket.failed_title"));
    ImGui::PushStyleColor(ImGuiCol_Text, high_contrast_ ? rgba(255, 221, 0) : rgba(141, 84, 0));
    ImGui::TextUnformatted(L(*error).c_str());
    ImGui::PopStyleColor();
    hook("ticket.error");
    ImGui::PopTextWrapPos();
    return;
  }
  const auto& ticket = journey_.ticket();
  if (!ticket) {
    ImGui::PopTextWrapPos();
    return;
  }
  auto centered = [&](ImFont* font, const std::string& text, ImVec4 color) {
    ImGui::PushFont(font);
    float tw = ImGui::CalcTextSize(text.c_str()).x;
    if (tw < w) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (w - tw) / 2);
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopStyleColor();
    ImGui::PopFont();
  };
  const ImVec4 ink = ImGui::GetStyleColorVec4(ImGuiCol_Text);
  const ImVec4 accent = high_contrast_ ? rgba(255, 221, 0) : rgba(164, 22, 26);
  ImGui::Dummy(ImVec2(1, 20 * s));
  centered(font_title_, T("ticket.your_number"), ink);
  centered(font_number_, ticket->label, accent);
  hook("ticket.number:" + ticket->label);  // the label in the name: the e2e test reads it from widgets.txt
  if (ticket->priority) centered(font_title_, T("ticket.priority_badge"), accent);
  ImGui::Dummy(ImVec2(1, 10 * s));
  if (const ServiceArea* area = journey_.ticket_area()) {
    ImGui::PushFont(font_small_);
    ImGui::TextDisabled("%s", T("ticket.area").c_str());
    ImGui::PopFont();
    ImGui::PushFont(font_title_);
    ImGui::TextUnformatted(L(area->name).c_str());
    ImGui::PopFont();
  }
  ImGui::Dummy(ImVec2(1, 6 * s));
  ImGui::TextUnformatted(ticket->people_ahead == 0
                             ? T("ticket.ahead_none").c_str()
                             : replace_all(T("ticket.ahead"), "{n}", std::to_string(ticket->people_ahead)).c_str());
  hook("ticket.ahead");
  ImGui::TextUnformatted(
      (T("ticket.issued_at") + " " + time_text(ticket->issued_at) + " · " + ticket->issued_at.date.dmy()).c_str());
  ImGui::Dummy(ImVec2(1, 16 * s));
  // The paper: calm wording either way; the number is in the queue whatever the printer does.
  std::string print_text, print_hook;
  ImVec4 print_color = ink;
  switch (journey_.ticket_print_state()) {
    case PrintState::Printing:
      print_text = T("ticket.printing");
      print_hook = "printing";
      break;
    case PrintState::Printed:
      print_text = T("ticket.printed");
      print_hook = "printed";
      print_color = high_contrast_ ? rgba(120, 255, 120) : rgba(27, 94, 32);
      break;
    case PrintState::Failed:
      print_text = T("ticket.print_failed");
      print_hook = "failed";
      print_color = high_contrast_ ? rgba(255, 221, 0) : rgba(141, 84, 0);
      break;
    case PrintState::None:
      break;
  }
  if (!print_text.empty()) {
    ImGui::PushFont(font_title_);
    ImGui::PushStyleColor(ImGuiCol_Text, print_color);
    ImGui::TextUnformatted(print_text.c_str());
    ImGui::PopStyleColor();
    ImGui::PopFont();
    hook("ticket.print:" + print_hook);
    if (journey_.ticket_print_state() == PrintState::Failed && !journey_.ticket_print_message().vi.empty()) {
      ImGui::PushFont(font_small_);
      ImGui::TextDisabled("%s", L(journey_.ticket_print_message()).c_str());
      ImGui::PopFont();
    }
  }
  ImGui::Dummy(ImVec2(1, 10 * s));
  ImGui::TextUnformatted(T("ticket.wait").c_str());
  ImGui::PushFont(font_small_);
  ImGui::TextDisabled("%s", T("ticket.tap_to_finish").c_str());
  ImGui::PopFont();
  ImGui::PopTextWrapPos();
  // The whole screen is the "done" target (texts are not interactive, so nothing competes for the tap).
  const ImVec2 end = ImGui::GetCursorScreenPos();
  ImGui::SetCursorScreenPos(origin);
  if (ImGui::InvisibleButton("##ticket_done", ImVec2(w, std::max(end.y - origin.y, content_rect_.h - 60 * s))))
    journey_.next();
  hook("ticket.done");
}

}  // namespace mc::app
