#include "mc/sync/intake.hpp"

#include <algorithm>
#include "mc/core/log.hpp"
#include "mc/core/messages.hpp"
#include "mc/core/text.hpp"
#include "mc/sync/record.hpp"

namespace mc::sync {

namespace {

ValidationError applicant_error(std::string field, ValidationCode code, LocalizedText text) {
  return ValidationError{std::move(field), code, std::move(text)};
}

bool is_digits(std::string_view text, size_t count) {
  return text.size() == count && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Checks a contact value with the form engine's own rules, through a one-field spec.
std::optional<ValidationError> check_contact(FieldType type, const std::string& id, const std::string& value,
                                             LocalizedText label, Date today) {
  FieldSpec spec;
  spec.id = id;
  spec.type = type;
  spec.label = std::move(label);
  return validate_field(spec, Answers{{id, value}}, today);
}

bool has_prefill_field(const FormSpec& form, PrefillSource source) {
  for (const auto& group : form.groups)
    for (const auto& field : group.fields)
      if (field.prefill == source) return true;
  return false;
}

// Identity fields nobody scanned, taken from the answers typed into the form's prefill fields.
CitizenIdentity identity_with_typed_answers(const FormSpec& form, CitizenIdentity identity, const Answers& answers) {
  for (const auto& group : form.groups)
    for (const auto& field : group.fields) {
      auto it = answers.find(field.id);
      if (it == answers.end() || trim(it->second).empty()) continue;
      const std::string value = trim(it->second);
      switch (field.prefill) {
        case PrefillSource::FullName:
          if (identity.full_name.empty()) identity.full_name = value;
          break;
        case PrefillSource::IdNumber:
          if (identity.id_number.empty()) identity.id_number = value;
          break;
        case PrefillSource::OldIdNumber:
          if (identity.old_id_number.empty()) identity.old_id_number = value;
          break;
        case PrefillSource::DateOfBirth:
          if (!identity.date_of_birth) identity.date_of_birth = Date::parse_iso(value);
          break;
        case PrefillSource::Sex:
          if (identity.sex == Sex::Unknown) identity.sex = parse_sex(value).value_or(Sex::Unknown);
          break;
        case PrefillSource::Address:
          if (identity.address.empty()) identity.address = value;
          break;
        case PrefillSource::None:
          break;
      }
    }
  return identity;
}

std::string record_answer(const FormSpec& form, const Answers& visible, RecordSlot slot) {
  const FieldSpec* field = form.find(slot);
  if (!field) return {};
  auto it = visible.find(field->id);
  return it == visible.end() ? std::string() : it->second;
}

std::string first_answer_of_type(const FormSpec& form, const Answers& answers, FieldType type) {
  for (const auto& group : form.groups)
    for (const auto& field : group.fields)
      if (field.type == type) {
        auto it = answers.find(field.id);
        if (it != answers.end() && !it->second.empty()) return it->second;
      }
  return {};
}

}  // namespace

Intake::Intake(Outbox& outbox, const Catalog& catalog, const WorkingCalendar& calendar, const Config& config,
               Clock clock)
    : outbox_(outbox), catalog_(catalog), calendar_(calendar), config_(config), clock_(std::move(clock)) {
  auto guard = outbox_.lock();
  allocator_ = std::make_unique<DossierCodeAllocator>(outbox_.database(), config_.agency.code, config_.kiosk.slot);
}

void Intake::seal_attachments(const SubmitRequest& request, Dossier& dossier) {
  if (!attachments_) return;
  for (const auto& attachment : request.attachments) {
    auto document = std::find_if(dossier.documents_received.begin(), dossier.documents_received.end(),
                                 [&](const DocumentRequirement& d) { return d.code == attachment.document_code; });
    if (document == dossier.documents_received.end() || !attachment.make_pdf || attachment.pages < 1) continue;
    try {
      attachments_->seal(dossier.code, document->code, attachment.make_pdf(dossier.code));
      document->medium = DocumentMedium::Electronic;
      document->pages = attachment.pages;
    } catch (const std::exception& error) {
      // No room, or the file system failed: the dossier is still taken, this document owed on paper.
      log_warn("intake", "document " + document->code + " of " + dossier.code + " kept on paper: " + error.what());
    }
  }
}

SubmitResult Intake::submit(const SubmitRequest& request) {
  SubmitResult result;
  const Procedure* procedure = catalog_.find(request.procedure_code);
  if (!procedure) {
    result.message = message("intake.error.unknown_procedure", {{"code", request.procedure_code}});
    return result;
  }
  const int64_t now_unix = clock_();
  const LocalDateTime now = LocalDateTime::from_unix(now_unix);

  CitizenIdentity applicant = identity_with_typed_answers(procedure->form, request.applicant, request.answers);
  applicant.full_name = trim(to_nfc(applicant.full_name));
  applicant.address = trim(to_nfc(applicant.address));

  Answers answers = prefill_from_identity(procedure->form, applicant, request.answers);
  const FieldSpec* delivery_field = procedure->form.find(RecordSlot::ResultDelivery);
  if (delivery_field && !request.result_delivery.empty() && trim(answers[delivery_field->id]).empty())
    answers[delivery_field->id] = request.result_delivery;
  for (auto& error : validate_form(procedure->form, answers, now.date)) result.errors.push_back(std::move(error));
  // The identity is checked on its own only where the form has no field for it (else the form said it already).
  if (applicant.full_name.empty() && !has_prefill_field(procedure->form, PrefillSource::FullName))
    result.errors.push_back(applicant_error("applicant.full_name", ValidationCode::Required,
                                            message("intake.error.full_name")));
  if (!is_digits(applicant.id_number, 12) && !has_prefill_field(procedure->form, PrefillSource::IdNumber))
    result.errors.push_back(applicant_error("applicant.id_number", ValidationCode::BadIdNumber,
                                            message("intake.error.id_number")));
  Answers visible = visible_answers(procedure->form, answers);

  std::string phone =
      request.phone.empty() ? first_answer_of_type(procedure->form, visible, FieldType::Phone) : request.phone;
  std::string email =
      request.email.empty() ? first_answer_of_type(procedure->form, visible, FieldType::Email) : request.email;
  if (!phone.empty()) {
    if (auto error =
            check_contact(FieldType::Phone, "applicant.phone", phone, message("intake.label.phone"), now.date))
      result.errors.push_back(*error);
    else
      phone = normalize_phone(phone);
  }
  if (!email.empty()) {
    email = trim(email);
    if (auto error = check_contact(FieldType::Email, "applicant.email", email, message("intake.label.email"), now.date))
      result.errors.push_back(*error);
  }
  // Every answer with a place of its own in the dossier goes there from the form, never from a default.
  std::string result_delivery = request.result_delivery.empty() ? "in_person" : request.result_delivery;
  if (delivery_field) result_delivery = record_answer(procedure->form, visible, RecordSlot::ResultDelivery);
  const std::string postal_address = record_answer(procedure->form, visible, RecordSlot::PostalAddress);
  if (result_delivery != "in_person" && result_delivery != "post")
    result.errors.push_back(
        applicant_error("result_delivery", ValidationCode::NotAnOption, message("intake.error.result_delivery")));
  if (!result.errors.empty()) {
    result.message = message("intake.error.incomplete");
    return result;
  }

  Dossier& dossier = result.dossier;
  dossier.kiosk_id = config_.kiosk.id;
  dossier.procedure = *procedure;
  dossier.applicant = applicant;
  // The chip vouches only for what it said: answers that changed the ID number, name or birth date drop the mark.
  if (request.chip_check.read() && (applicant.id_number != request.applicant.id_number ||
                                    applicant.full_name != trim(to_nfc(request.applicant.full_name)) ||
                                    applicant.date_of_birth != request.applicant.date_of_birth)) {
    log_info("intake", "identity edited after the chip read: the dossier is not marked as chip-verified");
  } else {
    dossier.chip_check = request.chip_check;
  }
  dossier.phone = phone;
  dossier.email = email;
  dossier.answers = visible;
  dossier.documents_received = procedure->documents;
  dossier.sets = 1;
  dossier.result_delivery = result_delivery;
  if (result_delivery == "post") dossier.postal_address = postal_address;
  dossier.received_at = now;
  dossier.due_at = calendar_.due_at(now, procedure->processing_days, config_.office);
  dossier.status = DossierStatus::NewlyRegistered;

  try {
    auto guard = outbox_.lock();
    dossier.code = allocator_->allocate(now);
    dossier.lookup_code = new_lookup_code();
    seal_attachments(request, dossier);
    try {
      outbox_.enqueue(dossier, build_record_text(dossier, config_), now_unix);
    } catch (...) {
      if (attachments_) attachments_->remove_dossier(dossier.code);  // nothing of an intake that did not commit
      throw;
    }
  } catch (const DbError& error) {
    log_error("intake", std::string("dossier not stored: ") + error.what());
    result.dossier.code.clear();
    if (error.is_disk_full()) {
      result.message = message("intake.error.disk_full");
    } else {
      result.message = message("intake.error.storage");
    }
    return result;
  } catch (const OutboxRecordError& error) {
    // A catalog entry the loader should have refused: nothing stored, the citizen is told to see staff.
    log_error("intake", std::string("dossier not stored: ") + error.what());
    result.dossier.code.clear();
    result.message = message("intake.error.procedure_data");
    return result;
  } catch (const DossierCodeExhausted&) {
    log_error("intake", "dossier codes of the day are exhausted");
    result.dossier.code.clear();
    result.message = message("intake.error.codes_exhausted");
    return result;
  }
  result.accepted = true;
  log_info("intake", "accepted " + dossier.code + " (" + procedure->code + ")");
  result.message = message("intake.accepted", {{"code", dossier.code}});
  return result;
}

}  // namespace mc::sync
