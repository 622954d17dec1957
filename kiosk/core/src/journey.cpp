#include "mc/core/journey.hpp"

#include <algorithm>
#include <cctype>

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
  }
  return "?";
}

Journey::Journey(const Catalog& catalog, SubmitFn submit, LookupFn lookup, JourneyOptions options)
    : catalog_(catalog), submit_fn_(std::move(submit)), lookup_fn_(std::move(lookup)), options_(std::move(options)) {
  if (!options_.clock) options_.clock = system_clock();
}

Date Journey::today() const { return LocalDateTime::from_unix(options_.clock()).date; }

void Journey::go(Screen screen) { screen_ = screen; }

void Journey::set_notice(LocalizedText text) {
  notice_ = std::move(text);
  notice_until_ms_ = now_ms_ + int64_t(options_.notice_s) * 1000;
}

void Journey::set_service_areas(std::vector<ServiceArea> areas) {
  service_areas_ = std::move(areas);
  if (screen_ == Screen::TakeNumber && service_areas_.empty()) wipe();
}

void Journey::start() {
  if (screen_ == Screen::Attract) go(Screen::ChooseProcedure);
}

void Journey::choose_field(std::string field_code) { field_code_ = std::move(field_code); }

void Journey::set_search_text(std::string text) {
  scrub(search_text_);
  search_text_ = to_nfc(text);
  scrub(text);
}

void Journey::set_identify_fields(IdentifyFields fields) {
  identify_ = std::move(fields);
  identify_.id_number = to_nfc(identify_.id_number);
  identify_.full_name = to_nfc(identify_.full_name);
  identify_.date_of_birth = to_nfc(identify_.date_of_birth);
  identify_.address = to_nfc(identify_.address);
}

std::vector<const Procedure*> Journey::visible_procedures() const {
  std::vector<const Procedure*> out;
  std::string query = fold_for_search(search_text_);
  std::vector<std::string> words;
  for (auto& w : split(query, ' '))
    if (!w.empty()) words.push_back(w);
  for (const auto& p : catalog_.procedures()) {
    if (!field_code_.empty() && p.field_code != field_code_) continue;
    if (!words.empty()) {
      std::string hay = fold_for_search(p.name.vi + " " + p.name.en + " " + p.code + " " + p.field_name.vi);
      for (const auto& k : p.keywords) hay += " " + fold_for_search(k);
      bool all = std::all_of(words.begin(), words.end(), [&](const std::string& w) { return hay.find(w) != std::string::npos; });
      if (!all) continue;
    }
    out.push_back(&p);
  }
  return out;
}

bool Journey::choose_procedure(std::string_view code) {
  const Procedure* p = catalog_.find(code);
  if (!p) return false;
  if (procedure_ != p) {  // another procedure: the answers of the previous one do not apply
    for (auto& [k, v] : answers_) scrub(v);
    answers_.clear();
    field_errors_.clear();
  }
  procedure_ = p;
  go(Screen::ProcedureInfo);
  return true;
}

bool Journey::validate_identify() {
  identify_errors_.clear();
  identify_.id_number = trim(identify_.id_number);
  identify_.full_name = to_nfc(trim(identify_.full_name));
  identify_.address = to_nfc(trim(identify_.address));
  if (!all_digits(identify_.id_number) || identify_.id_number.size() != 12)
    identify_errors_["id_number"] = {"Số định danh cá nhân gồm đúng 12 chữ số, in trên căn cước.",
                                     "The personal ID number has exactly 12 digits, printed on the ID card."};
  if (identify_.full_name.empty())
    identify_errors_["full_name"] = {"Xin nhập họ và tên.", "Please enter your full name."};
  auto dob = parse_user_date(identify_.date_of_birth);
  if (!dob)
    identify_errors_["date_of_birth"] = {"Ngày sinh chưa đúng. Nhập theo dạng ngày/tháng/năm, ví dụ 15/03/1999.",
                                         "The date of birth is not valid. Use day/month/year, e.g. 15/03/1999."};
  else if (*dob > today() || dob->year < 1900)
    identify_errors_["date_of_birth"] = {"Ngày sinh phải trước hôm nay.", "The date of birth must be before today."};
  std::optional<Sex> sex = Sex::Unknown;
  if (!trim(identify_.sex).empty()) {
    sex = parse_sex(identify_.sex);
    if (!sex) identify_errors_["sex"] = {"Xin chọn Nam hoặc Nữ.", "Please choose male or female."};
  }
  if (!identify_errors_.empty()) return false;
  CitizenIdentity identity;
  if (identity_from_card_ && identity_.id_number == identify_.id_number) identity = identity_;  // keeps old ID, issue date
  identity.id_number = identify_.id_number;
  identity.full_name = identify_.full_name;
  identity.date_of_birth = dob;
  identity.sex = *sex;
  identity.address = identify_.address;
  identity_ = identity;
  identify_.date_of_birth = dob->dmy();
  return true;
}

