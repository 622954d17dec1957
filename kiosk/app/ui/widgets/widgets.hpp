#pragma once
// The kiosk's touch widgets, drawn with Dear ImGui in palette colours: buttons sized for a finger, text in
// the kiosk's fonts, cards, text fields over TextEntry, choice buttons with wrapping labels. Every
// tappable widget records its rectangle under a name for the test hooks.
#include <optional>
#include <string>

#include <imgui.h>

#include "../view_context.hpp"

namespace mc::ui {

// Destructive: an action that throws the citizen's work away ("Hủy"), in the error colour on a card, so it
// never looks like "Quay lại" beside it.
enum class Emphasis { Neutral, Primary, Destructive };

// A button of at least finger size. Primary: the screen's main action, in the accent colour.
bool big_button(const ViewContext& v, const std::string& label, const std::string& hook_name, ImVec2 size,
                Emphasis emphasis = Emphasis::Neutral);

// An ImGui button whose label shrinks to fit its width (large text, long English labels) instead of being
// cut; records the button and its label's extent under hook_name. `id` is the ImGui id ("label##name").
bool fitted_button(WidgetRects& rects, const std::string& label, const std::string& id, const std::string& hook_name,
                   ImVec2 size);

// The same, acting on the first tap even with voice guidance on (the voice switch itself).
bool big_button_now(const ViewContext& v, const std::string& label, const std::string& hook_name, ImVec2 size,
                    Emphasis emphasis = Emphasis::Neutral);

// Wrapped text in a font and colour (nullptr / the current text colour by default).
void text_block(const std::string& text, ImFont* font = nullptr);
void text_block(const ViewContext& v, Colour colour, const std::string& text, ImFont* font = nullptr);
void section_title(const ViewContext& v, const std::string& text);
void heading(const ViewContext& v, const std::string& text);  // accent-coloured title inside a screen
void muted(const ViewContext& v, const std::string& text, ImFont* font = nullptr);
void vertical_space(const ViewContext& v, float units);  // units at the 1080x1920 design scale

// A card's background between min and max: outlined, filled only when pressed or when the palette gives
// cards a colour of their own.
void card_background(const ViewContext& v, ImVec2 min, ImVec2 max, bool pressed = false);

// A card with a gold edge: a title and a body, the whole card named `hook_name`.
void info_card(const ViewContext& v, const std::string& title, const std::string& body, const std::string& hook_name);

// A labelled text field over the text entry; tapping it focuses it (and shows the keyboard).
void text_field(const ViewContext& v, const std::string& label, EntryTarget target, const std::string& field_id,
                KeyboardMode mode, const std::optional<LocalizedText>& error, const std::string& help = "");

// "{n}" and friends in translated strings.
std::string replace_all(std::string text, const std::string& from, const std::string& to);
std::string format_vnd(int64_t amount);         // 135000 -> "135.000 ₫"
std::string time_text(const LocalDateTime& t);  // "09:05"

}  // namespace mc::ui
