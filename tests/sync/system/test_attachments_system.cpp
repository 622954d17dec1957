// System test (label "system"): the attachments protocol (DOMAIN.md §3) between the kiosk's libcurl client and
// the reference onestop-server: a PDF uploaded by its SHA-256 gets one id however often it is sent, a body
// damaged on the way is stored nowhere, what the server will never take is refused plainly, a record may only
// name files the server holds for that dossier, and the file comes back byte for byte to a session.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>
#include "../fixtures.hpp"
#include "attachment_pages.hpp"
#include "mc/core/log.hpp"
#include "mc/sync/attachment_store.hpp"
#include "mc/sync/client.hpp"
#include "mc/sync/engine.hpp"
#include "mc/sync/intake.hpp"
#include "mc/sync/record.hpp"
#include "server_process.hpp"
#include "system_common.hpp"

using namespace mc;
using namespace mc::sync;
using namespace mc::sync::testing;

namespace {

const std::string kAssets = MC_TEST_ASSETS_DIR;

std::vector<uint8_t> small_pdf(char mark) {
  const std::string text = std::string("%PDF-1.5\n% page ") + mark + "\n%%EOF\n";
  return {text.begin(), text.end()};
}

nlohmann::json admin_files(const ServerProcess& server) {
  httplib::Client client("127.0.0.1", server.port());
  auto answer = client.Get("/admin/files");
  REQUIRE(answer);
  REQUIRE(answer->status == 200);
  return nlohmann::json::parse(answer->body);
}

}  // namespace

TEST_CASE("attachments: uploaded once by SHA-256, damaged bodies stored nowhere, records name only held files",
          "[system][attachments]") {
  set_log_level(LogLevel::Error);
  TempDir dir;
  ServerProcess server({"--port", "0", "--catalog-dir", kAssets + "/catalog", "--status-pace-s", "0"});
  Config config;
  config.data_dir = dir.str();
  config.server.url = server.base_url();
  config.server.connect_timeout_s = 2;
  config.server.total_timeout_s = 5;
  auto outbox = Outbox::open(config);
  std::vector<CatalogIssue> issues;
  Catalog catalog = Catalog::load_dir(kAssets + "/catalog", issues);
  WorkingCalendar calendar(HolidayTable::load(kAssets + "/calendar/holidays.json"));
  Intake intake(*outbox, catalog, calendar, config, fixed_clock(kFirstIntake));
  const SubmitResult submitted = intake.submit(real_catalog_request(1));
  REQUIRE(submitted.accepted);
  const Dossier& dossier = submitted.dossier;

  DvcqgClient client(config, Credentials{});
  const std::vector<uint8_t> pdf = small_pdf('1');
  const std::string sha = AttachmentStore::sha256_hex(pdf);
  const AttachmentReceipt first = client.upload_attachment(dossier.code, "TP2", pdf, sha);
  CHECK(first.id.size() == 32);
  CHECK(first.url == server.base_url() + "/files/" + first.id);
  // A repeat (the answer was lost) gets the same id and stores nothing new.
  const AttachmentReceipt again = client.upload_attachment(dossier.code, "TP2", pdf, sha);
  CHECK(again.id == first.id);
  // The same bytes for another document are another file.
  CHECK(client.upload_attachment(dossier.code, "TP3", pdf, sha).id != first.id);

  // A body that differs from its X-SHA256 (damaged on the way): transient, nothing stored.
  CHECK_THROWS_AS(client.upload_attachment(dossier.code, "TP4", small_pdf('2'), sha), TransientError);
  // What the server will never take: not a PDF, a bad document code.
  const std::vector<uint8_t> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  CHECK_THROWS_AS(client.upload_attachment(dossier.code, "TP5", png, AttachmentStore::sha256_hex(png)),
                  AttachmentRefused);
  CHECK_THROWS_AS(client.upload_attachment(dossier.code, "TP 2/..", pdf, sha), AttachmentRefused);

  const nlohmann::json files = admin_files(server);
  REQUIRE(files["count"] == 2);  // TP2 and TP3, once each
  for (const auto& file : files["files"]) {
    CHECK(file["sha256"] == sha);
    CHECK(file["MaHoSo"] == dossier.code);
    CHECK(file["uploads"] == (file["MaThanhPhanHoSo"] == "TP2" ? 2 : 1));
  }

  // The file comes back byte for byte to a session, and to nobody without one.
  httplib::Client http("127.0.0.1", server.port());
  auto auth = http.Post("/api/auth", {{"dstcode", config.agency.code}},
                        R"({"username":"kiosk","password":"kiosk-demo"})", "application/json");
  REQUIRE(auth);
  const std::string session = nlohmann::json::parse(auth->body)["session"];
  auto file = http.Get(("/api/files/" + first.id).c_str(), {{"session", session}, {"dstcode", config.agency.code}});
  REQUIRE(file);
  CHECK(file->status == 200);
  CHECK(file->body == std::string(pdf.begin(), pdf.end()));
  auto anonymous = http.Get(("/api/files/" + first.id).c_str());
  REQUIRE(anonymous);
  CHECK(anonymous->status == 401);

  // A record naming a file the server does not hold for that dossier is refused, naming the field; with the
  // uploaded file's id it is taken.
  nlohmann::json record = nlohmann::json::parse(build_record_text(dossier, config));
  REQUIRE(record["TaiLieuNop"].size() >= 2);
  record["TaiLieuNop"][1]["TepDinhKemId"] = "0123456789abcdef0123456789abcdef";
  auto refused = client.push({record.dump()}, false);
  REQUIRE(refused.size() == 1);
  CHECK(refused[0].error_code == "2");
  CHECK(refused[0].message.find("TaiLieuNop[1].TepDinhKemId") != std::string::npos);
  record["TaiLieuNop"][1]["TepDinhKemId"] = first.id;
  record["TaiLieuNop"][1]["DuongDanTaiTepTin"] = first.url;
  auto taken = client.push({record.dump()}, false);
  REQUIRE(taken.size() == 1);
  CHECK(taken[0].error_code == "0");
}

