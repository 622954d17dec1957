#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include "fixtures.hpp"
#include "mc/core/log.hpp"
#include "mc/sync/attachment_store.hpp"
#include "mc/sync/engine.hpp"
#include "mc/sync/record.hpp"

using namespace mc;
using namespace mc::sync;
using namespace mc::sync::testing;

namespace {

// An in-memory one-stop server: stores each code once, answers per record like docs/protocol.md.
struct FakeServer {
  std::map<std::string, std::string> stored;  // code -> record text as received
  std::map<std::string, std::string> status;
  std::map<std::string, int> received;
  std::set<std::string> reject;  // codes answered "2"
  int fail_next_pushes = 0;
  std::optional<int> retry_after;
  int pushes = 0, lookups = 0;
  std::vector<nlohmann::json> procedures;
  std::vector<nlohmann::json> heartbeats;  // accepted ones
  int heartbeat_attempts = 0;
  bool fail_heartbeats = false;
  // Progress steps (CapNhatTienDoHoSoMC) and updating pushes.
  std::map<std::string, std::vector<nlohmann::json>> progress;
  int progress_pushes = 0;
  int fail_next_progress = 0;
  bool lose_progress_answer = false;  // store the rows, then fail the call (a lost answer)
  int progress_repeats = 0;           // identical rows taken again as re-sends (as the reference server does)
  std::vector<bool> updating_flags;   // isUpdating of each push
  bool lookup_returns_record = true;
};

class FakeClient : public OneStopClient {
 public:
  explicit FakeClient(FakeServer& server) : server_(server) {}
  void authenticate() override {}
  std::optional<LookupResult> lookup(std::string_view code) override {
    ++server_.lookups;
    auto it = server_.stored.find(std::string(code));
    if (it == server_.stored.end()) return std::nullopt;
    LookupResult found;
    found.code = it->first;
    found.status = server_.status[it->first];
    found.updated_at = "20260302090000";
    found.note = "Đang xử lý";
    if (server_.lookup_returns_record) found.record = nlohmann::json::parse(it->second);
    for (const auto& row : server_.progress[it->first])
      found.steps.push_back(
          {row["ThoiDiemXuLy"], row["NguoiXuLy"], row["PhongBanXuLy"], row["NoiDungXuLy"], row["TrangThai"]});
    return found;
  }
  std::vector<PushItemResult> push_progress(const std::vector<nlohmann::json>& rows) override {
    ++server_.progress_pushes;
    if (server_.fail_next_progress > 0) {
      --server_.fail_next_progress;
      if (server_.lose_progress_answer)
        for (const auto& row : rows) take_progress(row);
      throw TransientError("HTTP 500", 500);
    }
    std::vector<PushItemResult> results;
    for (const auto& row : rows) {
      take_progress(row);
      results.push_back({row["MaHoSo"], "0", "stored"});
    }
    return results;
  }
  // Like the reference server: a row identical to a step held is a re-send, stored once.
  void take_progress(const nlohmann::json& row) {
    auto& held = server_.progress[row["MaHoSo"]];
    if (std::find(held.begin(), held.end(), row) != held.end())
      ++server_.progress_repeats;
    else
      held.push_back(row);
  }
  std::vector<PushItemResult> push(const std::vector<std::string>& records, bool is_updating) override {
    ++server_.pushes;
    server_.updating_flags.push_back(is_updating);
    if (server_.fail_next_pushes > 0) {
      --server_.fail_next_pushes;
      throw TransientError("HTTP 503", 503, server_.retry_after);
    }
    std::vector<PushItemResult> results;
    for (const auto& text : records) {
      std::string code = nlohmann::json::parse(text)["MaHoSo"];
      ++server_.received[code];
      if (server_.reject.count(code)) {
        results.push_back({code, "2", "MaDoiTuong: phải gồm 12 chữ số"});
      } else if (server_.stored.count(code) && server_.stored[code] != text && !is_updating) {
        results.push_back({code, "3", "conflict"});
      } else {
        server_.stored[code] = text;
        server_.status.emplace(code, "1");
        results.push_back({code, "0", "stored"});
      }
    }
    return results;
  }
  std::vector<nlohmann::json> procedures() override { return server_.procedures; }
  void heartbeat(const nlohmann::json& fields) override {
    ++server_.heartbeat_attempts;
    if (server_.fail_heartbeats) throw TransientError("heartbeat: HTTP 500", 500);
    server_.heartbeats.push_back(fields);
  }

