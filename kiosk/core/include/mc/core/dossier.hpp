#pragma once
// A dossier (hồ sơ) as accepted at the kiosk: what the receipt prints, the queue stores and the
// sync sends. It keeps a snapshot of the procedure so a reprint shows what was received even after
// the catalog changes.
#include <string>
#include <vector>
#include <nlohmann/json_fwd.hpp>
#include "mc/core/catalog.hpp"
#include "mc/core/form.hpp"
#include "mc/core/identity.hpp"

namespace mc {

// TrangThaiHoSo, DOMAIN.md §2.
enum class DossierStatus : int {
  NewlyRegistered = 1, Accepted = 2, NotAccepted = 3, InProgress = 4, MoreDocumentsRequired = 5,
  PaymentRequired = 6, Withdrawn = 7, Stopped = 8, Processed = 9, ResultReturned = 10
};
bool is_valid_status(int code);
bool is_final(DossierStatus status);  // no further change expected: 3, 7, 8, 10
LocalizedText status_label(DossierStatus status);

struct Dossier {
  std::string code;          // 000.00.15.G12-260305-1007
  std::string lookup_code;   // short code printed for tracking (mã tra cứu)
  std::string kiosk_id;
  Procedure procedure;       // snapshot (form included)
  CitizenIdentity applicant;
  ChipCheck chip_check;  // set when the applicant was read from the ID card's chip
  std::string phone;
  std::string email;
  Answers answers;           // visible answers, NFC
  std::vector<DocumentRequirement> documents_received;
  int sets = 1;              // number of sets of documents (bộ hồ sơ)
  std::string result_delivery = "in_person";  // in_person | post
  std::string postal_address;                 // where the result is posted (result_delivery "post")
  LocalDateTime received_at;
  LocalDateTime due_at;
  DossierStatus status = DossierStatus::NewlyRegistered;
};

nlohmann::json dossier_to_json(const Dossier& dossier);
// Throws std::runtime_error with the reason on malformed input.
Dossier dossier_from_json(const nlohmann::json& json);

}  // namespace mc
