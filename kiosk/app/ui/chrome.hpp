#pragma once
// What surrounds every citizen screen: the header (agency, title, language, contrast and text size, the
// offline banner and notices), the footer (back, cancel, the screen's main action) and the idle warning.
#include "mc/core/journey.hpp"
#include "screens/citizen_screen.hpp"
#include "view_context.hpp"

namespace mc::ui {

constexpr float kHeaderHeight = 150;  // at the 1080x1920 design scale
constexpr float kFooterHeight = 150;

// The display choices the citizen made on the header this frame.
struct HeaderChoice {
  bool switch_language = false;
  bool toggle_contrast = false;
  bool text_bigger = false;
  bool text_smaller = false;
  bool toggle_voice = false;  // "Nghe / Listen": voice guidance on or off
};

HeaderChoice draw_header(const ViewContext& v, const app::OnlineState& online);
void draw_footer(const ViewContext& v, const Footer& footer);
void draw_idle_warning(const ViewContext& v, int seconds_left);
// "Hủy hồ sơ đang khai? Mọi thông tin sẽ bị xóa": keep going (primary) or throw the form away.
void draw_cancel_question(const ViewContext& v);

}  // namespace mc::ui