 private:
  FakeServer& server_;
};

struct Setup {
  TempDir dir;
  Config config = test_config(dir.str());
  Catalog catalog = test_catalog();
  WorkingCalendar calendar{HolidayTable{}};
  std::unique_ptr<Outbox> outbox = Outbox::open(config);
  FakeServer server;
  int64_t now = kMonday0900;
  Clock clock = [this] { return now; };
  EngineOptions options;

  Setup() {
    config.server.batch_size = 3;
    options.refresh_catalog = false;
    options.poll_status = false;
    options.seed = 42;
  }
  std::vector<std::string> submit(int count) {
    Intake intake(*outbox, catalog, calendar, config, clock);
    std::vector<std::string> codes;
    for (int i = 0; i < count; ++i) {
      auto result = intake.submit(test_request(i));
      REQUIRE(result.accepted);
      codes.push_back(result.dossier.code);
    }
    return codes;
  }
  std::unique_ptr<SyncEngine> engine() {
    return std::make_unique<SyncEngine>(*outbox, std::make_unique<FakeClient>(server), config, clock, options);
  }
};

}  // namespace

TEST_CASE("the engine sends everything in batches, oldest first, byte for byte", "[engine]") {
  Setup setup;
  auto codes = setup.submit(7);
  auto engine = setup.engine();
  SyncRound round = engine->run_once();
  CHECK(round.sent == 7);
  CHECK_FALSE(round.transient_failure);
  CHECK(setup.server.pushes == 3);  // 3 + 3 + 1
  for (const auto& code : codes) {
    auto entry = setup.outbox->find(code);
    REQUIRE(entry);
    CHECK(entry->state == OutboxState::Synced);
    CHECK(entry->synced_at_unix == setup.now);
    CHECK(setup.server.stored.at(code) == entry->record_json);
  }
  SyncStatus status = engine->status();
  CHECK(status.online);
  CHECK(status.queue_depth == 0);
  CHECK(status.last_success_unix == setup.now);
}

TEST_CASE("a rejected dossier is quarantined with the server's reason and the rest sync", "[engine]") {
  Setup setup;
  auto codes = setup.submit(5);
  setup.server.reject.insert(codes[1]);
  auto engine = setup.engine();
  SyncRound round = engine->run_once();
  CHECK(round.sent == 4);
  CHECK(round.quarantined == 1);
  auto rejected = setup.outbox->find(codes[1]);
  CHECK(rejected->state == OutboxState::Quarantined);
  CHECK(rejected->quarantine_reason == "MaDoiTuong: phải gồm 12 chữ số");
  for (int i : {0, 2, 3, 4}) CHECK(setup.outbox->find(codes[i])->state == OutboxState::Synced);
  CHECK(engine->status().quarantined == 1);
  CHECK(engine->status().queue_depth == 0);

  // Staff send it back to the queue after the server is fixed.
  setup.server.reject.clear();
  CHECK(setup.outbox->retry(codes[1]));
  CHECK_FALSE(setup.outbox->retry(codes[0]));  // only quarantined dossiers can be retried
  CHECK(engine->run_once().sent == 1);
  CHECK(setup.outbox->find(codes[1])->state == OutboxState::Synced);
}

TEST_CASE("a transient failure puts the batch back in the queue, and it goes later", "[engine]") {
  Setup setup;
  auto codes = setup.submit(2);
  setup.server.fail_next_pushes = 1;
  setup.server.retry_after = 7;
  auto engine = setup.engine();
  SyncRound round = engine->run_once();
  CHECK(round.transient_failure);
  CHECK(round.retry_after_s == 7);
  auto entry = setup.outbox->find(codes[0]);
  CHECK(entry->state == OutboxState::Queued);
  CHECK(entry->attempts == 1);
  CHECK(entry->last_error == "HTTP 503");
  CHECK_FALSE(engine->status().online);
  CHECK(engine->status().last_error == "HTTP 503");
  CHECK(engine->note_round(round) >= 7000);  // Retry-After honoured
  round = engine->run_once();
  CHECK(round.sent == 2);
  CHECK(setup.outbox->find(codes[0])->attempts == 2);
  CHECK(setup.server.received[codes[0]] == 1);
}

