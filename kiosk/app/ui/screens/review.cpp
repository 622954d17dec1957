// Everything the citizen answered, step by step with an "edit" button each, then the declaration; the
// footer's main action submits.
#include <imgui.h>

#include "../widgets/widgets.hpp"
#include "citizen_screen.hpp"
#include "mc/core/text.hpp"

namespace mc::ui {
namespace {

class ReviewScreen : public CitizenScreen {
 public:
  Screen screen() const override { return Screen::Review; }
  Footer footer() const override { return {.next_key = "nav.submit"}; }

  void draw(const ViewContext& v) override {
    const Procedure* p = v.journey.procedure();
    if (!p) return;
    const float s = v.scale;
    section_title(v, v.T("review.title"));
    text_block(v.T("review.hint"));
    text_block(v.L(p->name), v.fonts.title);
    // The identity came from the ID card's chip: say what its verification found, as the receipt will.
    if (const ChipCheck& check = v.journey.chip_check(); check.read()) {
      const Colour colour = check.status == ChipVerification::Verified ? Colour::Ok
                            : check.status == ChipVerification::Failed ? Colour::Error
                                                                       : Colour::Warning;
      text_block(v, colour, v.T(std::string("chip.status.") + chip_verification_name(check.status)));
      v.hook("chip:mark");
    }
    const auto& answers = v.journey.answers();
    for (size_t g = 0; g < p->form.groups.size(); ++g) {
      const auto& group = p->form.groups[g];
      std::vector<const FieldSpec*> shown;
      for (const auto& f : group.fields)
        if (is_visible(p->form, f, answers)) shown.push_back(&f);
      if (shown.empty()) continue;
      ImGui::Separator();
      text_block(v, Colour::Accent, v.L(group.title), v.fonts.title);
      ImGui::SameLine(ImGui::GetContentRegionMax().x - 200 * s);
      ImGui::PushFont(v.fonts.small);
      if (ImGui::Button((v.T("review.edit") + "##edit" + group.id).c_str(), ImVec2(200 * s, 70 * s)) &&
          v.tap("edit:" + group.id, v.T("review.edit") + " " + v.L(group.title)))
        v.journey.edit_group(g);
      v.hook("edit:" + group.id);
      ImGui::PopFont();
      for (const FieldSpec* f : shown) {
        muted(v, v.L(f->label), v.fonts.small);
        const std::string value = shown_value(v, *f);
        text_block(value.empty() ? v.T("review.empty") : value);
      }
    }
    ImGui::Separator();
    if (const auto& message = v.journey.submit_message()) {
      text_block(v, Colour::Error, v.L(*message));
      v.hook("submit_message");
    }
    // The declaration once: a form with its own consent field (shown above with the answers) has made it.
    const bool form_declares = std::any_of(p->form.groups.begin(), p->form.groups.end(), [](const FieldGroup& g) {
      return std::any_of(g.fields.begin(), g.fields.end(),
                         [](const FieldSpec& f) { return f.type == FieldType::Consent; });
    });
    if (!form_declares) {
      text_block(v.T("review.declaration"));
      v.hook("review_declaration");
    }
  }

 private:
  // When the dossier will count from and be due, as the receipt will say: after office.intake_cutoff or on a
  // day off, from the next working day (said plainly, not only folded into the date).
  static void draw_due_preview(const ViewContext& v, const Procedure& procedure) {
    const auto& hours = v.services.config().office;
    const auto preview = v.services.calendar().preview_intake(LocalDateTime::from_unix(system_clock()()),
                                                              procedure.processing_days, hours);
    if (preview.next_working_day) {
      char cutoff[8];
      std::snprintf(cutoff, sizeof cutoff, "%02d:%02d", hours.cutoff_minutes / 60, hours.cutoff_minutes % 60);
      std::string text = v.T(preview.after_cutoff ? "review.after_cutoff" : "review.day_off");
      text = replace_all(replace_all(text, "{cutoff}", cutoff), "{date}", preview.counts_from.dmy());
      text_block(v, Colour::Warning, text);
      v.hook("review_counts_from");
    }
    muted(v, v.T("review.due"));
    text_block(preview.due_at.date.dmy() + " · " + time_text(preview.due_at));
    v.hook("review_due");
  }

  // Choices by their labels, consent as yes/no, everything else as typed.
  static std::string shown_value(const ViewContext& v, const FieldSpec& f) {
    std::string value = v.journey.answer_text(f);
    if (f.type == FieldType::SingleChoice || f.type == FieldType::MultipleChoice) {
      std::string labels;
      for (auto& chosen : split(value, ';'))
        for (const auto& o : f.options)
          if (o.value == chosen) labels += (labels.empty() ? "" : ", ") + v.L(o.label);
      return labels;
    }
    if (f.type == FieldType::Consent) return value == "true" ? v.T("review.yes") : v.T("review.no");
    return value;
  }
};

}  // namespace

std::unique_ptr<CitizenScreen> make_review_screen() {
  return std::make_unique<ReviewScreen>();
}

}  // namespace mc::ui
