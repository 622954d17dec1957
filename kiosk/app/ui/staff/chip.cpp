// The chip ID card at the counter (issue 16): the officer types the citizen's ID number (or the 6-digit
// CAN), or scans the card's QR code, puts the card on the reader, and sees what the chip holds with the
// face, to compare with the person, and whether the chip verified. Nothing of it is stored or logged; it
// goes when the officer clears it or leaves staff mode.
#include "mc/core/text.hpp"
#include "mc/idcard/errors.hpp"
#include "mc/idcard/face_image.hpp"
#include "staff_panel.hpp"

namespace mc::ui {
namespace {

class ChipPanel : public StaffPanel {
 public:
  StaffScreen screen() const override { return StaffScreen::IdCard; }

  void on_close(Textures* textures) override { release(textures); }

  void draw(const StaffViewContext& v) override {
    const float s = v.scale;
    if (!v.chip) {
      ImGui::TextWrapped("%s", v.T("staff.chip.disabled").c_str());
      return;
    }
    ImGui::TextWrapped("%s", v.T("staff.chip.hint").c_str());
    v.text_box(v.console.chip_number(), "staff.chip.input", ImGui::GetContentRegionAvail().x - 440 * s,
               KeyboardMode::Numeric);
    ImGui::SameLine();
    if (v.button(v.T("staff.chip.read"), "staff.chip.read", ImVec2(200 * s, 70 * s))) {
      if (!v.chip->start_for_staff(v.console.chip_number()))
        need_number_ = true;
      else
        need_number_ = false;
    }
    ImGui::SameLine();
    if (v.button(v.T("staff.chip.clear"), "staff.chip.clear", ImVec2(200 * s, 70 * s))) {
      v.chip->wipe();
      v.console.clear_chip_number();
      need_number_ = false;
    }
    if (need_number_) {
      coloured(v, Colour::Error, v.T("staff.chip.need_number"));
      v.rects.add_last_item("staff.chip.need_number");
    }

    const auto status = v.chip->status();
    using Phase = idcard::ChipReaderService::Phase;
    switch (status.phase) {
      case Phase::Idle:
        break;
      case Phase::WaitingForCard:
        coloured(v, Colour::Accent, v.T("identify.chip_waiting"));
        break;
      case Phase::Reading: {
        const int percent = static_cast<int>(status.progress.fraction * 100 + 0.5);
        ImGui::ProgressBar(static_cast<float>(status.progress.fraction), ImVec2(-1, 36 * s),
                           (std::to_string(percent) + "%").c_str());
        v.rects.add_last_item("staff.chip.progress");
        break;
      }
      case Phase::Failed:
        coloured(v, Colour::Error,
                 v.T(idcard::error_message_key(status.error.value_or(idcard::ChipErrorKind::Communication))));
        v.rects.add_last_item("staff.chip.error");
        break;
      case Phase::Done:
        break;
    }
    const auto result = status.phase == Phase::Done ? v.chip->last_result() : nullptr;
    if (result.get() != shown_) {
      release(v.textures);
      shown_ = result.get();
      if (result && result->face && v.textures) {
        try {
          const idcard::DecodedImage face = idcard::decode_face(*result->face);
          face_ = v.textures->upload_rgba(face.width, face.height, face.rgba.data());
          face_width_ = face.width;
          face_height_ = face.height;
        } catch (const idcard::ChipError&) {
          face_ = nullptr;  // an undecodable picture: the fields are still shown
        }
      }
    }
    if (result) draw_result(v, *result);
  }

 private:
  static void coloured(const StaffViewContext& v, Colour colour, const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, v.palette.u32(colour));
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
  }

  void draw_result(const StaffViewContext& v, const idcard::ChipReadResult& result) {
    const float s = v.scale;
    const auto& pa = result.passive_auth;
    const Colour colour = pa.status == idcard::PassiveAuthStatus::Verified      ? Colour::Ok
                          : pa.status == idcard::PassiveAuthStatus::CscaUnknown ? Colour::Warning
                                                                                : Colour::Error;
    coloured(v, colour, v.T(std::string("chip.status.") + idcard::passive_auth_status_name(pa.status)));
    v.rects.add_last_item("staff.chip.status");
    if (result.active_auth.status != idcard::ActiveAuthStatus::NotOffered)
      coloured(v, result.active_auth.status == idcard::ActiveAuthStatus::Verified ? Colour::Ok : Colour::Error,
               v.T(std::string("staff.chip.aa.") + idcard::active_auth_status_name(result.active_auth.status)));
    ImGui::Separator();
    // The face on the left, at most 360 px wide at design scale; the fields beside it.
    const float face_w = 360 * s;
    if (face_) {
      const float height = face_w * static_cast<float>(face_height_) / static_cast<float>(std::max(face_width_, 1));
      ImGui::Image(face_, ImVec2(face_w, height));
      v.rects.add_last_item("staff.chip.face");
    } else {
      ImGui::Dummy(ImVec2(face_w, 10 * s));
    }
    ImGui::SameLine();
    ImGui::BeginGroup();
    const idcard::ChipIdentity& who = result.identity;
    auto row = [&](const char* key, const std::string& value) {
      if (value.empty()) return;
      ImGui::PushStyleColor(ImGuiCol_Text, v.palette.u32(Colour::InkMuted));
      ImGui::TextUnformatted(v.T(std::string("staff.chip.field.") + key).c_str());
      ImGui::PopStyleColor();
      ImGui::TextWrapped("%s", value.c_str());
    };
    auto date = [](const std::optional<Date>& d) { return d ? d->dmy() : std::string(); };
    row("full_name", who.full_name);
    row("id_number", who.id_number);
    row("date_of_birth", date(who.date_of_birth));
    row("sex", sex_label_vi(who.sex));
    row("nationality", who.nationality);
    row("ethnicity", who.ethnicity);
    row("religion", who.religion);
    row("place_of_origin", who.place_of_origin);
    row("place_of_residence", who.place_of_residence);
    row("identifying_marks", who.identifying_marks);
    row("issue_date", date(who.issue_date));
    row("expiry_date", who.expiry_date ? date(who.expiry_date) : who.expiry_text);
    row("father_name", who.father_name);
    row("mother_name", who.mother_name);
    row("spouse_name", who.spouse_name);
    row("old_id_number", who.old_id_number);
    row("access", std::string(idcard::access_protocol_name(result.protocol)) + " (" + result.protocol_details + ")");
    ImGui::EndGroup();
  }

  void release(Textures* textures) {
    if (face_ && textures) textures->release(face_);
    face_ = nullptr;
    shown_ = nullptr;
  }

  const idcard::ChipReadResult* shown_ = nullptr;
  ImTextureID face_ = nullptr;
  int face_width_ = 0, face_height_ = 0;
  bool need_number_ = false;
};

}  // namespace

std::unique_ptr<StaffPanel> make_chip_panel() {
  return std::make_unique<ChipPanel>();
}

}  // namespace mc::ui
