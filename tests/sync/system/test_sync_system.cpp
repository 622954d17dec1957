// System tests against the reference onestop-server (label "system"): crash test, fault test, quarantine.
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <thread>
#include "../fixtures.hpp"
#include "attachment_pages.hpp"
#include "mc/core/log.hpp"
#include "mc/sync/attachment_store.hpp"
#include "mc/sync/engine.hpp"
#include "mc/sync/record.hpp"
#include "server_process.hpp"
#include "system_common.hpp"

using namespace mc;
using namespace mc::sync;
using namespace mc::sync::testing;

namespace {

const std::string kAssets = MC_TEST_ASSETS_DIR;

Config system_config(const std::string& data_dir, const std::string& url) {
  Config config;
  config.data_dir = data_dir;
  config.server.url = url;
  config.server.connect_timeout_s = 2;
  config.server.total_timeout_s = 5;
  return config;
}

EngineOptions fast_options() {
  EngineOptions options;
  options.backoff.base_ms = 10;
  options.backoff.cap_ms = 200;
  options.refresh_catalog = false;
  options.poll_status = false;
  options.seed = 7;
  return options;
}

// Runs passes (with backoff) until nothing is queued or sending (dossiers, their intake steps and, when given,
// rating aggregates), or the deadline passes.
void drain(SyncEngine& engine, Outbox& outbox, int deadline_s, int& failures, RatingReports* reports = nullptr) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(deadline_s);
  while (std::chrono::steady_clock::now() < deadline) {
    SyncRound round = engine.run_once();
    if (round.transient_failure) ++failures;
    REQUIRE_FALSE(round.auth_failure);
    QueueStats stats = outbox.stats();
    bool ratings_pending = false;
    if (reports)
      for (const auto& report : reports->list()) ratings_pending |= report.state == "due" || report.state == "sending";
    if (stats.queued + stats.sending == 0 && outbox.progress_counts().pending == 0 && !ratings_pending &&
        !round.transient_failure)
      return;
    std::this_thread::sleep_for(std::chrono::milliseconds(engine.note_round(round)));
  }
}

// The record as sent: the accepted one with its electronic documents named by the ids the kiosk recorded for
// their uploads (issue 14); the accepted one itself for a dossier on paper only.
std::string record_as_sent(Outbox& outbox, const OutboxEntry& entry) {
  const auto uploads = outbox.attachment_uploads(entry.dossier.code);
  if (uploads.empty()) return entry.record_json;
  nlohmann::json record = nlohmann::json::parse(entry.record_json);
  for (const auto& upload : uploads)
    for (auto& item : record["TaiLieuNop"])
      if (item["MaThanhPhanHoSo"] == upload.document_code) {
        item["TepDinhKemId"] = upload.file_id;
        item["DuongDanTaiTepTin"] = upload.url;
      }
  return record.dump();
}

// Every accepted dossier exactly once on the server, its stored record byte-identical to the accepted one (with
// its documents named by the ids the kiosk recorded).
void check_server_matches_outbox(ServerProcess& server, Outbox& outbox, size_t expected_quarantined = 0) {
  std::map<std::string, std::string> accepted;
  size_t quarantined = 0;
  for (const auto& entry : outbox.list(std::nullopt, 1000000)) {
    if (entry.state == OutboxState::Quarantined) {
      ++quarantined;
      continue;
    }
    CHECK(entry.state == OutboxState::Synced);
    accepted[entry.dossier.code] = record_as_sent(outbox, entry);
  }
  CHECK(quarantined == expected_quarantined);
  nlohmann::json stored = server.dossiers();
  std::map<std::string, int> seen;
  size_t identical = 0;
  for (const auto& item : stored["dossiers"]) {
    std::string code = item["MaHoSo"];
    ++seen[code];
    auto it = accepted.find(code);
    if (it == accepted.end()) {
      FAIL_CHECK("the server holds " << code << ", which the kiosk never accepted");
      continue;
    }
    if (item["record"].dump() == it->second)
      ++identical;
    else
      FAIL_CHECK("stored record of " << code << " differs from the accepted one");
  }
  CHECK(stored["count"].get<size_t>() == accepted.size());
  CHECK(seen.size() == accepted.size());
  for (const auto& [code, count] : seen) CHECK(count == 1);
  CHECK(identical == accepted.size());

  // Issue 20: each synced dossier's intake step is on the server exactly once (none lost; a re-send is the same
  // row, which the server takes once and counts as progress.repeated), with the record's intake time and due
  // date.
  size_t steps_once = 0;
  for (const auto& item : stored["dossiers"]) {
    const auto& progress = item["progress"];
    const auto& record = item["record"];
    if (progress.size() != 1) {
      FAIL_CHECK(item["MaHoSo"].get<std::string>() << " has " << progress.size() << " intake steps on the server");
      continue;
    }
    CHECK(progress[0]["NoiDungXuLy"] == "Tiếp nhận hồ sơ tại kiosk");
    CHECK(progress[0]["ThoiDiemXuLy"] == record["NgayTiepNhan"]);
    CHECK(progress[0]["NgayKetThucTheoQuyDinh"] == record["NgayHenTra"]);
    ++steps_once;
  }
  CHECK(steps_once == accepted.size());
  CHECK(outbox.progress_counts().done == static_cast<int>(accepted.size()));
}

