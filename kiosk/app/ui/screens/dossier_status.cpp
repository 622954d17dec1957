// A dossier looked up by its receipt QR: what this kiosk holds at once, the one-stop system's answer
// when it comes. With kiosk.status_lookup = "lookup_code" nothing of it shows before the receipt's mã tra cứu
// is given (in the QR, or typed here).
#include <imgui.h>

#include "../widgets/widgets.hpp"
#include "citizen_screen.hpp"

namespace mc::ui {
namespace {

class DossierStatusScreen : public CitizenScreen {
 public:
  Screen screen() const override { return Screen::DossierStatus; }
  Footer footer() const override { return {.cancel = false, .next_key = "nav.home"}; }
  Footer footer_for(const Journey& journey) const override {
    switch (journey.status_gate()) {
      case StatusGate::AskCode:
        return {.cancel = false, .next_key = "status.code_submit"};
      case StatusGate::Checking:
        return {.cancel = false};
      case StatusGate::Open:
        break;
    }
    return footer();
  }

  void draw(const ViewContext& v) override {
    const auto& view = v.journey.status_view();
    section_title(v, v.T("status.title"));
    muted(v, v.T("receipt.code"));
    text_block(view.code, v.fonts.title);
    if (v.journey.status_gate() != StatusGate::Open) return draw_gate(v);
    if (!view.found && !view.checking_server) text_block(v.T("status.not_found"));
    if (view.found) {
      if (!view.procedure_name.vi.empty()) text_block(v.L(view.procedure_name));
      if (view.status) {
        muted(v, v.T("status.status"));
        text_block(v.L(status_label(*view.status)), v.fonts.title);
        v.hook("status_value");
      }
      if (view.received_at) text_block(v.T("status.received") + " " + view.received_at->date.dmy());
      if (view.due_at) text_block(v.T("status.due") + " " + view.due_at->date.dmy());
      // Issue 20: the steps the one-stop server reports, oldest first, in its own (Vietnamese) words.
      if (!view.steps.empty()) {
        muted(v, v.T("status.steps"));
        for (const auto& step : view.steps)
          text_block((step.at ? step.at->dmy_hm() + "  " : std::string()) + step.what +
                     (step.unit.empty() ? std::string() : " (" + step.unit + ")"));
        v.hook("status_steps");
      }
    }
    if (view.checking_server) muted(v, v.T("status.checking"));
    if (!view.server_note.vi.empty()) muted(v, v.L(view.server_note));
  }

 private:
  // The lookup code asked for: nothing about the dossier (not even whether it exists) until it is right.
  void draw_gate(const ViewContext& v) {
    vertical_space(v, 16);
    text_block(v.T("status.code_prompt"));
    v.hook("status_code_prompt");
    if (v.journey.status_gate() == StatusGate::Checking) {
      muted(v, v.T("status.checking"));
      return;
    }
    // Letters and digits as printed: the plain keyboard (Telex would turn "aa" into "â").
    text_field(v, v.T("status.code_label"), EntryTarget::StatusCode, "", KeyboardMode::Plain,
               v.journey.status_code_message(), v.T("status.code_help"));
  }
};

}  // namespace

std::unique_ptr<CitizenScreen> make_dossier_status_screen() {
  return std::make_unique<DossierStatusScreen>();
}

}  // namespace mc::ui
