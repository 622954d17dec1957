#include "chrome.hpp"

#include <algorithm>

#include <imgui.h>

#include "widgets/widgets.hpp"

namespace mc::ui {

HeaderChoice draw_header(const ViewContext& v, const app::OnlineState& online) {
  const float s = v.scale;
  const ImGuiIO& io = ImGui::GetIO();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float header_h = kHeaderHeight * s;
  dl->AddRectFilled(ImVec2(0, 0), ImVec2(io.DisplaySize.x, header_h), v.colour(Colour::Accent));
  dl->AddRectFilled(ImVec2(0, header_h - 8 * s), ImVec2(io.DisplaySize.x, header_h), v.colour(Colour::HeaderRule));
  // Language, text size and contrast: one tap each, at the top right.
  HeaderChoice choice;
  const float bh = 86 * s;
  float x = io.DisplaySize.x - 40 * s;
  auto header_button = [&](const std::string& label, const std::string& name, float w, bool on = false) {
    x -= w;
    ImGui::SetCursorPos(ImVec2(x, (header_h - bh) / 2 - 4 * s));
    ScopedColours colours;
    colours.set(ImGuiCol_Button, v.palette, on ? Colour::HeaderButtonPressed : Colour::HeaderButton)
        .set(ImGuiCol_ButtonHovered, v.palette, Colour::HeaderButton)
        .set(ImGuiCol_ButtonActive, v.palette, Colour::HeaderButtonPressed)
        .set(ImGuiCol_Text, v.palette, Colour::InkOnHeaderButton)
        .set(ImGuiCol_Border, v.palette, Colour::HeaderButtonBorder);
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 2 * s);
    const bool pressed = ImGui::Button(label.c_str(), ImVec2(w, bh));
    ImGui::PopStyleVar();
    v.hook(name);
    x -= 14 * s;
    return pressed && (name == "voice" || v.tap(name, label));  // the voice switch itself acts at once
  };
  choice.switch_language = header_button(v.T("header.other_language"), "lang", 190 * s);
  choice.toggle_contrast =
      header_button(v.T("header.contrast"), "contrast", ImGui::CalcTextSize(v.T("header.contrast").c_str()).x + 50 * s);
  choice.text_bigger = header_button(v.T("header.text_bigger"), "text_bigger", 90 * s);
  choice.text_smaller = header_button(v.T("header.text_smaller"), "text_smaller", 90 * s);
  if (v.voice) {
    const std::string& listen = v.T("voice.header");
    choice.toggle_voice =
        header_button(listen, "voice", ImGui::CalcTextSize(listen.c_str()).x + 50 * s, v.voice->enabled());
  }

  // The agency and the title in what the buttons leave, shrunk rather than run under them at the largest
  // text size or in a long English agency name.
  {
    const auto& agency = v.services.config().agency;
    const float left = 40 * s, room = std::max(100 * s, x - left - 6 * s);
    ScopedColours colours;
    colours.set(ImGuiCol_Text, v.palette, Colour::InkOnAccent);
    float top = 22 * s;
    auto fitted_line = [&](const std::string& text, ImFont* font, const std::string& hook) {
      ImGui::PushFont(font);
      const ImVec2 natural = ImGui::CalcTextSize(text.c_str());
      const float fit = natural.x > room ? std::max(0.5f, room / natural.x) : 1.f;
      // Still too wide at half size (A+ at the end, English, every header button shown): wrap at the room.
      const ImVec2 shown = ImGui::CalcTextSize(text.c_str(), nullptr, false, room / fit);
      ImGui::SetWindowFontScale(fit);
      ImGui::SetCursorPos(ImVec2(left, top));
      ImGui::PushTextWrapPos(left + room);
      ImGui::TextUnformatted(text.c_str());
      ImGui::PopTextWrapPos();
      ImGui::SetWindowFontScale(1.f);
      ImGui::PopFont();
      const ImVec2 at = ImGui::GetItemRectMin();
      v.rects.add(hook, Rect{at.x, at.y, room, shown.y * fit});
      v.rects.add_text(hook, Rect{at.x, at.y, shown.x * fit, shown.y * fit});
      top += shown.y * fit;
    };
    fitted_line(v.lang() == Lang::Vi ? agency.name_vi : agency.name_en, v.fonts.small, "header_agency");
    fitted_line(v.T("app.title"), v.fonts.title, "header_title");
  }
  ImGui::SetCursorPos(ImVec2(0, header_h));

  // A banner across the window under the header: wrapped text on a coloured band.
  auto banner = [&](const std::string& text, Colour background, ImFont* font, float padding, const char* hook) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    if (font) ImGui::PushFont(font);
    const float wrap = io.DisplaySize.x - 96 * s;
    const ImVec2 size = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap);
    dl->AddRectFilled(p, ImVec2(io.DisplaySize.x, p.y + size.y + 2 * padding), v.colour(background));
    ImGui::SetCursorPos(ImVec2(48 * s, ImGui::GetCursorPosY() + padding));
    ImGui::PushTextWrapPos(io.DisplaySize.x - 48 * s);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    v.hook(hook);
    if (font) ImGui::PopFont();
    ImGui::SetCursorScreenPos(ImVec2(0, p.y + size.y + 2 * padding));
  };
  // Offline is normal: a calm banner, never an error.
  if (online.known && !online.online)
    banner(v.T("banner.offline"), Colour::OfflineBanner, v.fonts.small, 16 * s, "banner_offline");
  if (const auto& notice = v.journey.notice()) banner(v.L(*notice), Colour::NoticeBanner, nullptr, 18 * s, "notice");
  return choice;
}

