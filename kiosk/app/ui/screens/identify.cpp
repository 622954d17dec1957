// Who is filing: scanning the ID card is the easy way and is said first; the fields can be typed too.
#include <imgui.h>

#include "../widgets/widgets.hpp"
#include "citizen_screen.hpp"
#include "mc/core/identity.hpp"
#include "mc/core/text.hpp"
#include "mc/idcard/errors.hpp"

namespace mc::ui {
namespace {

class IdentifyScreen : public CitizenScreen {
 public:
  Screen screen() const override { return Screen::Identify; }
  Footer footer() const override { return {.next_key = "nav.next"}; }
  void on_enter() override { need_id_number_ = false; }

  void draw(const ViewContext& v) override {
    const float s = v.scale;
    section_title(v, v.T("identify.title"));
    scan_hint(v);
    chip_card(v);
    if (v.journey.identity_from_card()) text_block(v, Colour::Ok, v.T("identify.from_card"));
    muted(v, v.T("identify.or_type"));
    const auto& errors = v.journey.identify_errors();
    auto err = [&](const char* key) -> std::optional<LocalizedText> {
      auto it = errors.find(key);
      if (it == errors.end()) return std::nullopt;
      return it->second;
    };
    text_field(v, v.T("identify.id_number"), EntryTarget::IdNumber, "", KeyboardMode::Numeric, err("id_number"));
    text_field(v, v.T("identify.full_name"), EntryTarget::FullName, "", v.entry.text_mode(), err("full_name"));
    text_field(v, v.T("identify.date_of_birth"), EntryTarget::DateOfBirth, "", KeyboardMode::Numeric,
               err("date_of_birth"), v.T("form.date_hint"));
    text_block(v.T("identify.sex"));
    const float bw = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
    const Sex sexes[2] = {Sex::Male, Sex::Female};
    const char* keys[2] = {"identify.male", "identify.female"};
    const char* hooks[2] = {"choice:identify.sex:male", "choice:identify.sex:female"};
    for (int i = 0; i < 2; ++i) {
      if (i) ImGui::SameLine();
      const std::string value = sex_label_vi(sexes[i]);  // the journey keeps the sex as the card writes it
      const bool selected = v.journey.identify_fields().sex == value;
      ScopedColours colours;
      if (selected) {
        colours.set(ImGuiCol_Button, v.palette, Colour::Selected)
            .set(ImGuiCol_ButtonHovered, v.palette, Colour::Selected)
            .set(ImGuiCol_Text, v.palette, Colour::InkOnSelected);
      }
      if (ImGui::Button((v.T(keys[i]) + "##sex" + std::to_string(i)).c_str(), ImVec2(bw, 100 * s)) &&
          v.tap(hooks[i], v.T(keys[i]))) {
        v.entry.clear();
        IdentifyFields fields = v.journey.identify_fields();
        fields.sex = selected ? "" : value;
        v.journey.set_identify_fields(std::move(fields));
      }
      v.hook(hooks[i]);
    }
    text_field(v, v.T("identify.address"), EntryTarget::Address, "", v.entry.text_mode(), err("address"));
    muted(v, v.T("identify.privacy"), v.fonts.small);
  }

