#include "mc/core/journey.hpp"

#include <algorithm>
#include <cctype>

#include "mc/core/dossier_code.hpp"
#include "mc/core/messages.hpp"
#include "mc/core/text.hpp"

namespace mc {
namespace {

// Overwrites before clearing so a wiped citizen's text does not linger in freed heap memory.
void scrub(std::string& text) {
  std::fill(text.begin(), text.end(), '\0');
  text.clear();
  text.shrink_to_fit();
}

// "15/03/1999", "15-03-1999", "15031999" or "1999-03-15".
std::optional<Date> parse_user_date(std::string_view text) {
  std::string trimmed = trim(text);
  if (auto iso = Date::parse_iso(trimmed)) return iso;
  std::string digits;
  for (char c : trimmed) {
    if (std::isdigit(static_cast<unsigned char>(c)))
      digits += c;
    else if (c != '/' && c != '-' && c != '.' && c != ' ')
      return std::nullopt;
  }
  if (digits.size() != 8) return std::nullopt;
  return Date::parse_ddmmyyyy(digits);
}

JourneyCommand command(JourneyCommand::Kind kind, std::string dossier_code = "") {
  JourneyCommand out{};
  out.kind = kind;
  out.dossier_code = std::move(dossier_code);
  return out;
}

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

const char* screen_name(Screen screen) {
  switch (screen) {
    case Screen::Attract: return "attract";
    case Screen::ChooseProcedure: return "choose_procedure";
    case Screen::ProcedureInfo: return "procedure_info";
    case Screen::Identify: return "identify";
    case Screen::Form: return "form";
    case Screen::Review: return "review";
    case Screen::Receipt: return "receipt";
    case Screen::Rating: return "rating";
    case Screen::Thanks: return "thanks";
    case Screen::DossierStatus: return "dossier_status";
    case Screen::TakeNumber: return "take_number";
    case Screen::Ticket: return "ticket";
    case Screen::Capture: return "capture";
  }
  return "?";
}

void CitizenSession::scrub() {
  for (std::string* text : {&search_text, &identify.id_number, &identify.full_name, &identify.date_of_birth,
                            &identify.sex, &identify.address, &identity.id_number, &identity.old_id_number,
                            &identity.full_name, &identity.address, &chip_identity.id_number,
                            &chip_identity.old_id_number, &chip_identity.full_name, &chip_identity.address})
    mc::scrub(*text);
  for (auto& [field, value] : answers) mc::scrub(value);
  if (dossier) {
    for (std::string* text : {&dossier->applicant.full_name, &dossier->applicant.id_number,
                              &dossier->applicant.old_id_number, &dossier->applicant.address, &dossier->phone,
                              &dossier->email})
      mc::scrub(*text);
    for (auto& [field, value] : dossier->answers) mc::scrub(value);
  }
  for (auto& document : captured) document.scrub();
  for (std::string* text :
       {&status_code_text, &status_offered, &status_expected, &status_view.lookup_code, &status_held.lookup_code})
    mc::scrub(*text);
}

void destroy_citizen_session(CitizenSession* session) {
  session->scrub();
  session->~CitizenSession();
  // Short strings keep their characters inside the object itself: clear those bytes too (volatile, so the
  // compiler does not drop stores to memory about to be freed).
  volatile unsigned char* bytes = reinterpret_cast<volatile unsigned char*>(session);
  for (size_t i = 0; i < sizeof(CitizenSession); ++i) bytes[i] = 0;
}

void SessionDeleter::operator()(CitizenSession* session) const {
  if (!session) return;
  destroy_citizen_session(session);
  ::operator delete(static_cast<void*>(session));
}

SessionPtr new_citizen_session() {
  return SessionPtr(new (::operator new(sizeof(CitizenSession))) CitizenSession());
}

Journey::Journey(const Catalog& catalog, SubmitFn submit, LookupFn lookup, JourneyOptions options)
    : catalog_(catalog),
      submit_fn_(std::move(submit)),
      lookup_fn_(std::move(lookup)),
      options_(std::move(options)),
      search_(catalog),
      session_(new_citizen_session()) {
  if (!options_.clock) options_.clock = system_clock();
  refresh_visible();
}

Date Journey::today() const { return LocalDateTime::from_unix(options_.clock()).date; }

void Journey::go(Screen screen) {
  if (screen == Screen::Review) session_->editing_from_review = false;
  const bool filing_screen = screen == Screen::ChooseProcedure || screen == Screen::ProcedureInfo ||
                             screen == Screen::Identify || screen == Screen::Form || screen == Screen::Review ||
                             screen == Screen::Capture;
  if (!session_->filing && filing_screen) {
    session_->filing = true;
    if (options_.on_event) options_.on_event(JourneyEvent::Started, screen);
  }
  session_->screen = screen;
  session_->cancel_asked = false;
}

void Journey::set_notice(LocalizedText text) {
  session_->notice = std::move(text);
  session_->notice_until_ms = now_ms_ + int64_t(options_.notice_s) * 1000;
}

void Journey::set_service_areas(std::vector<ServiceArea> areas) {
  service_areas_ = std::move(areas);
  if (session_->screen == Screen::TakeNumber && service_areas_.empty()) wipe();
}

void Journey::start() {
  if (session_->screen == Screen::Attract) go(Screen::ChooseProcedure);
}

void Journey::choose_field(std::string field_code) {
  session_->field_code = std::move(field_code);
  refresh_visible();
}

void Journey::set_search_text(std::string text) {
  scrub(session_->search_text);
  session_->search_text = to_nfc(text);
  scrub(text);
  refresh_visible();
}

void Journey::set_identify_fields(IdentifyFields fields) {
  session_->identify = std::move(fields);
  session_->identify.id_number = to_nfc(session_->identify.id_number);
  session_->identify.full_name = to_nfc(session_->identify.full_name);
  session_->identify.date_of_birth = to_nfc(session_->identify.date_of_birth);
  session_->identify.address = to_nfc(session_->identify.address);
}

void Journey::refresh_visible() {
  auto& visible = session_->visible;
  visible.clear();
  const std::string& field = session_->field_code;
  auto in_field = [&field](const Procedure& p) { return field.empty() || p.field_code == field; };
  if (fold_for_search(session_->search_text).empty()) {
    for (const auto& p : catalog_.procedures())
      if (in_field(p)) visible.push_back(&p);
    return;
  }
  for (const SearchHit& hit : search_.search(session_->search_text, catalog_.procedures().size()))
    if (in_field(*hit.procedure)) visible.push_back(hit.procedure);
}
bool Journey::choose_procedure(std::string_view code) {
  const Procedure* p = catalog_.find(code);
  if (!p) return false;
  if (session_->procedure != p) {  // another procedure: the answers of the previous one do not apply
    for (auto& [k, v] : session_->answers) scrub(v);
    session_->answers.clear();
    session_->field_errors.clear();
  }
  session_->procedure = p;
  go(Screen::ProcedureInfo);
  return true;
}

bool Journey::validate_identify() {
  session_->identify_errors.clear();
  session_->identify.id_number = trim(session_->identify.id_number);
  session_->identify.full_name = to_nfc(trim(session_->identify.full_name));
  session_->identify.address = to_nfc(trim(session_->identify.address));
  if (!all_digits(session_->identify.id_number) || session_->identify.id_number.size() != 12)
    session_->identify_errors["id_number"] = message("identify.error.id_number");
  if (session_->identify.full_name.empty())
    session_->identify_errors["full_name"] = message("identify.error.full_name");
  auto dob = parse_user_date(session_->identify.date_of_birth);
  if (!dob)
    session_->identify_errors["date_of_birth"] = message("identify.error.date_of_birth");
  else if (*dob > today() || dob->year < 1900)
    session_->identify_errors["date_of_birth"] = message("identify.error.date_of_birth_future");
  std::optional<Sex> sex = Sex::Unknown;
  if (!trim(session_->identify.sex).empty()) {
    sex = parse_sex(session_->identify.sex);
    if (!sex) session_->identify_errors["sex"] = message("identify.error.sex");
  }
  if (!session_->identify_errors.empty()) return false;
  CitizenIdentity identity;
  if (session_->identity_from_card && session_->identity.id_number == session_->identify.id_number) identity = session_->identity;  // keeps old ID, issue date
  identity.id_number = session_->identify.id_number;
  identity.full_name = session_->identify.full_name;
  identity.date_of_birth = dob;
  identity.sex = *sex;
  identity.address = session_->identify.address;
  session_->identity = identity;
  session_->identify.date_of_birth = dob->dmy();
  // The chip vouches only for what it said: a changed ID number, name or birth date loses the mark.
  const CitizenIdentity& chip = session_->chip_identity;
  if (session_->chip_check.read() && (identity.id_number != chip.id_number || identity.full_name != chip.full_name ||
                                      identity.date_of_birth != chip.date_of_birth))
    session_->chip_check = {};
  return true;
}

size_t Journey::group_count() const { return session_->procedure ? session_->procedure->form.groups.size() : 0; }

const FieldGroup* Journey::current_group() const {
  if (!session_->procedure || session_->group >= session_->procedure->form.groups.size()) return nullptr;
  return &session_->procedure->form.groups[session_->group];
}

std::vector<const FieldSpec*> Journey::visible_fields() const {
  std::vector<const FieldSpec*> out;
  const FieldGroup* group = current_group();
  if (!group) return out;
  for (const auto& field : group->fields)
    if (is_visible(session_->procedure->form, field, session_->answers)) out.push_back(&field);
  return out;
}

void Journey::skip_hidden_groups(int direction) {
  // A group whose every field is hidden by show_if is not a step of its own.
  while (true) {
    const FieldGroup* group = current_group();
    if (!group) return;
    bool any = std::any_of(group->fields.begin(), group->fields.end(),
                           [&](const FieldSpec& f) { return is_visible(session_->procedure->form, f, session_->answers); });
    if (any) return;
    if (direction > 0) {
      ++session_->group;
    } else {
      if (session_->group == 0) return;
      --session_->group;
    }
  }
}

bool Journey::group_only_card_fields(size_t index) const {
  if (!session_->procedure || index >= group_count()) return false;
  const FormSpec& form = session_->procedure->form;
  bool any = false;
  for (const FieldSpec& f : form.groups[index].fields) {
    if (!is_visible(form, f, session_->answers)) continue;
    if (f.prefill == PrefillSource::None) return false;
    any = true;
  }
  return any;
}

bool Journey::group_repeats_identify(size_t index) const {
  return session_->identity_from_card && group_only_card_fields(index) &&
         validate_group(session_->procedure->form, session_->procedure->form.groups[index], session_->answers, today())
             .empty();
}

void Journey::enter_form() {
  if (session_->identity_from_card) {
    // The identify step showed the card's data and took its corrections; a step asking only for that data
    // is not shown again, so its answers follow the identify step (not what an earlier pass left there).
    for (size_t g = 0; g < group_count(); ++g)
      if (group_only_card_fields(g))
        for (const FieldSpec& f : session_->procedure->form.groups[g].fields)
          if (f.prefill != PrefillSource::None) session_->answers.erase(f.id);
  }
  session_->answers = prefill_from_identity(session_->procedure->form, session_->identity, std::move(session_->answers));
  session_->group = 0;
  skip_hidden_groups(+1);
  // One step, not two (issue 13): the card filled the identify step, and the applicant step would repeat it.
  while (group_repeats_identify(session_->group)) {
    ++session_->group;
    skip_hidden_groups(+1);
  }
  if (session_->editing_from_review) {
    // "Sửa" on the applicant's data led here through the identify step: back to the review, unless a step
    // still needs answers.
    while (session_->group < group_count() &&
           validate_group(session_->procedure->form, *current_group(), session_->answers, today()).empty()) {
      ++session_->group;
      skip_hidden_groups(+1);
    }
    if (session_->group >= group_count()) {
      go(Screen::Review);
      return;
    }
  }
  if (session_->group < group_count())
    go(Screen::Form);
  else
    leave_form();
}

std::string Journey::answer_text(const FieldSpec& field) const {
  auto it = session_->answers.find(field.id);
  if (it == session_->answers.end()) return "";
  if (field.type == FieldType::Date)
    if (auto d = Date::parse_iso(it->second)) return d->dmy();
  return it->second;
}

void Journey::set_answer_text(const FieldSpec& field, std::string text) {
  text = to_nfc(text);
  if (field.type == FieldType::Date) {
    if (auto d = parse_user_date(text)) text = d->iso();
  }
  session_->answers[field.id] = std::move(text);
  // Inline validation: an error already shown follows the edit (and disappears once fixed).
  if (session_->field_errors.count(field.id)) {
    session_->field_errors.erase(field.id);
    if (auto error = validate_field(session_->procedure->form, field, session_->answers, today())) session_->field_errors[field.id] = error->message;
  }
  session_->submit_message.reset();
}

void Journey::toggle_choice(const FieldSpec& field, const std::string& value) {
  std::string& answer = session_->answers[field.id];
  if (field.type == FieldType::Consent) {
    answer = answer == "true" ? "" : "true";
  } else if (field.type == FieldType::MultipleChoice) {
    std::vector<std::string> values;
    bool removed = false;
    for (auto& v : split(answer, ';')) {
      if (v.empty()) continue;
      if (v == value)
        removed = true;
      else
        values.push_back(v);
    }
    if (!removed) values.push_back(value);
    answer.clear();
    for (size_t i = 0; i < values.size(); ++i) answer += (i ? ";" : "") + values[i];
  } else {
    answer = value;
  }
  session_->field_errors.erase(field.id);
}

std::optional<LocalizedText> Journey::field_error(std::string_view field_id) const {
  auto it = session_->field_errors.find(field_id);
  if (it == session_->field_errors.end()) return std::nullopt;
  return it->second;
}

void Journey::next() {
  switch (session_->screen) {
    case Screen::Attract: start(); break;
    case Screen::ChooseProcedure: break;  // a procedure must be chosen
    case Screen::ProcedureInfo: go(Screen::Identify); break;
    case Screen::Identify:
      if (validate_identify()) enter_form();
      break;
    case Screen::Form: {
      const FieldGroup* group = current_group();
      if (!group) {
        go(Screen::Review);
        break;
      }
      session_->field_errors.clear();
      for (auto& e : validate_group(session_->procedure->form, *group, session_->answers, today())) session_->field_errors[e.field_id] = e.message;
      if (!session_->field_errors.empty()) break;  // cannot advance with errors
      ++session_->group;
      skip_hidden_groups(+1);
      if (session_->editing_from_review) {
        // Straight back to the review, unless a step now shown still needs answers.
        while (session_->group < group_count() &&
               validate_group(session_->procedure->form, *current_group(), session_->answers, today()).empty()) {
          ++session_->group;
          skip_hidden_groups(+1);
        }
      }
      if (session_->group >= group_count()) {
        if (session_->editing_from_review)
          go(Screen::Review);
        else
          leave_form();
      }
      break;
    }
    case Screen::Capture: {
      if (capture_scanning()) break;  // the page being read decides
      auto& document = session_->captured[session_->capture_index];
      if (!session_->capture_unavailable && document.pages.empty() && !can_skip_document()) {
        session_->capture_message = message("capture.required");
        break;
      }
      document.skipped = document.pages.empty();
      session_->capture_message.reset();
      if (session_->capture_unavailable || ++session_->capture_index >= session_->captured.size()) {
        session_->capture_index = std::min(session_->capture_index, session_->captured.size() - 1);
        go(Screen::Review);
      }
      break;
    }
    case Screen::Review: submit(); break;
    case Screen::Receipt: go(Screen::Rating); break;
    case Screen::Rating:
      go(Screen::Thanks);
      session_->thanks_until_ms = now_ms_ + int64_t(options_.thanks_s) * 1000;
      break;
    case Screen::TakeNumber:
      break;  // an area must be chosen
    case Screen::DossierStatus:
      if (session_->status_gate == StatusGate::AskCode)
        submit_status_code();
      else if (session_->status_gate == StatusGate::Open)
        wipe();
      break;  // Checking: the answer is on its way
    case Screen::Thanks:
    case Screen::Ticket: wipe(); break;
  }
}

void Journey::back() {
  switch (session_->screen) {
    case Screen::Attract: break;
    case Screen::ChooseProcedure: wipe(); break;
    case Screen::ProcedureInfo: go(Screen::ChooseProcedure); break;
    case Screen::Identify: go(Screen::ProcedureInfo); break;
    case Screen::Form:
      session_->field_errors.clear();
      if (session_->group == 0) {
        go(Screen::Identify);
      } else {
        size_t before = session_->group;
        --session_->group;
        skip_hidden_groups(-1);
        const FieldGroup* g = current_group();
        bool visible = g && std::any_of(g->fields.begin(), g->fields.end(),
                                        [&](const FieldSpec& f) { return is_visible(session_->procedure->form, f, session_->answers); });
        if (!visible || group_repeats_identify(session_->group)) {
          session_->group = before;
          go(Screen::Identify);
        }
      }
      break;
    case Screen::Review:
      session_->submit_message.reset();
      if (!session_->captured.empty())
        go(Screen::Capture);  // at the last document shown
      else
        back_to_last_group();
      break;
    case Screen::Capture:
      if (capture_scanning()) break;
      session_->capture_message.reset();
      if (session_->capture_index > 0)
        --session_->capture_index;
      else
        back_to_last_group();
      break;
    case Screen::Receipt: break;  // the dossier is accepted: there is nothing to go back to
    case Screen::Rating: go(Screen::Receipt); break;
    case Screen::Thanks:
    case Screen::DossierStatus:
    case Screen::TakeNumber:
    case Screen::Ticket: wipe(); break;  // a ticket taken stays taken: there is nothing to go back to
  }
}

void Journey::back_to_last_group() {
  if (group_count() == 0) {
    go(Screen::Identify);
  } else {
    session_->group = group_count() - 1;
    skip_hidden_groups(-1);
    go(Screen::Form);
  }
}

void Journey::leave_form() {
  if (document_scanner_ && session_->captured.empty())
    for (const auto& document : session_->procedure->documents)
      if (document.digitize != Digitize::No) session_->captured.push_back(CapturedDocument{document.code, {}, false});
  if (session_->captured.empty()) {
    go(Screen::Review);
    return;
  }
  session_->capture_index = 0;
  go(Screen::Capture);
}

const DocumentRequirement* Journey::capture_document() const {
  if (!session_->procedure || session_->captured.empty()) return nullptr;
  const std::string& code = session_->captured[session_->capture_index].code;
  for (const auto& document : session_->procedure->documents)
    if (document.code == code) return &document;
  return nullptr;
}

bool Journey::can_skip_document() const {
  const DocumentRequirement* document = capture_document();
  return document && (document->digitize != Digitize::Required || session_->capture_unavailable);
}

void Journey::request_page(int replaces) {
  if (session_->screen != Screen::Capture || capture_scanning() || session_->capture_unavailable) return;
  session_->capture_request = ++capture_request_;
  session_->capture_replaces = replaces;
  session_->capture_progress = 0;
  session_->capture_moved_ms = now_ms_;
  session_->capture_message.reset();
  JourneyCommand scan = command(JourneyCommand::Kind::ScanPage);
  scan.request = session_->capture_request;
  commands_.push_back(scan);
}

void Journey::scan_page() { request_page(-1); }

void Journey::retake_page(size_t index) {
  if (session_->screen != Screen::Capture || index >= session_->captured[session_->capture_index].pages.size()) return;
  request_page(static_cast<int>(index));
}

void Journey::remove_page(size_t index) {
  if (session_->screen != Screen::Capture || capture_scanning()) return;
  auto& pages = session_->captured[session_->capture_index].pages;
  if (index >= pages.size()) return;
  pages[index].scrub();
  pages.erase(pages.begin() + static_cast<std::ptrdiff_t>(index));
}

void Journey::skip_document() {
  if (session_->screen != Screen::Capture || capture_scanning() || !can_skip_document()) return;
  session_->captured[session_->capture_index].scrub();
  next();
}

void Journey::on_capture_progress(int request, double share) {
  if (request == 0 || request != session_->capture_request) return;
  session_->capture_progress = share;
  session_->capture_moved_ms = now_ms_;
}

void Journey::on_page_captured(int request, CapturedPage page) {
  if (request == 0 || request != session_->capture_request) {
    page.scrub();  // for a citizen who has left
    return;
  }
  session_->capture_request = 0;
  auto& document = session_->captured[session_->capture_index];
  document.skipped = false;
  const int replaces = session_->capture_replaces;
  if (replaces >= 0 && static_cast<size_t>(replaces) < document.pages.size()) {
    document.pages[replaces].scrub();
    document.pages[replaces] = std::move(page);
  } else {
    document.pages.push_back(std::move(page));
  }
}

void Journey::on_capture_failed(int request, CaptureFailure failure) {
  if (request == 0 || request != session_->capture_request) return;
  session_->capture_request = 0;
  if (failure == CaptureFailure::Cancelled) return;
  session_->capture_message = capture_failure_message(failure);
  // The scanner is gone or broken, or there is no room: the journey goes on and the rest comes on paper.
  if (capture_failure_is_lasting(failure)) session_->capture_unavailable = true;
}

void Journey::cancel() { wipe(); }

void Journey::ask_cancel() {
  if (session_->screen != Screen::Attract) session_->cancel_asked = true;
}

void Journey::keep_going() { session_->cancel_asked = false; }

void Journey::edit_group(size_t index) {
  if (session_->screen != Screen::Review || index >= group_count()) return;
  session_->group = index;
  session_->field_errors.clear();
  session_->editing_from_review = true;
  // The applicant's data from the card is corrected where it was shown: the identify step.
  go(group_repeats_identify(index) ? Screen::Identify : Screen::Form);
}

void Journey::submit() {
  if (!session_->procedure) return;
  session_->submit_message.reset();
  SubmitOutcome outcome;
  try {
    SubmitDraft draft{session_->procedure->code, session_->identity, session_->answers, session_->chip_check, {}};
    for (const auto& document : session_->captured)
      if (!document.skipped && !document.pages.empty()) draft.documents.push_back(&document);
    outcome = submit_fn_(draft);
  } catch (const std::exception&) {
    outcome.accepted = false;
    outcome.message = message("review.error.kiosk_fault");
  }
  if (outcome.accepted && outcome.dossier) {
    if (session_->filing && options_.on_event) options_.on_event(JourneyEvent::Completed, session_->screen);
    session_->filing = false;
    session_->dossier = std::move(outcome.dossier);
    session_->print_state = PrintState::Printing;
    session_->print_message = {};
    commands_.push_back(command(JourneyCommand::Kind::PrintReceipt, session_->dossier->code));
    go(Screen::Receipt);
    return;
  }
  // Send the citizen to the first step with a problem.
  session_->field_errors.clear();
  std::optional<size_t> first_group;
  bool identity_problem = false;
  for (const auto& e : outcome.errors) {
    if (e.field_id.rfind("applicant.", 0) == 0) {
      identity_problem = true;
      session_->identify_errors[e.field_id.substr(10)] = e.message;
      continue;
    }
    session_->field_errors[e.field_id] = e.message;
    for (size_t g = 0; g < group_count(); ++g)
      for (const auto& f : session_->procedure->form.groups[g].fields)
        if (f.id == e.field_id && (!first_group || g < *first_group)) first_group = g;
  }
  if (identity_problem) {
    go(Screen::Identify);
  } else if (first_group) {
    session_->group = *first_group;
    go(Screen::Form);
  } else {
    session_->submit_message = outcome.message.vi.empty()
                          ? message("review.error.not_sent")
                          : outcome.message;
  }
}

void Journey::on_print_result(const std::string& code, bool printed, LocalizedText message) {
  if (!session_->dossier || session_->dossier->code != code) return;  // a late answer for a citizen who has left
  session_->print_state = printed ? PrintState::Printed : PrintState::Failed;
  session_->print_message = std::move(message);
}

bool Journey::reprint_available() const {
  return session_->screen == Screen::Receipt && session_->dossier && session_->print_state == PrintState::Failed &&
         !session_->reprint_withdrawn &&
         now_ms_ - last_input_ms_ <= int64_t(options_.reprint_idle_s) * 1000;
}

void Journey::reprint() {
  if (!reprint_available()) return;
  session_->print_state = PrintState::Printing;
  session_->print_message = {};
  commands_.push_back(command(JourneyCommand::Kind::PrintReceipt, session_->dossier->code));
}

void Journey::rate(int level) {
  if (session_->screen != Screen::Rating || level < 1 || level > 3) return;
  if (session_->dossier) {
    commands_.push_back(command(JourneyCommand::Kind::RecordRating, session_->dossier->code));
    commands_.back().rating = level;
  }
  go(Screen::Thanks);
  session_->thanks_until_ms = now_ms_ + int64_t(options_.thanks_s) * 1000;
}

void Journey::on_remote_status(const std::string& code, bool reachable, std::optional<DossierStatus> status,
                               LocalizedText note, const std::string& server_lookup_code) {
  if (session_->screen != Screen::DossierStatus || session_->status_view.code != code) return;
  // Behind the gate the answer goes to what is held, unseen until the right code is given.
  const bool gated = session_->status_gate != StatusGate::Open;
  DossierStatusView& view = gated ? session_->status_held : session_->status_view;
  view.checking_server = false;
  view.server_answered = reachable;
  if (reachable && status) {
    view.status = status;
    view.found = true;
  }
  view.server_note = std::move(note);
  if (!gated) return;
  // This kiosk's own queue knows best; otherwise the number the server holds for the dossier's receipt.
  if (session_->status_expected.empty() && reachable) session_->status_expected = server_lookup_code;
  session_->status_server_answered = true;
  if (session_->status_gate == StatusGate::Checking) {
    std::string offered = std::move(session_->status_offered);
    session_->status_offered.clear();
    judge_status_code(offered);
    mc::scrub(offered);
  }
}

void Journey::set_status_code_text(std::string text) {
  if (session_->screen != Screen::DossierStatus || session_->status_gate != StatusGate::AskCode) return;
  mc::scrub(session_->status_code_text);
  session_->status_code_text = std::move(text);
}

void Journey::submit_status_code() {
  if (session_->screen != Screen::DossierStatus || session_->status_gate != StatusGate::AskCode) return;
  std::string typed = std::move(session_->status_code_text);
  session_->status_code_text.clear();
  offer_status_code(typed);
  mc::scrub(typed);
}

void Journey::offer_status_code(const std::string& given) {
  const auto code = normalize_lookup_code(given);
  if (!code) {  // not a code at all (too short, a letter that is not in it): asked again, not a try
    session_->status_code_message = message("status.code_format");
    return;
  }
  if (session_->status_expected.empty() && !session_->status_server_answered) {
    // Not in this kiosk's queue: judged when the server says which code the dossier has.
    session_->status_offered = *code;
    session_->status_code_message.reset();
    session_->status_gate = StatusGate::Checking;
    return;
  }
  judge_status_code(*code);
}

void Journey::judge_status_code(const std::string& given) {
  // An unknown expected code (a dossier nobody holds, a server that did not answer) never matches, and says
  // the same as a wrong code: the screen tells nothing about whether the dossier exists.
  if (lookup_code_matches(session_->status_expected, given)) return open_status();
  session_->status_gate = StatusGate::AskCode;
  if (++session_->status_wrong_codes >= std::max(1, options_.status_code_tries)) {
    wipe();
    set_notice(message("status.code_too_many"));
    return;
  }
  session_->status_code_message = message("status.code_wrong");
}

void Journey::open_status() {
  session_->status_view = std::move(session_->status_held);
  session_->status_held = DossierStatusView{};
  mc::scrub(session_->status_view.lookup_code);
  session_->status_view.lookup_code.clear();
  session_->status_gate = StatusGate::Open;
  session_->status_code_message.reset();
}

void Journey::refuse_ticket(LocalizedText reason) {
  session_->ticket_area.clear();
  session_->ticket_pending = false;
  session_->ticket.reset();
  session_->ticket_error = std::move(reason);
  session_->ticket_print_state = PrintState::None;
  session_->ticket_until_ms = now_ms_ + int64_t(options_.ticket_unprinted_s) * 1000;
  go(Screen::Ticket);
}

std::optional<TicketHoursNotice> Journey::ticket_hours() const {
  return options_.ticket_hours ? options_.ticket_hours() : std::nullopt;
}

void Journey::on_remote_progress(const std::string& code, std::vector<StatusStepView> steps,
                                 std::optional<LocalDateTime> due_at) {
  if (session_->screen != Screen::DossierStatus || session_->status_view.code != code) return;
  DossierStatusView& view = session_->status_gate == StatusGate::Open ? session_->status_view : session_->status_held;
  view.steps = std::move(steps);
  // The server's due date wins over the local copy: an officer may have moved it.
  if (due_at) view.due_at = due_at;
}

void Journey::take_number() {
  if (session_->screen != Screen::Attract || !tickets_available()) return;
  // The attract screen says so already; a tap that still gets here is answered, never left without reply.
  if (ticket_issuing_suspended_) return refuse_ticket(ticket_issuing_suspended_message());
  const auto closed = ticket_hours();
  session_->ticket_hours_notice.reset();
  if (closed) session_->ticket_hours_notice = closed->text;
  if (closed && closed->refuse) return refuse_ticket(closed->text);
  go(Screen::TakeNumber);
}

bool Journey::choose_ticket(const std::string& area, bool priority) {
  if (session_->screen != Screen::TakeNumber) return false;
  if (!request_ticket(area, priority)) return false;
  go(Screen::Ticket);
  return true;
}

bool Journey::request_ticket(const std::string& area, bool priority) {
  auto known = std::find_if(service_areas_.begin(), service_areas_.end(),
                            [&](const ServiceArea& a) { return a.code == area; });
  if (known == service_areas_.end()) return false;
  session_->ticket_area = area;
  session_->ticket_priority = priority;
  session_->ticket_pending = true;
  session_->ticket.reset();
  session_->ticket_error.reset();
  session_->ticket_print_state = PrintState::None;
  session_->ticket_print_message = {};
  session_->ticket_until_ms = 0;
  JourneyCommand take = command(JourneyCommand::Kind::TakeTicket);
  take.area = area;
  take.priority = priority;
  take.request = ++ticket_request_;
  commands_.push_back(std::move(take));
  return true;
}

bool Journey::hand_in_ticket_offered() const {
  const auto& dossier = session_->dossier;
  if (session_->screen != Screen::Receipt || !dossier || ticket_issuing_suspended_) return false;
  if (session_->ticket_pending || session_->ticket || session_->ticket_error) return false;
  if (const auto closed = ticket_hours(); closed && closed->refuse) return false;  // the office is closed
  const std::string& area = dossier->procedure.hand_in.ticket_area;
  return !area.empty() && std::any_of(service_areas_.begin(), service_areas_.end(),
                                      [&](const ServiceArea& a) { return a.code == area; });
}

void Journey::take_hand_in_ticket() {
  if (!hand_in_ticket_offered()) return;
  // The receipt stays on screen: the ticket's number and print state show under the what-next steps.
  const auto closed = ticket_hours();
  session_->ticket_hours_notice.reset();
  if (closed) session_->ticket_hours_notice = closed->text;
  request_ticket(session_->dossier->procedure.hand_in.ticket_area, false);
}

bool Journey::on_ticket_screen() const {
  return session_->screen == Screen::Ticket || session_->screen == Screen::Receipt;
}

const ServiceArea* Journey::ticket_area() const {
  for (const auto& area : service_areas_)
    if (area.code == session_->ticket_area) return &area;
  return nullptr;
}

void Journey::on_ticket_taken(int request, const Ticket& ticket) {
  // A late answer for a citizen who has left: the ticket still prints, but this screen is someone else's.
  if (!on_ticket_screen() || request != ticket_request_ || !session_->ticket_pending) return;
  session_->ticket_pending = false;
  session_->ticket = ticket;
  session_->ticket_print_state = PrintState::Printing;
  session_->ticket_until_ms = 0;  // counts from the print result: the citizen must see whether to wait for paper
}

void Journey::on_ticket_failed(int request, LocalizedText reason) {
  if (!on_ticket_screen() || request != ticket_request_ || !session_->ticket_pending) return;
  session_->ticket_pending = false;
  session_->ticket_error = reason.vi.empty() ? message("ticket.error.not_issued") : std::move(reason);
  session_->ticket_until_ms = now_ms_ + int64_t(options_.ticket_unprinted_s) * 1000;
}

void Journey::on_ticket_printed(int request, bool printed, LocalizedText message) {
  if (!on_ticket_screen() || request != ticket_request_ || !session_->ticket) return;
  session_->ticket_print_state = printed ? PrintState::Printed : PrintState::Failed;
  session_->ticket_print_message = std::move(message);
  session_->ticket_until_ms = now_ms_ + int64_t(printed ? options_.ticket_s : options_.ticket_unprinted_s) * 1000;
}

void Journey::on_chip_read(const CitizenIdentity& identity, const ChipCheck& check) {
  const bool refused = session_->screen == Screen::Receipt || session_->screen == Screen::Rating;
  on_id_card(identity);
  if (refused) return;
  session_->chip_check = check;
  session_->chip_identity = identity;
  session_->chip_identity.full_name = to_nfc(trim(identity.full_name));
}

void Journey::on_id_card(const CitizenIdentity& identity) {
  if (session_->screen == Screen::Receipt || session_->screen == Screen::Rating) {
    set_notice(message("notice.already_received"));
    return;
  }
  if (session_->screen == Screen::Thanks || session_->screen == Screen::DossierStatus || session_->screen == Screen::TakeNumber ||
      session_->screen == Screen::Ticket)
    wipe();
  session_->identity = identity;
  session_->chip_check = {};  // a QR code vouches for nothing; on_chip_read sets it again after this
  session_->identity_from_card = true;
  session_->identify.id_number = identity.id_number;
  session_->identify.full_name = identity.full_name;
  session_->identify.date_of_birth = identity.date_of_birth ? identity.date_of_birth->dmy() : "";
  session_->identify.sex = identity.sex == Sex::Unknown ? "" : sex_label_vi(identity.sex);
  session_->identify.address = identity.address;
  session_->identify_errors.clear();
  if (session_->screen == Screen::Form || session_->screen == Screen::Review) {
    session_->answers = prefill_from_identity(session_->procedure->form, session_->identity, std::move(session_->answers));
    for (const auto& g : session_->procedure->form.groups)
      for (const auto& f : g.fields)
        if (f.prefill != PrefillSource::None) session_->field_errors.erase(f.id);
  }
  if (session_->screen == Screen::Attract) {
    go(Screen::ChooseProcedure);
    set_notice(message("notice.card_read_choose"));
  } else {
    set_notice(message("notice.card_read"));
  }
}

void Journey::on_receipt_scan(const std::string& dossier_code, const std::string& lookup_code) {
  if (session_->screen != Screen::Attract && session_->screen != Screen::Thanks && session_->screen != Screen::DossierStatus &&
      session_->screen != Screen::TakeNumber && session_->screen != Screen::Ticket) {
    set_notice(message("notice.receipt_on_home"));
    return;
  }
  wipe();
  DossierStatusView found = lookup_fn_ ? lookup_fn_(dossier_code) : DossierStatusView{};
  found.code = dossier_code;
  found.checking_server = true;
  // The server is asked in both modes: behind the gate its answer also tells the code of a dossier this kiosk
  // does not hold.
  commands_.push_back(command(JourneyCommand::Kind::FetchStatus, dossier_code));
  if (!options_.status_needs_lookup_code) {
    session_->status_view = std::move(found);
    mc::scrub(session_->status_view.lookup_code);
    session_->status_view.lookup_code.clear();
    go(Screen::DossierStatus);
    return;
  }
  if (found.found) session_->status_expected = found.lookup_code;
  session_->status_held = std::move(found);
  session_->status_view = DossierStatusView{};
  session_->status_view.code = dossier_code;  // the citizen's own input: shown while the code is asked
  session_->status_gate = StatusGate::AskCode;
  go(Screen::DossierStatus);
  if (!lookup_code.empty()) offer_status_code(lookup_code);  // the paper receipt's QR: possession is the proof
}

void Journey::on_unusable_scan(LocalizedText reason) { set_notice(std::move(reason)); }

void Journey::on_scan(const ScanReading& scan) {
  switch (scan.kind) {
    case ScanReading::Kind::IdCard:
      if (scan.identity) {
        on_id_card(*scan.identity);
        return;
      }
      break;
    case ScanReading::Kind::UnreadableIdCard:
      on_unusable_scan(scan.problem ? *scan.problem : message("scan.bad_card"));
      return;
    case ScanReading::Kind::HealthInsuranceCard:
      on_unusable_scan(message("scan.health_card"));
      return;
    case ScanReading::Kind::Receipt:
      if (!scan.dossier_code.empty()) {
        on_receipt_scan(scan.dossier_code, scan.lookup_code);
        return;
      }
      break;
    case ScanReading::Kind::Other:
      break;
  }
  on_unusable_scan(message("scan.unknown"));
}

void Journey::note_input(int64_t now_ms) {
  now_ms_ = std::max(now_ms_, now_ms);
  // The touch that ends a long pause is not the one that may reprint (it may be the next person's).
  if (session_->screen == Screen::Receipt && session_->print_state == PrintState::Failed &&
      now_ms_ - last_input_ms_ > int64_t(options_.reprint_idle_s) * 1000)
    session_->reprint_withdrawn = true;
  last_input_ms_ = now_ms_;
}

std::optional<int> Journey::idle_seconds_left(int64_t now_ms) const {
  if (session_->screen == Screen::Attract) return std::nullopt;
  int64_t idle = now_ms - last_input_ms_;
  int64_t warn_at = int64_t(options_.idle_timeout_s) * 1000;
  int64_t wipe_at = warn_at + int64_t(options_.idle_warning_s) * 1000;
  if (idle < warn_at) return std::nullopt;
  return int((std::max<int64_t>(0, wipe_at - idle) + 999) / 1000);
}

void Journey::tick(int64_t now_ms) {
  now_ms_ = std::max(now_ms_, now_ms);
  if (session_->notice && now_ms_ >= session_->notice_until_ms) session_->notice.reset();
  if (session_->screen == Screen::Thanks && now_ms_ >= session_->thanks_until_ms) {
    wipe();
    return;
  }
  if (session_->screen == Screen::Ticket && session_->ticket_until_ms > 0 && now_ms_ >= session_->ticket_until_ms) {
    wipe();
    return;
  }
  // Whoever touches the kiosk after such a pause may be someone else: the reprint offer does not come back.
  if (session_->screen == Screen::Receipt && session_->print_state == PrintState::Failed &&
      now_ms_ - last_input_ms_ > int64_t(options_.reprint_idle_s) * 1000)
    session_->reprint_withdrawn = true;
  if (session_->capture_request != 0 && now_ms_ >= capture_stall_at_ms()) {
    // The driver neither reads nor fails: stop asking it and treat the scanner as unplugged.
    JourneyCommand stop = command(JourneyCommand::Kind::CancelScan);
    stop.request = session_->capture_request;
    commands_.push_back(stop);
    on_capture_failed(session_->capture_request, CaptureFailure::Disconnected);
  }
  if (session_->screen != Screen::Attract) {
    int64_t wipe_at = last_input_ms_ + int64_t(options_.idle_timeout_s + options_.idle_warning_s) * 1000;
    if (now_ms_ >= wipe_at) wipe();
  }
}

int64_t Journey::capture_stall_at_ms() const {
  return session_->capture_moved_ms + int64_t(options_.capture_stall_s) * 1000;
}

std::optional<int64_t> Journey::next_deadline_ms() const {
  std::optional<int64_t> next;
  auto consider = [&](int64_t t) {
    if (!next || t < *next) next = t;
  };
  if (session_->notice) consider(session_->notice_until_ms);
  if (session_->screen == Screen::Thanks) consider(session_->thanks_until_ms);
  if (session_->screen == Screen::Ticket && session_->ticket_until_ms > 0) consider(session_->ticket_until_ms);
  if (session_->screen == Screen::Receipt && session_->print_state == PrintState::Failed &&
      !session_->reprint_withdrawn)
    consider(last_input_ms_ + int64_t(options_.reprint_idle_s) * 1000 + 1);  // redraw without the button
  if (session_->capture_request != 0) consider(capture_stall_at_ms());
  if (session_->screen != Screen::Attract) {
    int64_t warn_at = last_input_ms_ + int64_t(options_.idle_timeout_s) * 1000;
    int64_t wipe_at = warn_at + int64_t(options_.idle_warning_s) * 1000;
    if (now_ms_ < warn_at)
      consider(warn_at);
    else  // the countdown redraws every second
      consider(std::min(wipe_at, now_ms_ + 1000 - (now_ms_ - warn_at) % 1000));
  }
  return next;
}

std::vector<JourneyCommand> Journey::take_commands() {
  std::vector<JourneyCommand> out;
  out.swap(commands_);
  return out;
}

void Journey::wipe() {
  if (session_->filing && options_.on_event) options_.on_event(JourneyEvent::Abandoned, session_->screen);
  if (session_->capture_request != 0) {  // the scanner stops reading the page of a citizen who has left
    JourneyCommand stop = command(JourneyCommand::Kind::CancelScan);
    stop.request = session_->capture_request;
    commands_.push_back(stop);
  }
  // The whole session goes (SessionDeleter overwrites its personal data and its bytes); the next citizen
  // starts from a fresh one. Nothing about a citizen lives outside it.
  session_ = new_citizen_session();
  refresh_visible();
}

std::string Journey::citizen_data_dump() const {
  std::string out;
  auto add = [&](std::string_view s) {
    if (!s.empty()) out.append(s).append("\n");
  };
  add(session_->search_text);
  add(session_->field_code);
  if (session_->procedure) add(session_->procedure->code);
  add(session_->identify.id_number);
  add(session_->identify.full_name);
  add(session_->identify.date_of_birth);
  add(session_->identify.sex);
  add(session_->identify.address);
  add(session_->identity.id_number);
  add(session_->identity.old_id_number);
  add(session_->identity.full_name);
  add(session_->identity.address);
  if (session_->identity.date_of_birth) add(session_->identity.date_of_birth->iso());
  add(session_->chip_identity.id_number);
  add(session_->chip_identity.full_name);
  add(session_->chip_identity.address);
  for (const auto& [k, v] : session_->answers) add(k + "=" + v);
  for (const auto& [k, v] : session_->field_errors) add(k);
  for (const auto& [k, v] : session_->identify_errors) add(k);
  if (session_->dossier) {
    add(session_->dossier->code);
    add(session_->dossier->applicant.full_name);
    add(session_->dossier->applicant.id_number);
    add(session_->dossier->phone);
  }
  add(session_->status_view.code);
  add(session_->status_held.code);
  add(session_->status_code_text);
  add(session_->status_offered);
  add(session_->ticket_area);
  if (session_->ticket) add(session_->ticket->label);
  for (const auto& document : session_->captured)
    for (const auto& page : document.pages)
      add(document.code + " page " + std::to_string(page.jpeg.size()) + " bytes");
  return out;
}

}  // namespace mc