// What the server holds of the kiosk's scanned documents.
struct FileTally {
  size_t files = 0;           // documents on the server (each once)
  int uploads = 0;            // uploads it counted, repeats after a lost answer or a kill included
  size_t uploaded_again = 0;  // documents it took more than once
};

// Issue 14: every electronic document of every synced dossier is on the server exactly once (one file for its
// dossier and document code, with the SHA-256 of the PDF the kiosk sealed), the server holds no other file, the
// kiosk recorded each upload with the server's id, and each stored record names its files by those ids.
FileTally check_server_files(ServerProcess& server, Outbox& outbox, const AttachmentStore& store) {
  using Key = std::pair<std::string, std::string>;  // dossier code, document code
  std::map<Key, std::string> sealed;                // -> SHA-256 of the sealed PDF
  for (const auto& entry : outbox.list(OutboxState::Synced, 1000000))
    for (const auto& document : entry.dossier.documents_received)
      if (document.medium == DocumentMedium::Electronic)
        sealed[{entry.dossier.code, document.code}] =
            AttachmentStore::sha256_hex(store.open(entry.dossier.code, document.code));
  FileTally tally;
  std::map<Key, std::string> held;  // -> TepDinhKemId
  const nlohmann::json files = server.files();
  for (const auto& file : files["files"]) {
    const Key key{file["MaHoSo"], file["MaThanhPhanHoSo"]};
    if (!held.emplace(key, file["TepDinhKemId"].get<std::string>()).second)
      FAIL_CHECK("the server holds " << key.first << " " << key.second << " twice");
    const auto it = sealed.find(key);
    if (it == sealed.end())
      FAIL_CHECK("the server holds " << key.first << " " << key.second << ", which the kiosk never sealed or synced");
    else
      CHECK(file["sha256"] == it->second);
    tally.uploads += file["uploads"].get<int>();
    tally.uploaded_again += file["uploads"].get<int>() > 1;
  }
  tally.files = held.size();
  CHECK(files["count"].get<size_t>() == sealed.size());
  CHECK(held.size() == sealed.size());
  // The kiosk recorded each upload with the id the server gave that file.
  size_t recorded = 0;
  std::string codes_done;
  for (const auto& [key, sha256] : sealed) {
    if (codes_done == key.first) continue;
    codes_done = key.first;
    for (const auto& upload : outbox.attachment_uploads(key.first)) {
      ++recorded;
      const auto id = held.find({key.first, upload.document_code});
      if (id == held.end()) {
        FAIL_CHECK(key.first << " " << upload.document_code << " recorded as uploaded, not on the server");
        continue;
      }
      CHECK(upload.file_id == id->second);
      CHECK(upload.sha256 == sealed[{key.first, upload.document_code}]);
    }
  }
  CHECK(recorded == sealed.size());
  // Each stored record names exactly its files, by the server's ids; a document on paper names none.
  size_t named = 0;
  const nlohmann::json stored = server.dossiers();
  for (const auto& item : stored["dossiers"])
    for (const auto& document : item["record"]["TaiLieuNop"]) {
      const Key key{item["MaHoSo"], document["MaThanhPhanHoSo"]};
      const std::string id = document["TepDinhKemId"];
      const auto file = held.find(key);
      if (file == held.end()) {
        CHECK(id.empty());
        continue;
      }
      ++named;
      CHECK(id == file->second);
      CHECK(document["DuongDanTaiTepTin"] == server.base_url() + "/files/" + id);
    }
  CHECK(named == sealed.size());
  return tally;
}

