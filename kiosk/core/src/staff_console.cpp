#include "mc/core/staff_console.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <set>

#include "mc/core/dossier_code.hpp"
#include "mc/core/form.hpp"
#include "mc/core/log.hpp"
#include "mc/core/messages.hpp"
#include "mc/core/scan.hpp"
#include "mc/core/text.hpp"

namespace mc {

namespace {

constexpr size_t kMaxPinDigits = kMaxStaffPinDigits;
constexpr size_t kMaxFindChars = 159;  // a tracking URL with the code in it

// What staff see when kiosk.db (or the queue) refused a read or a write: the screen stays up and says so.
LocalizedText storage_message(const std::exception& error) {
  const auto* db_error = dynamic_cast<const DbError*>(&error);
  const std::string detail = error.what();
  if (db_error && db_error->is_disk_full()) return message("staff.data_disk_full", {{"detail", detail}});
  if (db_error && db_error->is_read_only()) return message("staff.data_read_only", {{"detail", detail}});
  if (db_error && db_error->is_busy()) return message("staff.data_busy", {{"detail", detail}});
  return message("staff.data_error", {{"detail", detail}});
}

std::string two_digits(int value) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%02d", value);
  return buffer;
}

std::string hh_mm(int64_t unix_seconds) {
  const LocalDateTime local = LocalDateTime::from_unix(unix_seconds);
  return two_digits(local.hour) + ":" + two_digits(local.minute);
}

// A value in the configuration table, which staff read in either language.
std::string both_languages(const LocalizedText& text) {
  return text.vi + " / " + text.en;
}

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string mask_secret(const std::string& value) {
  if (value.empty()) return "";
  return "••••••";
}

std::string mask_tail(const std::string& value, size_t keep) {
  if (value.size() <= keep) return std::string(value.size(), '*');
  return std::string(value.size() - keep, '*') + value.substr(value.size() - keep);
}

}  // namespace

LocalizedText staff_screen_title(StaffScreen screen) {
  switch (screen) {
    case StaffScreen::Closed:
      return mc::message("staff.screen.closed");
    case StaffScreen::PinPad:
      return mc::message("staff.screen.pin_pad");
    case StaffScreen::Find:
      return mc::message("staff.screen.find");
    case StaffScreen::Detail:
      return mc::message("staff.screen.detail");
    case StaffScreen::Queue:
      return mc::message("staff.screen.queue");
    case StaffScreen::Printer:
      return mc::message("staff.screen.printer");
    case StaffScreen::Summary:
      return mc::message("staff.screen.summary");
    case StaffScreen::Configuration:
      return mc::message("staff.screen.configuration");
    case StaffScreen::Tickets:
      return mc::message("staff.screen.tickets");
    case StaffScreen::IdCard:
      return mc::message("staff.screen.id_card");
    case StaffScreen::Documents:
      return mc::message("staff.screen.documents");
  }
  return {"", ""};
}

const char* staff_screen_name(StaffScreen screen) {
  switch (screen) {
    case StaffScreen::Closed:
      return "closed";
    case StaffScreen::PinPad:
      return "pin";
    case StaffScreen::Find:
      return "find";
    case StaffScreen::Detail:
      return "detail";
    case StaffScreen::Queue:
      return "queue";
    case StaffScreen::Printer:
      return "printer";
    case StaffScreen::Summary:
      return "summary";
    case StaffScreen::Configuration:
      return "configuration";
    case StaffScreen::Tickets:
      return "tickets";
    case StaffScreen::IdCard:
      return "chip";
    case StaffScreen::Documents:
      return "documents";
  }
  return "";
}

