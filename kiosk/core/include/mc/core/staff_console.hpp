#pragma once
// Staff mode as a UI-free model (issue 7): the PIN pad, the staff screens and their actions. The core
// does not know the queue, sync engine or printer: the app injects them as StaffConsoleHooks, so the
// model is unit-tested with plain lambdas. Every action goes to the AuditLog with dossier codes and
// counts only (never names, ID numbers or what was typed into the search box unless it is a dossier code).
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>
#include "mc/core/config.hpp"
#include "mc/core/datetime.hpp"
#include "mc/core/db.hpp"
#include "mc/core/dossier.hpp"
#include "mc/core/localized.hpp"
#include "mc/core/ratings.hpp"
#include "mc/core/sqlite_ticket_store.hpp"
#include "mc/core/staff.hpp"
#include "mc/core/tickets.hpp"

namespace mc {

// Documents: the current dossier's electronic documents, their pages and export (issue 14).
enum class StaffScreen {
  Closed,
  PinPad,
  Find,
  Detail,
  Queue,
  Printer,
  Summary,
  Configuration,
  Tickets,
  IdCard,
  Documents
};
LocalizedText staff_screen_title(StaffScreen screen);
const char* staff_screen_name(StaffScreen screen);  // "pin", "find", ... for logs and test hooks

// One electronic document of a dossier (số hóa hồ sơ, issue 14) as staff mode lists it: codes and counts.
struct StaffDocumentView {
  std::string code;  // mã thành phần hồ sơ, "TP2"
  LocalizedText name;
  int pages = 0;
  bool uploaded = false;  // the one-stop system took it (it has its TepDinhKemId)
  bool removed = false;   // the retention purge removed the sealed file (the one-stop system keeps it)
};

// What the detail screen shows for one dossier. The app fills it from the outbox entry.
struct StaffDossierView {
  std::string code;
  std::string procedure_code;
  LocalizedText procedure_name;
  DossierStatus status = DossierStatus::NewlyRegistered;
  std::string queue_state;  // outbox state name: queued / sending / synced / quarantined
  std::string quarantine_reason;
  std::string last_error;
  int attempts = 0;
  std::vector<std::pair<std::string, std::string>> answers;  // label, value: on screen only, never audited
  std::vector<std::string> history;                          // "2026-03-05 08:01 Tiếp nhận / accepted", ...
  std::vector<StaffDocumentView> documents;                  // the electronic ones, in the dossier's order
};

struct StaffQueueRow {
  std::string code;
  std::string procedure_code;
  std::string queue_state;
  int attempts = 0;
  std::string reason;  // quarantine reason or last error (no personal data)
  int64_t accepted_at_unix = 0;
};
struct StaffQueueOverview {
  int queued = 0, sending = 0, synced = 0, quarantined = 0;
  std::vector<StaffQueueRow> rows;  // newest first
};

// One dossier of the day for the summary: no personal data needed.
struct StaffSummaryDossier {
  std::string code;
  std::string procedure_code;
  LocalizedText procedure_name;
  DossierStatus status = DossierStatus::NewlyRegistered;
};

struct StaffActionResult {
  bool ok = false;
  LocalizedText message;
  // The hook started the work in the background (printing must not freeze the screen); the app reports
  // the outcome later with StaffConsole::complete().
  bool pending = false;
  // Added to the audit row (a print job's state and id, "paper=a5"...): never personal data.
  std::string audit_detail{};
};

// The office's A4/A5 forms a dossier's detail screen prints (Thông tư 01/2018/TT-VPCP, issue 15).
enum class OfficeForm { Receipt01, ControlSlip05 };
const char* office_form_action(OfficeForm form);  // "form_01" / "form_05": the audit action

// Every hook is optional: a missing one makes its action answer "not available" instead of crashing.
struct StaffConsoleHooks {
  std::function<std::optional<StaffDossierView>(const std::string& code)> find_dossier;
  // The codes of the dossiers whose applicant has this ID number or phone (normalised "0912345678"), newest
  // first, read from the queue's sealed data. The console audits the search without the number itself.
  std::function<std::vector<std::string>(const std::string& id_number_or_phone)> find_codes_by_person;
  std::function<StaffActionResult(const std::string& code, int copies_mask)> reprint;  // bit0 Liên 1, bit1 Liên 2
  std::function<StaffActionResult(const std::string& code)> retry;                     // quarantined -> queued
  std::function<StaffActionResult()> sync_now;
  std::function<StaffActionResult()> print_test_page;
  std::function<LocalizedText()> printer_state;
  std::function<LocalizedText()> sync_state;  // "Trực tuyến, 2 chờ gửi" ...
  std::function<StaffQueueOverview()> queue_overview;
  std::function<std::vector<StaffSummaryDossier>(Date day)> dossiers_of_day;  // received that (Vietnam) day
  // On the office printer (printer.office_queue): Mẫu 01 (A5) or Mẫu 05 of a dossier, Mẫu 06 of days.
  std::function<StaffActionResult(const std::string& code, OfficeForm form)> print_office_form;
  std::function<StaffActionResult(Date from, Date to)> print_register;
  // Writes a dossier's electronic document, opened and checked, as a PDF into the configured export folder
  // (scanner.document_export_dir, a USB stick). May answer `pending` and report through complete().
  std::function<StaffActionResult(const std::string& code, const std::string& document_code)> export_document;
};

struct StaffConsoleOptions {
  int inactivity_seconds = 120;    // auto-leave staff mode after this long without a touch
  bool counter_terminal = false;   // `kiosk --role staff`: leaving returns to the PIN pad, never closes
  std::string counter = "Q1";      // name of this counter for ticket calls
  std::vector<std::string> areas;  // service areas this counter calls; empty: every area
  // The office's ticket store (its database, shared by every machine); null: the tickets in local_state.
  TicketStore* tickets = nullptr;
};

struct StaffSummary {
  Date day;
  struct ProcedureRow {
    std::string procedure_code;
    LocalizedText procedure_name;
    std::map<int, int> by_status;  // DossierStatus code -> count
    int total = 0;
    RatingCounts ratings;
  };
  std::vector<ProcedureRow> procedures;  // sorted by procedure code
  std::map<int, int> by_status;          // all procedures
  int total_dossiers = 0;
  RatingCounts ratings;                  // all ratings of the day
  std::optional<LocalizedText> problem;  // the data could not all be read: the figures are incomplete
};

// The configuration in force as key/value rows for staff eyes, secrets masked.
std::vector<std::pair<std::string, std::string>> staff_config_rows(const Config& config);
// CSV of a summary (UTF-8 with BOM so spreadsheet programs show Vietnamese correctly).
std::string staff_summary_csv(const StaffSummary& summary);

class StaffConsole {
 public:
  // local_state: the kiosk.db database (lockout, audit log, tickets, ratings). pin_hash: config.kiosk.staff_pin_hash.
  StaffConsole(Database& local_state, const Config& config, Clock clock, StaffConsoleHooks hooks,
               StaffConsoleOptions options = {});