size_t Journey::group_count() const { return procedure_ ? procedure_->form.groups.size() : 0; }

const FieldGroup* Journey::current_group() const {
  if (!procedure_ || group_ >= procedure_->form.groups.size()) return nullptr;
  return &procedure_->form.groups[group_];
}

std::vector<const FieldSpec*> Journey::visible_fields() const {
  std::vector<const FieldSpec*> out;
  const FieldGroup* group = current_group();
  if (!group) return out;
  for (const auto& field : group->fields)
    if (is_visible(procedure_->form, field, answers_)) out.push_back(&field);
  return out;
}

void Journey::skip_hidden_groups(int direction) {
  // A group whose every field is hidden by show_if is not a step of its own.
  while (true) {
    const FieldGroup* group = current_group();
    if (!group) return;
    bool any = std::any_of(group->fields.begin(), group->fields.end(),
                           [&](const FieldSpec& f) { return is_visible(procedure_->form, f, answers_); });
    if (any) return;
    if (direction > 0) {
      ++group_;
    } else {
      if (group_ == 0) return;
      --group_;
    }
  }
}

void Journey::enter_form() {
  answers_ = prefill_from_identity(procedure_->form, identity_, std::move(answers_));
  group_ = 0;
  skip_hidden_groups(+1);
  go(group_ < group_count() ? Screen::Form : Screen::Review);
}

std::string Journey::answer_text(const FieldSpec& field) const {
  auto it = answers_.find(field.id);
  if (it == answers_.end()) return "";
  if (field.type == FieldType::Date)
    if (auto d = Date::parse_iso(it->second)) return d->dmy();
  return it->second;
}

void Journey::set_answer_text(const FieldSpec& field, std::string text) {
  text = to_nfc(text);
  if (field.type == FieldType::Date) {
    if (auto d = parse_user_date(text)) text = d->iso();
  }
  answers_[field.id] = std::move(text);
  // Inline validation: an error already shown follows the edit (and disappears once fixed).
  if (field_errors_.count(field.id)) {
    field_errors_.erase(field.id);
    if (auto error = validate_field(procedure_->form, field, answers_, today())) field_errors_[field.id] = error->message;
  }
  submit_message_.reset();
}

void Journey::toggle_choice(const FieldSpec& field, const std::string& value) {
  std::string& answer = answers_[field.id];
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
  field_errors_.erase(field.id);
}

std::optional<LocalizedText> Journey::field_error(std::string_view field_id) const {
  auto it = field_errors_.find(field_id);
  if (it == field_errors_.end()) return std::nullopt;
  return it->second;
}

void Journey::next() {
  switch (screen_) {
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
      field_errors_.clear();
      for (auto& e : validate_group(procedure_->form, *group, answers_, today())) field_errors_[e.field_id] = e.message;
      if (!field_errors_.empty()) break;  // cannot advance with errors
      ++group_;
      skip_hidden_groups(+1);
      if (group_ >= group_count()) go(Screen::Review);
      break;
    }
    case Screen::Review: submit(); break;
    case Screen::Receipt: go(Screen::Rating); break;
    case Screen::Rating:
      go(Screen::Thanks);
      thanks_until_ms_ = now_ms_ + int64_t(options_.thanks_s) * 1000;
      break;
    case Screen::TakeNumber: break;  // an area must be chosen
    case Screen::Thanks:
    case Screen::DossierStatus:
    case Screen::Ticket: wipe(); break;
  }
}

void Journey::back() {
  switch (screen_) {
    case Screen::Attract: break;
    case Screen::ChooseProcedure: wipe(); break;
    case Screen::ProcedureInfo: go(Screen::ChooseProcedure); break;
    case Screen::Identify: go(Screen::ProcedureInfo); break;
    case Screen::Form:
      field_errors_.clear();
      if (group_ == 0) {
        go(Screen::Identify);
      } else {
        size_t before = group_;
        --group_;
        skip_hidden_groups(-1);
        const FieldGroup* g = current_group();
        bool visible = g && std::any_of(g->fields.begin(), g->fields.end(),
                                        [&](const FieldSpec& f) { return is_visible(procedure_->form, f, answers_); });
        if (!visible) {
          group_ = before;
          go(Screen::Identify);
        }
      }
      break;
    case Screen::Review:
      submit_message_.reset();
      if (group_count() == 0) {
        go(Screen::Identify);
      } else {
        group_ = group_count() - 1;
        skip_hidden_groups(-1);
        go(Screen::Form);
      }
      break;
    case Screen::Receipt: break;  // the dossier is accepted: there is nothing to go back to
    case Screen::Rating: go(Screen::Receipt); break;
    case Screen::Thanks:
    case Screen::DossierStatus:
    case Screen::TakeNumber:
    case Screen::Ticket: wipe(); break;  // a ticket taken stays taken: there is nothing to go back to
  }
}

