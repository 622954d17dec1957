#pragma once
// The citizen's journey through the kiosk as a UI-free state machine, so every transition, the idle
// wipe and the scan routing are unit-tested without a window. The ImGui app is a thin view: it draws
// screen() and its data, forwards taps/keys/scans as calls, and executes the commands it takes
// (printing and server look-ups are slow, so they run off the UI thread and report back).
//
//   Attract -> ChooseProcedure -> ProcedureInfo -> Identify -> Form (one group per step)
//   -> Capture (one document per step, only with a document scanner and documents to digitize) -> Review
//   -> (submit) -> Receipt -> Rating -> Thanks -> Attract
//   Attract + receipt QR scan -> DossierStatus
//   Attract -> TakeNumber (service area, normal or priority) -> Ticket -> Attract   (lấy số thứ tự)
// back() goes one step back everywhere; cancel() wipes the citizen's data and returns to Attract.
// Idle: after idle_timeout_s without input a countdown of idle_warning_s shows; any input dismisses it;
// when it runs out everything about that citizen is wiped.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>
#include "mc/core/captured_page.hpp"
#include "mc/core/catalog.hpp"
#include "mc/core/datetime.hpp"
#include "mc/core/dossier.hpp"
#include "mc/core/form.hpp"
#include "mc/core/identity.hpp"
#include "mc/core/localized.hpp"
#include "mc/core/scan.hpp"
#include "mc/core/search.hpp"
#include "mc/core/tickets.hpp"

