#pragma once
// What a citizen still has to do after filing at the kiosk (issue 13, "an honest ending"). The kiosk takes
// no paper and no money: the receipt screen and the top of the paper receipt end with these steps, in plain
// words, from the dossier's own procedure snapshot (catalog "hand_in", "due_from", fees) and the agency's
// payment account.
#include <cstdint>
#include <string>
#include <vector>
#include "mc/core/catalog.hpp"
#include "mc/core/dossier.hpp"
#include "mc/core/localized.hpp"

namespace mc {

struct NextSteps {
  // The documents the kiosk did not receive (every one not handed in electronically): "cần nộp bản giấy".
  std::vector<DocumentRequirement> paper_to_hand_in;
  LocalizedText hand_in_place;  // the catalog's counter or area; else the reception counter in general
  std::string ticket_area;      // service area whose queue ticket may be offered; empty: none
  int64_t fee_vnd = 0;          // still to pay (the kiosk takes no money)
  bool fee_by_vietqr = false;   // the agency has an account: a VietQR code goes with the fee
  bool due_from_complete_documents = false;

  // Each step as one plain sentence, in order: where to take which papers, the fee, the due-date rule.
  // The screen and the paper show the same words (assets/i18n "next.*").
  LocalizedText hand_in_line() const;
  std::vector<LocalizedText> document_lines() const;
  LocalizedText fee_line() const;
  LocalizedText due_line() const;  // empty when the due date counts from the submission itself
};

NextSteps next_steps(const Dossier& dossier, bool agency_has_payment_account);

// "135.000" (Vietnamese thousands separator).
std::string format_vnd(int64_t amount_vnd);

}  // namespace mc