void Journey::cancel() { wipe(); }

void Journey::edit_group(size_t index) {
  if (screen_ != Screen::Review || index >= group_count()) return;
  group_ = index;
  field_errors_.clear();
  go(Screen::Form);
}

void Journey::submit() {
  if (!procedure_) return;
  submit_message_.reset();
  SubmitOutcome outcome;
  try {
    outcome = submit_fn_(SubmitDraft{procedure_->code, identity_, answers_});
  } catch (const std::exception&) {
    outcome.accepted = false;
    outcome.message = {"Chưa gửi được hồ sơ do lỗi của máy. Xin thử lại hoặc liên hệ cán bộ tại quầy.",
                       "The dossier could not be saved because of a kiosk fault. Please try again or ask the staff."};
  }
  if (outcome.accepted && outcome.dossier) {
    dossier_ = std::move(outcome.dossier);
    print_state_ = PrintState::Printing;
    print_message_ = {};
    commands_.push_back(command(JourneyCommand::Kind::PrintReceipt, dossier_->code));
    go(Screen::Receipt);
    return;
  }
  // Send the citizen to the first step with a problem.
  field_errors_.clear();
  std::optional<size_t> first_group;
  bool identity_problem = false;
  for (const auto& e : outcome.errors) {
    if (e.field_id.rfind("applicant.", 0) == 0) {
      identity_problem = true;
      identify_errors_[e.field_id.substr(10)] = e.message;
      continue;
    }
    field_errors_[e.field_id] = e.message;
    for (size_t g = 0; g < group_count(); ++g)
      for (const auto& f : procedure_->form.groups[g].fields)
        if (f.id == e.field_id && (!first_group || g < *first_group)) first_group = g;
  }
  if (identity_problem) {
    go(Screen::Identify);
  } else if (first_group) {
    group_ = *first_group;
    go(Screen::Form);
  } else {
    submit_message_ = outcome.message.vi.empty()
                          ? LocalizedText{"Chưa gửi được hồ sơ. Xin thử lại.", "The dossier was not sent. Please try again."}
                          : outcome.message;
  }
}

void Journey::on_print_result(const std::string& code, bool printed, LocalizedText message) {
  if (!dossier_ || dossier_->code != code) return;  // a late answer for a citizen who has left
  print_state_ = printed ? PrintState::Printed : PrintState::Failed;
  print_message_ = std::move(message);
}

void Journey::reprint() {
  if (!dossier_ || print_state_ == PrintState::Printing) return;
  print_state_ = PrintState::Printing;
  print_message_ = {};
  commands_.push_back(command(JourneyCommand::Kind::PrintReceipt, dossier_->code));
}

void Journey::rate(int level) {
  if (screen_ != Screen::Rating || level < 1 || level > 3) return;
  if (dossier_) {
    commands_.push_back(command(JourneyCommand::Kind::RecordRating, dossier_->code));
    commands_.back().rating = level;
  }
  go(Screen::Thanks);
  thanks_until_ms_ = now_ms_ + int64_t(options_.thanks_s) * 1000;
}

void Journey::on_remote_status(const std::string& code, bool reachable, std::optional<DossierStatus> status,
                               LocalizedText note) {
  if (screen_ != Screen::DossierStatus || status_view_.code != code) return;
  status_view_.checking_server = false;
  status_view_.server_answered = reachable;
  if (reachable && status) {
    status_view_.status = status;
    status_view_.found = true;
  }
  status_view_.server_note = std::move(note);
}

void Journey::take_number() {
  if (screen_ == Screen::Attract && tickets_available()) go(Screen::TakeNumber);
}