namespace mc {

enum class Screen { Attract, ChooseProcedure, ProcedureInfo, Identify, Form, Review, Receipt, Rating, Thanks,
                    DossierStatus, TakeNumber, Ticket, Capture };
const char* screen_name(Screen screen);  // "attract", "choose_procedure", ... (test hooks, logs)

// What the journey hands to the submission path (mc::sync::Intake in the app).
struct SubmitDraft {
  std::string procedure_code;
  CitizenIdentity applicant;
  Answers answers;
  ChipCheck chip_check;  // the applicant as read from the ID card's chip, unchanged since
  // The documents scanned at the capture step (none skipped, at least one page each); valid during the
  // submit call only (the pages stay the session's, and go with it).
  std::vector<const CapturedDocument*> documents;
};
struct SubmitOutcome {
  bool accepted = false;
  std::optional<Dossier> dossier;       // set when accepted
  std::vector<ValidationError> errors;  // form field ids, or "applicant.*"
  LocalizedText message;                // why it was not accepted
};
using SubmitFn = std::function<SubmitOutcome(const SubmitDraft&)>;

// A dossier looked up by its receipt code (the local queue first; the server's answer arrives later).
// One progress step the one-stop server reports for a dossier (CapNhatTienDoHoSoMC rows, issue 20).
struct StatusStepView {
  std::optional<LocalDateTime> at;
  std::string what;  // NoiDungXuLy, as the server wrote it (Vietnamese)
  std::string unit;  // PhongBanXuLy
};

struct DossierStatusView {
  std::string code;
  bool found = false;
  LocalizedText procedure_name;
  std::optional<DossierStatus> status;
  std::optional<LocalDateTime> received_at, due_at;
  bool synced = false;
  bool checking_server = false;
  bool server_answered = false;
  LocalizedText server_note;
  std::vector<StatusStepView> steps;  // oldest first, from the server's look-up (empty until it answers)
  // The receipt's mã tra cứu as this kiosk's queue holds it (LookupFn), for the look-up's gate; never drawn
  // (the journey takes it out of status_view).
  std::string lookup_code;
};
using LookupFn = std::function<DossierStatusView(const std::string& code)>;

// Work the view must do for the journey.
struct JourneyCommand {
  // ScanPage: capture one page (on a worker) and answer on_page_captured / on_capture_failed with `request`;
  // on_capture_progress while it reads. CancelScan: stop the page of `request` (the citizen left).
  enum class Kind { PrintReceipt, FetchStatus, RecordRating, TakeTicket, ScanPage, CancelScan };
  Kind kind;
  std::string dossier_code;
  int rating = 0;  // 1 Không hài lòng, 2 Hài lòng, 3 Rất hài lòng
  // TakeTicket: take (persist) a queue ticket for this service area, then print it. The results come
  // back as on_ticket_taken / on_ticket_failed, then on_ticket_printed, all carrying `request`.
  std::string area;
  bool priority = false;
  int request = 0;
};

enum class PrintState { None, Printing, Printed, Failed };

// The receipt look-up behind its mã tra cứu (JourneyOptions::status_needs_lookup_code): Open shows what was
// found; AskCode asks for the code (status_view holds the dossier code only); Checking waits for the server's
// answer to judge a code given for a dossier this kiosk does not hold.
enum class StatusGate { Open, AskCode, Checking };

// The identify step as typed (date of birth as DD/MM/YYYY, sex "Nam"/"Nữ" or empty).
struct IdentifyFields {
  std::string id_number, full_name, date_of_birth, sex, address;
};

// What a citizen's journey did, for metrics (mc/core/metrics.hpp). A journey starts when the citizen leaves
// the attract screen to file a procedure (a tap, or an ID card scanned there), completes when the dossier is
// accepted, and is abandoned when it is wiped before that (cancel, idle, a receipt scanned): `at` is the
// screen it was left at. Looking a dossier up and taking a queue ticket are not filing journeys.
enum class JourneyEvent { Started, Completed, Abandoned };

struct JourneyOptions {
  int idle_timeout_s = 90;
  int idle_warning_s = 20;
  int thanks_s = 5;      // how long the thank-you screen stays
  int notice_s = 6;      // how long a notice (e.g. "that was not an ID card") stays
  // How long the queue-ticket screen stays once the ticket printed; longer when it did not (time to note
  // the number down).
  int ticket_s = 10;
  int ticket_unprinted_s = 25;
  // After a failed print the receipt screen offers "reprint" only while the citizen is clearly still there:
  // a pause longer than this without a touch ends the offer for good (the next person at the kiosk must
  // never get the previous citizen's receipt). Staff reprint from staff mode with the dossier code.
  int reprint_idle_s = 20;
  // A page being scanned that neither moves on nor ends for this long is given up as a scanner gone: some
  // backends block for good when a USB scanner is pulled out mid-page. The journey goes on, the rest on paper.
  int capture_stall_s = 60;
  Clock clock;           // for "today" in validation; defaults to the system clock
  // Whether the office is closed for queue tickets now (mc::tickets_after_hours over the office's hours and
  // calendar). Empty: tickets at any hour.
  std::function<std::optional<TicketHoursNotice>()> ticket_hours;
  // kiosk.status_lookup = "lookup_code": a receipt's status shows only once its lookup code is given (in the
  // receipt's QR, or typed); after status_code_tries wrong codes the screen returns to the attract screen.
  bool status_needs_lookup_code = false;
  int status_code_tries = 3;
  // Told of each JourneyEvent, on the caller's thread; must not throw. Empty: nothing is told.
  std::function<void(JourneyEvent event, Screen at)> on_event;
};

// Everything the journey holds about one citizen, in one object. The wipe (cancel, idle timeout, the end of
// a visit) destroys it whole and starts a fresh one: its personal data is overwritten first, then its bytes.
struct CitizenSession {
  Screen screen = Screen::Attract;
  bool filing = false;  // a filing journey started and neither completed nor abandoned (JourneyEvent)
  Lang lang = Lang::Vi;
  bool cancel_asked = false;
  std::string field_code;
  std::string search_text;
  std::vector<const Procedure*> visible;  // the catalog as searched and filtered (once per keystroke)
  const Procedure* procedure = nullptr;
  IdentifyFields identify;
  std::map<std::string, LocalizedText> identify_errors;
  bool identity_from_card = false;
  CitizenIdentity identity;
  ChipCheck chip_check;            // what the ID card's chip verification found (issue 16)
  CitizenIdentity chip_identity;  // what the chip said, to notice later edits
  size_t group = 0;
  bool editing_from_review = false;  // "Sửa" on the review: the edited step's "continue" goes back there
  Answers answers;
  std::map<std::string, LocalizedText, std::less<>> field_errors;
  std::optional<LocalizedText> submit_message;
  std::optional<Dossier> dossier;
  PrintState print_state = PrintState::None;
  LocalizedText print_message;
  bool reprint_withdrawn = false;  // the citizen paused too long after a failed print: no reprint any more
  DossierStatusView status_view;
  // The gated look-up: what was found waits in status_held until the right code is given.
  StatusGate status_gate = StatusGate::Open;
  DossierStatusView status_held;
  std::string status_expected;          // the dossier's lookup code: this kiosk's queue, or the server's SoBienNhan
  bool status_server_answered = false;  // the server's look-up came back (or failed): nothing more to wait for
  std::string status_code_text;         // as typed on the screen
  std::string status_offered;           // a code given while the server's answer was awaited
  int status_wrong_codes = 0;
  std::optional<LocalizedText> status_code_message;
  std::optional<LocalizedText> notice;
  int64_t notice_until_ms = 0;
  int64_t thanks_until_ms = 0;
  std::string ticket_area;
  bool ticket_priority = false;
  bool ticket_pending = false;
  std::optional<Ticket> ticket;
  std::optional<LocalizedText> ticket_error;
  std::optional<LocalizedText> ticket_hours_notice;  // the office is closed (with the number, or instead of it)
  PrintState ticket_print_state = PrintState::None;
  LocalizedText ticket_print_message;
  int64_t ticket_until_ms = 0;  // the Ticket screen returns to Attract then (0: not yet counting)

