#pragma once
// The outbox: every accepted dossier, in SQLite (WAL + synchronous=FULL), until the one-stop system has
// it. A dossier counts as accepted only once enqueue() has returned: only then may a receipt print.
//
// Personal data (the whole dossier JSON and the protocol record built from it) is sealed with
// XChaCha20-Poly1305 under <data_dir>/queue.key, a random nonce per row and the dossier code as
// associated data. Code, procedure code, state, timestamps, attempts and error texts stay in clear
// for queries; error texts never contain personal data.
//
// Retention: purge_personal_data() removes the sealed blob of synced dossiers whose server status is
// final and older than the limit, keeping a clear "kept" copy without personal data (code, procedure
// snapshot, dates, status) so lookups and reports still work. The connection runs with secure_delete
// and the purge checkpoints the WAL, so the removed ciphertext does not linger in queue.db or its WAL.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>
#include "mc/core/config.hpp"
#include "mc/core/db.hpp"
#include "mc/core/dossier.hpp"

namespace mc::sync {

enum class OutboxState { Queued, Sending, Synced, Quarantined };
const char* outbox_state_name(OutboxState state);  // "queued" / "sending" / "synced" / "quarantined"
std::optional<OutboxState> parse_outbox_state(std::string_view name);

// Why a dossier is quarantined: staff act differently on each.
enum class QuarantineKind {
  Rejected,    // the server refused its content (error_code 2): fix and retry
  CodeClash,   // the server holds another dossier under this code (error_code 3): two kiosks share a slot
  Unreadable,  // the row cannot be decrypted or parsed (damaged storage): it can never be sent as it is
  // Look-up-then-push (issue 20): after an unknown outcome TraCuuHoSo found this code on the server with other
  // content. The reason carries both digests; a staff retry pushes ours with isUpdating "True".
  ServerDiffers,
};
// "rejected" / "code_clash" / "unreadable" / "server_differs"
const char* quarantine_kind_name(QuarantineKind kind);

// The queue cannot be opened safely (missing or wrong key, damaged key file). The message says what to do.
struct OutboxKeyError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// enqueue() refused a dossier that its own reader would reject later (a malformed procedure snapshot, say):
// storing it would leave a row nobody can read or send. The message names the field, never its value.
struct OutboxRecordError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct OutboxEntry {
  // False when the sealed row cannot be decrypted or parsed: only the clear columns are filled (code,
  // procedure code, state, times, reasons); dossier holds no applicant and no answers.
  bool readable = true;
  Dossier dossier;
  OutboxState state = OutboxState::Queued;
  int attempts = 0;
  std::string last_error;
  std::string quarantine_reason;
  std::optional<QuarantineKind> quarantine_kind;  // set while quarantined
  int64_t accepted_at_unix = 0;
  std::optional<int64_t> synced_at_unix;
  std::optional<DossierStatus> server_status;
  std::optional<int64_t> server_status_at_unix;  // when the status last changed (as we saw it)
  std::string server_message;                    // the server's answer on sync, or its last NoiDungXuLy
  std::string record_json;                       // DongBoHoSoMC record, exactly as sent (keys sorted)
  // The intake progress step (CapNhatTienDoHoSoMC): "" (none: synced before issue 20), "due", "sending",
  // "doubt" (outcome unknown: sent again as the same row, which the server takes as a re-send), "done",
  // "rejected" (progress_error says why).
  std::string progress_state;
  std::string progress_error;
  // Retention purge done: applicant, phone, email and answers are empty, record_json is empty; code,
  // lookup code, procedure snapshot, dates, documents and statuses remain.
  bool personal_data_purged = false;
  std::optional<int64_t> purged_at_unix;
};

// What a retention purge did (or, dry run, would do).
struct PurgeResult {
  int purged = 0;                  // dossiers whose personal data was removed
  std::vector<std::string> codes;  // their codes (not personal data)
  bool wal_checkpointed = true;    // false: another connection held the WAL; the next purge finishes it
};

struct QueueStats {
  int queued = 0, sending = 0, synced = 0, quarantined = 0;
  std::optional<int64_t> oldest_queued_unix;
  int purged = 0;  // synced dossiers whose personal data the retention purge removed
};

// A document of a dossier the server took (POST /files): its TepDinhKemId and address, by SHA-256.
struct AttachmentUpload {
  std::string document_code;  // "TP2"
  std::string sha256;
  std::string file_id;  // TepDinhKemId
  std::string url;      // DuongDanTaiTepTin
  int64_t uploaded_at_unix = 0;
};

// A record ready to go on the wire.
struct PendingRecord {
  std::string code;
  std::string record_json;
  // An earlier push of this record had an unknown outcome (the call failed, or a crash in flight): TraCuuHoSo
  // decides before it is pushed again (look up, then push).
  bool in_doubt = false;
  bool force_update = false;  // staff chose our version over the server's: push with isUpdating "True"
};

// Intake progress steps by state (for status screens and tests).
struct ProgressCounts {
  int pending = 0;  // due, sending, doubt
  int done = 0;
  int rejected = 0;
};

// One process at a time sends a queue (the kiosk's sync thread, or `kioskctl sync`): an advisory lock
// (flock) on <queue.db>-send.lock, released when this object goes, or when its process dies. While it is
// held, rows left in "sending" can only be a crashed sender's, so recovery is safe.
class SendingLock {
 public:
  SendingLock() = default;
  ~SendingLock();
  SendingLock(SendingLock&& other) noexcept;
  SendingLock& operator=(SendingLock&& other) noexcept;
  explicit operator bool() const { return fd_ >= 0; }