std::vector<std::pair<std::string, std::string>> staff_config_rows(const Config& config) {
  std::vector<std::pair<std::string, std::string>> rows;
  auto add = [&rows](std::string key, std::string value) { rows.emplace_back(std::move(key), std::move(value)); };
  add("kiosk.id", config.kiosk.id);
  add("kiosk.slot", std::to_string(config.kiosk.slot));
  add("kiosk.staff_pin_hash", config.kiosk.staff_pin_hash.empty() ? both_languages(mc::message("staff.config.not_set"))
                                                                  : mask_secret(config.kiosk.staff_pin_hash));
  add("agency.code", config.agency.code);
  add("agency.name_vi", config.agency.name_vi);
  add("data_dir", config.data_dir);
  add("assets_dir", config.resolved_assets_dir());
  add("server.url", config.server.url);
  // The file path is not a secret; its content (username/password) is never read here.
  add("server.credentials_file", config.server.credentials_file.empty() ? "(demo)" : config.server.credentials_file);
  add("server.verify_tls", config.server.verify_tls ? "true" : "false");
  add("server.batch_size", std::to_string(config.server.batch_size));
  add("server.status_poll_s", std::to_string(config.server.status_poll_s));
  add("server.heartbeat_interval_s", std::to_string(config.server.heartbeat_interval_s));
  add("printer.transport", config.printer.transport);
  add("printer.profile", config.printer.profile);
  add("printer.device", config.printer.device);
  add("printer.host", config.printer.host + ":" + std::to_string(config.printer.port));
  add("printer.output_dir", config.printer.output_dir);
  add("printer.tracking_url", config.printer.tracking_url);
  add("printer.bank_bin", config.printer.bank_bin);
  add("printer.bank_account", mask_tail(config.printer.bank_account, 4));
  add("printer.office_queue", config.printer.office_queue);
  add("scanner.wedge", config.scanner.wedge ? "true" : "false");
  add("scanner.camera_device", config.scanner.camera_device);
  add("scanner.document_device", config.scanner.document_device);
  add("scanner.document_export_dir", config.scanner.document_export_dir);
  add("ui.default_language", config.ui.default_language);
  add("ui.idle_timeout_s", std::to_string(config.ui.idle_timeout_s));
  add("ui.fullscreen", config.ui.fullscreen ? "true" : "false");
  add("ui.orientation", config.ui.orientation);
  add("retention.personal_data_days", std::to_string(config.retention.personal_data_days));
  add("counter.name", config.counter.name);
  std::string areas;
  for (const auto& area : config.counter.areas) areas += (areas.empty() ? "" : ", ") + area;
  add("counter.areas", areas.empty() ? both_languages(mc::message("staff.config.all_areas")) : areas);
  // The connection line never holds a password (config check refuses one); the password file is a path.
  add("office.database", config.office_db.database.empty() ? both_languages(mc::message("staff.config.this_kiosk_only"))
                                                           : config.office_db.database);
  add("office.password_file", config.office_db.password_file);
  add("metrics.textfile_dir", config.metrics.textfile_dir);
  add("metrics.interval_s", std::to_string(config.metrics.interval_s));
  add("log_level", config.log_level);
  return rows;
}

std::string staff_summary_csv(const StaffSummary& summary) {
  std::string csv = "\xEF\xBB\xBF";  // BOM
  csv += "kind,day,procedure_code,procedure_name,key,label,count\r\n";
  const std::string day = summary.day.iso();
  auto line = [&](std::string_view kind, std::string_view procedure_code, std::string_view procedure_name,
                  std::string_view key, std::string_view label, int count) {
    csv += std::string(kind) + "," + day + "," + csv_field(procedure_code) + "," + csv_field(procedure_name) + "," +
           csv_field(key) + "," + csv_field(label) + "," + std::to_string(count) + "\r\n";
  };
  auto rating_lines = [&](std::string_view code, std::string_view name, const RatingCounts& counts) {
    line("rating", code, name, "1", rating_label(Rating::Unsatisfied).vi, counts.unsatisfied);
    line("rating", code, name, "2", rating_label(Rating::Satisfied).vi, counts.satisfied);
    line("rating", code, name, "3", rating_label(Rating::VerySatisfied).vi, counts.very_satisfied);
  };
  for (const auto& row : summary.procedures) {
    for (const auto& [status, count] : row.by_status) {
      line("dossiers", row.procedure_code, row.procedure_name.vi, std::to_string(status),
           status_label(static_cast<DossierStatus>(status)).vi, count);
    }
    line("dossiers_total", row.procedure_code, row.procedure_name.vi, "", "", row.total);
    if (row.ratings.total() > 0) rating_lines(row.procedure_code, row.procedure_name.vi, row.ratings);
  }
  for (const auto& [status, count] : summary.by_status) {
    line("all_dossiers", "", "", std::to_string(status), status_label(static_cast<DossierStatus>(status)).vi, count);
  }
  line("all_dossiers_total", "", "", "", "", summary.total_dossiers);
  rating_lines("", "", summary.ratings);
  line("all_ratings_total", "", "", "", "", summary.ratings.total());
  return csv;
}