  // Số hóa hồ sơ (issue 14): the documents of the capture step (the catalog's digitize is not "no"), in order.
  std::vector<CapturedDocument> captured;
  size_t capture_index = 0;     // the document on screen
  int capture_request = 0;      // the page being scanned (0: none)
  int capture_replaces = -1;    // a retake: the page it replaces (-1: a new page)
  double capture_progress = 0;  // 0..1, or -1 when the scanner does not say
  int64_t capture_moved_ms = 0;  // when the page being scanned was asked for or last moved on
  std::optional<LocalizedText> capture_message;
  bool capture_unavailable = false;  // a lasting failure: the journey goes on, the rest on paper

  // Overwrites the personal data it holds (typed and read identity, search text, answers, the dossier's
  // applicant and contact) so none of it lingers in freed memory.
  void scrub();
};

// Ends a session in place: scrubs its personal data, runs the destructor and zeroes the object's bytes
// (short strings keep their characters inside the object). The memory is the caller's.
void destroy_citizen_session(CitizenSession* session);
// Owns a session: destroy_citizen_session, then the memory is freed.
struct SessionDeleter {
  void operator()(CitizenSession* session) const;
};
using SessionPtr = std::unique_ptr<CitizenSession, SessionDeleter>;
SessionPtr new_citizen_session();

class Journey {
 public:
  Journey(const Catalog& catalog, SubmitFn submit, LookupFn lookup, JourneyOptions options = {});
  // The service areas for queue tickets (loaded by the app); none: the attract screen offers no tickets.
  void set_service_areas(std::vector<ServiceArea> areas);
  const std::vector<ServiceArea>& service_areas() const { return service_areas_; }
  bool tickets_available() const { return !service_areas_.empty(); }
  // The office database is away: no number can be issued (a kiosk never invents one). The attract screen
  // says "Tạm ngừng cấp số thứ tự" instead of offering tickets; dossiers are taken as usual.
  void set_ticket_issuing_suspended(bool suspended) { ticket_issuing_suspended_ = suspended; }
  bool ticket_issuing_suspended() const { return ticket_issuing_suspended_; }

  Screen screen() const { return session_->screen; }
  Lang lang() const { return session_->lang; }
  void set_lang(Lang lang) { session_->lang = lang; }

