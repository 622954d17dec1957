#include "mc/core/next_steps.hpp"

#include "mc/core/messages.hpp"

namespace mc {

std::string format_vnd(int64_t amount_vnd) {
  std::string digits = std::to_string(amount_vnd < 0 ? -amount_vnd : amount_vnd);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += '.';
    out += digits[i];
  }
  return amount_vnd < 0 ? "-" + out : out;
}

NextSteps next_steps(const Dossier& dossier, bool agency_has_payment_account) {
  NextSteps steps;
  // A kiosk takes no paper: what was not received as a file is still owed on paper.
  for (const auto& document : dossier.documents_received)
    if (document.medium == DocumentMedium::Paper) steps.paper_to_hand_in.push_back(document);
  const Procedure& procedure = dossier.procedure;
  steps.hand_in_place = procedure.hand_in.place.vi.empty() ? message("next.place.reception") : procedure.hand_in.place;
  steps.ticket_area = procedure.hand_in.ticket_area;
  steps.fee_vnd = procedure.total_fee_vnd();
  steps.fee_by_vietqr = steps.fee_vnd > 0 && agency_has_payment_account;
  steps.due_from_complete_documents = procedure.due_from == DueFrom::CompleteDocuments;
  return steps;
}

LocalizedText NextSteps::hand_in_line() const {
  if (paper_to_hand_in.empty()) return message("next.nothing_to_hand_in");
  return message("next.hand_in", {{"place", hand_in_place}});
}

std::vector<LocalizedText> NextSteps::document_lines() const {
  std::vector<LocalizedText> lines;
  for (const auto& document : paper_to_hand_in)
    lines.push_back(message("next.document", {{"name", document.name},
                                              {"copy", copy_type_label(document.copy_type)},
                                              {"count", std::to_string(document.count)}}));
  return lines;
}

LocalizedText NextSteps::fee_line() const {
  if (fee_vnd <= 0) return message("next.fee_none");
  return message(fee_by_vietqr ? "next.fee_vietqr" : "next.fee_counter", {{"amount", format_vnd(fee_vnd)}});
}

LocalizedText NextSteps::due_line() const {
  return due_from_complete_documents ? message("next.due_from_complete") : LocalizedText{};
}

}  // namespace mc
