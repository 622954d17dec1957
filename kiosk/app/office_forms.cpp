#include "office_forms.hpp"

#include <filesystem>
#include <fstream>
#include <utility>

#include "mc/core/log.hpp"
#include "mc/core/messages.hpp"
#include "mc/sync/outbox.hpp"

namespace mc::app {

using namespace mc::documents;

namespace {

const char* form_key(FormKind kind) {
  switch (kind) {
    case FormKind::Receipt01:
      return "staff.forms.form01";
    case FormKind::ControlSlip05:
      return "staff.forms.form05";
    case FormKind::Register06:
      return "staff.forms.form06";
  }
  return "staff.forms.form01";
}

FormKind kind_of(OfficeForm form) {
  return form == OfficeForm::ControlSlip05 ? FormKind::ControlSlip05 : FormKind::Receipt01;
}

std::string replace_all(std::string text, const std::string& what, const std::string& with) {
  size_t pos = 0;
  while ((pos = text.find(what, pos)) != std::string::npos) {
    text.replace(pos, what.size(), with);
    pos += with.size();
  }
  return text;
}

// The message key for what became of a job.
const char* outcome_key(OfficeJobState state) {
  switch (state) {
    case OfficeJobState::Completed:
      return "staff.forms.completed";
    case OfficeJobState::Waiting:
      return "staff.forms.waiting";
    case OfficeJobState::Stopped:
      return "staff.forms.stopped";
    case OfficeJobState::Offline:
      return "staff.forms.offline";
    case OfficeJobState::Refused:
      return "staff.forms.refused";
    case OfficeJobState::Failed:
      return "staff.forms.failed";
    case OfficeJobState::Unreachable:
      return "staff.forms.unreachable";
    case OfficeJobState::NotConfigured:
      return "staff.forms.unavailable";
  }
  return "staff.forms.failed";
}

FormDossier form_dossier(const sync::OutboxEntry& entry) {
  return {entry.dossier, entry.server_status.value_or(entry.dossier.status), entry.personal_data_purged,
          entry.purged_at_unix};
}

}  // namespace

OfficeForms::OfficeForms(const Config& config, sync::Outbox* outbox, Clock clock)
    : config_(config), outbox_(outbox), clock_(std::move(clock)) {
  std::vector<printing::WordingIssue> issues;
  wording_ = printing::ReceiptWording::load(config_.resolved_assets_dir(), config_.agency.code, issues);
  if (!wording_) {
    setup_error_ = "receipt wording has errors";
    for (const auto& issue : issues) setup_error_ += "; " + issue.source + " [" + issue.key + "]: " + issue.reason;
    log_error("forms", setup_error_);
  }
}

LocalizedText OfficeForms::text(const std::string& key,
                                const std::vector<std::pair<std::string, std::string>>& values) const {
  LocalizedText out = message(key);
  for (const auto& [name, value] : values) {
    out.vi = replace_all(out.vi, "{" + name + "}", value);
    out.en = replace_all(out.en, "{" + name + "}", value);
  }
  return out;
}

LocalizedText OfficeForms::started_message(const std::string& key) const {
  LocalizedText form = text(key, {});
  LocalizedText out = text("staff.forms.printing", {});
  out.vi = replace_all(out.vi, "{form}", form.vi);
  out.en = replace_all(out.en, "{form}", form.en);
  return out;
}

StaffActionResult OfficeForms::print_dossier_form(const std::string& code, OfficeForm form) {
  const FormKind kind = kind_of(form);
  if (!wording_) return {false, text("staff.forms.unavailable", {{"detail", setup_error_}}), false, "wording_error"};
  std::optional<sync::OutboxEntry> entry = outbox_ ? outbox_->find(code) : std::nullopt;
  if (!entry) return {false, text("staff.forms.not_found", {{"code", code}}), false, "not_found"};
  const FormDossier dossier = form_dossier(*entry);
  const FormContext context{config_, *wording_};
  Delivery delivery{kind, code, {}, {}, kind == FormKind::Receipt01 ? Paper::A5 : Paper::A4, false};
  const RenderedPdf pdf =
      kind == FormKind::Receipt01 ? render_form01(dossier, context) : render_form05(dossier, context);
  StaffActionResult result =
      deliver(delivery, pdf,
              std::string("paper=") + paper_name(delivery.paper) + (dossier.personal_data_purged ? " purged" : ""));
  if (dossier.personal_data_purged) {
    const LocalizedText note = text("staff.forms.purged", {});
    result.message.vi += note.vi;
    result.message.en += note.en;
  }
  return result;
}

StaffActionResult OfficeForms::print_register(Date from, Date to) {
  if (!wording_) return {false, text("staff.forms.unavailable", {{"detail", setup_error_}}), false, "wording_error"};
  if (to < from) std::swap(from, to);
  std::vector<FormDossier> dossiers;
  if (outbox_) {
    const int64_t start = LocalDateTime{from, 0, 0, 0}.to_unix();
    const int64_t end = LocalDateTime{to.plus_days(1), 0, 0, 0}.to_unix();
    for (const auto& entry : outbox_->list_accepted_between(start, end)) dossiers.push_back(form_dossier(entry));
  }
  const RenderedPdf pdf = render_form06(dossiers, from, to, {config_, *wording_}, LocalDateTime::from_unix(clock_()));
  return deliver({FormKind::Register06, "", from, to, Paper::A4, true}, pdf,
                 "dossiers=" + std::to_string(dossiers.size()));
}

StaffActionResult OfficeForms::deliver(const Delivery& delivery, const RenderedPdf& pdf, std::string audit) {
  const LocalizedText form = text(form_key(delivery.kind), {});
  auto with_form = [&](LocalizedText message) {
    message.vi = replace_all(message.vi, "{form}", form.vi);
    message.en = replace_all(message.en, "{form}", form.en);
    return message;
  };
  const std::string file_name = form_file_name(delivery.kind, delivery.code, delivery.from, delivery.to);

  if (config_.printer.office_queue.empty()) {
    // No office printer: the PDF is kept where staff (or the IT officer) can open and print it by hand.
    const std::string dir = config_.path_in_data("forms");
    const std::string path = dir + "/" + file_name;
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    std::ofstream out(path, std::ios::binary);
    out.write(pdf.bytes.data(), static_cast<std::streamsize>(pdf.bytes.size()));
    if (!out)
      return {false, with_form(text("staff.forms.save_failed", {{"file", path}})), false, audit + " save_failed"};
    return {true, with_form(text("staff.forms.saved", {{"file", path}})), false, audit + " saved"};
  }

  OfficePrinter printer(OfficePrinter::options_from(config_));
  const std::string title =
      std::string("Mau ") + form_number(delivery.kind) + " " +
      (delivery.kind == FormKind::Register06 ? delivery.from.iso() + " " + delivery.to.iso() : delivery.code);
  const OfficeJobOutcome outcome = printer.print({title, pdf.bytes, delivery.paper, delivery.landscape});
  log_info("forms", std::string("Mau ") + form_number(delivery.kind) + " " +
                        (delivery.code.empty() ? "register" : delivery.code) + " -> " + outcome.queue + ": " +
                        office_job_state_name(outcome.state) +
                        (outcome.job_id ? " (job " + std::to_string(outcome.job_id) + ")" : ""));
  const bool ok = outcome.state == OfficeJobState::Completed || outcome.state == OfficeJobState::Waiting;
  audit += std::string(" print=") + office_job_state_name(outcome.state);
  if (outcome.job_id) audit += " job=" + std::to_string(outcome.job_id);
  return {
      ok,
      with_form(text(outcome_key(outcome.state),
                     {{"queue", outcome.queue}, {"job", std::to_string(outcome.job_id)}, {"detail", outcome.detail}})),
      false, audit};
}

void add_office_form_hooks(StaffConsoleHooks& hooks, std::shared_ptr<OfficeForms> forms, RunInBackground background,
                           CompleteAction complete) {
  if (!forms) return;
  if (!background) {
    hooks.print_office_form = [forms](const std::string& code, OfficeForm form) {
      return forms->print_dossier_form(code, form);
    };
    hooks.print_register = [forms](Date from, Date to) { return forms->print_register(from, to); };
    return;
  }
  hooks.print_office_form = [forms, background, complete](const std::string& code, OfficeForm form) {
    background([forms, complete, code, form]() -> std::function<void()> {
      StaffActionResult outcome = forms->print_dossier_form(code, form);
      return [complete, code, form, outcome] {
        if (complete) complete(office_form_action(form), code, outcome);
      };
    });
    StaffActionResult started{true, forms->started_message(form_key(kind_of(form))), true, ""};
    return started;
  };
  hooks.print_register = [forms, background, complete](Date from, Date to) {
    background([forms, complete, from, to]() -> std::function<void()> {
      StaffActionResult outcome = forms->print_register(from, to);
      // The period stands where a dossier code would: the audit row says which days were printed.
      return [complete, outcome, period = from.iso() + ".." + to.iso()] {
        if (complete) complete("form_06", period, outcome);
      };
    });
    return StaffActionResult{true, forms->started_message(form_key(FormKind::Register06)), true, ""};
  };
}

}  // namespace mc::app
