// The dossier is recorded: first what the citizen still has to do (the kiosk took no paper and no fee:
// which originals to bring where, the fee with its VietQR, a queue ticket for that counter in one tap, the
// due-date rule), then its code with a QR, the procedure, the due date, and whether the receipt printed
// (calm either way: the dossier is in the queue whatever the printer does).
#include <algorithm>

#include <imgui.h>

#include "../widgets/qr_view.hpp"
#include "../widgets/widgets.hpp"
#include "citizen_screen.hpp"
#include "mc/core/next_steps.hpp"
#include "mc/printing/vietqr.hpp"

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
    draw_next_steps(v, *dossier);
    vertical_space(v, 10);
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
  void draw_next_steps(const ViewContext& v, const Dossier& dossier) {
    const float s = v.scale;
    const auto& printer = v.services.config().printer;
    const NextSteps steps = next_steps(dossier, !printer.bank_bin.empty() && !printer.bank_account.empty());
    vertical_space(v, 10);
    heading(v, v.T("next.title"));
    v.hook("next_steps");
    text_block(v.L(steps.hand_in_line()));
    v.hook("next_hand_in");
    for (const auto& line : steps.document_lines()) text_block("• " + v.L(line));
    vertical_space(v, 6);
    text_block(v.L(steps.fee_line()));
    v.hook("next_fee");
    if (steps.fee_by_vietqr) {
      std::string payload;
      try {
        payload = printing::vietqr_payload(printer.bank_bin, printer.bank_account, steps.fee_vnd, dossier.code);
      } catch (const std::invalid_argument&) {
        // A misconfigured account shows no code; the fee line still says to pay at the counter too.
      }
      if (!payload.empty())
        pay_qr_.draw(v, payload, std::min(300 * s, ImGui::GetContentRegionAvail().x * 0.4f), "next_vietqr");
    }
    if (const auto due = steps.due_line(); !due.vi.empty()) {
      vertical_space(v, 6);
      text_block(v, Colour::Warning, v.L(due));
      v.hook("next_due_rule");
    }
    vertical_space(v, 6);
    draw_ticket_offer(v);
  }

  // One tap for the counter's queue number; its answer replaces the button.
  void draw_ticket_offer(const ViewContext& v) {
    const float s = v.scale;
    Journey& journey = v.journey;
    if (journey.hand_in_ticket_offered()) {
      if (big_button(v, v.T("next.ticket_offer"), "next_ticket", ImVec2(ImGui::GetContentRegionAvail().x, 110 * s),
                     Emphasis::Primary))
        journey.take_hand_in_ticket();
      return;
    }
    if (journey.ticket_pending()) {
      text_block(v.T("next.ticket_taking"));
    } else if (const auto& ticket = journey.ticket()) {
      text_block(v, Colour::Ok, replace_all(v.T("next.ticket_taken"), "{number}", ticket->label), v.fonts.title);
      v.hook("next_ticket_number");
      if (const auto& closed = journey.ticket_hours_notice()) text_block(v, Colour::Warning, v.L(*closed));
      if (journey.ticket_print_state() == PrintState::Printed)
        text_block(v.T("next.ticket_printed"));
      else if (journey.ticket_print_state() == PrintState::Failed)
        text_block(v, Colour::Warning, replace_all(v.T("next.ticket_not_printed"), "{number}", ticket->label));
    } else if (const auto& error = journey.ticket_error()) {
      text_block(v, Colour::Warning, v.L(*error));
    }
  }

  QrView qr_;
  QrView pay_qr_;
};

}  // namespace

std::unique_ptr<CitizenScreen> make_receipt_screen() {
  return std::make_unique<ReceiptScreen>();
}

}  // namespace mc::ui
