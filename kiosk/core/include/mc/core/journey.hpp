#pragma once
// The citizen's journey through the kiosk as a UI-free state machine, so every transition, the idle
// wipe and the scan routing are unit-tested without a window. The ImGui app is a thin view: it draws
// screen() and its data, forwards taps/keys/scans as calls, and executes the commands it takes
// (printing and server look-ups are slow, so they run off the UI thread and report back).
//
//   Attract -> ChooseProcedure -> ProcedureInfo -> Identify -> Form (one group per step) -> Review
//   -> (submit) -> Receipt -> Rating -> Thanks -> Attract
//   Attract + receipt QR scan -> DossierStatus
//   Attract -> TakeNumber (service area, normal or priority) -> Ticket -> Attract   (lấy số thứ tự)
// back() goes one step back everywhere; cancel() wipes the citizen's data and returns to Attract.
// Idle: after idle_timeout_s without input a countdown of idle_warning_s shows; any input dismisses it;
// when it runs out everything about that citizen is wiped.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>
#include "mc/core/catalog.hpp"
#include "mc/core/datetime.hpp"
#include "mc/core/dossier.hpp"
#include "mc/core/form.hpp"
#include "mc/core/identity.hpp"
#include "mc/core/localized.hpp"
#include "mc/core/scan.hpp"
#include "mc/core/tickets.hpp"

namespace mc {

enum class Screen { Attract, ChooseProcedure, ProcedureInfo, Identify, Form, Review, Receipt, Rating, Thanks,
                    DossierStatus, TakeNumber, Ticket };
const char* screen_name(Screen screen);  // "attract", "choose_procedure", ... (test hooks, logs)

// What the journey hands to the submission path (mc::sync::Intake in the app).
struct SubmitDraft {
  std::string procedure_code;
  CitizenIdentity applicant;
  Answers answers;
};
struct SubmitOutcome {
  bool accepted = false;
  std::optional<Dossier> dossier;       // set when accepted
  std::vector<ValidationError> errors;  // form field ids, or "applicant.*"
  LocalizedText message;                // why it was not accepted
};
using SubmitFn = std::function<SubmitOutcome(const SubmitDraft&)>;

// A dossier looked up by its receipt code (the local queue first; the server's answer arrives later).
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
};
using LookupFn = std::function<DossierStatusView(const std::string& code)>;

// Work the view must do for the journey.
struct JourneyCommand {
  enum class Kind { PrintReceipt, FetchStatus, RecordRating, TakeTicket };
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

// The identify step as typed (date of birth as DD/MM/YYYY, sex "Nam"/"Nữ" or empty).
struct IdentifyFields {
  std::string id_number, full_name, date_of_birth, sex, address;
};

struct JourneyOptions {
  int idle_timeout_s = 90;
  int idle_warning_s = 20;
  int thanks_s = 5;      // how long the thank-you screen stays
  int notice_s = 6;      // how long a notice (e.g. "that was not an ID card") stays
  // How long the queue-ticket screen stays once the ticket printed; longer when it did not (time to note
  // the number down).
  int ticket_s = 10;
  int ticket_unprinted_s = 25;
  Clock clock;           // for "today" in validation; defaults to the system clock
};

class Journey {
 public:
  Journey(const Catalog& catalog, SubmitFn submit, LookupFn lookup, JourneyOptions options = {});
  // The service areas for queue tickets (loaded by the app); none: the attract screen offers no tickets.
  void set_service_areas(std::vector<ServiceArea> areas);
  const std::vector<ServiceArea>& service_areas() const { return service_areas_; }
  bool tickets_available() const { return !service_areas_.empty(); }

  Screen screen() const { return screen_; }
  Lang lang() const { return lang_; }
  void set_lang(Lang lang) { lang_ = lang; }