TEST_CASE(
    "attachments: the engine uploads each sealed document before its record, once, and quarantines a "
    "damaged one",
    "[system][attachments]") {
  set_log_level(LogLevel::Error);
  TempDir dir;
  ServerProcess server({"--port", "0", "--catalog-dir", kAssets + "/catalog", "--status-pace-s", "0"});
  Config config;
  config.data_dir = dir.str();
  config.server.url = server.base_url();
  config.server.connect_timeout_s = 2;
  config.server.total_timeout_s = 5;
  auto outbox = Outbox::open(config);
  AttachmentStore store(dir.str() + "/attachments", std::vector<uint8_t>(32, 7), 0);
  std::vector<CatalogIssue> issues;
  Catalog catalog = Catalog::load_dir(kAssets + "/catalog", issues);
  WorkingCalendar calendar(HolidayTable::load(kAssets + "/calendar/holidays.json"));
  Intake intake(*outbox, catalog, calendar, config, fixed_clock(kFirstIntake));
  intake.set_attachment_store(&store);
  auto with_documents = [](int n) {
    SubmitRequest request = real_catalog_request(n);
    for (const char* code : {"TP2", "TP3"})
      request.attachments.push_back({code, 2, [code](const std::string& dossier_code) {
                                       const std::string text =
                                           "%PDF-1.5\n% " + dossier_code + " " + code + "\n%%EOF\n";
                                       return std::vector<uint8_t>(text.begin(), text.end());
                                     }});
    return request;
  };
  const SubmitResult first = intake.submit(with_documents(1));
  const SubmitResult second = intake.submit(with_documents(2));
  const SubmitResult damaged = intake.submit(with_documents(3));
  REQUIRE(first.accepted);
  REQUIRE(second.accepted);
  REQUIRE(damaged.accepted);
  CHECK(first.dossier.documents_received[1].medium == DocumentMedium::Electronic);
  CHECK(first.dossier.documents_received[1].pages == 2);
  CHECK(first.dossier.documents_received[0].medium == DocumentMedium::Paper);  // the form: never scanned
  CHECK(store.usage().files == 6);

  // The kiosk died after uploading the second dossier's first file, before its record: the file is there.
  DvcqgClient client(config, Credentials{});
  const std::vector<uint8_t> early = store.open(second.dossier.code, "TP2");
  client.upload_attachment(second.dossier.code, "TP2", early, AttachmentStore::sha256_hex(early));
  // The third dossier's file is truncated at rest.
  const std::string sealed = store.folder() + "/" + AttachmentStore::relative_path(damaged.dossier.code, "TP3");
  std::filesystem::resize_file(sealed, std::filesystem::file_size(sealed) - 5);

  EngineOptions options;
  options.refresh_catalog = false;
  options.poll_status = false;
  options.heartbeat = false;
  options.attachments = &store;
  SyncEngine engine(*outbox, make_client(config), config, system_clock(), options);
  const SyncRound round = engine.run_once();
  CHECK(round.sent == 2);
  CHECK(round.quarantined == 1);
  CHECK(outbox->find(damaged.dossier.code)->state == OutboxState::Quarantined);

  // Every file once (the early one uploaded twice, stored once), each record once and naming its files.
  const nlohmann::json files = admin_files(server);
  CHECK(files["count"] == 4);
  for (const auto& file : files["files"]) {
    CHECK(file["MaHoSo"] != damaged.dossier.code);
    const bool early_one = file["MaHoSo"] == second.dossier.code && file["MaThanhPhanHoSo"] == "TP2";
    CHECK(file["uploads"] == (early_one ? 2 : 1));
  }
  const nlohmann::json dossiers = server.dossiers();
  REQUIRE(dossiers["count"] == 2);
  for (const auto& held : dossiers["dossiers"]) {
    CHECK(held["received_count"] == 1);
    int named = 0;
    for (const auto& item : held["record"]["TaiLieuNop"])
      if (!item["TepDinhKemId"].get<std::string>().empty()) {
        ++named;
        CHECK(item["DuongDanTaiTepTin"].get<std::string>().find("/files/") != std::string::npos);
      }
    CHECK(named == 2);
  }
  // A second round sends nothing again.
  CHECK(engine.run_once().sent == 0);
}

