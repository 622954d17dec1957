// System test (label "system", issue 14): an IT officer's digitized documents through the real kioskctl on a
// real queue and the reference onestop-server: `document scan` from SANE's test backend, `submit --attach` (a
// PDF with its pages as they are and the dossier code added to its metadata, a PNG made a one-page PDF, and every
// refusal), `queue show` and `status` counting the sealed files, `sync` uploading them before the record, and the
// retention purge removing them.
#include <sys/wait.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include "../fixtures.hpp"
#include "mc/core/log.hpp"
#include "mc/sync/attachment_store.hpp"
#include "mc/sync/outbox.hpp"
#include "mc/test/sane_test_backend.hpp"
#include "server_process.hpp"
#include "system_common.hpp"

#ifdef MC_KIOSKCTL_PATH  // set by tests/sync/CMakeLists.txt when the kioskctl target exists

using namespace mc;
using namespace mc::sync;
using namespace mc::sync::testing;
namespace fs = std::filesystem;

namespace {

const std::string kAssets = MC_TEST_ASSETS_DIR;

struct Run {
  int exit_code = -1;
  std::string out;  // stdout and stderr
};

Run shell(const std::string& command) {
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  REQUIRE(pipe);
  Run run;
  char buffer[4096];
  size_t got;
  while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) run.out.append(buffer, got);
  const int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

Run kioskctl(const std::string& config_path, const std::string& args) {
  return shell(std::string("'") + MC_KIOSKCTL_PATH + "' --config '" + config_path + "' " + args);
}

std::vector<uint8_t> file_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

int pdf_pages(const std::string& pdfinfo) {
  const size_t line = pdfinfo.find("\nPages:");
  return line == std::string::npos ? -1 : std::stoi(pdfinfo.substr(line + 7));
}

nlohmann::json admin_files(const ServerProcess& server) {
  httplib::Client client("127.0.0.1", server.port());
  auto answer = client.Get("/admin/files");
  REQUIRE(answer);
  REQUIRE(answer->status == 200);
  return nlohmann::json::parse(answer->body);
}

}  // namespace

