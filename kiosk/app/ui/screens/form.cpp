// One step (field group) of the procedure's form: a progress bar, the group's title and its visible
// fields. Choices are large buttons whose labels wrap; text fields open the keyboard that suits them.
#include <algorithm>

#include <imgui.h>

#include "../widgets/widgets.hpp"
#include "citizen_screen.hpp"
#include "mc/core/text.hpp"

namespace mc::ui {
namespace {

KeyboardMode keyboard_for(const FieldSpec& field, KeyboardMode text_mode) {
  switch (field.type) {
    case FieldType::Integer:
    case FieldType::Decimal:
    case FieldType::Phone:
    case FieldType::IdNumber:
    case FieldType::Date:
      return KeyboardMode::Numeric;
    case FieldType::Email:
    case FieldType::VehiclePlate:
      return KeyboardMode::Plain;
    default:
      return text_mode;
  }
}

// Choice buttons: several per row while the longest label fits on one line, fewer when not; a label longer
// than a whole row wraps inside a taller button instead of being cut off.
void choice_buttons(const ViewContext& v, const FieldSpec& field) {
  const float s = v.scale;
  const auto& answers = v.journey.answers();
  const std::string answer = answers.count(field.id) ? answers.at(field.id) : "";
  std::vector<ChoiceOption> options = field.options;
  if (field.type == FieldType::Consent) options = {{"true", {v.T("form.consent_yes"), v.T("form.consent_yes")}}};
  const float avail = ImGui::GetContentRegionAvail().x;
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const ImVec2 pad = ImGui::GetStyle().FramePadding;
  int per_row = options.size() <= 2 ? int(options.size()) : (avail > 1200 * s ? 4 : 3);
  if (field.type == FieldType::Consent) per_row = 1;
  per_row = std::max(per_row, 1);
  float widest = 0;
  for (const auto& opt : options) widest = std::max(widest, ImGui::CalcTextSize(v.L(opt.label).c_str()).x);
  auto button_width = [&](int n) { return (avail - (n - 1) * spacing) / n; };
  while (per_row > 1 && widest + 2 * pad.x > button_width(per_row)) --per_row;
  const float bw = button_width(per_row);
  const float wrap = bw - 2 * pad.x;
  std::vector<float> row_height((options.size() + per_row - 1) / per_row, 100 * s);
  for (size_t i = 0; i < options.size(); ++i) {
    const float text_h = ImGui::CalcTextSize(v.L(options[i].label).c_str(), nullptr, false, wrap).y;
    row_height[i / per_row] = std::max(row_height[i / per_row], text_h + 2 * pad.y);
  }
  const std::vector<std::string> chosen = split(answer, ';');
  for (size_t i = 0; i < options.size(); ++i) {
    const auto& opt = options[i];
    const bool selected = field.type == FieldType::MultipleChoice
                              ? std::find(chosen.begin(), chosen.end(), opt.value) != chosen.end()
                              : answer == opt.value;
    if (i % per_row) ImGui::SameLine();
    const std::string text = v.L(opt.label);
    ScopedColours colours;
    if (selected) {
      colours.set(ImGuiCol_Button, v.palette, Colour::Selected)
          .set(ImGuiCol_ButtonHovered, v.palette, Colour::Selected)
          .set(ImGuiCol_Text, v.palette, Colour::InkOnSelected)
          .set(ImGuiCol_Border, v.palette, Colour::SelectedBorder);
      ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 4 * s);
    }
    const ImVec2 size(bw, row_height[i / per_row]);
    if (ImGui::Button(("##" + field.id + opt.value).c_str(), size) &&
        v.tap("choice:" + field.id + ":" + opt.value, v.L(field.label) + ": " + text)) {
      v.entry.clear();
      v.journey.toggle_choice(field, opt.value);
    }
    v.hook("choice:" + field.id + ":" + opt.value);
    // The label, centred, wrapped within the button (ImGui's own button label never wraps).
    const ImVec2 text_size = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap);
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 at(min.x + std::max(pad.x, (size.x - text_size.x) / 2), min.y + (size.y - text_size.y) / 2);
    ImGui::GetWindowDrawList()->AddText(ImGui::GetFont(), ImGui::GetFontSize(), at, ImGui::GetColorU32(ImGuiCol_Text),
                                        text.c_str(), nullptr, wrap);
    if (selected) ImGui::PopStyleVar();
  }
}

void field_widget(const ViewContext& v, const FieldSpec& field) {
  const std::string label = v.L(field.label) + (field.required ? " *" : "");
  const auto error = v.journey.field_error(field.id);
  switch (field.type) {
    case FieldType::SingleChoice:
    case FieldType::MultipleChoice:
    case FieldType::Consent:
      text_block(label);
      if (!field.help.vi.empty()) muted(v, v.L(field.help), v.fonts.small);
      choice_buttons(v, field);
      if (error) text_block(v, Colour::Error, v.L(*error));
      break;
    default: {
      const std::string help = v.L(field_help(field));
      text_field(v, label, EntryTarget::Answer, field.id, keyboard_for(field, v.entry.text_mode()), error, help);
    }
  }
  vertical_space(v, 8);
}

class FormScreen : public CitizenScreen {
 public:
  Screen screen() const override { return Screen::Form; }
  Footer footer() const override { return {.next_key = "nav.next"}; }

  void draw(const ViewContext& v) override {
    const FieldGroup* group = v.journey.current_group();
    if (!group) return;
    const float s = v.scale;
    // Step indicator: "Bước 2/4".
    const size_t total = v.journey.group_count();
    const std::string step =
        replace_all(replace_all(v.T("form.step"), "{n}", std::to_string(v.journey.group_index() + 1)), "{total}",
                    std::to_string(total));
    muted(v, v.L(v.journey.procedure()->name) + " · " + step, v.fonts.small);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + 10 * s), v.colour(Colour::Track), 5 * s);
    const float done = float(v.journey.group_index() + 1) / float(std::max<size_t>(1, total));
    dl->AddRectFilled(p, ImVec2(p.x + w * done, p.y + 10 * s), v.colour(Colour::Accent), 5 * s);
    ImGui::Dummy(ImVec2(w, 14 * s));
    section_title(v, v.L(group->title));
    vertical_space(v, 6);
    for (const FieldSpec* field : v.journey.visible_fields()) field_widget(v, *field);
  }
};

}  // namespace

std::unique_ptr<CitizenScreen> make_form_screen() {
  return std::make_unique<FormScreen>();
}

}  // namespace mc::ui