  // --- navigation ---
  void start();         // Attract -> ChooseProcedure
  void next();          // the screen's main "continue" action (validates where needed; Review submits)
  void back();
  void cancel();        // wipe -> Attract (what "Hủy" does once the citizen said yes)
  // "Hủy" asks first ("Hủy hồ sơ đang khai? Mọi thông tin sẽ bị xóa"): one stray tap must not lose a form.
  void ask_cancel();
  bool cancel_asked() const { return session_->cancel_asked; }
  void keep_going();  // "no": the question goes, everything typed stays
  // ChooseProcedure
  void choose_field(std::string field_code);  // "" = every field of work
  const std::string& chosen_field() const { return session_->field_code; }
  const std::string& search_text() const { return session_->search_text; }
  void set_search_text(std::string text);  // as typed (NFC); the list follows
  // The catalog as the citizen searched it (ranked by mc::SearchIndex, as `kioskctl catalog search` shows
  // it; the whole catalog in its order when nothing is typed) and filtered by the chosen field of work.
  // Computed once per keystroke or choice, not per frame.
  const std::vector<const Procedure*>& visible_procedures() const { return session_->visible; }
  bool choose_procedure(std::string_view code);  // -> ProcedureInfo; false for an unknown code
  const Procedure* procedure() const { return session_->procedure; }
  // Identify
  const IdentifyFields& identify_fields() const { return session_->identify; }
  void set_identify_fields(IdentifyFields fields);  // as typed (NFC); validated by next()
  const std::map<std::string, LocalizedText>& identify_errors() const { return session_->identify_errors; }
  bool identity_from_card() const { return session_->identity_from_card; }
  // Form
  size_t group_index() const { return session_->group; }
  size_t group_count() const;
  const FieldGroup* current_group() const;
  std::vector<const FieldSpec*> visible_fields() const;  // of the current group
  const Answers& answers() const { return session_->answers; }
  std::string answer_text(const FieldSpec& field) const;         // as shown (dates DD/MM/YYYY)
  void set_answer_text(const FieldSpec& field, std::string text);  // NFC; dates accepted as DD/MM/YYYY
  void toggle_choice(const FieldSpec& field, const std::string& value);  // multiple choice / consent
  std::optional<LocalizedText> field_error(std::string_view field_id) const;
  // Review
  // Review -> Form at that group; its "continue" returns to the review (through any step the edit showed
  // that still needs answers, e.g. the postal address after choosing delivery by post).
  void edit_group(size_t index);
  const std::optional<LocalizedText>& submit_message() const { return session_->submit_message; }
  // Receipt
  const std::optional<Dossier>& dossier() const { return session_->dossier; }
  PrintState print_state() const { return session_->print_state; }
  const LocalizedText& print_message() const { return session_->print_message; }
  void on_print_result(const std::string& code, bool printed, LocalizedText message);
  bool reprint_available() const;  // the print failed and the offer has not ended
  void reprint();                  // does nothing unless reprint_available()
  // The what-next step offers, with one tap, a queue ticket for the counter where the papers go (the
  // catalog's hand_in.ticket_area, when this office issues tickets for it and none was taken yet). The
  // answer arrives as for the Ticket screen (on_ticket_taken...) and shows on the receipt screen.
  bool hand_in_ticket_offered() const;
  void take_hand_in_ticket();
  // Capture (số hóa hồ sơ): with a document scanner, after the form, each document the catalog lets the kiosk
  // digitize: scan a page, see it, retake it, add pages, skip it (not a required one while the scanner works).
  // next() goes to the following document (or the review); back() to the previous one (or the form).
  void set_document_scanner(bool available) { document_scanner_ = available; }  // the office's device
  bool document_scanner() const { return document_scanner_; }
  const std::vector<CapturedDocument>& captured_documents() const { return session_->captured; }
  size_t capture_index() const { return session_->capture_index; }
  const DocumentRequirement* capture_document() const;  // the catalog's entry for the document on screen
  bool capture_scanning() const { return session_->capture_request != 0; }
  double capture_progress() const { return session_->capture_progress; }
  const std::optional<LocalizedText>& capture_message() const { return session_->capture_message; }
  bool capture_unavailable() const { return session_->capture_unavailable; }
  bool can_skip_document() const;
  void scan_page();                // a new page for the document on screen
  void retake_page(size_t index);  // scan that page again (it stays until the new one arrives)
  void remove_page(size_t index);
  void skip_document();  // brought on paper: its pages go, and the next document shows
  void on_capture_progress(int request, double share);
  void on_page_captured(int request, CapturedPage page);
  void on_capture_failed(int request, CaptureFailure failure);
  // Rating (1..3) or skip with next()
  void rate(int level);
  // DossierStatus
  const DossierStatusView& status_view() const { return session_->status_view; }
  // server_lookup_code: the SoBienNhan the server holds for the dossier ("" when it did not say), which
  // judges a code given for a dossier not in this kiosk's queue.
  void on_remote_status(const std::string& code, bool reachable, std::optional<DossierStatus> status,
                        LocalizedText note, const std::string& server_lookup_code = "");
  // The progress steps and due date the server reported with that answer (issue 20), after on_remote_status.
  void on_remote_progress(const std::string& code, std::vector<StatusStepView> steps,
                          std::optional<LocalDateTime> due_at);
  // The gate (kiosk.status_lookup = "lookup_code"): the code as typed, and submitting it (next() does too).
  // A wrong code says so in the same words whatever the dossier (found or not, on the server or not); a code
  // not of 8 characters is asked again without counting; the last wrong try goes back to the attract screen.
  StatusGate status_gate() const { return session_->status_gate; }
  const std::string& status_code_text() const { return session_->status_code_text; }
  void set_status_code_text(std::string text);
  void submit_status_code();
  const std::optional<LocalizedText>& status_code_message() const { return session_->status_code_message; }
  // Queue tickets (lấy số thứ tự)
  // Attract -> TakeNumber (when there are service areas); while issuing is suspended, straight to the
  // Ticket screen with the reason, and nothing is asked of the office database.
  void take_number();
  bool choose_ticket(const std::string& area, bool priority);  // TakeNumber -> Ticket; false for an unknown area
  const ServiceArea* ticket_area() const;                    // the area chosen (Ticket screen)
  bool ticket_priority() const { return session_->ticket_priority; }
  const std::optional<Ticket>& ticket() const { return session_->ticket; }  // set once the number is taken
  bool ticket_pending() const { return session_->ticket_pending; }          // waiting for the number
  const std::optional<LocalizedText>& ticket_error() const { return session_->ticket_error; }  // no number could be taken
  // Set when the ticket was asked for after office.close or on a day off: shown with the number (warn), or
  // it is also the ticket_error (refuse).
  const std::optional<LocalizedText>& ticket_hours_notice() const { return session_->ticket_hours_notice; }
  PrintState ticket_print_state() const { return session_->ticket_print_state; }
  const LocalizedText& ticket_print_message() const { return session_->ticket_print_message; }
  void on_ticket_taken(int request, const Ticket& ticket);
  void on_ticket_failed(int request, LocalizedText message);
  void on_ticket_printed(int request, bool printed, LocalizedText message);

