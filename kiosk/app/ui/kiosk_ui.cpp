#include "kiosk_ui.hpp"

#include <algorithm>
#include <cmath>

#include <imgui.h>

#include "chrome.hpp"
#include "display/waiting_room_view.hpp"
#include "widgets/keyboard.hpp"
#include "widgets/widgets.hpp"

namespace mc::ui {

std::vector<std::string> texts_to_show(const app::Services& services) {
  std::vector<std::string> texts = services.tr().all_text();
  for (const auto& p : services.catalog().procedures()) {
    texts.push_back(p.name.vi);
    texts.push_back(p.name.en);
    texts.push_back(p.agency_name.vi);
    for (const auto& d : p.documents) texts.push_back(d.name.vi);
    for (const auto& g : p.form.groups)
      for (const auto& f : g.fields) texts.push_back(f.help.vi);
  }
  return texts;
}

KioskUi::KioskUi(app::Services& services, Journey& journey)
    : services_(services),
      journey_(journey),
      screens_(make_citizen_screens()),
      palette_(&Palette::for_theme(services.config().ui.high_contrast)),
      entry_(journey, services.config().ui.telex) {
  const auto& ui = services.config().ui;
  settings_.text_scale = ui.text_scale;
  settings_.high_contrast = ui.high_contrast;
  for (auto& screen : screens_) by_screen_.at(size_t(screen->screen())) = screen.get();
  journey_.set_service_areas(services.service_areas());        // none: no "take a number" on the attract screen
  journey_.set_document_scanner(services.document_scanner());  // none: no capture step after the form
  fonts_.set_texts(texts_to_show(services));
}

KioskUi::~KioskUi() = default;

CitizenScreen& KioskUi::screen_for(Screen screen) {
  CitizenScreen* found = by_screen_.at(size_t(screen));
  if (!found) throw std::logic_error(std::string("no view for screen ") + screen_name(screen));  // i18n-exempt: a bug
  return *found;
}

void KioskUi::set_viewport(int width, int height) {
  if (width == width_ && height == height_ && !settings_.fonts_dirty) return;
  width_ = width;
  height_ = height;
  const float s = ui_scale_for(width, height);
  if (std::fabs(s - scale_) > 0.001f) settings_.fonts_dirty = true;
  scale_ = s;
  scroller_.set_scale(s);
}

void KioskUi::build_fonts() {
  fonts_.build(scale_, settings_.text_scale);
  settings_.fonts_dirty = false;
  apply_style();
}

void KioskUi::build_display_fonts(float window_height) {
  const WaitingRoomSizes sizes(window_height);
  fonts_.build_display(sizes.number, sizes.text_sizes());
  settings_.fonts_dirty = false;
  apply_style();
}

void KioskUi::apply_style() {
  palette_ = &Palette::for_theme(settings_.high_contrast);
  ImGuiStyle style;
  palette_->apply(style);
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
  style.FrameBorderSize = palette_->frame_border(s);
  ImGui::GetStyle() = style;
}

// ---------------------------------------------------------------------------------------------------
// Input

void KioskUi::type_text(const std::string& utf8) {
  const bool searching_before = journey_.screen() == Screen::ChooseProcedure;
  entry_.type(utf8);
  if (searching_before && entry_.is_focused(EntryTarget::Search, "")) scroller_.scroll_to(0);  // new results
}

void KioskUi::backspace() {
  entry_.backspace();
  if (entry_.is_focused(EntryTarget::Search, "")) scroller_.scroll_to(0);
}

bool KioskUi::enter() {
  if (!entry_.focused()) return false;
  entry_.clear();
  if (journey_.screen() != Screen::ChooseProcedure) journey_.next();
  return true;
}

void KioskUi::pointer_down(float x, float y, int64_t t_ms) {
  scroller_.pointer_down(x, y, t_ms);
}
void KioskUi::pointer_move(float x, float y, int64_t t_ms) {
  scroller_.pointer_move(x, y, t_ms);
}
void KioskUi::pointer_up(float x, float y, int64_t t_ms) {
  scroller_.pointer_up(x, y, t_ms);
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
// Frame

ViewContext KioskUi::context(int64_t now_ms, Rect content) {
  return ViewContext{journey_,  services_, *palette_, fonts_.set(), scale_, rects_,   entry_,
                     scroller_, settings_, content,   now_ms,       voice_, textures_};
}

void KioskUi::on_screen_change() {
  // Screen changes reset view state: focus, scroll, keyboard. Back on the attract screen the citizen is
  // gone: nothing of theirs stays in the view either.
  if (journey_.screen() == Screen::Attract) {
    entry_.reset_for_new_citizen();
    reset_display_choices();
  } else
    entry_.clear();
  last_screen_ = journey_.screen();
  last_group_ = journey_.group_index();
  last_capture_ = journey_.capture_index();
  scroller_.scroll_to(0);
  screen_for(last_screen_).on_enter();
}

void KioskUi::reset_display_choices() {
  // The next citizen starts from the office's settings, not from the last one's language, text size, contrast.
  const auto& ui = services_.config().ui;
  journey_.set_lang(ui.default_language == "en" ? Lang::En : Lang::Vi);
  if (settings_.text_scale != ui.text_scale) settings_.fonts_dirty = true;
  settings_.text_scale = ui.text_scale;
  if (settings_.high_contrast != ui.high_contrast) {
    settings_.high_contrast = ui.high_contrast;
    apply_style();
  }
}

void KioskUi::draw(int64_t now_ms) {
  rects_.clear();
  const float s = scale_;
  const ImGuiIO& io = ImGui::GetIO();
  // The capture step's next document counts as a new screen: with the last one's scroll kept, its shorter
  // content lay above the fold, blank until the next touch (seen in e2e_capture_journey).
  if (journey_.screen() != last_screen_ || journey_.group_index() != last_group_ ||
      journey_.capture_index() != last_capture_)
    on_screen_change();
  scroller_.step(now_ms);
  CitizenScreen& screen = screen_for(journey_.screen());
  const Footer footer = screen.footer_for(journey_);

  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));  // header and footer reach the edges
  ImGui::Begin("kiosk", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::PopStyleVar();
  const HeaderChoice choice = draw_header(context(now_ms, {}), services_.online_state());

  // Content area between header and footer (and the keyboard when a field is focused).
  const float footer_h = footer.shown ? kFooterHeight * s : 0;
  const float keyboard_h = entry_.focused() ? keyboard_height(entry_.mode(), s) : 0;
  const float content_h = io.DisplaySize.y - ImGui::GetCursorPosY() - footer_h - keyboard_h - 10 * s;
  const ImVec2 cpos = ImGui::GetCursorScreenPos();
  const Rect content{0, cpos.y, io.DisplaySize.x, content_h};
  scroller_.set_area(content, entry_.focused() ? cpos.y + content_h : 1e9f);
  rects_.add("content", content);
  ImGui::SetCursorPosX(0);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(48 * s, 24 * s));
  ImGui::BeginChild("content", ImVec2(io.DisplaySize.x, content_h), false, ImGuiWindowFlags_AlwaysUseWindowPadding);
  float scroll = 0;
  if (scroller_.take_request(scroll, ImGui::GetScrollMaxY()))
    ImGui::SetScrollY(scroll);
  else
    scroller_.observe(ImGui::GetScrollY());  // wheel or keyboard navigation moved it
  const ViewContext v = context(now_ms, content);
  screen.draw(v);
  vertical_space(v, 40);
  ImGui::EndChild();
  ImGui::PopStyleVar();

  if (entry_.focused()) draw_keyboard(v, cpos.y + content_h + 10 * s);
  if (footer.shown) draw_footer(v, footer);
  if (journey_.cancel_asked()) draw_cancel_question(v);
  if (auto left = journey_.idle_seconds_left(now_ms)) draw_idle_warning(v, *left);
  ImGui::End();

  // The header's display choices take effect from the next frame.
  if (choice.switch_language) journey_.set_lang(journey_.lang() == Lang::Vi ? Lang::En : Lang::Vi);
  if (choice.toggle_voice) toggle_voice();
  if (choice.toggle_contrast) {
    settings_.high_contrast = !settings_.high_contrast;
    apply_style();
  }
  if (choice.text_bigger && settings_.text_scale < 1.45) {
    settings_.text_scale += 0.15;
    settings_.fonts_dirty = true;
  }
  if (choice.text_smaller && settings_.text_scale > 0.9) {
    settings_.text_scale -= 0.15;
    settings_.fonts_dirty = true;
  }
}

}  // namespace mc::ui