StaffConsole::StaffConsole(Database& local_state, const Config& config, Clock clock, StaffConsoleHooks hooks,
                           StaffConsoleOptions options)
    : clock_(clock),
      hooks_(std::move(hooks)),
      options_(std::move(options)),
      data_dir_(config.data_dir),
      auth_(local_state, config.kiosk.staff_pin_hash, clock),
      audit_(local_state, clock),
      own_tickets_(options_.tickets ? nullptr : std::make_unique<SqliteTicketStore>(local_state, clock)),
      tickets_(options_.tickets ? *options_.tickets : *own_tickets_),
      ratings_(local_state, clock),
      config_rows_(staff_config_rows(config)) {
  if (options_.counter_terminal) screen_ = StaffScreen::PinPad;
}

// ---------------------------------------------------------------- mode

void StaffConsole::open_pin_pad() {
  if (is_authenticated()) return;
  screen_ = StaffScreen::PinPad;
  pin_.clear();
  note_activity();
  if (auto until = auth_.locked_until()) {
    set_message(false, mc::message("staff.msg.locked_until", {{"time", hh_mm(*until)}}));
  } else {
    set_message(true, mc::message("staff.msg.enter_pin"));
  }
}

void StaffConsole::show(StaffScreen screen) {
  if (!is_authenticated() || screen == StaffScreen::Closed || screen == StaffScreen::PinPad) return;
  if ((screen == StaffScreen::Detail || screen == StaffScreen::Documents) && !current_) screen = StaffScreen::Find;
  note_activity();
  screen_ = screen;
  set_message(true, {"", ""});
  if (screen == StaffScreen::Queue) refresh_queue();
  if (screen == StaffScreen::Configuration) audit_action("view_config");
}

void StaffConsole::reset_session() {
  pin_.clear();
  std::fill(find_text_.begin(), find_text_.end(), '\0');  // may hold a mistaken scan (an ID card)
  find_text_.clear();
  chip_number_.clear();
  chip_request_ = false;
  current_.reset();
  document_code_.clear();
  queue_ = {};
  last_ticket_.reset();
  message_ = {};
  message_error_ = false;
}

void StaffConsole::leave() {
  if (screen_ == StaffScreen::Closed) return;
  if (is_authenticated()) audit_action("leave");
  reset_session();
  screen_ = options_.counter_terminal ? StaffScreen::PinPad : StaffScreen::Closed;
}

void StaffConsole::note_activity() {
  last_activity_unix_ = clock_();
}

int64_t StaffConsole::seconds_until_auto_leave() const {
  return std::max<int64_t>(0, last_activity_unix_ + options_.inactivity_seconds - clock_());
}

bool StaffConsole::tick() {
  if (screen_ == StaffScreen::Closed) return false;
  if (clock_() - last_activity_unix_ < options_.inactivity_seconds) return false;
  // A counter terminal sitting on its PIN pad has nothing to leave.
  if (options_.counter_terminal && screen_ == StaffScreen::PinPad && pin_.empty()) return false;
  if (is_authenticated()) audit_action("auto_leave", "inactive_s=" + std::to_string(options_.inactivity_seconds));
  reset_session();
  screen_ = options_.counter_terminal ? StaffScreen::PinPad : StaffScreen::Closed;
  return true;
}

// ---------------------------------------------------------------- keys and scans

bool StaffConsole::type_text(std::string_view utf8) {
  if (!is_open()) return false;
  note_activity();
  if (screen_ == StaffScreen::PinPad) {
    for (char c : utf8) press_digit(c);  // anything but digits is ignored
  } else if (screen_ == StaffScreen::Find || screen_ == StaffScreen::Detail) {
    for (char c : utf8)
      if (c >= 0x20 && c < 0x7f && find_text_.size() < kMaxFindChars) find_text_.push_back(c);
    if (screen_ == StaffScreen::Detail) show(StaffScreen::Find);
  } else if (screen_ == StaffScreen::IdCard) {
    for (char c : utf8)
      if (c >= '0' && c <= '9' && chip_number_.size() < 12) chip_number_.push_back(c);
  }
  return true;
}

bool StaffConsole::backspace() {
  if (!is_open()) return false;
  note_activity();
  if (screen_ == StaffScreen::PinPad)
    press_backspace();
  else if (screen_ == StaffScreen::IdCard && !chip_number_.empty())
    chip_number_.pop_back();
  else if (screen_ != StaffScreen::IdCard && !find_text_.empty())
    find_text_.pop_back();
  return true;
}

bool StaffConsole::enter() {
  if (!is_open()) return false;
  if (screen_ == StaffScreen::PinPad) {
    if (!pin_.empty()) submit_pin();
  } else if (screen_ == StaffScreen::Find && !find_text_.empty()) {
    const std::string text = std::move(find_text_);
    find_text_.clear();
    find(text);
  } else if (screen_ == StaffScreen::IdCard) {
    note_activity();
    chip_request_ = chip_number_.size() == 12 || chip_number_.size() == 6;
  } else {
    note_activity();
  }
  return true;
}

