#pragma once
// Staff mode's office forms (issue 15): Mẫu 01 and Mẫu 05 of a dossier from the detail screen, Mẫu 06 of
// a day from the day's summary. Rendered from the queue (mc_documents) and printed on the office printer
// (printer.office_queue, through CUPS), or — with no office printer configured — saved as PDF under
// <data_dir>/forms. UI-free: the calls block while the job is followed, so add_office_form_hooks() runs
// them on the background worker and reports the job's state when it is known.
#include <memory>
#include <optional>
#include <string>

#include "mc/core/config.hpp"
#include "mc/core/datetime.hpp"
#include "mc/core/staff_console.hpp"
#include "mc/documents/forms.hpp"
#include "mc/documents/office_printer.hpp"
#include "mc/printing/wording.hpp"
#include "staff_hooks.hpp"

namespace mc::sync {
class Outbox;
}

namespace mc::app {

class OfficeForms {
 public:
  // outbox may be null (then every form says the dossier cannot be found). Messages are mc::message()
  // keys staff.forms.* (assets/i18n), in Vietnamese and English.
  OfficeForms(const Config& config, sync::Outbox* outbox, Clock clock = system_clock());

  // Blocking: render, then print and follow the job (up to printer.office_timeout_s) or save the PDF.
  StaffActionResult print_dossier_form(const std::string& code, OfficeForm form);
  StaffActionResult print_register(Date from, Date to);

  LocalizedText started_message(const std::string& form_key) const;
  bool ready() const { return wording_.has_value(); }
  const std::string& setup_error() const { return setup_error_; }

 private:
  struct Delivery {
    documents::FormKind kind;
    std::string code;  // dossier code; empty for the register
    Date from, to;     // the register's period
    documents::Paper paper = documents::Paper::A5;
    bool landscape = false;
  };
  StaffActionResult deliver(const Delivery& delivery, const documents::RenderedPdf& pdf, std::string audit);
  LocalizedText text(const std::string& key, const std::vector<std::pair<std::string, std::string>>& values) const;

  Config config_;
  sync::Outbox* outbox_;
  Clock clock_;
  std::optional<printing::ReceiptWording> wording_;
  std::string setup_error_;
};

// Adds the print_office_form and print_register actions to hooks. With `background` the work runs on
// the worker: the action answers `pending` at once and `complete` reports the outcome on the UI thread
// (audited there with the job's state). Without it the action runs on the caller's thread.
void add_office_form_hooks(StaffConsoleHooks& hooks, std::shared_ptr<OfficeForms> forms,
                           RunInBackground background = {}, CompleteAction complete = {});

}  // namespace mc::app