TEST_CASE("the status tells the last real answer: an error does not outlive the success after it (issue 13)",
          "[engine][status]") {
  Setup setup;
  setup.config.server.heartbeat_interval_s = 0;  // a heartbeat the server takes is a contact too
  setup.submit(1);
  setup.server.fail_next_pushes = 1;
  auto engine = setup.engine();
  const int64_t failed_at = setup.now;
  REQUIRE(engine->run_once().transient_failure);
  CHECK_FALSE(engine->status().online);
  CHECK(engine->status().last_error == "HTTP 503");
  CHECK(engine->status().last_error_unix == failed_at);
  CHECK_FALSE(engine->status().last_success_unix);

  setup.now += 60;
  const int64_t answered_at = setup.now;
  REQUIRE(engine->run_once().sent == 1);
  SyncStatus status = engine->status();
  CHECK(status.online);
  CHECK(status.last_error.empty());  // staff must not read "online" beside the old error
  CHECK_FALSE(status.last_error_unix);
  CHECK(status.last_success_unix == answered_at);

  // Nothing left to send: this round spoke to no one, so the last contact keeps its time.
  setup.now += 600;
  SyncRound idle = engine->run_once();
  REQUIRE_FALSE(idle.contacted);
  CHECK(engine->status().online);
  CHECK(engine->status().last_success_unix == answered_at);
}

TEST_CASE("after a crash between send and acknowledgement, nothing is sent twice", "[engine][recovery]") {
  Setup setup;
  auto codes = setup.submit(4);
  // Simulate the crash: two rows claimed (sending), one of them reached the server, then the process died.
  auto claimed = setup.outbox->claim_batch(2, setup.now);
  REQUIRE(claimed.size() == 2);
  setup.server.stored[claimed[0].code] = claimed[0].record_json;
  setup.server.status[claimed[0].code] = "1";
  CHECK(setup.outbox->find(codes[0])->state == OutboxState::Sending);

  auto engine = setup.engine();  // "restart"
  SyncRound round = engine->run_once();
  CHECK(round.recovered == 2);
  CHECK(round.sent == 3);                       // the one that never arrived, plus the two never claimed
  CHECK(setup.server.received[codes[0]] == 0);  // found by TraCuuHoSo: not pushed again
  CHECK(setup.server.received[codes[1]] == 1);
  for (const auto& code : codes) CHECK(setup.outbox->find(code)->state == OutboxState::Synced);
}

TEST_CASE("status updates of synced dossiers are pulled until final", "[engine][status]") {
  Setup setup;
  setup.options.poll_status = true;
  setup.config.server.status_poll_s = 60;
  auto codes = setup.submit(1);
  auto engine = setup.engine();
  engine->run_once();
  setup.server.status[codes[0]] = "4";
  setup.now += 61;
  SyncRound round = engine->run_once();
  CHECK(round.status_updates == 1);
  auto entry = setup.outbox->find(codes[0]);
  CHECK(entry->server_status == DossierStatus::InProgress);
  CHECK(entry->server_message == "Đang xử lý");
  setup.server.status[codes[0]] = "10";
  setup.now += 61;
  engine->run_once();
  CHECK(setup.outbox->find(codes[0])->server_status == DossierStatus::ResultReturned);
  int lookups = setup.server.lookups;
  setup.now += 61;
  engine->run_once();
  CHECK(setup.server.lookups == lookups);  // final: no more polling
}

TEST_CASE("the catalog refresh keeps valid procedures and skips broken ones", "[engine][catalog]") {
  Setup setup;
  setup.options.refresh_catalog = true;
  nlohmann::json good = {{"MATTHC", "1.002820"}, {"KIOSK", Catalog::to_json(test_procedure())}};
  nlohmann::json broken = {{"MATTHC", "1.000001"}, {"KIOSK", {{"code", "1.000001"}, {"name", 12}}}};
  nlohmann::json escaping = {{"MATTHC", "../evil"}, {"KIOSK", Catalog::to_json(test_procedure("../evil"))}};
  setup.server.procedures = {good, broken, escaping};
  auto engine = setup.engine();
  CHECK_FALSE(engine->run_once().transient_failure);
  auto dir = setup.dir.path / "catalog";
  CHECK(std::filesystem::exists(dir / "1.002820.json"));
  CHECK_FALSE(std::filesystem::exists(dir / "1.000001.json"));
  CHECK_FALSE(std::filesystem::exists(setup.dir.path / "evil.json"));
  std::vector<CatalogIssue> issues;
  Catalog loaded = Catalog::load_dir(dir.string(), issues);
  CHECK(loaded.find("1.002820") != nullptr);
}