bool StaffConsole::take_chip_request() {
  const bool requested = chip_request_;
  chip_request_ = false;
  return requested;
}

bool StaffConsole::escape() {
  if (!is_open()) return false;
  if (screen_ == StaffScreen::PinPad)
    leave();
  else if (screen_ == StaffScreen::Detail)
    show(StaffScreen::Find);
  else
    note_activity();
  return true;
}

bool StaffConsole::on_scan(std::string_view text) {
  if (!is_authenticated()) return false;
  note_activity();
  if (screen_ == StaffScreen::Find || screen_ == StaffScreen::Detail) {
    find_text_.clear();
    find(text);
  } else if (screen_ == StaffScreen::IdCard) {
    // The ID card's QR code starts with the 12-digit ID number: its last 6 digits open the chip.
    const std::string_view number = text.substr(0, text.find('|'));
    if (number.size() == 12 && std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      chip_number_ = std::string(number);
      chip_request_ = true;
    }
  }
  return true;
}

// ---------------------------------------------------------------- PIN pad

void StaffConsole::press_digit(char digit) {
  if (screen_ != StaffScreen::PinPad || digit < '0' || digit > '9') return;
  note_activity();
  if (pin_.size() < kMaxPinDigits) pin_.push_back(digit);
}

void StaffConsole::press_backspace() {
  if (screen_ != StaffScreen::PinPad) return;
  note_activity();
  if (!pin_.empty()) pin_.pop_back();
}

void StaffConsole::press_clear() {
  if (screen_ != StaffScreen::PinPad) return;
  note_activity();
  pin_.clear();
}

std::string StaffConsole::masked_pin() const {
  std::string out;
  out.assign(pin_.size(), '*');  // ASCII: every kiosk font has it
  return out;
}

bool StaffConsole::locked() const {
  return auth_.locked_until().has_value();
}

void StaffConsole::submit_pin() {
  if (screen_ != StaffScreen::PinPad) return;
  note_activity();
  const std::string pin = std::move(pin_);
  pin_.clear();
  const StaffAuth::Attempt attempt = auth_.try_pin(pin);
  if (!auth_.storage_problem().empty())
    log_error("staff", "PIN lockout not saved in kiosk.db (kept in memory): " + auth_.storage_problem());
  switch (attempt.outcome) {
    case StaffAuth::Outcome::Granted:
      audit_action("login");
      screen_ = StaffScreen::Find;
      set_message(true, mc::message("staff.msg.logged_in"));
      break;
    case StaffAuth::Outcome::WrongPin:
      audit_action("login_failed", "remaining=" + std::to_string(attempt.remaining_tries));
      set_message(false, mc::message("staff.msg.wrong_pin", {{"n", std::to_string(attempt.remaining_tries)}}));
      break;
    case StaffAuth::Outcome::LockedOut:
      audit_action("login_locked", "until=" + hh_mm(attempt.locked_until_unix));
      set_message(false, mc::message("staff.msg.locked_until", {{"time", hh_mm(attempt.locked_until_unix)}}));
      break;
    case StaffAuth::Outcome::NotConfigured:
      audit_action("login_failed", "pin_not_set");
      set_message(false, mc::message("staff.msg.pin_not_set"));
      break;
  }
}

// ---------------------------------------------------------------- helpers

void StaffConsole::set_message(bool ok, LocalizedText text) {
  message_ = std::move(text);
  message_error_ = !ok;
  if (audit_problem_) {
    const LocalizedText gap =
        mc::message("staff.audit_not_written", {{"vi", audit_problem_->vi}, {"en", audit_problem_->en}});
    message_.vi += (message_.vi.empty() ? "" : " — ") + gap.vi;
    message_.en += (message_.en.empty() ? "" : " — ") + gap.en;
    message_error_ = true;
  }
}

void StaffConsole::show_storage_problem(const std::exception& error) {
  log_error("staff", std::string("data error: ") + error.what());
  set_message(false, storage_message(error));
}

void StaffConsole::audit_action(std::string_view action, std::string_view detail) {
  try {
    audit_.record("staff", action, detail);
    audit_problem_.reset();
  } catch (const std::exception& error) {
    // The action itself went ahead; staff are told the log has a gap, and the system log keeps the entry.
    log_error("staff", "audit log not written (" + std::string(error.what()) + "): " + std::string(action) + " " +
                           std::string(detail));
    audit_problem_ = storage_message(error);
  }
}