// Every aggregate the kiosk froze is on the server exactly once (one per month and procedure) with the same
// figures, and marked done on the kiosk.
void check_server_matches_ratings(ServerProcess& server, RatingReports& reports, size_t expected) {
  std::map<std::pair<std::string, std::string>, nlohmann::json> frozen;
  for (const auto& report : reports.list()) {
    CHECK(report.state == "done");
    const auto row = nlohmann::json::parse(report.row_json);
    frozen[{row["NgayTongHop"], row["MaThuTuc"]}] = row;
  }
  CHECK(frozen.size() == expected);
  const nlohmann::json stored = server.ratings();
  CHECK(stored["count"].get<size_t>() == frozen.size());
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& item : stored["ratings"]) {
    const auto key =
        std::make_pair(item["row"]["NgayTongHop"].get<std::string>(), item["row"]["MaThuTuc"].get<std::string>());
    CHECK(seen.insert(key).second);
    auto it = frozen.find(key);
    if (it == frozen.end()) {
      FAIL_CHECK("the server holds the aggregate " << key.first << " " << key.second
                                                   << ", which the kiosk never froze");
      continue;
    }
    CHECK(item["row"] == it->second);
  }
}

}  // namespace

TEST_CASE("crash test: SIGKILL at random moments, then everything arrives exactly once", "[system][crash]") {
  set_log_level(LogLevel::Warn);
  TempDir dir;
  ServerProcess server(
      {"--port", "0", "--db", (dir.path / "server.db").string(), "--catalog-dir", kAssets + "/catalog"});
  const std::string data_dir = (dir.path / "kiosk").string();
  std::filesystem::create_directories(data_dir);

  std::mt19937 random(20260302);
  // A loop of the driver (three dossiers with their scanned documents sealed, then a round that uploads them
  // and sends the records, steps and ratings) takes a few hundred milliseconds on a loaded CI machine: the kills
  // are spread over that whole loop.
  std::uniform_int_distribution<int> wait_ms(0, 400);
  int kills = 0, caught_in_flight = 0;
  for (; kills < 150; ++kills) {
    int ready_pipe[2];
    REQUIRE(::pipe(ready_pipe) == 0);
    pid_t child = ::fork();
    if (child == 0) {
      ::dup2(ready_pipe[1], STDOUT_FILENO);
      ::close(ready_pipe[0]);
      ::close(ready_pipe[1]);
      ::execl(CRASH_DRIVER_BIN, CRASH_DRIVER_BIN, data_dir.c_str(), server.base_url().c_str(), kAssets.c_str(),
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    REQUIRE(child > 0);
    ::close(ready_pipe[1]);
    // One kill in ten lands during start-up (opening the queue, recovery); the rest inside the loop.
    if (kills % 10 != 0) {
      pollfd ready{ready_pipe[0], POLLIN, 0};
      REQUIRE(::poll(&ready, 1, 20000) == 1);
    }
    ::close(ready_pipe[0]);
    std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms(random)));
    int status = 0;
    // The driver never ends on its own; an early exit means it failed (bad submission, cannot start).
    REQUIRE(::waitpid(child, &status, WNOHANG) == 0);
    ::kill(child, SIGKILL);
    ::waitpid(child, &status, 0);
    REQUIRE(WIFSIGNALED(status));
    if (std::filesystem::exists(std::filesystem::path(data_dir) / "queue.key")) {
      auto outbox = Outbox::open(system_config(data_dir, server.base_url()));
      if (outbox->stats().sending > 0) ++caught_in_flight;
    }
  }
  auto outbox = Outbox::open(system_config(data_dir, server.base_url()));
  QueueStats before = outbox->stats();
  const int accepted = before.queued + before.sending + before.synced;
  std::cout << "crash test: " << kills << " kills, " << caught_in_flight << " with dossiers left in sending, "
            << accepted << " dossiers accepted, " << before.synced << " synced by the killed processes, "
            << before.queued + before.sending << " left for the final drain\n";
  REQUIRE(accepted > 0);
  CHECK(caught_in_flight > 0);  // the kills did land between send and acknowledgement

  Config config = system_config(data_dir, server.base_url());
  const auto ratings_before = RatingReports(RatingReports::default_path(config), config).list();
  size_t ratings_in_flight = 0;
  for (const auto& report : ratings_before) ratings_in_flight += report.state == "sending";
  std::cout << "crash test: " << outbox->progress_counts().done << " intake steps and " << ratings_before.size()
            << " rating aggregates sent or frozen by the killed processes, " << ratings_in_flight
            << " aggregates left in sending\n";
  // Scanned documents the killed processes uploaded and recorded; those of dossiers still queued are named by
  // their recorded ids in the final drain, not sent again.
  size_t uploaded_before = 0, uploaded_unsent = 0;
  for (const auto& entry : outbox->list(std::nullopt, 1000000)) {
    const size_t uploads = outbox->attachment_uploads(entry.dossier.code).size();
    uploaded_before += uploads;
    if (entry.state != OutboxState::Synced) uploaded_unsent += uploads;
  }
  std::cout << "crash test: " << uploaded_before << " scanned documents uploaded and recorded by the killed processes, "
            << uploaded_unsent << " of them for dossiers not yet synced\n";
  CHECK(uploaded_before > 0);  // the kills did land after uploads
  AttachmentStore store(config.path_in_data("attachments"), outbox->key(), 0);
  EngineOptions options = fast_options();
  options.rating_reports = std::make_shared<RatingReports>(RatingReports::default_path(config), config);
  options.attachments = &store;
  SyncEngine engine(*outbox, make_client(config), config, system_clock(), options);
  int failures = 0;
  drain(engine, *outbox, 120, failures, options.rating_reports.get());
  QueueStats after = outbox->stats();
  CHECK(after.queued == 0);
  CHECK(after.sending == 0);
  CHECK(after.synced == accepted);
  check_server_matches_outbox(server, *outbox);
  // Issue 14: each dossier's scanned documents (TP2, and TP3 in one of three, 1 to 3 pages each) once.
  const FileTally files = check_server_files(server, *outbox, store);
  std::cout << "crash test: " << files.files << " scanned documents on the server once each, " << files.uploads
            << " uploads counted (" << files.uploaded_again << " uploaded again after a kill)\n";
  CHECK(files.files >= static_cast<size_t>(accepted));  // every dossier has its TP2
  // One aggregate per driver loop that got as far as a round (a month each, wrapping after 300).
  const size_t months = options.rating_reports->list().size();
  CHECK(months > 0);
  check_server_matches_ratings(server, *options.rating_reports, months);
}

