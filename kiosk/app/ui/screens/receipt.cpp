// The dossier is accepted: its code with a QR, the procedure, the due date, and whether the receipt
// printed (calm either way: the dossier is in the queue whatever the printer does).
#include <algorithm>

#include <imgui.h>

#include "../widgets/qr_view.hpp"
#include "../widgets/widgets.hpp"
#include "citizen_screen.hpp"

namespace mc::ui {
namespace {

class ReceiptScreen : public CitizenScreen {
 public:
  Screen screen() const override { return Screen::Receipt; }
  Footer footer() const override { return {.back = false, .cancel = false, .next_key = "nav.done"}; }

  void draw(const ViewContext& v) override {
    const auto& dossier = v.journey.dossier();
    if (!dossier) return;
    const float s = v.scale;
    text_block(v, Colour::Ok, v.T("receipt.title"), v.fonts.title);
    text_block(v.T("receipt.body"));
    muted(v, v.T("receipt.code"));
    text_block(dossier->code, v.fonts.title);
    v.hook("receipt_code");
    const float w = ImGui::GetContentRegionAvail().x;
    const float qr = std::min(360 * s, w * 0.4f);
    const ImVec2 start = ImGui::GetCursorPos();
    qr_.draw(v, dossier->code, qr, "receipt_qr");
    ImGui::SetCursorPos(ImVec2(start.x + qr + 40 * s, start.y));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w - qr - 60 * s);
    muted(v, v.T("receipt.procedure"));
    ImGui::TextUnformatted(v.L(dossier->procedure.name).c_str());
    muted(v, v.T("receipt.due"));
    ImGui::PushFont(v.fonts.title);
    ImGui::TextUnformatted((dossier->due_at.date.dmy() + " · " + time_text(dossier->due_at)).c_str());
    ImGui::PopFont();
    v.hook("receipt_due");
    if (!dossier->lookup_code.empty()) {
      muted(v, v.T("receipt.lookup_code"));
      ImGui::TextUnformatted(dossier->lookup_code.c_str());
    }
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    ImGui::SetCursorPosY(std::max(ImGui::GetCursorPosY(), start.y + qr + 20 * s));
    vertical_space(v, 10);
    switch (v.journey.print_state()) {
      case PrintState::Printing:
        text_block(v.T("receipt.printing"));
        break;
      case PrintState::Printed:
        text_block(v.T("receipt.printed"));
        break;
      case PrintState::Failed:
        text_block(v, Colour::Warning, v.T("receipt.print_failed"));
        if (!v.journey.print_message().vi.empty()) text_block(v, Colour::Warning, v.L(v.journey.print_message()));
        // Only while the citizen is clearly still there (Journey::reprint_available): after a pause the next
        // person must not get this citizen's receipt; staff reprint it at the counter.
        if (v.journey.reprint_available()) {
          if (big_button(v, v.T("receipt.reprint"), "reprint", ImVec2(420 * s, 110 * s))) v.journey.reprint();
        } else {
          text_block(v.T("receipt.reprint_at_counter"));
        }
        break;
      case PrintState::None:
        break;
    }
    v.hook("print_state");
  }

 private:
  QrView qr_;
};

}  // namespace

std::unique_ptr<CitizenScreen> make_receipt_screen() {
  return std::make_unique<ReceiptScreen>();
}

}  // namespace mc::ui