  // --- scans (read once by mc::scanner::read_scan, from any scanner) ---
  // Routes a scan: an ID card fills the identify step (from anywhere it makes sense), a receipt shows its
  // dossier's status, anything else says kindly what it was.
  void on_scan(const ScanReading& scan);
  void on_id_card(const CitizenIdentity& identity);
  // The identity read from the ID card's chip (issue 16): fills the identify step like the QR code, and
  // the dossier carries `check` ("đã xác thực chip") as long as the ID number, name and birth date stay
  // as the chip gave them.
  void on_chip_read(const CitizenIdentity& identity, const ChipCheck& check);
  const ChipCheck& chip_check() const { return session_->chip_check; }
  // lookup_code: the mã tra cứu the receipt's QR carries (ScanReading::lookup_code), empty when none.
  void on_receipt_scan(const std::string& dossier_code, const std::string& lookup_code = "");
  void on_unusable_scan(LocalizedText reason);
  const std::optional<LocalizedText>& notice() const { return session_->notice; }

  // --- time ---
  void note_input(int64_t now_ms);  // any touch, key or scan
  void tick(int64_t now_ms);        // runs timers (idle wipe, thanks, notices)
  std::optional<int> idle_seconds_left(int64_t now_ms) const;  // set while the warning shows
  std::optional<int64_t> next_deadline_ms() const;  // when tick() has something to do next

  std::vector<JourneyCommand> take_commands();

  // Every piece of the citizen's data the journey holds, in one string: empty after a wipe.
  // (For tests and the staff's privacy check; never logged.)
  std::string citizen_data_dump() const;

 private:
  void wipe();
  void go(Screen screen);
  bool validate_identify();
  void enter_form();
  // A group whose every visible field is filled from the ID card's identity (the applicant step).
  bool group_only_card_fields(size_t index) const;
  // That group when the card filled the identify step and its answers are valid: not a step of its own.
  bool group_repeats_identify(size_t index) const;
  void skip_hidden_groups(int direction);
  void submit();
  void leave_form();         // the form's last step is done: the capture step, or the review
  void back_to_last_group();  // to the form's last visible step (or the identify step without one)
  void request_page(int replaces);
  int64_t capture_stall_at_ms() const;               // when the page being scanned is given up (capture_stall_s)
  void offer_status_code(const std::string& given);  // gate: judge now, or when the server has answered
  void judge_status_code(const std::string& given);
  void open_status();
  void set_notice(LocalizedText text);
  void refresh_visible();
  Date today() const;
  bool request_ticket(const std::string& area, bool priority);  // emits TakeTicket; false: unknown area
  bool on_ticket_screen() const;  // a screen that shows a ticket's answer (Ticket, or Receipt's offer)
  void refuse_ticket(LocalizedText reason);  // -> Ticket screen with the reason, nothing asked of the store
  std::optional<TicketHoursNotice> ticket_hours() const;

  const Catalog& catalog_;
  SubmitFn submit_fn_;
  LookupFn lookup_fn_;
  JourneyOptions options_;
  SearchIndex search_;                      // built once from the catalog
  std::vector<ServiceArea> service_areas_;  // the office's, not the citizen's
  std::vector<JourneyCommand> commands_;    // taken by the app every frame
  int64_t last_input_ms_ = 0;
  int64_t now_ms_ = 0;
  bool ticket_issuing_suspended_ = false;  // the office's state, not the citizen's: survives the wipe
  int ticket_request_ = 0;  // outlives citizens: an answer for an earlier request is a late one
  bool document_scanner_ = false;  // the office's device is configured (the journey offers the capture step)
  int capture_request_ = 0;        // outlives citizens: a page for an earlier request is a late one
  // Everything about the citizen at the kiosk now. Nothing of theirs may live outside it:
  // tests/core/test_journey_session.cpp fails when a member is added to Journey without being listed there.
  SessionPtr session_;
};

}  // namespace mc