bool Journey::choose_ticket(const std::string& area, bool priority) {
  if (screen_ != Screen::TakeNumber) return false;
  auto known = std::find_if(service_areas_.begin(), service_areas_.end(),
                            [&](const ServiceArea& a) { return a.code == area; });
  if (known == service_areas_.end()) return false;
  ticket_area_ = area;
  ticket_priority_ = priority;
  ticket_pending_ = true;
  ticket_.reset();
  ticket_error_.reset();
  ticket_print_state_ = PrintState::None;
  ticket_print_message_ = {};
  ticket_until_ms_ = 0;
  JourneyCommand take = command(JourneyCommand::Kind::TakeTicket);
  take.area = area;
  take.priority = priority;
  take.request = ++ticket_request_;
  commands_.push_back(std::move(take));
  go(Screen::Ticket);
  return true;
}

const ServiceArea* Journey::ticket_area() const {
  for (const auto& area : service_areas_)
    if (area.code == ticket_area_) return &area;
  return nullptr;
}

void Journey::on_ticket_taken(int request, const Ticket& ticket) {
  // A late answer for a citizen who has left: the ticket still prints, but this screen is someone else's.
  if (screen_ != Screen::Ticket || request != ticket_request_ || !ticket_pending_) return;
  ticket_pending_ = false;
  ticket_ = ticket;
  ticket_print_state_ = PrintState::Printing;
  ticket_until_ms_ = 0;  // counts from the print result: the citizen must see whether to wait for paper
}

void Journey::on_ticket_failed(int request, LocalizedText message) {
  if (screen_ != Screen::Ticket || request != ticket_request_ || !ticket_pending_) return;
  ticket_pending_ = false;
  ticket_error_ = message.vi.empty() ? LocalizedText{"Chưa lấy được số thứ tự. Xin mời đến quầy hướng dẫn.",
                                                     "No number could be issued. Please ask at the information desk."}
                                     : std::move(message);
  ticket_until_ms_ = now_ms_ + int64_t(options_.ticket_unprinted_s) * 1000;
}

void Journey::on_ticket_printed(int request, bool printed, LocalizedText message) {
  if (screen_ != Screen::Ticket || request != ticket_request_ || !ticket_) return;
  ticket_print_state_ = printed ? PrintState::Printed : PrintState::Failed;
  ticket_print_message_ = std::move(message);
  ticket_until_ms_ = now_ms_ + int64_t(printed ? options_.ticket_s : options_.ticket_unprinted_s) * 1000;
}

void Journey::on_id_card(const CitizenIdentity& identity) {
  if (screen_ == Screen::Receipt || screen_ == Screen::Rating) {
    set_notice({"Hồ sơ của bạn đã được tiếp nhận. Để nộp hồ sơ mới, hãy chạm \"Xong\" trước.",
                "Your dossier has been received. To file a new one, tap \"Done\" first."});
    return;
  }
  if (screen_ == Screen::Thanks || screen_ == Screen::DossierStatus || screen_ == Screen::TakeNumber ||
      screen_ == Screen::Ticket)
    wipe();
  identity_ = identity;
  identity_from_card_ = true;
  identify_.id_number = identity.id_number;
  identify_.full_name = identity.full_name;
  identify_.date_of_birth = identity.date_of_birth ? identity.date_of_birth->dmy() : "";
  identify_.sex = identity.sex == Sex::Unknown ? "" : sex_label_vi(identity.sex);
  identify_.address = identity.address;
  identify_errors_.clear();
  if (screen_ == Screen::Form || screen_ == Screen::Review) {
    answers_ = prefill_from_identity(procedure_->form, identity_, std::move(answers_));
    for (const auto& g : procedure_->form.groups)
      for (const auto& f : g.fields)
        if (f.prefill != PrefillSource::None) field_errors_.erase(f.id);
  }
  if (screen_ == Screen::Attract) {
    go(Screen::ChooseProcedure);
    set_notice({"Đã đọc căn cước. Mời chọn thủ tục cần làm.", "ID card read. Please choose a procedure."});
  } else {
    set_notice({"Đã đọc căn cước công dân.", "ID card read."});
  }
}

void Journey::on_receipt_scan(const std::string& dossier_code) {
  if (screen_ != Screen::Attract && screen_ != Screen::Thanks && screen_ != Screen::DossierStatus &&
      screen_ != Screen::TakeNumber && screen_ != Screen::Ticket) {
    set_notice({"Để tra cứu hồ sơ, hãy quét phiếu hẹn ở màn hình chính.",
                "To look up a dossier, scan its receipt on the home screen."});
    return;
  }
  wipe();
  status_view_ = lookup_fn_ ? lookup_fn_(dossier_code) : DossierStatusView{};
  status_view_.code = dossier_code;
  status_view_.checking_server = true;
  commands_.push_back(command(JourneyCommand::Kind::FetchStatus, dossier_code));
  go(Screen::DossierStatus);
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
        on_receipt_scan(scan.dossier_code);
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
  last_input_ms_ = now_ms_;
}