TEST_CASE("kioskctl: document scan, submit --attach, queue show, status, sync and purge of sealed documents",
          "[system][kioskctl][attachments]") {
  set_log_level(LogLevel::Error);
  mc::test::use_sane_test_backend();  // SANE_CONFIG_DIR, inherited by kioskctl
  TempDir dir;
  ServerProcess server({"--port", "0", "--db", (dir.path / "server.db").string(), "--catalog-dir", kAssets + "/catalog",
                        "--status-pace-s", "0"});
  const std::string config_path = (dir.path / "kiosk.toml").string();
  std::ofstream(config_path) << "data_dir = \"" << (dir.path / "data").string() << "\"\nlog_level = \"error\"\n"
                             << "[kiosk]\nid = \"KIOSK-ST-1\"\nslot = 1\n[server]\nurl = \"" << server.base_url()
                             << "\"\nconnect_timeout_s = 2\ntotal_timeout_s = 5\n";
  const std::string answers = (dir.path / "answers.json").string();
  std::ofstream(answers) << R"({"phone": "0912345678", "licence_class": "B2", "reissue_reason": "damaged",
    "health_check_date": "2026-01-15", "result_delivery": "in_person", "consent": "true",
    "licence_number": "790000000001"})";
  const std::string submit = "submit --procedure 1.002820 --answers '" + answers +
                             "' --id-qr '001099012345||Nguyễn Văn An|15031999|Nam|Số 1 Đường ABC, Phường X, TP "
                             "Z|10052021' ";

  // The IT officer's test scan: three grey pages, progress on stderr, a PDF pdfinfo reads.
  const fs::path scan = dir.path / "scan.pdf";
  Run scanned = kioskctl(config_path, "document scan --device test:0 --pages 3 --dpi 100 --mode grey --out '" +
                                          scan.string() + "' --option test-picture=Grid");
  INFO(scanned.out);
  REQUIRE(scanned.exit_code == 0);
  CHECK(scanned.out.find("page 3/3") != std::string::npos);
  CHECK(pdf_pages(shell("pdfinfo '" + scan.string() + "'").out) == 3);
  CHECK(kioskctl(config_path, "document scan --device test:0 --mode sepia --out x.pdf").exit_code == 2);
  // A photo of a paper: PNG, made a one-page PDF at submission.
  REQUIRE(shell("pdftoppm -r 40 -png -singlefile -f 1 '" + scan.string() + "' '" + (dir.path / "photo").string() + "'")
              .exit_code == 0);
  const fs::path photo = dir.path / "photo.png";
  REQUIRE(fs::exists(photo));
  std::ofstream(dir.path / "notes.txt") << "not a document\n";
  std::ofstream(dir.path / "broken.pdf") << "%PDF-1.7\nthis is no PDF\n";

  // Refusals: a clear reason, exit 1, and no dossier queued.
  struct Refusal {
    std::string attach, says;
  };
  for (const Refusal& refusal :
       {Refusal{"TP9=" + scan.string(), "has no document TP9"}, Refusal{"TP1=" + scan.string(), "digitize = \"no\""},
        Refusal{"TP2=" + (dir.path / "missing.pdf").string(), "cannot read the attached file"},
        Refusal{"TP2=" + (dir.path / "notes.txt").string(), "neither a PDF nor a JPEG or PNG image"},
        Refusal{"TP2=" + (dir.path / "broken.pdf").string(), "not a readable PDF"},
        Refusal{"TP2", "--attach takes CODE=FILE"}}) {
    Run refused = kioskctl(config_path, submit + "--attach '" + refusal.attach + "'");
    INFO(refusal.attach << "\n" << refused.out);
    CHECK(refused.exit_code == 1);
    CHECK(refused.out.find(refusal.says) != std::string::npos);
  }
  Run twice =
      kioskctl(config_path, submit + "--attach 'TP2=" + scan.string() + "' --attach 'TP2=" + photo.string() + "'");
  CHECK(twice.exit_code == 1);
  CHECK(twice.out.find("attached twice") != std::string::npos);
  CHECK(kioskctl(config_path, "queue list").out.find("0 dossier(s)") != std::string::npos);

  // Accepted: the scan as it is (3 pages) and the photo as a one-page PDF, both electronic in the dossier
  // (the receipt's "bản điện tử (N trang)" reads these).
  Run accepted =
      kioskctl(config_path, submit + "--attach 'TP2=" + scan.string() + "' --attach 'TP3=" + photo.string() + "'");
  INFO(accepted.out);
  REQUIRE(accepted.exit_code == 0);
  // The code is stdout's line (the last one: stderr's log lines come first).
  std::string code = accepted.out.substr(0, accepted.out.find_last_not_of('\n') + 1);
  code = code.substr(code.rfind('\n') + 1);
  REQUIRE(code.rfind("000.00.15.G12-", 0) == 0);
  const Config config = load_config(config_path).config;
  const std::vector<uint8_t> scan_bytes = file_bytes(scan);
  std::string sealed_sha;  // the TP2 PDF as sealed: the scan with the kiosk's metadata appended
  size_t sealed_size = 0;
  {
    auto outbox = Outbox::open(config);
    const auto entry = outbox->find(code);
    REQUIRE(entry);
    std::map<std::string, std::pair<DocumentMedium, int>> documents;
    for (const auto& document : entry->dossier.documents_received)
      documents[document.code] = {document.medium, document.pages};
    CHECK(documents["TP1"].first == DocumentMedium::Paper);
    CHECK(documents["TP2"] == std::make_pair(DocumentMedium::Electronic, 3));
    CHECK(documents["TP3"] == std::make_pair(DocumentMedium::Electronic, 1));
    // What is sealed opens: the PDF as given with the document's name and the dossier code appended to its
    // metadata, and the photo's page with the same.
    AttachmentStore store(config.path_in_data("attachments"), outbox->key(), 0);
    const auto scan_pdf = store.open(code, "TP2");
    sealed_sha = AttachmentStore::sha256_hex(scan_pdf);
    sealed_size = scan_pdf.size();
    REQUIRE(scan_pdf.size() > scan_bytes.size());
    CHECK(std::equal(scan_bytes.begin(), scan_bytes.end(), scan_pdf.begin()));  // its pages, byte for byte
    const fs::path sealed_scan = dir.path / "tp2.pdf";
    std::ofstream(sealed_scan, std::ios::binary)
        .write(reinterpret_cast<const char*>(scan_pdf.data()), static_cast<std::streamsize>(scan_pdf.size()));
    const Run scan_info = shell("pdfinfo '" + sealed_scan.string() + "'");
    INFO(scan_info.out);
    CHECK(pdf_pages(scan_info.out) == 3);
    CHECK(scan_info.out.find(code) != std::string::npos);   // Subject
    CHECK(scan_info.out.find("TP2") != std::string::npos);  // Keywords
    const auto photo_pdf = store.open(code, "TP3");
    const fs::path sealed_photo = dir.path / "tp3.pdf";
    std::ofstream(sealed_photo, std::ios::binary)
        .write(reinterpret_cast<const char*>(photo_pdf.data()), static_cast<std::streamsize>(photo_pdf.size()));
    const Run info = shell("pdfinfo '" + sealed_photo.string() + "'");
    CHECK(pdf_pages(info.out) == 1);
    CHECK(info.out.find(code) != std::string::npos);  // the dossier code in the PDF's Subject
    // File names carry codes only.
    for (const auto& item : fs::recursive_directory_iterator(config.path_in_data("attachments")))
      CHECK(item.path().string().find("Nguy") == std::string::npos);
  }

  // queue show lists both, not yet uploaded; status counts them.
  Run shown = kioskctl(config_path, "queue show " + code);
  INFO(shown.out);
  CHECK(shown.exit_code == 0);
  CHECK(shown.out.find("Bản điện tử / files:    2") != std::string::npos);
  CHECK(shown.out.find("TP2 ") != std::string::npos);
  CHECK(shown.out.find("trang / pages:      3") != std::string::npos);
  CHECK(shown.out.find("dung lượng / bytes: " + std::to_string(sealed_size)) != std::string::npos);
  CHECK(shown.out.find(sealed_sha) != std::string::npos);
  CHECK(shown.out.find("uploaded: chưa / no") != std::string::npos);
  CHECK(shown.out.find("Nguy") == std::string::npos);
  auto status = nlohmann::json::parse(kioskctl(config_path, "status --json --offline").out, nullptr, false);
  REQUIRE_FALSE(status.is_discarded());
  CHECK(status["queue"]["attachments"]["files"] == 2);
  CHECK(status["queue"]["attachments"]["bytes"].get<int64_t>() > static_cast<int64_t>(fs::file_size(scan)));
  const Run status_text = kioskctl(config_path, "status --offline");
  INFO(status_text.out);
  CHECK(status_text.out.find("scanned files:") != std::string::npos);
  CHECK(status_text.out.find(" 2 (" + status["queue"]["attachments"]["bytes"].dump() + " bytes)") != std::string::npos);

  // The IT officer's export (issue 14, staff's export on the shell): the sealed PDF's plaintext, byte for byte
  // (SHA-256 as queue show reads it), that pdfinfo reads; audited by codes only. A paper document has nothing to
  // export.
  const fs::path exported = dir.path / "usb" / "tp2.pdf";
  fs::create_directories(exported.parent_path());
  Run exporting = kioskctl(config_path, "document export " + code + " TP2 --out '" + exported.string() + "'");
  INFO(exporting.out);
  REQUIRE(exporting.exit_code == 0);
  CHECK(exporting.out.find(sealed_sha) != std::string::npos);
  CHECK(AttachmentStore::sha256_hex(file_bytes(exported)) == sealed_sha);
  CHECK(pdf_pages(shell("pdfinfo '" + exported.string() + "'").out) == 3);
  CHECK(kioskctl(config_path, "document export " + code + " TP1 --out '" + exported.string() + ".1'").exit_code == 1);
  CHECK(kioskctl(config_path, "document export " + code + " TP2").exit_code == 2);
  const Run audit = kioskctl(config_path, "audit list");
  INFO(audit.out);
  CHECK(audit.out.find("kioskctl  export_document  " + code + " TP2 ok bytes=" + std::to_string(sealed_size)) !=
        std::string::npos);
  CHECK(audit.out.find("Nguy") == std::string::npos);

  // kioskctl sync uploads both before the record; queue show then has their TepDinhKemId.
  Run synced = kioskctl(config_path, "sync --until-empty --timeout 60 --no-catalog --no-status");
  INFO(synced.out);
  REQUIRE(synced.exit_code == 0);
  const nlohmann::json files = admin_files(server);
  REQUIRE(files["count"] == 2);
  std::string tp2_id;
  for (const auto& file : files["files"]) {
    CHECK(file["MaHoSo"] == code);
    if (file["MaThanhPhanHoSo"] == "TP2") {
      CHECK(file["sha256"] == sealed_sha);
      tp2_id = file["TepDinhKemId"].get<std::string>();
    }
  }
  REQUIRE_FALSE(tp2_id.empty());
  shown = kioskctl(config_path, "queue show " + code);
  CHECK(shown.out.find("uploaded: có / yes") != std::string::npos);
  CHECK(shown.out.find("TepDinhKemId " + tp2_id) != std::string::npos);
  CHECK(shown.out.find("uploaded: chưa / no") == std::string::npos);

  // The retention purge removes the sealed files with the personal data; what was uploaded stays known.
  {
    auto outbox = Outbox::open(config);
    outbox->update_status(code, DossierStatus::ResultReturned, "", system_clock()() - 100 * 86400);
  }
  Run purged = kioskctl(config_path, "queue purge");
  INFO(purged.out);
  CHECK(purged.exit_code == 0);
  CHECK(purged.out.find("removed 2 sealed document file(s)") != std::string::npos);
  CHECK_FALSE(fs::exists(fs::path(config.path_in_data("attachments")) / code));
  status = nlohmann::json::parse(kioskctl(config_path, "status --json --offline").out, nullptr, false);
  CHECK(status["queue"]["attachments"]["files"] == 0);
  CHECK(status["queue"]["attachments"]["bytes"] == 0);
  shown = kioskctl(config_path, "queue show " + code);
  CHECK(shown.out.find("removed (retention)") != std::string::npos);
  CHECK(shown.out.find(sealed_sha) != std::string::npos);
  CHECK(shown.out.find("TepDinhKemId " + tp2_id) != std::string::npos);
}

#endif  // MC_KIOSKCTL_PATH