  // --- mode ---
  StaffScreen screen() const { return screen_; }
  bool is_open() const { return screen_ != StaffScreen::Closed; }
  bool is_authenticated() const { return screen_ != StaffScreen::Closed && screen_ != StaffScreen::PinPad; }
  void open_pin_pad();            // the hidden gesture / key
  void show(StaffScreen screen);  // navigation; ignored unless authenticated
  void leave();                   // audited; back to Closed (or PinPad on a counter terminal)
  void note_activity();           // any touch or key while open
  // Call once per frame (or on a timer): leaves staff mode after the inactivity time. True when it left.
  bool tick();
  int64_t seconds_until_auto_leave() const;

  // --- PIN pad ---
  void press_digit(char digit);  // '0'..'9'; more than 8 digits are ignored
  void press_backspace();
  void press_clear();
  void submit_pin();
  std::string masked_pin() const;  // one "*" per digit entered
  size_t pin_length() const { return pin_.size(); }
  bool locked() const;

  // --- keys and scans while open (the app's event loop routes them here, not to the citizen screen) ---
  // Each returns true when staff mode took the input. The find box holds printable ASCII only (a dossier
  // code or URL never needs more) and is emptied whenever staff mode is not authenticated.
  bool type_text(std::string_view utf8);  // PIN digits, or the find box
  bool backspace();
  bool enter();   // PIN pad: OK; Find: search what was typed
  bool escape();  // PIN pad: cancel; Detail: back to Find
  // A wedge, camera or serial scan (e.g. a receipt QR): on Find or Detail it looks the dossier up at once.
  // Staff mode swallows every scan while authenticated so none reaches the citizen screen underneath.
  bool on_scan(std::string_view text);
  const std::string& find_text() const { return find_text_; }
  // The ID card screen (issue 16): the ID number (or the 6-digit CAN) typed, or taken from a scanned ID
  // card QR, that opens the chip; Enter asks for a read, which the app takes with take_chip_request().
  const std::string& chip_number() const { return chip_number_; }
  void clear_chip_number() { chip_number_.clear(); }
  bool take_chip_request();

