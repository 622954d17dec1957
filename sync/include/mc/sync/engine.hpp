#pragma once
// The sync engine: its own thread, never blocking the UI. Sends queued dossiers in batches (oldest
// first), retries transient failures forever with exponential backoff and full jitter (honouring
// Retry-After), quarantines dossiers the server rejects for their content, polls the status of synced
// dossiers that are not final, and refreshes the catalog into <data_dir>/catalog/.
//
// Exactly-once: a dossier is marked sending (committed) before the call. One process at a time sends a
// queue (Outbox::lock_sending, held for each round), so rows still in sending when a round starts were left
// by a crash between send and acknowledgement. Those, and every record whose push failed without an answer,
// are in doubt, and look-up-then-push applies before their next push (issue 20, as OpenCPS does): TraCuuHoSo
// finds the code with our content (same SHA-256 of the canonical record) -> synced, no second push; with
// other content -> quarantined (ServerDiffers) with both digests for staff; not found -> pushed with
// isUpdating "False". A staff retry of a ServerDiffers row pushes ours with isUpdating "True". A server that
// finds the code but does not return what it holds gets the record again with "False" and compares itself
// (identical: success; different: code clash).
//
// Progress after intake: once DongBoHoSoMC answered error_code 0 the dossier's intake step is due and goes out
// with CapNhatTienDoHoSoMC (mc/sync/record.hpp build_intake_progress) in the same discipline: claimed before the
// call, in doubt after a crash or a failed call. A step in doubt is sent again as the same row: the server
// takes an identical row as a re-send (success, stored once), so it needs no look-up.
//
// Statuses the server reports are mapped to the kiosk's through the StatusMap of server.status_map.
//
// A server answer that is too big, too deep or of the wrong shape is a transient failure like a network
// error (mc/sync/answers.hpp): logged, retried with backoff, the queue untouched. A record the server says
// conflicts with another dossier of the same code (error_code 3) means two kiosks share a kiosk.slot: the
// row is quarantined as a code clash and on_code_clash tells the composition root to stop taking dossiers.
//
// Also on this thread: the heartbeat (every server.heartbeat_interval_s while online; its failures never
// touch the dossier sync) and the retention purge of personal data (retention.personal_data_days; at the
// first round, then at most once an hour; logged as a count only).
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include "mc/core/config.hpp"
#include "mc/core/datetime.hpp"
#include "mc/core/metrics.hpp"
#include "mc/sync/client.hpp"
#include "mc/sync/heartbeat.hpp"
#include "mc/sync/outbox.hpp"
#include "mc/sync/rating_reports.hpp"
#include "mc/sync/status_map.hpp"

namespace mc::sync {

struct SyncStatus {
  bool online = false;
  int queue_depth = 0;  // queued + sending
  int quarantined = 0;
  std::optional<int64_t> last_success_unix;  // the last round that reached the server and did not fail
  std::string last_error;                    // no personal data; cleared when the server answers again
  std::optional<int64_t> last_error_unix;    // when last_error happened
  std::optional<int64_t> next_attempt_unix;
  std::optional<int64_t> last_heartbeat_unix;  // last heartbeat the server accepted
};

// Exponential backoff with full jitter: delay = uniform(0, min(cap, base * 2^(failures-1))),
// at least Retry-After when the server sent one (never above the cap plus the Retry-After itself).
struct BackoffPolicy {
  int64_t base_ms = 2000;
  int64_t cap_ms = 300000;
  int64_t ceiling_ms(int consecutive_failures) const;  // min(cap, base * 2^(failures-1))
  int64_t delay_ms(int consecutive_failures, std::optional<int> retry_after_s, std::mt19937_64& random) const;
};

class AttachmentStore;

struct EngineOptions {
  BackoffPolicy backoff;
  // The sealed documents of queued dossiers (issue 14): each electronic document is uploaded (POST /files,
  // idempotent by SHA-256) before its dossier's record, whose TaiLieuNop then names it. Null: none.
  AttachmentStore* attachments = nullptr;
  int64_t idle_poll_ms = 1000;  // how often the thread looks for new queued dossiers
  bool poll_status = true;
  bool refresh_catalog = true;
  uint64_t seed = 0;  // 0: random

  // Heartbeat (mc/sync/heartbeat.hpp), sent every config.server.heartbeat_interval_s while online (0: never).
  bool heartbeat = true;
  // The printer's state name for the heartbeat. Sync must not depend on printing, so the composition
  // root (kiosk app, kioskctl) supplies it, e.g. with a ReceiptPrinter `printer` that outlives the engine:
  //   options.printer_state = [&printer] { return std::string(mc::printing::printer_state_name(printer.state())); };
  // It is called on the sync thread, once per heartbeat: it must be thread-safe and return quickly (a
  // state cached by the UI is best). Empty, or throwing: "unknown".
  std::function<std::string()> printer_state;

  // Retention purge of personal data (Outbox::purge_personal_data with config.retention.personal_data_days):
  // at the first round, then at most every purge_interval_s.
  bool purge_personal_data = true;
  int64_t purge_interval_s = 3600;
  // After each purge, sealed document folders of dossiers the queue does not hold (an intake killed between
  // sealing its files and committing its row) go, once older than this: an intake in progress, here or in
  // `kioskctl submit --attach`, is never that old.
  int64_t orphan_min_age_s = 3600;
  // Personal data kept outside the queue by other modules (the virtual printer's receipt files), removed
  // at the same time: called with the same cutoff (unix seconds), returns how many files went. Sync does not
  // know printing, so the composition root supplies it.
  std::function<int(int64_t older_than_unix)> purge_outside_queue;