StaffActionResult StaffConsole::not_available() {
  StaffActionResult result{false, mc::message("staff.msg.not_available")};
  set_message(false, result.message);
  return result;
}

// ---------------------------------------------------------------- find / detail

std::optional<std::pair<std::string, const char*>> StaffConsole::person_key(std::string_view typed) {
  const std::string text = trim(std::string(typed));
  const bool digits_only =
      !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits_only && text.size() == 12) return std::pair{text, "id_number"};  // căn cước
  // A phone as typed at the counter: "0912345678", "+84912345678", "0912 345 678".
  const std::string phone = normalize_phone(text);
  const bool phone_like = phone.size() == 10 && phone[0] == '0' &&
                          std::all_of(phone.begin(), phone.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (phone_like && text.find_first_not_of("+0123456789 .-") == std::string::npos) return std::pair{phone, "phone"};
  return std::nullopt;
}

bool StaffConsole::find_by_person(const std::string& key, const char* kind) {
  // The audit says how the officer searched and how many dossiers matched, never the number itself.
  std::vector<std::string> codes;
  try {
    codes = hooks_.find_codes_by_person(key);
    if (!codes.empty()) current_ = hooks_.find_dossier ? hooks_.find_dossier(codes.front()) : std::nullopt;
  } catch (const std::exception& error) {
    current_.reset();
    audit_action("find", std::string("by_") + kind + " error");
    show_storage_problem(error);
    return false;
  }
  if (codes.empty() || !current_) {
    current_.reset();
    audit_action("find", std::string("by_") + kind + " not_found");
    set_message(false, mc::message(std::string("staff.msg.person_not_found.") + kind));
    screen_ = StaffScreen::Find;
    return false;
  }
  audit_action("find",
               std::string("by_") + kind + " " + current_->code + " found matches=" + std::to_string(codes.size()));
  set_message(true, codes.size() == 1 ? mc::message("staff.msg.found", {{"code", current_->code}})
                                      : mc::message("staff.msg.found_newest_of",
                                                    {{"code", current_->code}, {"n", std::to_string(codes.size())}}));
  screen_ = StaffScreen::Detail;
  return true;
}

bool StaffConsole::find(std::string_view typed_or_scanned) {
  if (!is_authenticated()) return false;
  note_activity();
  document_code_.clear();  // another dossier (or none): no document of the last one stays open
  const auto code = dossier_code_in_scan(typed_or_scanned);
  if (!code && hooks_.find_codes_by_person) {
    if (auto person = person_key(typed_or_scanned)) return find_by_person(person->first, person->second);
  }
  if (!code) {
    // Whatever was typed or scanned (perhaps an ID card) stays out of the audit log.
    audit_action("find", "unrecognized");
    set_message(false, mc::message("staff.msg.find_unrecognized"));
    return false;
  }
  if (!hooks_.find_dossier) {
    not_available();
    return false;
  }
  try {
    current_ = hooks_.find_dossier(*code);
  } catch (const std::exception& error) {
    current_.reset();
    audit_action("find", *code + " error");
    show_storage_problem(error);
    return false;
  }
  if (!current_) {
    audit_action("find", *code + " not_found");
    set_message(false, mc::message("staff.msg.not_on_kiosk", {{"code", *code}}));
    screen_ = StaffScreen::Find;
    return false;
  }
  audit_action("find", *code + " found");
  set_message(true, mc::message("staff.msg.found", {{"code", *code}}));
  screen_ = StaffScreen::Detail;
  return true;
}

StaffActionResult StaffConsole::reprint(int copies_mask) {
  if (!is_authenticated() || !current_) {
    StaffActionResult result{false, mc::message("staff.msg.no_dossier")};
    set_message(false, result.message);
    return result;
  }
  note_activity();
  copies_mask &= 3;
  if (copies_mask == 0) copies_mask = 3;
  const char* copies = copies_mask == 1 ? "1" : copies_mask == 2 ? "2" : "both";
  if (!hooks_.reprint) {
    audit_action("reprint", current_->code + " copies=" + copies + " unavailable");
    return not_available();
  }
  StaffActionResult result;
  try {
    result = hooks_.reprint(current_->code, copies_mask);
  } catch (const std::exception& error) {
    result = {false, storage_message(error)};
  }
  audit_action("reprint", current_->code + " copies=" + copies +
                              (result.pending ? " started"
                               : result.ok    ? " ok"
                                              : " failed"));
  set_message(result.ok, result.message);
  return result;
}