  // --- navigation ---
  void start();         // Attract -> ChooseProcedure
  void next();          // the screen's main "continue" action (validates where needed; Review submits)
  void back();
  void cancel();        // wipe -> Attract
  // ChooseProcedure
  void choose_field(std::string field_code);  // "" = every field of work
  const std::string& chosen_field() const { return field_code_; }
  const std::string& search_text() const { return search_text_; }
  void set_search_text(std::string text);  // as typed (NFC); the list follows
  std::vector<const Procedure*> visible_procedures() const;
  bool choose_procedure(std::string_view code);  // -> ProcedureInfo; false for an unknown code
  const Procedure* procedure() const { return procedure_; }
  // Identify
  const IdentifyFields& identify_fields() const { return identify_; }
  void set_identify_fields(IdentifyFields fields);  // as typed (NFC); validated by next()
  const std::map<std::string, LocalizedText>& identify_errors() const { return identify_errors_; }
  bool identity_from_card() const { return identity_from_card_; }
  // Form
  size_t group_index() const { return group_; }
  size_t group_count() const;
  const FieldGroup* current_group() const;
  std::vector<const FieldSpec*> visible_fields() const;  // of the current group
  const Answers& answers() const { return answers_; }
  std::string answer_text(const FieldSpec& field) const;         // as shown (dates DD/MM/YYYY)
  void set_answer_text(const FieldSpec& field, std::string text);  // NFC; dates accepted as DD/MM/YYYY
  void toggle_choice(const FieldSpec& field, const std::string& value);  // multiple choice / consent
  std::optional<LocalizedText> field_error(std::string_view field_id) const;
  // Review
  void edit_group(size_t index);  // Review -> Form at that group
  const std::optional<LocalizedText>& submit_message() const { return submit_message_; }
  // Receipt
  const std::optional<Dossier>& dossier() const { return dossier_; }
  PrintState print_state() const { return print_state_; }
  const LocalizedText& print_message() const { return print_message_; }
  void on_print_result(const std::string& code, bool printed, LocalizedText message);
  void reprint();
  // Rating (1..3) or skip with next()
  void rate(int level);
  // DossierStatus
  const DossierStatusView& status_view() const { return status_view_; }
  void on_remote_status(const std::string& code, bool reachable, std::optional<DossierStatus> status,
                        LocalizedText note);

  // Queue tickets (lấy số thứ tự)
  void take_number();  // Attract -> TakeNumber (when there are service areas)
  bool choose_ticket(const std::string& area, bool priority);  // TakeNumber -> Ticket; false for an unknown area
  const ServiceArea* ticket_area() const;                    // the area chosen (Ticket screen)
  bool ticket_priority() const { return ticket_priority_; }
  const std::optional<Ticket>& ticket() const { return ticket_; }  // set once the number is taken
  bool ticket_pending() const { return ticket_pending_; }          // waiting for the number
  const std::optional<LocalizedText>& ticket_error() const { return ticket_error_; }  // no number could be taken
  PrintState ticket_print_state() const { return ticket_print_state_; }
  const LocalizedText& ticket_print_message() const { return ticket_print_message_; }
  void on_ticket_taken(int request, const Ticket& ticket);
  void on_ticket_failed(int request, LocalizedText message);
  void on_ticket_printed(int request, bool printed, LocalizedText message);

  // --- scans (read once by mc::scanner::read_scan, from any scanner) ---
  // Routes a scan: an ID card fills the identify step (from anywhere it makes sense), a receipt shows its
  // dossier's status, anything else says kindly what it was.
  void on_scan(const ScanReading& scan);
  void on_id_card(const CitizenIdentity& identity);
  void on_receipt_scan(const std::string& dossier_code);
  void on_unusable_scan(LocalizedText reason);
  const std::optional<LocalizedText>& notice() const { return notice_; }

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
  void skip_hidden_groups(int direction);
  void submit();
  void set_notice(LocalizedText text);
  Date today() const;

  const Catalog& catalog_;
  SubmitFn submit_fn_;
  LookupFn lookup_fn_;
  JourneyOptions options_;

  Screen screen_ = Screen::Attract;
  Lang lang_ = Lang::Vi;
  std::string field_code_;
  std::string search_text_;
  const Procedure* procedure_ = nullptr;
  IdentifyFields identify_;
  std::map<std::string, LocalizedText> identify_errors_;
  bool identity_from_card_ = false;
  CitizenIdentity identity_;
  size_t group_ = 0;
  Answers answers_;
  std::map<std::string, LocalizedText, std::less<>> field_errors_;
  std::optional<LocalizedText> submit_message_;
  std::optional<Dossier> dossier_;
  PrintState print_state_ = PrintState::None;
  LocalizedText print_message_;
  DossierStatusView status_view_;
  std::optional<LocalizedText> notice_;
  std::vector<JourneyCommand> commands_;

  int64_t last_input_ms_ = 0;
  int64_t now_ms_ = 0;
  int64_t thanks_until_ms_ = 0;
  int64_t notice_until_ms_ = 0;

  std::vector<ServiceArea> service_areas_;
  std::string ticket_area_;
  bool ticket_priority_ = false;
  int ticket_request_ = 0;  // the request the Ticket screen waits for; earlier answers are late ones
  bool ticket_pending_ = false;
  std::optional<Ticket> ticket_;
  std::optional<LocalizedText> ticket_error_;
  PrintState ticket_print_state_ = PrintState::None;
  LocalizedText ticket_print_message_;
  int64_t ticket_until_ms_ = 0;  // the Ticket screen returns to Attract then (0: not yet counting)
};

}  // namespace mc
