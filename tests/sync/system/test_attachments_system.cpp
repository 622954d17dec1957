// System test (label "system"): the attachments protocol (DOMAIN.md §3) between the kiosk's libcurl client and
// the reference onestop-server: a PDF uploaded by its SHA-256 gets one id however often it is sent, a body
// damaged on the way is stored nowhere, what the server will never take is refused plainly, a record may only
// name files the server holds for that dossier, and the file comes back byte for byte to a session.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>
#include "../fixtures.hpp"
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