TEST_CASE("fault test: 30% failing answers and latency, 1,000 dossiers drain, none twice, none lost",
          "[system][faults]") {
  set_log_level(LogLevel::Error);
  TempDir dir;
  ServerProcess server({"--port", "0", "--db", (dir.path / "server.db").string(), "--catalog-dir", kAssets + "/catalog",
                        "--fail-rate", "0.3", "--fail-modes", "500,503,drop,garbage", "--latency-ms", "5",
                        "--retry-after-s", "1", "--seed", "11"});
  Config config = system_config(dir.str(), server.base_url());
  config.server.batch_size = 20;
  auto outbox = Outbox::open(config);
  std::vector<CatalogIssue> issues;
  Catalog catalog = Catalog::load_dir(kAssets + "/catalog", issues);
  WorkingCalendar calendar(HolidayTable::load(kAssets + "/calendar/holidays.json"));
  int64_t submitted = 0;
  Intake intake(*outbox, catalog, calendar, config, [&submitted] { return intake_time_for(submitted); });
  // Issue 14: one dossier in ten carries scanned documents (TP2, and TP3 in one of three, 1 to 3 pages each),
  // uploaded one request each under the same faults. (All thousand would add some 2,000 uploads, whose
  // failures and Retry-After waits cost minutes of CI.)
  AttachmentStore store(config.path_in_data("attachments"), outbox->key(), 0);
  intake.set_attachment_store(&store);
  const std::vector<CapturedPage> pages = small_page_pool();
  for (; submitted < 1000; ++submitted) {
    SubmitRequest request = real_catalog_request(static_cast<int>(submitted));
    if (submitted % 10 == 0) attach_test_documents(request, catalog, static_cast<int>(submitted / 10), pages);
    auto result = intake.submit(request);
    REQUIRE(result.accepted);
  }
  // Issue 20: the citizens rated them over 20 months that have ended; each month's aggregate goes exactly once.
  {
    Database local_state(config.path_in_data("kiosk.db"));
    int64_t rating_time = 0;
    RatingStore ratings(local_state, [&rating_time] { return rating_time; });
    for (int n = 0; n < 1000; ++n) {
      rating_time = LocalDateTime{Date{2024 + n / 50 / 12, 1 + (n / 50) % 12, 10}, 9, 0, 0}.to_unix();
      ratings.record("000.00.15.G12-240110-" + std::to_string(1000 + n), n % 2 ? "1.002820" : "1.002809",
                     1 + (n * 7) % 3);
    }
  }
  EngineOptions options = fast_options();
  options.rating_reports = std::make_shared<RatingReports>(RatingReports::default_path(config), config);
  options.attachments = &store;
  SyncEngine engine(*outbox, make_client(config), config, system_clock(), options);
  int failures = 0;
  const auto started = std::chrono::steady_clock::now();
  drain(engine, *outbox, 230, failures, options.rating_reports.get());
  std::cout << "fault test: drained in "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() << " s\n";
  std::cout << "fault test: 1000 dossiers, their intake steps and 40 rating aggregates drained through " << failures
            << " failed passes\n";
  CHECK(failures > 0);  // the faults really happened
  QueueStats stats = outbox->stats();
  CHECK(stats.synced == 1000);
  check_server_matches_outbox(server, *outbox);
  // Answers lost after the server took the steps did happen, and their re-sends were absorbed, not stored.
  const nlohmann::json server_stats = server.stats();
  std::cout << "fault test: the server stored " << server_stats["progress"]["stored"] << " intake steps and took "
            << server_stats["progress"]["repeated"] << " re-sends of steps it held\n";
  CHECK(server_stats["progress"]["stored"] == 1000);
  CHECK(server_stats["progress"]["repeated"].get<int>() > 0);
  // Every scanned document once, named by its record. An upload goes again only when its own answer was lost
  // (a failed call after it or a refused record does not send it again: the kiosk recorded its id), so the
  // server's repeats are at most the faults it injected after processing a request.
  const FileTally files = check_server_files(server, *outbox, store);
  std::cout << "fault test: " << files.files << " scanned documents on the server once each, " << files.uploads
            << " uploads counted (" << files.uploaded_again << " taken again after a lost answer), "
            << server_stats["faults"]["after_processing"] << " faults injected after processing\n";
  CHECK(files.files == 133);  // 100 dossiers: 100 TP2, 33 TP3
  CHECK(files.uploads - static_cast<int>(files.files) <= server_stats["faults"]["after_processing"].get<int>());
  check_server_matches_ratings(server, *options.rating_reports, 40);  // 20 months x 2 procedures
  // The figures of one month, counted independently: January 2024, procedure 1.002820 (odd n < 50).
  RatingCounts january;
  for (int n = 1; n < 50; n += 2) {
    const int level = 1 + (n * 7) % 3;
    (level == 1 ? january.unsatisfied : level == 2 ? january.satisfied : january.very_satisfied)++;
  }
  bool found = false;
  std::string held;  // what the server holds, for the message when January is missing
  // Kept in a variable: a range-for over a member of a temporary would read it after it is gone.
  const nlohmann::json ratings = server.ratings();
  for (const auto& item : ratings["ratings"]) {
    held += item["row"]["NgayTongHop"].get<std::string>() + "/" + item["row"]["MaThuTuc"].get<std::string>() + " ";
    if (item["row"]["NgayTongHop"] != "1-2024" || item["row"]["MaThuTuc"] != "1.002820") continue;
    found = true;
    CHECK(item["row"]["TongSoNguoiDanhGia"] == 25);
    CHECK(item["row"]["PhanTramDanhGiaRatHaiLong"].get<double>() ==
          Approx(100.0 * january.very_satisfied / 25).margin(0.006));
    CHECK(item["row"]["PhanTramDanhGiaChuaHaiLong"].get<double>() ==
          Approx(100.0 * january.unsatisfied / 25).margin(0.006));
  }
  INFO("the server holds " << held);
  CHECK(found);
}