 private:
  friend class Outbox;
  explicit SendingLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

class Outbox {
 public:
  // <data_dir>/queue.db and key file <data_dir>/queue.key (created 0600 at first start). A missing key
  // with an existing non-empty queue, or a wrong key, throws OutboxKeyError — never a new empty queue.
  static std::unique_ptr<Outbox> open(const Config& config);
  // The queue's key: the attachment store (attachment_store.hpp) derives its own from it.
  const std::vector<uint8_t>& key() const { return key_; }
  static std::unique_ptr<Outbox> open_at(const std::string& db_path, const std::string& key_path);
  ~Outbox();

  // Commits an accepted dossier (state queued) with its protocol record. Throws mc::DbError (e.g.
  // is_disk_full()) when the commit fails, OutboxRecordError when the dossier would not read back; nothing
  // is stored then.
  void enqueue(const Dossier& dossier, const std::string& record_json, int64_t now_unix);

  std::optional<OutboxEntry> find(std::string_view dossier_code);
  // Newest first when state is empty; oldest first for one state.
  std::vector<OutboxEntry> list(std::optional<OutboxState> state = {}, int limit = 100);
  // Dossiers accepted in [from_unix, until_unix), oldest first (the register of a day or a period, Mẫu 06).
  std::vector<OutboxEntry> list_accepted_between(int64_t from_unix, int64_t until_unix, int limit = 100000);
  // Synced dossiers whose server status is `status`, the most recent change first (the results board).
  std::vector<OutboxEntry> list_by_server_status(DossierStatus status, int limit = 100);
  QueueStats stats();
  // Newest synced_at of any dossier (when the one-stop system last took one), nullopt when none.
  std::optional<int64_t> last_synced_at();
  // Every dossier code the queue holds, in any state (a clear column: nothing is decrypted). For the
  // attachment store's orphan clean-up.
  std::vector<std::string> codes();

  // Retention: removes the personal data (the sealed dossier and record) of dossiers that are synced,
  // whose server status is final (is_final: 3, 7, 8, 10) and whose final status arrived (or, without a
  // status time, which synced) at least older_than_days days before now_unix. Dossiers queued, sending,
  // quarantined, synced but not final, too recent or already purged are untouched. dry_run: counts only.
  // Afterwards the WAL is checkpointed (TRUNCATE) so the ciphertext is gone from the files too.
  PurgeResult purge_personal_data(int64_t now_unix, int older_than_days, bool dry_run = false);