StaffActionResult StaffConsole::retry(const std::string& code) {
  if (!is_authenticated()) return {false, mc::message("staff.msg.not_logged_in")};
  note_activity();
  if (!parse_dossier_code(code)) {
    StaffActionResult result{false, mc::message("staff.msg.bad_code")};
    set_message(false, result.message);
    return result;
  }
  if (!hooks_.retry) {
    audit_action("retry", code + " unavailable");
    return not_available();
  }
  StaffActionResult result;
  try {
    result = hooks_.retry(code);
  } catch (const std::exception& error) {
    result = {false, storage_message(error)};
  }
  audit_action("retry", code + (result.ok ? " ok" : " failed"));
  set_message(result.ok, result.message);
  try {
    if (result.ok && current_ && current_->code == code && hooks_.find_dossier) {
      if (auto fresh = hooks_.find_dossier(code)) current_ = std::move(fresh);
    }
    if (result.ok && hooks_.queue_overview) queue_ = hooks_.queue_overview();
  } catch (const std::exception& error) {
    show_storage_problem(error);
  }
  return result;
}

StaffActionResult StaffConsole::retry_current() {
  if (!current_) return {false, mc::message("staff.msg.no_dossier")};
  return retry(current_->code);
}

const char* office_form_action(OfficeForm form) {
  return form == OfficeForm::ControlSlip05 ? "form_05" : "form_01";
}

StaffActionResult StaffConsole::print_office_form(OfficeForm form) {
  if (!is_authenticated() || !current_) {
    StaffActionResult result{false, mc::message("staff.forms.no_dossier")};
    set_message(false, result.message);
    return result;
  }
  note_activity();
  const char* action = office_form_action(form);
  if (!hooks_.print_office_form) {
    audit_action(action, current_->code + " unavailable");
    return not_available();
  }
  StaffActionResult result = hooks_.print_office_form(current_->code, form);
  audit_action(action, current_->code +
                           (result.pending ? " started"
                            : result.ok    ? " ok"
                                           : " failed") +
                           (result.audit_detail.empty() ? "" : " " + result.audit_detail));
  set_message(result.ok, result.message);
  return result;
}

void StaffConsole::open_document(const std::string& document_code) {
  if (!is_authenticated() || !current_) return;
  note_activity();
  const auto& documents = current_->documents;
  const auto document = std::find_if(documents.begin(), documents.end(),
                                     [&](const StaffDocumentView& d) { return d.code == document_code; });
  if (document == documents.end()) return;  // only the dossier's own documents, by code
  screen_ = StaffScreen::Documents;
  if (document_code_ == document_code) return;
  document_code_ = document_code;
  // Opening a citizen's document is reading personal data: audited like a find, by codes only.
  audit_action("view_document", current_->code + " " + document_code);
  set_message(true, {"", ""});
}

StaffActionResult StaffConsole::export_document() {
  if (!is_authenticated() || !current_ || document_code_.empty()) {
    StaffActionResult result{false, mc::message("staff.documents.none_open")};
    set_message(false, result.message);
    return result;
  }
  note_activity();
  const std::string codes = current_->code + " " + document_code_;
  if (!hooks_.export_document) {
    audit_action("export_document", codes + " unavailable");
    return not_available();
  }
  StaffActionResult result;
  try {
    result = hooks_.export_document(current_->code, document_code_);
  } catch (const std::exception& error) {
    result = {false, storage_message(error)};
  }
  audit_action("export_document", codes +
                                      (result.pending ? " started"
                                       : result.ok    ? " ok"
                                                      : " failed") +
                                      (result.audit_detail.empty() ? "" : " " + result.audit_detail));
  set_message(result.ok, result.message);
  return result;
}

// ---------------------------------------------------------------- queue / printer / sync

const StaffQueueOverview& StaffConsole::refresh_queue() {
  try {
    if (is_authenticated() && hooks_.queue_overview) queue_ = hooks_.queue_overview();
  } catch (const std::exception& error) {
    show_storage_problem(error);
  }
  return queue_;
}

StaffActionResult StaffConsole::sync_now() {
  if (!is_authenticated()) return {false, mc::message("staff.msg.not_logged_in")};
  note_activity();
  if (!hooks_.sync_now) {
    audit_action("sync_now", "unavailable");
    return not_available();
  }
  StaffActionResult result;
  try {
    result = hooks_.sync_now();
  } catch (const std::exception& error) {
    result = {false, storage_message(error)};
  }
  audit_action("sync_now", result.ok ? "ok" : "failed");
  set_message(result.ok, result.message);
  return result;
}