  // How long a round waits for the sending lock when another process holds it (the kiosk: 0, it tries
  // again at its next round; kioskctl: a while, then says so).
  int sending_lock_wait_ms = 0;
  // Called on the sync thread with the dossier code when the server holds another dossier under a code this
  // kiosk issued (error_code 3). Must be thread-safe and quick.
  std::function<void(const std::string& code)> on_code_clash;

  // Durable counters for metrics (mc/core/metrics.hpp): rounds that spoke to the server, failures by kind,
  // quarantines, the last complete round. Null: not counted. Must outlive the engine; it is thread-safe.
  metrics::CounterStore* counters = nullptr;

  // Send the intake progress step (CapNhatTienDoHoSoMC) after each dossier is taken.
  bool send_progress = true;
  // The server's status codes -> the kiosk's. Empty: loaded from assets/sync/status_maps/<server.status_map>.json
  // when the engine is made; a broken file is logged and status updates wait until it is fixed.
  std::optional<StatusMap> status_map;

  // Monthly rating aggregates (DongBoDanhGia): when set, each round freezes the months that have ended and
  // sends what is due. The composition root owns it (it needs kiosk.db); only the sync thread may use it.
  std::shared_ptr<RatingReports> rating_reports;
};

// What one pass did (for the CLI and tests).
struct SyncRound {
  int sent = 0;  // newly synced
  int quarantined = 0;
  int recovered = 0;  // in-flight rows settled after a crash
  int status_updates = 0;
  bool transient_failure = false;
  bool auth_failure = false;
  std::optional<int> retry_after_s;
  std::string error;
  int purged = 0;               // dossiers whose personal data the retention purge removed
  bool heartbeat_sent = false;  // a heartbeat was accepted by the server in this round
  bool another_sender = false;  // another process held the sending lock: nothing was sent (not a failure)
  int code_clashes = 0;         // records quarantined because their code belongs to another dossier
  bool contacted = false;       // the round made at least one request (an idle round makes none)
  // When it failed: network (no HTTP answer), server (5xx, 408, 429, per-record error), bad_answer (an answer
  // of the wrong shape), auth (credentials refused), local (database, disk). Empty when it did not fail.
  std::string failure_kind;
  int found_identical = 0;  // look-up-then-push: already on the server with our content, not pushed again
  int found_different = 0;  // look-up-then-push: on the server with other content, quarantined
  int progress_sent = 0;    // intake steps the server took (CapNhatTienDoHoSoMC)
  int progress_rejected = 0;
  int unknown_statuses = 0;  // server status codes the status map does not know
  int ratings_sent = 0;      // monthly aggregates the server took (DongBoDanhGia)
  int ratings_rejected = 0;
  int uploads = 0;            // electronic documents the server took (POST /files) in this round
  int64_t upload_bytes = 0;   // their size
  int uploads_reused = 0;     // documents named by the id an earlier attempt recorded, not sent again
  int uploads_forgotten = 0;  // recorded uploads the server no longer held (record refused): sent again
};

class SyncEngine {
 public:
  SyncEngine(Outbox& outbox, std::unique_ptr<OneStopClient> client, const Config& config, Clock clock,
             EngineOptions options = {});
  ~SyncEngine();

  void start();
  void stop();
  SyncStatus status() const;  // thread-safe snapshot
  void sync_now();            // wake the thread and skip the current backoff wait

  // One pass on the caller's thread (tests, kioskctl): recovery, then batches until the queue is empty
  // or a transient failure; then status polls and the catalog refresh when due. Do not mix with start().
  SyncRound run_once();
  // Delay before the next attempt after the round's failure (updates the failure count).
  int64_t note_round(const SyncRound& round);
  // What the next heartbeat would say (queue figures from the outbox, printer from options.printer_state).
  HeartbeatInfo heartbeat_info();

 private:
  void thread_main();
  void recover_in_flight(SyncRound& round);
  bool send_batches(SyncRound& round);
  // Look-up-then-push for a record in doubt: true when TraCuuHoSo settled it (synced or quarantined).
  bool settle_by_lookup(const PendingRecord& pending, SyncRound& round);
  void send_progress(SyncRound& round);
  void send_ratings(SyncRound& round);
  // The server's status of a dossier through the status map; false when the map cannot say.
  bool apply_status(const std::string& code, const LookupResult& found, SyncRound& round);
  // The record with its electronic documents uploaded and named in TaiLieuNop; nullopt when a document is
  // damaged at rest or refused by the server (the dossier is quarantined, not sent). A document an earlier
  // attempt uploaded and recorded is named by that id, not sent again (reused says so). Throws TransientError.
  std::optional<std::string> record_with_attachments(const PendingRecord& pending, SyncRound& round, bool& reused);
  void poll_statuses(SyncRound& round);
  void refresh_catalog();
  void refresh_counts();
  // After a round that did not fail: online, and the time of the last contact when it reached the server.
  void note_success(bool reached_server);
  void set_error(const std::string& error);
  void maybe_purge(SyncRound& round);
  void maybe_heartbeat(SyncRound& round);
  void count_round(const SyncRound& round);

  Outbox& outbox_;
  std::unique_ptr<OneStopClient> client_;
  Config config_;
  Clock clock_;
  EngineOptions options_;
  std::optional<StatusMap> status_map_;  // empty when the configured file could not be used
  std::mt19937_64 random_;
  int consecutive_failures_ = 0;
  int64_t last_status_poll_ = 0;
  int64_t last_catalog_refresh_ = 0;
  std::optional<int64_t> last_purge_;
  std::optional<int64_t> last_heartbeat_attempt_;

  mutable std::mutex status_mutex_;
  SyncStatus status_;

  std::mutex wake_mutex_;
  std::condition_variable wake_;
  bool wake_requested_ = false;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace mc::sync
