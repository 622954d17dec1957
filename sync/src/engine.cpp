#include "mc/sync/engine.hpp"

#include "mc/sync/attachment_store.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include "mc/core/catalog.hpp"
#include "mc/core/log.hpp"
#include "mc/core/messages.hpp"
#include "mc/sync/record.hpp"

namespace mc::sync {

namespace {
constexpr std::string_view kLog = "sync";
constexpr int kStatusPollBatch = 50;

// A record refused (error_code "2") because it names a file the server does not hold for that dossier: the
// protocol's reason names the field, TaiLieuNop[i].TepDinhKemId (DOMAIN.md §3, "Attachments").
bool names_missing_file(const std::string& message) {
  return message.find("TaiLieuNop[") != std::string::npos && message.find("].TepDinhKemId") != std::string::npos;
}
}  // namespace

int64_t BackoffPolicy::ceiling_ms(int consecutive_failures) const {
  if (consecutive_failures <= 0) return 0;
  int64_t ceiling = base_ms;
  for (int i = 1; i < consecutive_failures && ceiling < cap_ms; ++i) ceiling *= 2;
  return std::min(ceiling, cap_ms);
}

int64_t BackoffPolicy::delay_ms(int consecutive_failures, std::optional<int> retry_after_s,
                                std::mt19937_64& random) const {
  int64_t ceiling = ceiling_ms(consecutive_failures);
  int64_t delay = ceiling > 0 ? std::uniform_int_distribution<int64_t>(0, ceiling)(random) : 0;
  if (retry_after_s && *retry_after_s > 0) delay = std::max<int64_t>(delay, int64_t{*retry_after_s} * 1000);
  return delay;
}

SyncEngine::SyncEngine(Outbox& outbox, std::unique_ptr<OneStopClient> client, const Config& config, Clock clock,
                       EngineOptions options)
    : outbox_(outbox),
      client_(std::move(client)),
      config_(config),
      clock_(std::move(clock)),
      options_(options),
      random_(options.seed ? options.seed : std::random_device{}()) {
  if (options_.status_map) {
    status_map_ = options_.status_map;
  } else {
    try {
      status_map_ = StatusMap::load_for(config_);
    } catch (const std::exception& error) {
      // Dossiers still sync; only what the server says about their status waits for a usable table.
      log_error(kLog, std::string("status map not usable, status updates paused: ") + error.what());
    }
  }
  refresh_counts();
}

SyncEngine::~SyncEngine() {
  stop();
}

void SyncEngine::start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { thread_main(); });
}