StaffActionResult StaffConsole::print_test_page() {
  if (!is_authenticated()) return {false, mc::message("staff.msg.not_logged_in")};
  note_activity();
  if (!hooks_.print_test_page) {
    audit_action("printer_test", "unavailable");
    return not_available();
  }
  StaffActionResult result;
  try {
    result = hooks_.print_test_page();
  } catch (const std::exception& error) {
    result = {false, storage_message(error)};
  }
  audit_action("printer_test", result.pending ? "started" : result.ok ? "ok" : "failed");
  set_message(result.ok, result.message);
  return result;
}

void StaffConsole::complete(std::string_view action, const std::string& code, const StaffActionResult& outcome) {
  audit_action(action, (code.empty() ? "" : code + " ") + (outcome.ok ? "ok" : "failed") +
                           (outcome.audit_detail.empty() ? "" : " " + outcome.audit_detail));
  // Staff may have left meanwhile: the audit keeps the outcome, the next session does not see a stale message.
  if (is_authenticated()) set_message(outcome.ok, outcome.message);
}

LocalizedText StaffConsole::printer_state() const {
  try {
    if (hooks_.printer_state) return hooks_.printer_state();
  } catch (const std::exception& error) {
    return storage_message(error);
  }
  return mc::message("staff.state.unknown");
}

LocalizedText StaffConsole::sync_state() const {
  try {
    if (hooks_.sync_state) return hooks_.sync_state();
  } catch (const std::exception& error) {
    return storage_message(error);
  }
  return mc::message("staff.state.unknown");
}

// ---------------------------------------------------------------- summary

StaffSummary StaffConsole::summary_for(Date day) const {
  StaffSummary summary;
  summary.day = day;
  std::map<std::string, StaffSummary::ProcedureRow> rows;
  std::vector<StaffSummaryDossier> of_day;
  std::map<std::string, RatingCounts> ratings_by_procedure;
  try {
    if (hooks_.dossiers_of_day) of_day = hooks_.dossiers_of_day(day);
    ratings_by_procedure = ratings_.counts_by_procedure(day);
    summary.ratings = ratings_.counts_for_day(day);
  } catch (const std::exception& error) {
    // An empty or partial summary is shown; the caller's message says why (summary_problem()).
    log_error("staff", std::string("summary: ") + error.what());
    summary.problem = storage_message(error);
  }
  {
    std::set<std::string> seen;  // a dossier counts once even if a hook lists it twice
    for (const auto& dossier : of_day) {
      if (!seen.insert(dossier.code).second) continue;
      auto& row = rows[dossier.procedure_code];
      row.procedure_code = dossier.procedure_code;
      if (row.procedure_name.vi.empty()) row.procedure_name = dossier.procedure_name;
      const int status = static_cast<int>(dossier.status);
      ++row.by_status[status];
      ++row.total;
      ++summary.by_status[status];
      ++summary.total_dossiers;
    }
  }
  for (const auto& [procedure_code, counts] : ratings_by_procedure) {
    auto& row = rows[procedure_code];
    row.procedure_code = procedure_code;
    row.ratings = counts;
  }
  for (auto& [code, row] : rows) summary.procedures.push_back(std::move(row));
  return summary;
}

StaffSummary StaffConsole::today_summary() const {
  return summary_for(LocalDateTime::from_unix(clock_()).date);
}

StaffActionResult StaffConsole::print_register(Date from, Date to) {
  if (!is_authenticated()) return {false, mc::message("staff.forms.not_signed_in")};
  note_activity();
  if (to < from) std::swap(from, to);
  const std::string period = from.iso() + ".." + to.iso();
  if (!hooks_.print_register) {
    audit_action("form_06", period + " unavailable");
    return not_available();
  }
  StaffActionResult result = hooks_.print_register(from, to);
  audit_action("form_06", period +
                              (result.pending ? " started"
                               : result.ok    ? " ok"
                                              : " failed") +
                              (result.audit_detail.empty() ? "" : " " + result.audit_detail));
  set_message(result.ok, result.message);
  return result;
}

StaffActionResult StaffConsole::print_today_register() {
  const Date today = LocalDateTime::from_unix(clock_()).date;
  return print_register(today, today);
}