 private:
  // Reading the chip (issue 16), beside the QR code: shown when a card reader is plugged in. The CAN that
  // opens the chip is the last 6 digits of the ID number, so the ID number comes first (typed or scanned).
  void chip_card(const ViewContext& v) {
    app::ChipReading* chip = v.services.chip();
    if (!chip || !chip->available()) return;
    const float s = v.scale;
    const auto status = chip->status();
    using Phase = idcard::ChipReaderService::Phase;
    heading(v, v.T("identify.chip_title"));
    const float width = ImGui::GetContentRegionAvail().x;
    switch (status.phase) {
      case Phase::Idle:
        text_block(v.T("identify.chip_hint"));
        if (need_id_number_) text_block(v, Colour::Error, v.T("identify.chip_need_id"));
        if (big_button(v, v.T("identify.chip_button"), "chip:read", ImVec2(width, 110 * s), Emphasis::Primary))
          start(v, *chip);
        break;
      case Phase::WaitingForCard:
        text_block(v, Colour::Accent, v.T("identify.chip_waiting"), v.fonts.title);
        if (big_button(v, v.T("identify.chip_cancel"), "chip:cancel", ImVec2(width / 2, 90 * s))) chip->cancel();
        break;
      case Phase::Reading: {
        text_block(v, Colour::Accent, v.T("identify.chip_reading"), v.fonts.title);
        ScopedColours colours;
        colours.set(ImGuiCol_PlotHistogram, v.palette, Colour::Accent)
            .set(ImGuiCol_FrameBg, v.palette, Colour::Field)
            .set(ImGuiCol_Text, v.palette, Colour::Ink);
        const int percent = static_cast<int>(status.progress.fraction * 100 + 0.5);
        ImGui::ProgressBar(static_cast<float>(status.progress.fraction), ImVec2(width, 40 * s),
                           (std::to_string(percent) + "%").c_str());
        v.hook("chip:progress");
        muted(v, v.T(std::string("identify.chip_stage.") + idcard::read_stage_name(status.progress.stage)),
              v.fonts.small);
        break;
      }
      case Phase::Done: {
        const ChipCheck& check = v.journey.chip_check();
        if (!check.read()) {
          text_block(v, Colour::Warning, v.T("identify.chip_edited"));
        } else {
          const Colour colour = check.status == ChipVerification::Verified  ? Colour::Ok
                                : check.status == ChipVerification::Failed ? Colour::Error
                                                                            : Colour::Warning;
          text_block(v, colour, v.T(std::string("chip.status.") + chip_verification_name(check.status)), v.fonts.title);
          v.hook("chip:mark");
        }
        if (big_button(v, v.T("identify.chip_again"), "chip:read", ImVec2(width / 2, 90 * s))) start(v, *chip);
        break;
      }
      case Phase::Failed:
        text_block(v, Colour::Error, v.T(idcard::error_message_key(status.error.value_or(idcard::ChipErrorKind::Communication))));
        v.hook("chip:error");
        if (big_button(v, v.T("identify.chip_retry"), "chip:read", ImVec2(width / 2, 90 * s))) start(v, *chip);
        break;
    }
    vertical_space(v, 20);
  }

  void start(const ViewContext& v, app::ChipReading& chip) {
    v.entry.clear();
    need_id_number_ = !chip.start_with_id_number(trim(v.journey.identify_fields().id_number));
  }

  bool need_id_number_ = false;

  // A picture-like card: a small drawing of an ID card with its QR corner, and what to do with it.
  static void scan_hint(const ViewContext& v) {
    const float s = v.scale;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x;
    const float h = 200 * s;
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), v.colour(Colour::HintCard), 16 * s);
    const ImVec2 c0(p.x + 30 * s, p.y + 40 * s), c1(p.x + 210 * s, p.y + 160 * s);
    dl->AddRectFilled(c0, c1, v.colour(Colour::CardArt), 10 * s);
    dl->AddRect(c0, c1, v.colour(Colour::CardArtOutline), 10 * s, 0, 3 * s);
    dl->AddRectFilled(ImVec2(c1.x - 70 * s, c0.y + 15 * s), ImVec2(c1.x - 15 * s, c0.y + 70 * s),
                      v.colour(Colour::CardArtCode));
    ImGui::SetCursorScreenPos(ImVec2(p.x + 240 * s, p.y + 30 * s));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w - 280 * s);
    ImGui::PushFont(v.fonts.title);
    ImGui::TextUnformatted(v.T("identify.scan").c_str());
    ImGui::PopFont();
    ImGui::TextUnformatted(v.T("identify.scan_hint").c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + h + 20 * s));
  }
};

}  // namespace

std::unique_ptr<CitizenScreen> make_identify_screen() {
  return std::make_unique<IdentifyScreen>();
}

}  // namespace mc::ui