void SyncEngine::stop() {
  stopping_ = true;
  {
    std::lock_guard lock(wake_mutex_);
    wake_requested_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

SyncStatus SyncEngine::status() const {
  std::lock_guard lock(status_mutex_);
  return status_;
}

void SyncEngine::sync_now() {
  {
    std::lock_guard lock(wake_mutex_);
    wake_requested_ = true;
  }
  wake_.notify_all();
}

void SyncEngine::set_error(const std::string& error) {
  std::lock_guard lock(status_mutex_);
  status_.last_error = error;
}

void SyncEngine::note_success(bool reached_server) {
  std::lock_guard lock(status_mutex_);
  if (reached_server) {
    // What staff read is the last real answer: a success replaces the error it follows.
    status_.online = true;
    status_.last_success_unix = clock_();
    status_.last_error.clear();
    status_.last_error_unix.reset();
  } else if (status_.last_error.empty()) {
    // A round with nothing to send spoke to no one: it proves nothing, so the last contact keeps its time,
    // and a failure stays until the server answers again.
    status_.online = true;
  }
}

void SyncEngine::refresh_counts() {
  try {
    QueueStats stats = outbox_.stats();
    std::lock_guard lock(status_mutex_);
    status_.queue_depth = stats.queued + stats.sending;
    status_.quarantined = stats.quarantined;
  } catch (const std::exception& error) {
    log_warn(kLog, std::string("cannot read the queue counts: ") + error.what());
  }
}

void SyncEngine::recover_in_flight(SyncRound& round) {
  // Under the sending lock, rows still in sending were left by a crash: their outcome is unknown, so they go
  // back to the queue in doubt and look-up-then-push settles them before anything is pushed again.
  for (const auto& pending : outbox_.in_flight()) {
    if (stopping_) return;
    outbox_.mark_queued(pending.code, "recovered: outcome unknown, looked up before the next push", true);
    ++round.recovered;
  }
  const int steps = outbox_.recover_progress_in_flight();
  if (round.recovered || steps)
    log_info(kLog, "settling " + std::to_string(round.recovered) + " dossiers and " + std::to_string(steps) +
                       " progress steps left in sending");
}

bool SyncEngine::apply_status(const std::string& code, const LookupResult& found, SyncRound& round) {
  if (!status_map_) return false;
  auto status = status_map_->to_kiosk(found.status);
  if (!status) {
    ++round.unknown_statuses;
    // Codes are not personal data; the server's note may be, so it stays out.
    log_warn(kLog, "status '" + found.status.substr(0, 32) + "' of " + code + " is not in the status map '" +
                       status_map_->name() + "'");
    return false;
  }
  return outbox_.update_status(code, *status, found.note, clock_());
}

bool SyncEngine::settle_by_lookup(const PendingRecord& pending, SyncRound& round) {
  auto found = client_->lookup(pending.code);
  if (!found) {
    outbox_.clear_doubt(pending.code);  // definitely not there: an ordinary first push
    return false;
  }
  if (!found->record) return false;  // the server does not say what it holds: it compares on the push
  const std::string ours = record_digest_of_text(pending.record_json);
  const std::string theirs = record_digest(*found->record);
  if (ours == theirs) {
    outbox_.mark_synced(pending.code, clock_(), "TraCuuHoSo: already on the server, identical (not pushed again)");
    apply_status(pending.code, *found, round);
    ++round.found_identical;
    return true;
  }
  const LocalizedText differs =
      message("sync.quarantine.server_differs", {{"ours", ours.substr(0, 16)}, {"theirs", theirs.substr(0, 16)}});
  outbox_.mark_quarantined(pending.code, differs.vi + " / " + differs.en, clock_(), QuarantineKind::ServerDiffers);
  ++round.quarantined;
  ++round.found_different;
  log_warn(kLog, "quarantined " + pending.code + ": the server holds other content (sha256 ours " + ours.substr(0, 16) +
                     ", server's " + theirs.substr(0, 16) + ")");
  return true;
}

bool SyncEngine::send_batches(SyncRound& round) {
  const int batch_size = std::max(1, config_.server.batch_size);
  while (!stopping_) {
    std::vector<PendingRecord> batch = outbox_.claim_batch(batch_size, clock_());
    if (batch.empty()) return true;
    round.contacted = true;
    // Codes whose push may have reached the server when a call fails: they go back in doubt.
    std::set<std::string> maybe_pushed;
    // Codes whose record named files by the ids an earlier attempt recorded (not uploaded in this attempt).
    std::set<std::string> named_recorded;
    try {
      std::vector<PendingRecord> plain, forced;
      for (const auto& pending : batch) {
        if (stopping_) throw TransientError("stopping");
        // Electronic documents first, so the record names them (and a record in doubt is compared as sent).
        bool reused = false;
        auto record = record_with_attachments(pending, round, reused);
        if (!record) continue;
        if (reused) named_recorded.insert(pending.code);
        PendingRecord ready = pending;
        ready.record_json = std::move(*record);
        if (ready.in_doubt && !ready.force_update && settle_by_lookup(ready, round)) continue;
        (ready.force_update ? forced : plain).push_back(std::move(ready));
      }
      bool other_failure = false;
      for (const auto* group : {&plain, &forced}) {
        if (group->empty()) continue;
        const bool is_updating = group == &forced;
        std::vector<std::string> records;
        records.reserve(group->size());
        for (const auto& pending : *group) {
          records.push_back(pending.record_json);
          maybe_pushed.insert(pending.code);
        }
        std::vector<PushItemResult> results = client_->push(records, is_updating);
        for (size_t i = 0; i < group->size(); ++i)
          if (results[i].code != (*group)[i].code) throw TransientError("DongBoHoSoMC: results out of order", 200);
        for (size_t i = 0; i < group->size(); ++i) {
          const auto& result = results[i];
          const std::string& code = (*group)[i].code;
          maybe_pushed.erase(code);
          if (result.error_code == "0") {
            outbox_.mark_synced(code, clock_(), result.message);
            ++round.sent;
          } else if (result.error_code == "2" && named_recorded.count(code) && names_missing_file(result.message)) {
            // The server no longer holds a file an earlier attempt uploaded (its files were lost, or purged
            // before the record came): forget those uploads and send the dossier again at once, files first.
            // This attempt's uploads are all fresh, so a second such refusal is quarantined below.
            round.uploads_forgotten += outbox_.forget_attachment_uploads(code);
            outbox_.mark_queued(code, "DongBoHoSoMC: the server lacks a file uploaded earlier; uploading again");
            log_warn(kLog, "the server lacks a file of " + code + " recorded as uploaded: uploading again");
          } else if (result.error_code == "2") {
            std::string reason = result.message.empty() ? "error_code " + result.error_code : result.message;
            outbox_.mark_quarantined(code, reason, clock_());
            ++round.quarantined;
            // The dossier code is not personal data; the server's reason may quote content, so it stays out of logs.
            log_warn(kLog, "quarantined " + code + " (server error_code " + result.error_code + ")");
          } else if (result.error_code == "3") {
            // Our records are byte-identical on every send, so a conflict means the server holds another
            // dossier under this code: another kiosk issues codes from the same kiosk.slot.
            const LocalizedText clash =
                message("sync.quarantine.code_clash", {{"slot", std::to_string(config_.kiosk.slot)}});
            const std::string reason = clash.vi + " / " + clash.en;
            outbox_.mark_quarantined(code, reason, clock_(), QuarantineKind::CodeClash);
            ++round.quarantined;
            ++round.code_clashes;
            log_error(kLog, "dossier code clash on " + code + ": another kiosk uses kiosk.slot " +
                                std::to_string(config_.kiosk.slot));
            if (options_.on_code_clash) options_.on_code_clash(code);
          } else {
            // A definite answer that it was not taken: no doubt.
            outbox_.mark_queued(code, "DongBoHoSoMC: unexpected error_code " + result.error_code);
            other_failure = true;
          }
        }
      }
      {
        std::lock_guard lock(status_mutex_);
        status_.online = true;
        status_.last_success_unix = clock_();
      }
      if (other_failure) throw TransientError("DongBoHoSoMC: unexpected per-record error_code", 200);
    } catch (...) {
      std::string error = "send failed";
      try {
        throw;
      } catch (const std::exception& failure) {
        error = failure.what();
      }
      // Rows already settled are no longer in sending; mark_queued leaves them alone.
      for (const auto& pending : batch) outbox_.mark_queued(pending.code, error, maybe_pushed.count(pending.code) > 0);
      throw;
    }
  }
  return false;
}

void SyncEngine::send_progress(SyncRound& round) {
  // A step in doubt (a failed call, a crash in sending) is simply sent again: the step is the same row on every
  // send, and the server takes an identical row as a re-send (success, stored once), as it does for dossiers
  // and rating aggregates. No look-up per step: under a flaky link those look-ups failed as often as the sends.
  const int batch_size = std::max(1, config_.server.batch_size);
  while (!stopping_) {
    std::vector<PendingRecord> steps = outbox_.claim_progress(batch_size, clock_());
    if (steps.empty()) return;
    round.contacted = true;
    std::set<std::string> unsettled;  // still in sending: put back if the call fails
    for (const auto& step : steps) unsettled.insert(step.code);
    std::set<std::string> maybe_sent;
    try {
      std::vector<nlohmann::json> rows;
      std::vector<std::string> codes;
      for (const auto& step : steps) {
        try {
          rows.push_back(build_intake_progress(step.record_json, config_));
          codes.push_back(step.code);
        } catch (const std::invalid_argument& error) {
          outbox_.mark_progress(step.code, "rejected", error.what(), clock_());
          unsettled.erase(step.code);
          ++round.progress_rejected;
        }
      }
      if (rows.empty()) continue;
      maybe_sent.insert(codes.begin(), codes.end());
      std::vector<PushItemResult> results = client_->push_progress(rows);
      for (size_t i = 0; i < codes.size(); ++i)
        if (results[i].code != codes[i]) throw TransientError("CapNhatTienDoHoSoMC: results out of order", 200);
      bool other_failure = false;
      for (size_t i = 0; i < codes.size(); ++i) {
        maybe_sent.erase(codes[i]);
        unsettled.erase(codes[i]);
        if (results[i].error_code == "0") {
          outbox_.mark_progress(codes[i], "done", "", clock_());
          ++round.progress_sent;
        } else if (results[i].error_code == "2") {
          outbox_.mark_progress(codes[i], "rejected", results[i].message, clock_());
          ++round.progress_rejected;
          log_warn(kLog, "progress step of " + codes[i] + " refused (server error_code 2)");
        } else {
          outbox_.mark_progress(codes[i], "due", "CapNhatTienDoHoSoMC: error_code " + results[i].error_code, clock_());
          other_failure = true;
        }
      }
      if (other_failure) throw TransientError("CapNhatTienDoHoSoMC: unexpected per-row error_code", 200);
    } catch (...) {
      std::string error = "send failed";
      try {
        throw;
      } catch (const std::exception& failure) {
        error = failure.what();
      }
      // "doubt" says the server may hold the step (shown to staff); both go again as the same row.
      for (const auto& step : steps)
        if (unsettled.count(step.code))
          outbox_.mark_progress(step.code, maybe_sent.count(step.code) || step.in_doubt ? "doubt" : "due", error,
                                clock_());
      throw;
    }
  }
}

void SyncEngine::send_ratings(SyncRound& round) {
  RatingReports& reports = *options_.rating_reports;
  // Under the sending lock: rows in sending are a crashed round's. The server keeps one aggregate per month,
  // agency and procedure and takes an identical re-send as success, so they simply go again.
  reports.recover_in_flight();
  reports.freeze_ended_months(clock_());
  const int batch_size = std::max(1, config_.server.batch_size);
  while (!stopping_) {
    std::vector<RatingReport> batch = reports.claim(batch_size, clock_());
    if (batch.empty()) return;
    round.contacted = true;
    std::vector<nlohmann::json> rows;
    for (const auto& report : batch) rows.push_back(nlohmann::json::parse(report.row_json));
    std::vector<PushItemResult> results;
    try {
      results = client_->push_ratings(rows);
      for (size_t i = 0; i < batch.size(); ++i)
        if (results[i].code != batch[i].procedure_code)
          throw TransientError("DongBoDanhGia: results out of order", 200);
    } catch (...) {
      for (const auto& report : batch) reports.mark(report, "due", "send failed", clock_());
      throw;
    }
    bool other_failure = false;
    for (size_t i = 0; i < batch.size(); ++i) {
      const std::string& code = results[i].error_code;
      if (code == "0") {
        reports.mark(batch[i], "done", "", clock_());
        ++round.ratings_sent;
      } else if (code == "2" || code == "3") {
        // Refused, or other figures already reported for that month: staff see the server's reason.
        reports.mark(batch[i], "rejected", results[i].message, clock_());
        ++round.ratings_rejected;
        log_warn(kLog, "rating aggregate " + batch[i].month + " " + batch[i].procedure_code + " refused (error_code " +
                           code + ")");
      } else {
        reports.mark(batch[i], "due", "DongBoDanhGia: error_code " + code, clock_());
        other_failure = true;
      }
    }
    if (other_failure) throw TransientError("DongBoDanhGia: unexpected per-row error_code", 200);
  }
}

std::optional<std::string> SyncEngine::record_with_attachments(const PendingRecord& pending, SyncRound& round,
                                                               bool& reused) {
  reused = false;
  if (!options_.attachments) return pending.record_json;
  const auto entry = outbox_.find(pending.code);
  if (!entry || !entry->readable) return pending.record_json;
  bool any = false;
  for (const auto& document : entry->dossier.documents_received) any |= document.medium == DocumentMedium::Electronic;
  if (!any) return pending.record_json;
  // What an earlier attempt already uploaded and recorded is named by its id, not sent again: under a flaky link
  // a dossier of three files would otherwise need four good calls in a row, and each retry re-sends megabytes.
  // Those files went intact (the server checked their SHA-256), so they are not opened again either.
  std::map<std::string, AttachmentUpload> recorded;
  for (auto& upload : outbox_.attachment_uploads(pending.code))
    if (!upload.file_id.empty()) recorded.emplace(upload.document_code, std::move(upload));
  // Every file still to go is opened (and checked) before any goes: a dossier with a damaged one sends nothing.
  std::vector<std::pair<std::string, std::vector<uint8_t>>> files;
  std::string refusal;
  try {
    for (const auto& document : entry->dossier.documents_received)
      if (document.medium == DocumentMedium::Electronic && !recorded.count(document.code))
        files.emplace_back(document.code, options_.attachments->open(pending.code, document.code));
  } catch (const AttachmentError& error) {
    refusal = std::string("attachment at rest: ") + error.what();
  }
  nlohmann::json record = nlohmann::json::parse(pending.record_json);
  auto name_in_record = [&record](const std::string& code, const std::string& id, const std::string& url) {
    for (auto& item : record["TaiLieuNop"])
      if (item.value("MaThanhPhanHoSo", "") == code) {
        item["TepDinhKemId"] = id;
        item["DuongDanTaiTepTin"] = url;
      }
  };
  for (const auto& document : entry->dossier.documents_received) {
    if (!refusal.empty()) break;
    auto held = recorded.find(document.code);
    if (document.medium != DocumentMedium::Electronic || held == recorded.end()) continue;
    name_in_record(document.code, held->second.file_id, held->second.url);
    reused = true;
    ++round.uploads_reused;
  }
  for (const auto& [code, pdf] : files) {
    if (!refusal.empty()) break;
    try {
      // The same bytes always get the same id, so an upload repeated after a crash or a lost answer is harmless.
      const std::string sha256 = AttachmentStore::sha256_hex(pdf);
      const AttachmentReceipt receipt = client_->upload_attachment(pending.code, code, pdf, sha256);
      outbox_.note_attachment_uploaded(pending.code, code, sha256, receipt.id, receipt.url, clock_());
      ++round.uploads;
      round.upload_bytes += static_cast<int64_t>(pdf.size());
      name_in_record(code, receipt.id, receipt.url);
    } catch (const AttachmentRefused& error) {
      refusal = "attachment " + code + ": " + error.what();
    }
  }
  if (!refusal.empty()) {
    // Damaged or truncated at rest, or refused as it is: the dossier waits for staff, nothing of it is sent.
    outbox_.mark_quarantined(pending.code, refusal, clock_());
    ++round.quarantined;
    log_warn(kLog, "quarantined " + pending.code + ": " + refusal);
    return std::nullopt;
  }
  return record.dump();
}

void SyncEngine::poll_statuses(SyncRound& round) {
  auto codes = outbox_.status_poll_due(clock_(), std::max(1, config_.server.status_poll_s), kStatusPollBatch);
  for (const auto& code : codes) {
    if (stopping_) return;
    round.contacted = true;
    auto found = client_->lookup(code);
    if (found && apply_status(code, *found, round))
      ++round.status_updates;
    else
      outbox_.touch_status_check(code, clock_());
  }
}

void SyncEngine::refresh_catalog() {
  namespace fs = std::filesystem;
  std::vector<nlohmann::json> items = client_->procedures();
  fs::path dir = fs::path(config_.data_dir) / "catalog";
  fs::create_directories(dir);
  int stored = 0, skipped = 0;
  for (const auto& item : items) {
    std::string code = item.is_object() && item.contains("MATTHC") && item["MATTHC"].is_string()
                           ? item["MATTHC"].get<std::string>()
                           : std::string();
    bool safe_name = !code.empty() && code.find_first_of("/\\") == std::string::npos && code[0] != '.';
    std::vector<CatalogIssue> issues;
    std::optional<Procedure> procedure;
    if (safe_name && item.contains("KIOSK"))
      procedure = Catalog::parse_procedure(item["KIOSK"], "server:" + code, issues);
    if (!procedure || procedure->code != code) {
      ++skipped;
      std::string reason = issues.empty() ? "missing or mismatched KIOSK entry"
                                          : issues.front().json_path + ": " + issues.front().reason;
      log_warn(kLog, "catalog entry " + (code.empty() ? std::string("(no code)") : code) + " skipped: " + reason);
      continue;
    }
    fs::path target = dir / (code + ".json");
    fs::path temp = dir / (code + ".json.tmp");
    {
      std::ofstream out(temp, std::ios::binary | std::ios::trunc);
      out << item["KIOSK"].dump(2) << "\n";
      if (!out) throw std::runtime_error("cannot write " + temp.string());
    }
    fs::rename(temp, target);
    ++stored;
  }
  log_info(kLog,
           "catalog refreshed: " + std::to_string(stored) + " procedures, " + std::to_string(skipped) + " skipped");
}

void SyncEngine::maybe_purge(SyncRound& round) {
  if (!options_.purge_personal_data) return;
  const int64_t now = clock_();
  if (last_purge_ && now - *last_purge_ < std::max<int64_t>(1, options_.purge_interval_s)) return;
  last_purge_ = now;
  try {
    PurgeResult result = outbox_.purge_personal_data(now, config_.retention.personal_data_days);
    round.purged = result.purged;
    // A purged dossier's scanned documents go with its personal data (they were uploaded before it synced).
    if (options_.attachments) {
      for (const auto& code : result.codes) options_.attachments->remove_dossier(code);
      const int orphans = options_.attachments->remove_orphans(outbox_.codes(), options_.orphan_min_age_s);
      if (orphans > 0)
        log_info(kLog, "attachments: " + std::to_string(orphans) + " folder(s) of dossiers not in the queue removed");
    }
    // Counts only: the codes are in the outbox for anyone who needs them.
    if (result.purged > 0)
      log_info(kLog, "retention: personal data of " + std::to_string(result.purged) + " dossiers purged (older than " +
                         std::to_string(config_.retention.personal_data_days) + " days)");
    if (!result.wal_checkpointed) log_warn(kLog, "retention: the WAL could not be emptied now (another reader)");
    if (options_.purge_outside_queue) {
      const int files = options_.purge_outside_queue(now - int64_t{config_.retention.personal_data_days} * 86400);
      if (files > 0) log_info(kLog, "retention: " + std::to_string(files) + " printed receipt file(s) removed");
    }
  } catch (const std::exception& error) {
    log_warn(kLog, std::string("retention purge failed: ") + error.what());
  }
}

HeartbeatInfo SyncEngine::heartbeat_info() {
  HeartbeatInfo info;
  info.kiosk_id = config_.kiosk.id;
  QueueStats stats = outbox_.stats();
  info.queue_depth = stats.queued + stats.sending;
  info.quarantined = stats.quarantined;
  info.last_sync_unix = outbox_.last_synced_at();
  if (options_.printer_state) {
    try {
      std::string state = options_.printer_state();
      if (!state.empty()) info.printer_state = std::move(state);
    } catch (const std::exception&) {
    }
  }
  info.sent_at_unix = clock_();
  return info;
}

void SyncEngine::maybe_heartbeat(SyncRound& round) {
  const int interval = config_.server.heartbeat_interval_s;
  if (!options_.heartbeat || interval <= 0 || stopping_) return;
  const int64_t now = clock_();
  if (last_heartbeat_attempt_ && now - *last_heartbeat_attempt_ < interval) return;
  // A failed heartbeat waits for the next interval too: it must never turn into a retry storm.
  last_heartbeat_attempt_ = now;
  try {
    client_->heartbeat(heartbeat_fields(heartbeat_info()));
    round.heartbeat_sent = true;
    std::lock_guard lock(status_mutex_);
    status_.last_heartbeat_unix = now;
  } catch (const std::exception& error) {
    // The client's errors name the call and the HTTP status or network problem, never dossier content.
    log_warn(kLog, std::string("heartbeat not sent: ") + error.what());
  }
}

SyncRound SyncEngine::run_once() {
  SyncRound round;
  SendingLock sending;
  try {
    sending = outbox_.lock_sending(options_.sending_lock_wait_ms);
  } catch (const std::exception& error) {
    round.transient_failure = true;
    round.error = std::string("local: ") + error.what();
    round.failure_kind = "local";
    count_round(round);
    return round;
  }
  if (!sending) {
    // Another process (kioskctl sync, or the kiosk) is sending this queue right now: its rows in "sending"
    // are in flight, not orphaned. Nothing failed; the next round tries again.
    round.another_sender = true;
    refresh_counts();
    return round;
  }
  maybe_purge(round);  // local work: runs offline too
  try {
    recover_in_flight(round);
    send_batches(round);
    if (options_.send_progress) send_progress(round);
    if (options_.rating_reports) send_ratings(round);
    int64_t now = clock_();
    if (options_.poll_status && !stopping_ && now - last_status_poll_ >= std::max(1, config_.server.status_poll_s)) {
      poll_statuses(round);
      last_status_poll_ = now;
    }
    if (options_.refresh_catalog && !stopping_ &&
        now - last_catalog_refresh_ >= std::max(1, config_.server.catalog_refresh_s)) {
      last_catalog_refresh_ = now;  // a broken catalog answer waits for the next period, not the next round
      round.contacted = true;
      try {
        refresh_catalog();
      } catch (const TransientError&) {
        last_catalog_refresh_ = 0;
        throw;
      } catch (const std::exception& error) {
        log_warn(kLog, std::string("catalog refresh failed: ") + error.what());
      }
    }
  } catch (const TransientError& error) {
    round.transient_failure = true;
    round.retry_after_s = error.retry_after_s;
    round.error = error.what();
    if (error.http_status == 0)
      round.failure_kind = "network";
    else if (error.http_status >= 200 && error.http_status < 300)
      round.failure_kind = "bad_answer";  // an answer of the wrong shape
    else
      round.failure_kind = "server";
  } catch (const AuthError& error) {
    round.auth_failure = true;
    round.error = error.what();
    round.failure_kind = "auth";
  } catch (const std::exception& error) {
    // A local problem (database busy, disk): also retried with backoff.
    round.transient_failure = true;
    round.error = std::string("local: ") + error.what();
    round.failure_kind = "local";
  }
  const bool failed = round.transient_failure || round.auth_failure;
  if (failed) {
    std::lock_guard lock(status_mutex_);
    status_.online = false;
    status_.last_error = round.error;
    status_.last_error_unix = clock_();
  }
  refresh_counts();
  if (!failed) {
    note_success(round.contacted);  // before the heartbeat, which reports the last contact
    maybe_heartbeat(round);
    if (round.heartbeat_sent) note_success(true);
  }
  if (round.sent || round.quarantined)
    log_info(kLog, "sent " + std::to_string(round.sent) + ", quarantined " + std::to_string(round.quarantined));
  count_round(round);
  return round;
}

void SyncEngine::count_round(const SyncRound& round) {
  if (!options_.counters) return;
  const bool failed = round.transient_failure || round.auth_failure;
  if (!round.contacted && !round.heartbeat_sent && !failed) return;  // an idle round: nothing to count
  try {
    options_.counters->add(metrics::counter::kSyncRounds);
    if (failed) options_.counters->add(metrics::counter::kSyncFailures, round.failure_kind);
    if (round.quarantined) options_.counters->add(metrics::counter::kDossiersQuarantined, "", round.quarantined);
    if (!failed) options_.counters->exchange_mark(metrics::mark::kSyncSuccess, "", clock_());
  } catch (const std::exception& error) {
    // Metrics never hold up the dossiers.
    log_warn(kLog, std::string("cannot count the sync round for metrics: ") + error.what());
  }
}

int64_t SyncEngine::note_round(const SyncRound& round) {
  if (!round.transient_failure && !round.auth_failure) {
    consecutive_failures_ = 0;
    return 0;
  }
  ++consecutive_failures_;
  // Bad credentials wait at the cap: retrying fast cannot help until staff fix the file.
  if (round.auth_failure) return options_.backoff.cap_ms;
  return options_.backoff.delay_ms(consecutive_failures_, round.retry_after_s, random_);
}

void SyncEngine::thread_main() {
  using std::chrono::milliseconds;
  using steady = std::chrono::steady_clock;
  auto next_attempt = steady::now();
  while (!stopping_) {
    if (steady::now() >= next_attempt) {
      SyncRound round = run_once();
      int64_t delay = note_round(round);
      if (round.transient_failure || round.auth_failure) {
        log_warn(kLog, round.error + "; next attempt in " + std::to_string(delay) + " ms");
        next_attempt = steady::now() + milliseconds(delay);
        std::lock_guard lock(status_mutex_);
        status_.next_attempt_unix = clock_() + (delay + 999) / 1000;
      } else {
        next_attempt = steady::now() + milliseconds(options_.idle_poll_ms);
        std::lock_guard lock(status_mutex_);
        status_.next_attempt_unix.reset();
      }
    }
    std::unique_lock lock(wake_mutex_);
    wake_.wait_until(lock, next_attempt, [this] { return wake_requested_ || stopping_.load(); });
    if (wake_requested_) {
      wake_requested_ = false;
      next_attempt = steady::now();
    }
  }
}

}  // namespace mc::sync