namespace {

// The kiosk's libcurl client on a link that fails where the test says, once each: an upload that never reaches
// the server (the Nth upload call), or a push whose answer is lost after the server took it (the next push).
class FlakyLink : public OneStopClient {
 public:
  explicit FlakyLink(const Config& config) : real_(config, Credentials{}) {}
  int fail_upload_call = 0;       // 1-based: this upload call fails before it is sent
  bool lose_push_answer = false;  // the next push reaches the server, its answer does not come back
  bool fail_push = false;         // the next push fails before it is sent
  int upload_calls = 0;

  void authenticate() override { real_.authenticate(); }
  std::optional<LookupResult> lookup(std::string_view code) override { return real_.lookup(code); }
  std::vector<PushItemResult> push(const std::vector<std::string>& records, bool is_updating) override {
    if (std::exchange(fail_push, false)) throw TransientError("connection refused");
    auto results = real_.push(records, is_updating);
    if (std::exchange(lose_push_answer, false)) throw TransientError("connection reset before the answer");
    return results;
  }
  std::vector<PushItemResult> push_progress(const std::vector<nlohmann::json>& rows) override {
    return real_.push_progress(rows);
  }
  std::vector<nlohmann::json> procedures() override { return real_.procedures(); }
  AttachmentReceipt upload_attachment(std::string_view dossier_code, std::string_view document_code,
                                      const std::vector<uint8_t>& pdf, const std::string& sha256) override {
    if (++upload_calls == fail_upload_call) throw TransientError("connection reset");
    return real_.upload_attachment(dossier_code, document_code, pdf, sha256);
  }

 private:
  DvcqgClient real_;
};

// Uploads the server counted for each document of a dossier: {"TP2": 1, "TP3": 1}.
std::map<std::string, int> uploads_of(const ServerProcess& server, const std::string& code) {
  std::map<std::string, int> counts;
  const nlohmann::json files = server.files();
  for (const auto& file : files["files"])
    if (file["MaHoSo"] == code) counts[file["MaThanhPhanHoSo"]] = file["uploads"];
  return counts;
}

}  // namespace