std::optional<int> Journey::idle_seconds_left(int64_t now_ms) const {
  if (screen_ == Screen::Attract) return std::nullopt;
  int64_t idle = now_ms - last_input_ms_;
  int64_t warn_at = int64_t(options_.idle_timeout_s) * 1000;
  int64_t wipe_at = warn_at + int64_t(options_.idle_warning_s) * 1000;
  if (idle < warn_at) return std::nullopt;
  return int((std::max<int64_t>(0, wipe_at - idle) + 999) / 1000);
}

void Journey::tick(int64_t now_ms) {
  now_ms_ = std::max(now_ms_, now_ms);
  if (notice_ && now_ms_ >= notice_until_ms_) notice_.reset();
  if (screen_ == Screen::Thanks && now_ms_ >= thanks_until_ms_) {
    wipe();
    return;
  }
  if (screen_ == Screen::Ticket && ticket_until_ms_ > 0 && now_ms_ >= ticket_until_ms_) {
    wipe();
    return;
  }
  if (screen_ != Screen::Attract) {
    int64_t wipe_at = last_input_ms_ + int64_t(options_.idle_timeout_s + options_.idle_warning_s) * 1000;
    if (now_ms_ >= wipe_at) wipe();
  }
}

std::optional<int64_t> Journey::next_deadline_ms() const {
  std::optional<int64_t> next;
  auto consider = [&](int64_t t) {
    if (!next || t < *next) next = t;
  };
  if (notice_) consider(notice_until_ms_);
  if (screen_ == Screen::Thanks) consider(thanks_until_ms_);
  if (screen_ == Screen::Ticket && ticket_until_ms_ > 0) consider(ticket_until_ms_);
  if (screen_ != Screen::Attract) {
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
  scrub(search_text_);
  scrub(identify_.id_number);
  scrub(identify_.full_name);
  scrub(identify_.date_of_birth);
  scrub(identify_.sex);
  scrub(identify_.address);
  scrub(identity_.id_number);
  scrub(identity_.old_id_number);
  scrub(identity_.full_name);
  scrub(identity_.address);
  for (auto& [k, v] : answers_) scrub(v);
  if (dossier_) {
    scrub(dossier_->applicant.full_name);
    scrub(dossier_->applicant.id_number);
    scrub(dossier_->applicant.address);
    scrub(dossier_->phone);
    scrub(dossier_->email);
    for (auto& [k, v] : dossier_->answers) scrub(v);
  }
  screen_ = Screen::Attract;
  lang_ = Lang::Vi;
  field_code_.clear();
  procedure_ = nullptr;
  identify_ = {};
  identify_errors_.clear();
  identity_from_card_ = false;
  identity_ = {};
  group_ = 0;
  answers_.clear();
  field_errors_.clear();
  submit_message_.reset();
  dossier_.reset();
  print_state_ = PrintState::None;
  print_message_ = {};
  status_view_ = {};
  notice_.reset();
  ticket_area_.clear();
  ticket_priority_ = false;
  ticket_pending_ = false;
  ticket_.reset();
  ticket_error_.reset();
  ticket_print_state_ = PrintState::None;
  ticket_print_message_ = {};
  ticket_until_ms_ = 0;
}

std::string Journey::citizen_data_dump() const {
  std::string out;
  auto add = [&](std::string_view s) {
    if (!s.empty()) out.append(s).append("\n");
  };
  add(search_text_);
  add(field_code_);
  if (procedure_) add(procedure_->code);
  add(identify_.id_number);
  add(identify_.full_name);
  add(identify_.date_of_birth);
  add(identify_.sex);
  add(identify_.address);
  add(identity_.id_number);
  add(identity_.old_id_number);
  add(identity_.full_name);
  add(identity_.address);
  if (identity_.date_of_birth) add(identity_.date_of_birth->iso());
  for (const auto& [k, v] : answers_) add(k + "=" + v);
  for (const auto& [k, v] : field_errors_) add(k);
  for (const auto& [k, v] : identify_errors_) add(k);
  if (dossier_) {
    add(dossier_->code);
    add(dossier_->applicant.full_name);
    add(dossier_->applicant.id_number);
    add(dossier_->phone);
  }
  add(status_view_.code);
  add(ticket_area_);
  if (ticket_) add(ticket_->label);
  return out;
}

}  // namespace mc
