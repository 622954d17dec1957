#pragma once
// THE submission path, used by `kioskctl submit` and the kiosk UI alike: validates the answers with the
// form engine, allocates the dossier code, computes the due date, builds the protocol record once and
// commits everything to the outbox. Only an accepted result may print a receipt.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>
#include "mc/core/calendar.hpp"
#include "mc/core/catalog.hpp"
#include "mc/core/config.hpp"
#include "mc/core/datetime.hpp"
#include "mc/core/dossier.hpp"
#include "mc/core/dossier_code.hpp"
#include "mc/core/form.hpp"
#include "mc/core/identity.hpp"
#include "mc/core/localized.hpp"
#include "mc/sync/attachment_store.hpp"
#include "mc/sync/outbox.hpp"

namespace mc::sync {

struct SubmitRequest {
  std::string procedure_code;
  CitizenIdentity applicant;
  std::string phone, email;  // empty: taken from the form's first phone / email answer, if any
  Answers answers;
  // in_person | post. Empty: the form's answer (its field with "record": "result_delivery"), in person for a
  // form without one. Given, it fills that answer only when the citizen left it empty: the form wins.
  std::string result_delivery;
  ChipCheck chip_check;  // the applicant was read from the ID card's chip (kept on the dossier and receipt)
  // Documents scanned at the kiosk (issue 14): each becomes one sealed PDF and is received as electronic.
  struct Attachment {
    std::string document_code;  // a document of the procedure, "TP2"
    int pages = 0;
    // The PDF, made once the dossier code is known (it goes into the PDF's metadata). May throw.
    std::function<std::vector<uint8_t>(const std::string& dossier_code)> make_pdf;
  };
  std::vector<Attachment> attachments;
};

struct SubmitResult {
  bool accepted = false;
  Dossier dossier;
  std::vector<ValidationError> errors;  // field_id "applicant.*" for the identity itself
  LocalizedText message;                // why it was not accepted (e.g. disk full), or a confirmation
};

class Intake {
 public:
  Intake(Outbox& outbox, const Catalog& catalog, const WorkingCalendar& calendar, const Config& config, Clock clock);
  SubmitResult submit(const SubmitRequest& request);
  // Where scanned documents are sealed; null: attachments are not kept (the documents stay owed on paper).
  void set_attachment_store(AttachmentStore* store) { attachments_ = store; }

 private:
  void seal_attachments(const SubmitRequest& request, Dossier& dossier);

  Outbox& outbox_;
  const Catalog& catalog_;
  const WorkingCalendar& calendar_;
  Config config_;
  Clock clock_;
  std::unique_ptr<DossierCodeAllocator> allocator_;
  AttachmentStore* attachments_ = nullptr;
};

}  // namespace mc::sync