TEST_CASE(
    "attachments: a document the kiosk recorded as uploaded is not sent again when its dossier is retried, "
    "unless the server has lost it",
    "[system][attachments][retry]") {
  set_log_level(LogLevel::Error);
  TempDir dir;
  auto server = std::make_unique<ServerProcess>(
      std::vector<std::string>{"--port", "0", "--db", (dir.path / "server.db").string(), "--catalog-dir",
                               kAssets + "/catalog", "--status-pace-s", "0"});
  Config config;
  config.data_dir = (dir.path / "kiosk").string();
  config.server.url = server->base_url();
  config.server.connect_timeout_s = 2;
  config.server.total_timeout_s = 5;
  auto outbox = Outbox::open(config);
  AttachmentStore store(config.path_in_data("attachments"), outbox->key(), 0);
  std::vector<CatalogIssue> issues;
  Catalog catalog = Catalog::load_dir(kAssets + "/catalog", issues);
  WorkingCalendar calendar(HolidayTable::load(kAssets + "/calendar/holidays.json"));
  Intake intake(*outbox, catalog, calendar, config, fixed_clock(kFirstIntake));
  intake.set_attachment_store(&store);
  const std::vector<CapturedPage> pages = small_page_pool();
  auto submit = [&](int n) {
    SubmitRequest request = real_catalog_request(n);
    attach_pages(request, catalog, "TP2", {&pages[0], &pages[1]});
    attach_pages(request, catalog, "TP3", {&pages[2]});
    const SubmitResult result = intake.submit(request);
    REQUIRE(result.accepted);
    return result.dossier.code;
  };
  EngineOptions options;
  options.refresh_catalog = false;
  options.poll_status = false;
  options.heartbeat = false;
  options.attachments = &store;
  auto link = std::make_unique<FlakyLink>(config);
  FlakyLink& flaky = *link;
  SyncEngine engine(*outbox, std::move(link), config, system_clock(), options);

  SECTION("an upload fails: the next attempt sends only what is missing, then the record") {
    const std::string code = submit(1);
    flaky.fail_upload_call = 2;  // TP2 goes, TP3 does not
    SyncRound round = engine.run_once();
    CHECK(round.transient_failure);
    CHECK(round.uploads == 1);
    CHECK(outbox->attachment_uploads(code).size() == 1);
    CHECK(uploads_of(*server, code) == std::map<std::string, int>{{"TP2", 1}});
    round = engine.run_once();
    CHECK(round.sent == 1);
    CHECK(round.uploads == 1);         // TP3
    CHECK(round.uploads_reused == 1);  // TP2 named by its recorded id
    CHECK(uploads_of(*server, code) == std::map<std::string, int>{{"TP2", 1}, {"TP3", 1}});
  }

  SECTION("the record's answer is lost: the retry looks it up and sends no file again") {
    const std::string code = submit(2);
    flaky.lose_push_answer = true;
    SyncRound round = engine.run_once();
    CHECK(round.transient_failure);
    CHECK(round.uploads == 2);
    CHECK(outbox->find(code)->state == OutboxState::Queued);
    round = engine.run_once();
    CHECK(round.found_identical == 1);  // the record named the same ids as the lost push
    CHECK(round.uploads == 0);
    CHECK(round.uploads_reused == 2);
    CHECK(outbox->find(code)->state == OutboxState::Synced);
    CHECK(uploads_of(*server, code) == std::map<std::string, int>{{"TP2", 1}, {"TP3", 1}});
    const nlohmann::json held = server->dossiers();
    REQUIRE(held["count"] == 1);
    CHECK(held["dossiers"][0]["received_count"] == 1);
  }

  SECTION("the server lost the files (restarted): it refuses the record, the kiosk uploads them again, once") {
    const std::string code = submit(3);
    flaky.fail_push = true;  // the files went, the record did not
    CHECK(engine.run_once().transient_failure);
    REQUIRE(outbox->attachment_uploads(code).size() == 2);
    // The reference server keeps files in memory: a restart on the same database has none of them.
    server.reset();
    server = std::make_unique<ServerProcess>(
        std::vector<std::string>{"--port", "0", "--db", (dir.path / "server.db").string(), "--catalog-dir",
                                 kAssets + "/catalog", "--status-pace-s", "0"});
    config.server.url = server->base_url();
    SyncEngine restarted(*outbox, make_client(config), config, system_clock(), options);
    const SyncRound round = restarted.run_once();
    CHECK_FALSE(round.transient_failure);
    CHECK(round.uploads_forgotten == 2);
    CHECK(round.uploads == 2);
    CHECK(round.sent == 1);
    CHECK(round.quarantined == 0);
    CHECK(outbox->find(code)->state == OutboxState::Synced);
    CHECK(uploads_of(*server, code) == std::map<std::string, int>{{"TP2", 1}, {"TP3", 1}});
    // The stored record names the files where this server keeps them.
    const nlohmann::json held = server->dossiers();
    REQUIRE(held["count"] == 1);
    int named = 0;
    for (const auto& item : held["dossiers"][0]["record"]["TaiLieuNop"])
      if (!item["TepDinhKemId"].get<std::string>().empty()) {
        ++named;
        CHECK(item["DuongDanTaiTepTin"] == server->base_url() + "/files/" + item["TepDinhKemId"].get<std::string>());
      }
    CHECK(named == 2);
  }
}