std::string StaffConsole::export_today_csv() {
  if (!is_authenticated()) return "";
  note_activity();
  const StaffSummary summary = today_summary();
  const std::string path = data_dir_ + "/tong-hop-" + summary.day.iso() + ".csv";
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << staff_summary_csv(summary);
  out.close();
  if (!out) {
    audit_action("export_summary", "failed");
    set_message(false, mc::message("staff.msg.export_failed", {{"path", path}}));
    return "";
  }
  audit_action("export_summary", summary.day.iso() + " dossiers=" + std::to_string(summary.total_dossiers) +
                                     " ratings=" + std::to_string(summary.ratings.total()));
  set_message(true, mc::message("staff.msg.exported", {{"path", path}}));
  return path;
}

// ---------------------------------------------------------------- tickets

std::optional<Ticket> StaffConsole::call_next() {
  if (!is_authenticated()) return std::nullopt;
  note_activity();
  std::vector<std::string> areas = options_.areas;
  std::optional<Ticket> ticket;
  try {
    ticket = tickets_.call_next(areas, options_.counter);
  } catch (const TicketStoreUnavailable&) {
    audit_action("ticket_call_next", "counter=" + options_.counter + " unavailable");
    set_message(false, mc::message("staff.tickets.unavailable"));
    return std::nullopt;
  } catch (const std::exception& error) {
    audit_action("ticket_call_next", "counter=" + options_.counter + " error");
    show_storage_problem(error);
    return std::nullopt;
  }
  if (!ticket) {
    audit_action("ticket_call_next", "counter=" + options_.counter + " none_waiting");
    set_message(false, mc::message("staff.msg.nobody_waiting"));
    return std::nullopt;
  }
  last_ticket_ = ticket;
  audit_action("ticket_call_next", ticket->label + " counter=" + options_.counter);
  set_message(true, mc::message("staff.msg.calling", {{"number", ticket->label}, {"counter", options_.counter}}));
  return ticket;
}

std::optional<Ticket> StaffConsole::recall() {
  if (!is_authenticated()) return std::nullopt;
  note_activity();
  std::optional<Ticket> ticket;
  try {
    ticket = tickets_.recall(options_.counter);
  } catch (const TicketStoreUnavailable&) {
    audit_action("ticket_recall", "counter=" + options_.counter + " unavailable");
    set_message(false, mc::message("staff.tickets.unavailable"));
    return std::nullopt;
  } catch (const std::exception& error) {
    show_storage_problem(error);
    return std::nullopt;
  }
  audit_action("ticket_recall", (ticket ? ticket->label : std::string("none")) + " counter=" + options_.counter);
  if (!ticket) {
    set_message(false, mc::message("staff.msg.none_called"));
    return std::nullopt;
  }
  last_ticket_ = ticket;
  set_message(true, mc::message("staff.msg.recalled", {{"number", ticket->label}}));
  return ticket;
}

std::optional<Ticket> StaffConsole::skip() {
  if (!is_authenticated()) return std::nullopt;
  note_activity();
  std::optional<Ticket> ticket;
  try {
    ticket = tickets_.skip(options_.counter);
  } catch (const TicketStoreUnavailable&) {
    audit_action("ticket_skip", "counter=" + options_.counter + " unavailable");
    set_message(false, mc::message("staff.tickets.unavailable"));
    return std::nullopt;
  } catch (const std::exception& error) {
    show_storage_problem(error);
    return std::nullopt;
  }
  audit_action("ticket_skip", (ticket ? ticket->label : std::string("none")) + " counter=" + options_.counter);
  if (!ticket) {
    set_message(false, mc::message("staff.msg.none_to_skip"));
    return std::nullopt;
  }
  last_ticket_.reset();
  set_message(true, mc::message("staff.msg.skipped", {{"number", ticket->label}}));
  return ticket;
}

std::vector<Ticket> StaffConsole::recently_called(int limit) const {
  try {
    return tickets_.recently_called(limit);
  } catch (const std::exception&) {
    return {};  // drawn every frame: the ticket actions report the problem
  }
}

int StaffConsole::waiting() const {
  if (options_.areas.empty()) return -1;  // unknown without an area list; the view hides it
  int total = 0;
  try {
    for (const auto& area : options_.areas) total += tickets_.waiting(area);
  } catch (const std::exception&) {
    return -1;  // unknown: the view hides it, the ticket actions say why
  }
  return total;
}

TicketServiceStatus StaffConsole::tickets_available() const {
  return tickets_.status();
}

std::optional<TicketStats> StaffConsole::ticket_stats() const {
  try {
    return tickets_.stats();
  } catch (const std::exception&) {  // the office database away, or kiosk.db unreadable
    return std::nullopt;
  }
}

}  // namespace mc