TEST_CASE("the engine thread drains the queue without blocking the caller", "[engine][thread]") {
  Setup setup;
  setup.options.idle_poll_ms = 20;
  auto codes = setup.submit(5);
  auto engine = setup.engine();
  engine->start();
  for (int i = 0; i < 200 && engine->status().queue_depth > 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  engine->stop();
  CHECK(engine->status().queue_depth == 0);
  for (const auto& code : codes) CHECK(setup.outbox->find(code)->state == OutboxState::Synced);
}

TEST_CASE("backoff grows exponentially to the cap, with full jitter", "[engine][backoff]") {
  BackoffPolicy policy{2000, 300000};
  CHECK(policy.ceiling_ms(0) == 0);
  CHECK(policy.ceiling_ms(1) == 2000);
  CHECK(policy.ceiling_ms(2) == 4000);
  CHECK(policy.ceiling_ms(5) == 32000);
  CHECK(policy.ceiling_ms(8) == 256000);
  CHECK(policy.ceiling_ms(9) == 300000);
  CHECK(policy.ceiling_ms(1000) == 300000);
  std::mt19937_64 random(1);
  for (int failures : {1, 3, 6, 20}) {
    int64_t low = INT64_MAX, high = 0;
    for (int i = 0; i < 2000; ++i) {
      int64_t delay = policy.delay_ms(failures, std::nullopt, random);
      REQUIRE(delay >= 0);
      REQUIRE(delay <= policy.ceiling_ms(failures));
      low = std::min(low, delay);
      high = std::max(high, delay);
    }
    // Full jitter spreads over the whole range, not around the ceiling.
    CHECK(low < policy.ceiling_ms(failures) / 10);
    CHECK(high > policy.ceiling_ms(failures) * 9 / 10);
  }
  for (int i = 0; i < 100; ++i) CHECK(policy.delay_ms(1, 30, random) >= 30000);
}

TEST_CASE("the heartbeat body carries the kiosk's figures and no personal data", "[engine][heartbeat]") {
  HeartbeatInfo info;
  info.kiosk_id = "KIOSK-07";
  info.queue_depth = 3;
  info.quarantined = 1;
  info.printer_state = "paper_out";
  info.last_sync_unix = kMonday0900;  // 2026-03-02 09:00 +07:00
  info.sent_at_unix = kMonday0900 + 61;
  nlohmann::json body = heartbeat_fields(info);
  CHECK(body["KioskId"] == "KIOSK-07");
  CHECK(body["Version"] == software_version());
  CHECK(std::string(software_version()).find('.') != std::string::npos);  // the CMake project version, "0.1.0"
  CHECK(body["QueueDepth"] == 3);
  CHECK(body["Quarantined"] == 1);
  CHECK(body["PrinterState"] == "paper_out");
  CHECK(body["LastSync"] == "20260302090000");
  CHECK(body["SentAt"] == "20260302090101");
  CHECK(body.size() == 7);
  info.last_sync_unix.reset();
  CHECK(heartbeat_fields(info)["LastSync"] == "");
}

TEST_CASE("the engine sends a heartbeat when online, once per interval", "[engine][heartbeat]") {
  Setup setup;
  setup.config.kiosk.id = "KIOSK-07";
  setup.config.server.heartbeat_interval_s = 60;
  int printer_queries = 0;
  setup.options.printer_state = [&printer_queries] {
    ++printer_queries;
    return std::string("paper_near_end");
  };
  auto codes = setup.submit(3);
  setup.server.reject.insert(codes[2]);
  auto engine = setup.engine();
  SyncRound round = engine->run_once();
  CHECK(round.heartbeat_sent);
  REQUIRE(setup.server.heartbeats.size() == 1);
  const auto& beat = setup.server.heartbeats[0];
  CHECK(beat["KioskId"] == "KIOSK-07");
  CHECK(beat["Version"] == software_version());
  CHECK(beat["QueueDepth"] == 0);  // after this round's sends
  CHECK(beat["Quarantined"] == 1);
  CHECK(beat["PrinterState"] == "paper_near_end");
  CHECK(beat["LastSync"] == LocalDateTime::from_unix(setup.now).compact());
  CHECK(beat.dump().find(kFakeName) == std::string::npos);
  CHECK(beat.dump().find(kFakeId) == std::string::npos);
  CHECK(engine->status().last_heartbeat_unix == setup.now);

  setup.now += 30;
  CHECK_FALSE(engine->run_once().heartbeat_sent);  // not yet due
  setup.submit(1);
  setup.server.fail_next_pushes = 1;
  setup.now += 40;
  CHECK(engine->run_once().transient_failure);
  CHECK(setup.server.heartbeat_attempts == 1);  // offline: no heartbeat
  CHECK(engine->run_once().heartbeat_sent);     // back online, and due
  REQUIRE(setup.server.heartbeats.size() == 2);
  CHECK(printer_queries == 2);

  setup.config.server.heartbeat_interval_s = 0;  // off
  auto silent = setup.engine();
  setup.now += 3600;
  CHECK_FALSE(silent->run_once().heartbeat_sent);
  CHECK(setup.server.heartbeat_attempts == 2);
}

TEST_CASE("a failing heartbeat never affects the dossier sync", "[engine][heartbeat]") {
  Setup setup;
  setup.config.server.heartbeat_interval_s = 60;
  setup.server.fail_heartbeats = true;
  setup.options.printer_state = []() -> std::string { throw std::runtime_error("printer module crashed"); };
  auto codes = setup.submit(2);
  auto engine = setup.engine();
  SyncRound round = engine->run_once();
  CHECK(round.sent == 2);
  CHECK_FALSE(round.transient_failure);
  CHECK_FALSE(round.heartbeat_sent);
  CHECK(engine->note_round(round) == 0);  // no backoff because of the heartbeat
  CHECK(engine->status().online);
  CHECK(engine->status().last_error.empty());
  CHECK_FALSE(engine->status().last_heartbeat_unix);
  CHECK(setup.server.heartbeat_attempts == 1);
  engine->run_once();
  CHECK(setup.server.heartbeat_attempts == 1);  // a failure waits for the next interval, no retry storm
  setup.now += 60;
  setup.server.fail_heartbeats = false;
  CHECK(engine->run_once().heartbeat_sent);
  CHECK(setup.server.heartbeats.back()["PrinterState"] == "unknown");
}

TEST_CASE("the engine purges personal data at its first round, then at most once an hour", "[engine][retention]") {
  Setup setup;
  setup.config.retention.personal_data_days = 90;
  const int64_t t0 = setup.now;
  auto codes = setup.submit(2);
  {
    auto first = setup.engine();
    CHECK(first->run_once().sent == 2);
  }
  setup.outbox->update_status(codes[0], DossierStatus::ResultReturned, "", t0);
  setup.outbox->update_status(codes[1], DossierStatus::NotAccepted, "", t0 + 1800);
  setup.now = t0 + 90 * 86400 + 600;  // codes[0] is due, codes[1] 20 minutes later
  // Each has a sealed document: it goes with its dossier's personal data, not before (issue 14).
  AttachmentStore store(setup.config.path_in_data("attachments"), setup.outbox->key(), 0);
  const std::string text = "%PDF-1.5\n% scanned\n%%EOF\n";
  for (const auto& code : codes) store.seal(code, "TP2", std::vector<uint8_t>(text.begin(), text.end()));
  setup.options.attachments = &store;
  auto engine = setup.engine();
  SyncRound round = engine->run_once();  // first round of this engine: purges at once
  CHECK(round.purged == 1);
  CHECK(setup.outbox->find(codes[0])->personal_data_purged);
  CHECK(store.usage().files == 1);
  CHECK_THROWS_AS(store.open(codes[0], "TP2"), AttachmentError);
  CHECK(store.open(codes[1], "TP2").size() == text.size());
  CHECK(setup.outbox->find(codes[1])->dossier.applicant.full_name == kFakeName);
  setup.now += 1800;  // codes[1] is due now, but the last purge was 30 minutes ago
  CHECK(engine->run_once().purged == 0);
  CHECK_FALSE(setup.outbox->find(codes[1])->personal_data_purged);
  setup.now += 1801;
  CHECK(engine->run_once().purged == 1);
  CHECK(setup.outbox->find(codes[1])->personal_data_purged);
  CHECK(setup.outbox->find(codes[1])->server_status == DossierStatus::NotAccepted);
  CHECK(store.usage().files == 0);
}

TEST_CASE("a code the server holds for another dossier is a code clash: quarantined, reported, the rest synced",
          "[engine][clash]") {
  Setup setup;
  auto codes = setup.submit(3);
  // Another kiosk on the same kiosk.slot already sent a different dossier under codes[1].
  setup.server.stored[codes[1]] = R"({"MaHoSo":"someone else's dossier"})";
  std::vector<std::string> clashes;
  setup.options.on_code_clash = [&clashes](const std::string& code) { clashes.push_back(code); };
  auto engine = setup.engine();
  SyncRound round = engine->run_once();
  CHECK(round.sent == 2);
  CHECK(round.code_clashes == 1);
  CHECK(clashes == std::vector<std::string>{codes[1]});
  auto entry = setup.outbox->find(codes[1]);
  REQUIRE(entry);
  CHECK(entry->state == OutboxState::Quarantined);
  CHECK(entry->quarantine_kind == QuarantineKind::CodeClash);
  CHECK(entry->quarantine_reason.find("kiosk.slot") != std::string::npos);
  // What the kiosk checks at start: the clash is on this agency's slot 1, not on another slot.
  CHECK(setup.outbox->code_clashes(setup.config.agency.code, setup.config.kiosk.slot) == 1);
  CHECK(setup.outbox->code_clashes(setup.config.agency.code, 2) == 0);
  // A content refusal (error_code 2) is not a clash.
  auto more = setup.submit(1);
  setup.server.reject.insert(more[0]);
  round = engine->run_once();
  CHECK(round.code_clashes == 0);
  CHECK(setup.outbox->find(more[0])->quarantine_kind == QuarantineKind::Rejected);
}

TEST_CASE("one process at a time sends: a second sender leaves the first one's rows in flight alone",
          "[engine][lock]") {
  Setup setup;
  auto codes = setup.submit(3);
  // The kiosk's round is in progress: it holds the lock and has rows in "sending".
  SendingLock kiosk_round = setup.outbox->lock_sending();
  REQUIRE(kiosk_round);
  auto in_flight = setup.outbox->claim_batch(2, setup.now);
  REQUIRE(in_flight.size() == 2);

  // `kioskctl sync` meanwhile, in another process (a second Outbox: its own connection and lock file handle).
  auto other = Outbox::open(setup.config);
  {
    SyncEngine second(*other, std::make_unique<FakeClient>(setup.server), setup.config, setup.clock, setup.options);
    SyncRound round = second.run_once();
    CHECK(round.another_sender);
    CHECK_FALSE(round.transient_failure);
    CHECK(round.recovered == 0);
    CHECK(round.sent == 0);
  }
  CHECK(setup.server.lookups == 0);
  CHECK(setup.server.pushes == 0);
  for (const auto& pending : in_flight) CHECK(other->find(pending.code)->state == OutboxState::Sending);

  // The kiosk's round ends (or the kiosk dies: the kernel drops the lock): the next sender recovers them.
  kiosk_round = SendingLock();
  setup.server.stored[in_flight[0].code] = in_flight[0].record_json;
  SyncEngine second(*other, std::make_unique<FakeClient>(setup.server), setup.config, setup.clock, setup.options);
  SyncRound round = second.run_once();
  CHECK_FALSE(round.another_sender);
  CHECK(round.recovered == 2);
  for (const auto& code : codes) CHECK(other->find(code)->state == OutboxState::Synced);
}

TEST_CASE("look-up-then-push: a dossier in doubt that the server holds identically is not pushed again",
          "[engine][lookup]") {
  Setup setup;
  auto codes = setup.submit(3);
  // The first push of codes[0] reached the server but its answer was lost: the call failed.
  auto claimed = setup.outbox->claim_batch(1, setup.now);
  REQUIRE(claimed.size() == 1);
  setup.server.stored[claimed[0].code] = claimed[0].record_json;
  setup.server.status[claimed[0].code] = "2";
  setup.outbox->mark_queued(claimed[0].code, "network: timeout", true);

  auto engine = setup.engine();
  SyncRound round = engine->run_once();
  CHECK(round.found_identical == 1);
  CHECK(round.sent == 2);
  CHECK(setup.server.received[codes[0]] == 0);  // TraCuuHoSo found it identical: no second push
  CHECK(setup.server.lookups == 1);             // only the dossier in doubt was looked up
  auto entry = setup.outbox->find(codes[0]);
  CHECK(entry->state == OutboxState::Synced);
  CHECK(entry->server_status == DossierStatus::Accepted);
  for (bool updating : setup.server.updating_flags) CHECK_FALSE(updating);
}

TEST_CASE("look-up-then-push: a dossier the server holds with other content is quarantined with both digests",
          "[engine][lookup]") {
  Setup setup;
  auto codes = setup.submit(2);
  auto claimed = setup.outbox->claim_batch(1, setup.now);
  REQUIRE(claimed.size() == 1);
  auto other = nlohmann::json::parse(claimed[0].record_json);
  other["GhiChu"] = "sửa tại quầy";
  setup.server.stored[codes[0]] = other.dump();
  setup.server.status[codes[0]] = "1";
  setup.outbox->mark_queued(codes[0], "HTTP 502", true);

  auto engine = setup.engine();
  SyncRound round = engine->run_once();
  CHECK(round.found_different == 1);
  CHECK(round.sent == 1);
  auto entry = setup.outbox->find(codes[0]);
  CHECK(entry->state == OutboxState::Quarantined);
  CHECK(entry->quarantine_kind == QuarantineKind::ServerDiffers);
  const std::string ours = record_digest_of_text(claimed[0].record_json).substr(0, 16);
  const std::string theirs = record_digest(other).substr(0, 16);
  CHECK(ours != theirs);
  // Staff read both digests, in Vietnamese and English.
  CHECK(entry->quarantine_reason.find(ours) != std::string::npos);
  CHECK(entry->quarantine_reason.find(theirs) != std::string::npos);
  CHECK(entry->quarantine_reason.find("nội dung khác") != std::string::npos);
  CHECK(setup.server.received[codes[0]] == 0);

  // Staff decide the kiosk's version is right: the retry pushes it with isUpdating "True".
  REQUIRE(setup.outbox->retry(codes[0]));
  round = engine->run_once();
  CHECK(round.sent == 1);
  REQUIRE_FALSE(setup.server.updating_flags.empty());
  CHECK(setup.server.updating_flags.back());
  CHECK(setup.server.stored[codes[0]] == claimed[0].record_json);
  CHECK(setup.outbox->find(codes[0])->state == OutboxState::Synced);
}

TEST_CASE("the intake step goes once after the dossier, with the kiosk, the intake time and the due date",
          "[engine][progress]") {
  Setup setup;
  auto codes = setup.submit(2);
  auto engine = setup.engine();
  SyncRound round = engine->run_once();
  CHECK(round.sent == 2);
  CHECK(round.progress_sent == 2);
  for (const auto& code : codes) {
    REQUIRE(setup.server.progress[code].size() == 1);
    const auto& row = setup.server.progress[code][0];
    const auto record = nlohmann::json::parse(setup.server.stored[code]);
    CHECK(row["NoiDungXuLy"] == "Tiếp nhận hồ sơ tại kiosk");
    CHECK(row["NguoiXuLy"] == "Kiosk " + setup.config.kiosk.id);
    CHECK(row["ThoiDiemXuLy"] == record["NgayTiepNhan"]);
    CHECK(row["NgayBatDau"] == record["NgayTiepNhan"]);
    CHECK(row["NgayKetThucTheoQuyDinh"] == record["NgayHenTra"]);
    CHECK(row["TrangThai"] == record["TrangThaiHoSo"]);
    CHECK(setup.outbox->find(code)->progress_state == "done");
  }
  // Nothing more to send in later rounds.
  const int pushes = setup.server.progress_pushes;
  engine->run_once();
  CHECK(setup.server.progress_pushes == pushes);
}

TEST_CASE("an intake step whose answer was lost is sent again as the same row, without a look-up",
          "[engine][progress]") {
  Setup setup;
  auto codes = setup.submit(1);
  setup.server.fail_next_progress = 1;
  setup.server.lose_progress_answer = true;
  auto engine = setup.engine();
  SyncRound round = engine->run_once();
  CHECK(round.sent == 1);
  CHECK(round.transient_failure);
  CHECK(setup.outbox->find(codes[0])->progress_state == "doubt");
  const int lookups = setup.server.lookups;
  const auto first = setup.server.progress[codes[0]];
  round = engine->run_once();
  CHECK(round.progress_sent == 1);
  CHECK(setup.server.lookups == lookups);
  // Byte for byte the row the server already took: a re-send, one step on the server.
  CHECK(setup.server.progress_repeats == 1);
  CHECK(setup.server.progress[codes[0]] == first);
  CHECK(setup.outbox->find(codes[0])->progress_state == "done");

  // A failure before the server took anything: sent again, stored once, no repeat.
  auto more = setup.submit(1);
  setup.server.fail_next_progress = 1;
  setup.server.lose_progress_answer = false;
  engine->run_once();
  CHECK(setup.server.progress[more[0]].empty());
  CHECK(setup.outbox->find(more[0])->progress_state == "doubt");
  round = engine->run_once();
  CHECK(round.progress_sent == 1);
  CHECK(setup.server.progress[more[0]].size() == 1);
  CHECK(setup.server.progress_repeats == 1);
}

TEST_CASE("an intake step left in sending by a crash goes again as the same row", "[engine][progress][recovery]") {
  Setup setup;
  auto codes = setup.submit(2);
  setup.options.send_progress = false;
  setup.engine()->run_once();  // dossiers synced, steps due
  // A crash after the server took codes[0]'s step, before it was marked done; codes[1]'s never left.
  auto steps = setup.outbox->claim_progress(10, setup.now);
  REQUIRE(steps.size() == 2);
  setup.server.progress[codes[0]].push_back(build_intake_progress(steps[0].record_json, setup.config));
  setup.options.send_progress = true;
  auto engine = setup.engine();
  const int lookups = setup.server.lookups;
  SyncRound round = engine->run_once();
  CHECK(round.progress_sent == 2);
  CHECK(setup.server.lookups == lookups);
  CHECK(setup.server.progress_repeats == 1);  // codes[0]'s re-send matched what the server held
  for (const auto& code : codes) {
    CHECK(setup.server.progress[code].size() == 1);
    CHECK(setup.outbox->find(code)->progress_state == "done");
  }
}

TEST_CASE("server status codes reach the kiosk through the status map", "[engine][status][status-map]") {
  Setup setup;
  setup.options.poll_status = true;
  setup.config.server.status_poll_s = 60;
  setup.config.server.status_map = "opencps";
  auto codes = setup.submit(2);
  auto engine = setup.engine();
  engine->run_once();
  setup.server.status[codes[0]] = "releasing";
  setup.server.status[codes[1]] = "something-new";
  setup.now += 61;
  SyncRound round = engine->run_once();
  CHECK(round.status_updates == 1);
  CHECK(round.unknown_statuses == 1);
  CHECK(setup.outbox->find(codes[0])->server_status == DossierStatus::Processed);
  CHECK(setup.outbox->find(codes[1])->server_status == DossierStatus::NewlyRegistered);  // kept as it was
}

TEST_CASE("after its purge the engine removes sealed folders of dossiers the queue does not hold, once old enough",
          "[engine][retention][attachments]") {
  Setup setup;
  auto codes = setup.submit(1);  // queued, not sent: its document stays whatever the purge does
  AttachmentStore store(setup.config.path_in_data("attachments"), setup.outbox->key(), 0);
  const std::string text = "%PDF-1.5\n% scanned\n%%EOF\n";
  const std::vector<uint8_t> pdf(text.begin(), text.end());
  store.seal(codes[0], "TP2", pdf);
  // An intake killed between sealing and committing: a sealed file under a code the queue never took.
  const std::string orphan = "000.00.15.G12-260302-9999";
  store.seal(orphan, "TP2", pdf);
  // And one just written (an intake in progress in `kioskctl submit --attach`): too young to go.
  const std::string fresh = "000.00.15.G12-260302-9998";
  store.seal(fresh, "TP2", pdf);
  namespace fs = std::filesystem;
  const auto two_hours_ago = fs::file_time_type::clock::now() - std::chrono::hours(2);
  for (const auto& code : {codes[0], orphan}) fs::last_write_time(fs::path(store.folder()) / code, two_hours_ago);
  setup.options.attachments = &store;
  setup.server.fail_next_pushes = 1;  // offline: the purge is local work and runs anyway
  auto engine = setup.engine();
  engine->run_once();
  CHECK_FALSE(fs::exists(fs::path(store.folder()) / orphan));
  CHECK(store.open(codes[0], "TP2") == pdf);
  CHECK(store.open(fresh, "TP2") == pdf);
  CHECK(store.usage().files == 2);
}