  // --- status line (last outcome) ---
  const LocalizedText& message() const { return message_; }
  bool message_is_error() const { return message_error_; }

  // --- find / detail ---
  // A dossier code (typed or its receipt QR), or the applicant's 12-digit ID number or phone: the newest of
  // that person's dossiers. True when a dossier was found (screen -> Detail).
  bool find(std::string_view typed_or_scanned);
  const std::optional<StaffDossierView>& current() const { return current_; }
  StaffActionResult reprint(int copies_mask);  // current dossier
  StaffActionResult retry(const std::string& code);
  StaffActionResult retry_current();
  // "In giấy tiếp nhận (A5)" / "In phiếu kiểm soát": the current dossier's form on the office printer.
  StaffActionResult print_office_form(OfficeForm form);
  // The current dossier's electronic documents (screen Documents): the one whose pages are shown ("" none
  // yet), chosen by its code (audited "view_document CODE TP2"), and its export (audited "export_document").
  void open_document(const std::string& document_code);
  const std::string& document_code() const { return document_code_; }
  StaffActionResult export_document();

  // --- queue / printer / sync ---
  const StaffQueueOverview& refresh_queue();
  const StaffQueueOverview& queue() const { return queue_; }
  StaffActionResult sync_now();
  StaffActionResult print_test_page();
  LocalizedText printer_state() const;
  LocalizedText sync_state() const;
  // The outcome of an action whose hook answered `pending` ("reprint", "printer_test"): audited and shown.
  void complete(std::string_view action, const std::string& code, const StaffActionResult& outcome);

  // --- summary ---
  StaffSummary summary_for(Date day) const;
  StaffSummary today_summary() const;
  // "In sổ theo dõi": Mẫu 06 of the dossiers received from `from` to `to`, or today.
  StaffActionResult print_register(Date from, Date to);
  StaffActionResult print_today_register();
  // Writes <data_dir>/tong-hop-YYYY-MM-DD.csv; returns its path (empty on failure, message says why).
  std::string export_today_csv();

  // --- configuration ---
  const std::vector<std::pair<std::string, std::string>>& configuration() const { return config_rows_; }

  // --- tickets at this counter ---
  std::optional<Ticket> call_next();
  std::optional<Ticket> recall();
  std::optional<Ticket> skip();
  const std::optional<Ticket>& last_ticket() const { return last_ticket_; }
  // Empty when the ticket store cannot answer (tickets_available() then says why).
  std::vector<Ticket> recently_called(int limit) const;
  int waiting() const;
  // False while the office database is away: calling is unavailable, the screen says so.
  TicketServiceStatus tickets_available() const;
  std::optional<TicketStats> ticket_stats() const;  // today, across every machine of the office
  const StaffConsoleOptions& options() const { return options_; }

  AuditLog& audit() { return audit_; }

 private:
  // "001099012345" -> {"001099012345", "id_number"}; "+84 912 345 678" -> {"0912345678", "phone"}.
  static std::optional<std::pair<std::string, const char*>> person_key(std::string_view typed);
  bool find_by_person(const std::string& key, const char* kind);
  void set_message(bool ok, LocalizedText text);
  // Every action is audited; a database that refuses the write is reported on screen, never thrown.
  void audit_action(std::string_view action, std::string_view detail = "");
  void show_storage_problem(const std::exception& error);
  StaffActionResult not_available();
  void reset_session();

  Clock clock_;
  StaffConsoleHooks hooks_;
  StaffConsoleOptions options_;
  std::string data_dir_;
  StaffAuth auth_;
  AuditLog audit_;
  std::unique_ptr<SqliteTicketStore> own_tickets_;  // when options.tickets is null
  TicketStore& tickets_;
  RatingStore ratings_;
  std::vector<std::pair<std::string, std::string>> config_rows_;

  StaffScreen screen_ = StaffScreen::Closed;
  std::string pin_;
  std::string find_text_;
  std::string chip_number_;
  bool chip_request_ = false;
  LocalizedText message_;
  bool message_error_ = false;
  int64_t last_activity_unix_ = 0;
  std::optional<StaffDossierView> current_;
  std::string document_code_;  // the current dossier's document whose pages are shown
  StaffQueueOverview queue_;
  std::optional<Ticket> last_ticket_;
  std::optional<LocalizedText> audit_problem_;  // the last audit write failed (cleared by the next that works)
};

}  // namespace mc