void draw_footer(const ViewContext& v, const Footer& footer) {
  const float s = v.scale;
  const ImGuiIO& io = ImGui::GetIO();
  const float footer_h = kFooterHeight * s;
  const float y = io.DisplaySize.y - footer_h;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(ImVec2(0, y), io.DisplaySize, v.colour(Colour::Footer));
  dl->AddLine(ImVec2(0, y), ImVec2(io.DisplaySize.x, y), v.colour(Colour::FooterRule), 2 * s);
  const float bh = 110 * s, pad = 40 * s;
  const float by = y + (footer_h - bh) / 2;
  const float small_w = 240 * s;
  if (footer.back) {
    ImGui::SetCursorScreenPos(ImVec2(pad, by));
    if (big_button(v, "‹ " + v.T("nav.back"), "back", ImVec2(small_w, bh))) {
      v.entry.clear();
      v.journey.back();
    }
  }
  if (footer.cancel) {
    ImGui::SetCursorScreenPos(ImVec2(pad + small_w + 20 * s, by));
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, std::max(3 * s, ImGui::GetStyle().FrameBorderSize));
    if (big_button(v, v.T("nav.cancel"), "cancel", ImVec2(small_w, bh), Emphasis::Destructive)) {
      v.entry.clear();
      v.journey.ask_cancel();
    }
    ImGui::PopStyleVar();
  }
  if (footer.next_key) {
    const std::string label = v.T(footer.next_key) + " ›";
    const float w = std::max(360 * s, ImGui::CalcTextSize(label.c_str()).x + 100 * s);
    ImGui::SetCursorScreenPos(ImVec2(io.DisplaySize.x - pad - w, by));
    if (big_button(v, label, "next", ImVec2(w, bh), Emphasis::Primary)) {
      v.entry.clear();
      v.journey.next();
    }
  }
}

namespace {

// A card in the middle of a dimmed screen (the cancel question, the idle warning). The dimming is the
// background of a full-screen window and the card its child, drawn after it: on the foreground draw list the
// dimming covered the card too. Pair with end_dimmed_card().
void begin_dimmed_card(const ViewContext& v, const char* dimming_id, const char* card_id, float height) {
  const float s = v.scale;
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::SetNextWindowFocus();
  ImGui::PushStyleColor(ImGuiCol_WindowBg, v.colour(Colour::Scrim));
  ImGui::Begin(dimming_id, nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
  ImGui::PopStyleColor();
  const ImVec2 size(std::min(io.DisplaySize.x - 80 * s, 900 * s), height * s);
  ImGui::SetCursorPos(ImVec2((io.DisplaySize.x - size.x) / 2, (io.DisplaySize.y - size.y) / 2));
  ImGui::PushStyleColor(ImGuiCol_ChildBg, v.colour(Colour::Surface));  // windows are see-through elsewhere
  ImGui::BeginChild(card_id, size, false, ImGuiWindowFlags_AlwaysUseWindowPadding | ImGuiWindowFlags_NoScrollbar);
}

void end_dimmed_card() {
  ImGui::EndChild();
  ImGui::PopStyleColor();
  ImGui::End();
}

}  // namespace

void draw_cancel_question(const ViewContext& v) {
  const float s = v.scale;
  begin_dimmed_card(v, "cancel_dimming", "cancel_question", 480);
  section_title(v, v.T("cancel.title"));
  text_block(v.T("cancel.body"));
  const float w = ImGui::GetContentRegionAvail().x;
  // Keeping the form is the big, primary answer; throwing it away is the deliberate one.
  if (big_button(v, v.T("cancel.keep"), "cancel_keep", ImVec2(w, 110 * s), Emphasis::Primary)) v.journey.keep_going();
  if (big_button(v, v.T("cancel.confirm"), "cancel_confirm", ImVec2(w, 110 * s), Emphasis::Destructive)) {
    v.entry.clear();
    v.journey.cancel();
  }
  end_dimmed_card();
}

void draw_idle_warning(const ViewContext& v, int seconds_left) {
  const float s = v.scale;
  begin_dimmed_card(v, "idle_dimming", "idle", 520);
  section_title(v, v.T("idle.title"));
  text_block(replace_all(v.T("idle.body"), "{n}", std::to_string(seconds_left)));
  text_block(std::to_string(seconds_left), v.fonts.huge);
  // Any touch dismisses the warning (note_input); the button says so plainly.
  big_button(v, v.T("idle.continue"), "idle_continue", ImVec2(ImGui::GetContentRegionAvail().x, 110 * s),
             Emphasis::Primary);
  end_dimmed_card();
}

}  // namespace mc::ui