TEST_CASE("a dossier the server rejects is quarantined with its reason and the rest sync", "[system][quarantine]") {
  set_log_level(LogLevel::Error);
  TempDir dir;
  ServerProcess server(
      {"--port", "0", "--db", (dir.path / "server.db").string(), "--catalog-dir", kAssets + "/catalog"});
  Config config = system_config(dir.str(), server.base_url());
  config.server.batch_size = 5;
  auto outbox = Outbox::open(config);
  std::vector<CatalogIssue> issues;
  Catalog catalog = Catalog::load_dir(kAssets + "/catalog", issues);
  WorkingCalendar calendar(HolidayTable::load(kAssets + "/calendar/holidays.json"));
  Intake intake(*outbox, catalog, calendar, config, fixed_clock(kFirstIntake));
  std::vector<std::string> good;
  for (int i = 0; i < 3; ++i) good.push_back(intake.submit(real_catalog_request(i)).dossier.code);

  // A dossier that got past the kiosk with a broken ID number (e.g. an older kiosk version): built by hand.
  OutboxEntry template_entry = *outbox->find(good[0]);
  Dossier broken = template_entry.dossier;
  broken.code = "000.00.15.G12-260302-1999";
  broken.applicant.id_number = "12345";
  outbox->enqueue(broken, build_record_text(broken, config), kFirstIntake);
  for (int i = 3; i < 6; ++i) good.push_back(intake.submit(real_catalog_request(i)).dossier.code);

  SyncEngine engine(*outbox, make_client(config), config, system_clock(), fast_options());
  int failures = 0;
  drain(engine, *outbox, 30, failures);
  auto rejected = outbox->find(broken.code);
  REQUIRE(rejected);
  CHECK(rejected->state == OutboxState::Quarantined);
  CHECK(rejected->quarantine_reason.find("MaDoiTuong") != std::string::npos);
  for (const auto& code : good) CHECK(outbox->find(code)->state == OutboxState::Synced);
  CHECK(engine.status().quarantined == 1);
  check_server_matches_outbox(server, *outbox, 1);
}