  mc::Database& database();  // shared with DossierCodeAllocator (hold lock() while using it)
  // The database connection is shared between the UI thread and the sync thread: hold this around
  // anything that uses database() directly.
  std::unique_lock<std::recursive_mutex> lock();

  // --- for the sync engine ---
  // The sending lock: an empty SendingLock when another process holds it and wait_ms ran out (0: no wait).
  SendingLock lock_sending(int wait_ms = 0);
  // Oldest queued records, marked sending (attempts + 1) in one committed transaction before return. A row
  // that cannot be decrypted or parsed is quarantined (QuarantineKind::Unreadable, with the reason) in the
  // same transaction and the batch goes on with the next rows: one damaged row never stops the queue.
  std::vector<PendingRecord> claim_batch(int limit, int64_t now_unix);
  // Rows left in sending (a crash between send and acknowledgement).
  std::vector<PendingRecord> in_flight();
  void mark_synced(std::string_view code, int64_t now_unix, std::string_view server_message);
  void mark_quarantined(std::string_view code, std::string_view reason, int64_t now_unix,
                        QuarantineKind kind = QuarantineKind::Rejected);
  // Dossiers of this agency and kiosk slot that the server said belong to someone else (CodeClash): while
  // there is one, this kiosk's slot is shared with another kiosk.
  int code_clashes(std::string_view agency_code, int slot);
  // Back to queued after a transient failure; error must hold no personal data. in_doubt: the push may have
  // reached the server (its outcome is unknown), so the next push is preceded by a look-up.
  void mark_queued(std::string_view code, std::string_view error, bool in_doubt = false);
  // A look-up settled the doubt (the server does not have it): the next push is an ordinary first push.
  void clear_doubt(std::string_view code);

  // The intake progress step, a step of its own after mark_synced (which makes it due), in the same discipline:
  // claimed (sending, committed) before the call; rows left in sending by a crash are in doubt; a doubt is
  // sent again as the same row (the server takes an identical row as a re-send). record_json of each step is the
  // dossier's DongBoHoSoMC record (the step is built from it).
  std::vector<PendingRecord> claim_progress(int limit, int64_t now_unix);
  int recover_progress_in_flight();  // sending -> doubt (call with the sending lock held); returns how many
  // progress_state: "done", "rejected" (error says why), "due" (definitely not sent) or "doubt" (maybe sent).
  void mark_progress(std::string_view code, std::string_view progress_state, std::string_view error, int64_t now_unix);
  ProgressCounts progress_counts();
  // The server took this document of the dossier (recorded after each upload; a repeat replaces it).
  void note_attachment_uploaded(std::string_view code, std::string_view document_code, std::string_view sha256,
                                std::string_view file_id, std::string_view url, int64_t now_unix);
  std::vector<AttachmentUpload> attachment_uploads(std::string_view code);
  // The server no longer holds what was recorded (it refused the record for a missing file): the next attempt
  // uploads the dossier's documents again. Returns how many records went.
  int forget_attachment_uploads(std::string_view code);
  // Staff: quarantined -> queued. False when the code is not quarantined, or is unreadable (it would only
  // come back).
  bool retry(std::string_view code);
  // Synced dossiers whose status is not final and was not checked for interval_s seconds.
  std::vector<std::string> status_poll_due(int64_t now_unix, int64_t interval_s, int limit);
  // Records a status lookup; returns true when the status changed.
  bool update_status(std::string_view code, DossierStatus status, std::string_view note, int64_t now_unix);
  void touch_status_check(std::string_view code, int64_t now_unix);

 private:
  Outbox(std::unique_ptr<Database> db, std::vector<uint8_t> key);
  std::string lock_path_;
  OutboxEntry read_entry(Statement& row);
  void quarantine_unreadable(const std::string& code, int64_t now_unix);
  std::unique_ptr<Database> db_;
  std::vector<uint8_t> key_;
  std::recursive_mutex mutex_;
  bool checkpoint_pending_ = false;  // a purge's WAL checkpoint was busy: retry at the next purge
};

}  // namespace mc::sync