TEST_CASE(
    "look-up-then-push against the reference server: held identically -> not pushed again, held "
    "differently -> quarantined for staff",
    "[system][lookup]") {
  set_log_level(LogLevel::Error);
  TempDir dir;
  ServerProcess server(
      {"--port", "0", "--db", (dir.path / "server.db").string(), "--catalog-dir", kAssets + "/catalog"});
  Config config = system_config(dir.str(), server.base_url());
  config.server.batch_size = 5;
  auto outbox = Outbox::open(config);
  std::vector<CatalogIssue> issues;
  Catalog catalog = Catalog::load_dir(kAssets + "/catalog", issues);
  WorkingCalendar calendar(HolidayTable::load(kAssets + "/calendar/holidays.json"));
  Intake intake(*outbox, catalog, calendar, config, fixed_clock(kFirstIntake));
  std::vector<std::string> codes;
  for (int i = 0; i < 4; ++i) codes.push_back(intake.submit(real_catalog_request(i)).dossier.code);

  // A kiosk killed in flight: codes[0] and codes[1] were claimed; codes[0] reached the server as it is, and
  // someone changed codes[1] on the server (an officer corrected a field), so it holds other content.
  auto claimed = outbox->claim_batch(2, kFirstIntake);
  REQUIRE(claimed.size() == 2);
  auto client = make_client(config);
  auto changed = nlohmann::json::parse(claimed[1].record_json);
  changed["GhiChu"] = "Cán bộ đã sửa địa chỉ";
  auto direct = client->push({claimed[0].record_json, changed.dump()}, false);
  REQUIRE(direct[0].error_code == "0");
  REQUIRE(direct[1].error_code == "0");

  SyncEngine engine(*outbox, make_client(config), config, system_clock(), fast_options());
  SyncRound round = engine.run_once();
  CHECK(round.recovered == 2);
  CHECK(round.found_identical == 1);
  CHECK(round.found_different == 1);
  CHECK(round.sent == 2);
  const nlohmann::json held = server.dossiers();
  for (const auto& item : held["dossiers"])
    if (item["MaHoSo"] == codes[0]) CHECK(item["received_count"] == 1);  // not pushed a second time
  CHECK(outbox->find(codes[0])->state == OutboxState::Synced);
  auto differs = outbox->find(codes[1]);
  REQUIRE(differs);
  CHECK(differs->state == OutboxState::Quarantined);
  CHECK(differs->quarantine_kind == QuarantineKind::ServerDiffers);
  const std::string ours = record_digest_of_text(claimed[1].record_json).substr(0, 16);
  const std::string theirs = record_digest(changed).substr(0, 16);
  CHECK(differs->quarantine_reason.find("nội dung khác bản trên kiosk (mã băm của kiosk " + ours + ", của máy chủ " +
                                        theirs + ")") != std::string::npos);
  CHECK(differs->quarantine_reason.find("digest on the kiosk " + ours + ", on the server " + theirs) !=
        std::string::npos);
  // The server kept the officer's version.
  for (const auto& item : held["dossiers"])
    if (item["MaHoSo"] == codes[1]) CHECK(item["record"] == changed);
}
