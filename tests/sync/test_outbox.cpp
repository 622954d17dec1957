#include <sodium.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <cstdio>
#include <nlohmann/json.hpp>
#include "fixtures.hpp"
#include "mc/core/version.hpp"
#include "mc/sync/outbox.hpp"
#include "mc/sync/record.hpp"

using namespace mc;
using namespace mc::sync;
using namespace mc::sync::testing;

namespace {
struct Setup {
  TempDir dir;
  Config config = test_config(dir.str());
  Catalog catalog = test_catalog();
  WorkingCalendar calendar{HolidayTable{}};
};
}  // namespace

TEST_CASE("the outbox creates its schema and key at first start, and reopens", "[outbox]") {
  Setup setup;
  {
    auto outbox = Outbox::open(setup.config);
    CHECK(outbox->database().user_version() ==
          5);  // 1 outbox, 2 retention, 3 quarantine kind, 4 doubt, progress, 5 uploads
    CHECK(outbox->stats().queued == 0);
  }
  struct stat info {};
  REQUIRE(::stat(setup.config.path_in_data("queue.key").c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  CHECK(info.st_size == 32);
  auto reopened = Outbox::open(setup.config);
  CHECK(reopened->database().user_version() == 5);
}

TEST_CASE("the outbox keeps what the server answered for each uploaded document, and reopens with it",
          "[outbox][attachments]") {
  Setup setup;
  {
    auto outbox = Outbox::open(setup.config);
    CHECK(outbox->attachment_uploads("000.00.15.G12-260302-1001").empty());
    outbox->note_attachment_uploaded("000.00.15.G12-260302-1001", "TP3", std::string(64, 'b'), "F-3", "/files/F-3",
                                     kMonday0900);
    outbox->note_attachment_uploaded("000.00.15.G12-260302-1001", "TP2", std::string(64, 'a'), "F-1", "/files/F-1",
                                     kMonday0900);
    // A repeat (after a lost answer) replaces, never duplicates.
    outbox->note_attachment_uploaded("000.00.15.G12-260302-1001", "TP2", std::string(64, 'a'), "F-1", "/files/F-1",
                                     kMonday0900 + 60);
  }
  auto reopened = Outbox::open(setup.config);
  const auto uploads = reopened->attachment_uploads("000.00.15.G12-260302-1001");
  REQUIRE(uploads.size() == 2);
  CHECK(uploads[0].document_code == "TP2");
  CHECK(uploads[0].file_id == "F-1");
  CHECK(uploads[0].url == "/files/F-1");
  CHECK(uploads[0].uploaded_at_unix == kMonday0900 + 60);
  CHECK(uploads[1].document_code == "TP3");
  CHECK(uploads[1].sha256 == std::string(64, 'b'));
  CHECK(reopened->attachment_uploads("000.00.15.G12-260302-1002").empty());
}

TEST_CASE("an accepted submission is stored queued with its record, personal data sealed", "[outbox][intake]") {
  Setup setup;
  std::string code;
  {
    auto outbox = Outbox::open(setup.config);
    Intake intake(*outbox, setup.catalog, setup.calendar, setup.config, fixed_clock(kMonday0900));
    SubmitResult result = intake.submit(test_request());
    REQUIRE(result.accepted);
    code = result.dossier.code;
    CHECK(code.rfind("000.00.15.G12-260302-", 0) == 0);
    CHECK(result.dossier.due_at.date == Date{2026, 3, 9});  // 5 working days after Monday 2/3

    auto entry = outbox->find(code);
    REQUIRE(entry);
    CHECK(entry->state == OutboxState::Queued);
    CHECK(entry->dossier.applicant.full_name == kFakeName);
    CHECK(entry->dossier.applicant.id_number == kFakeId);
    CHECK(entry->dossier.phone == kFakePhone);
    auto record = nlohmann::json::parse(entry->record_json);
    CHECK(record["MaHoSo"] == code);
    CHECK(record["MaDoiTuong"] == kFakeId);
    CHECK(record.dump() == entry->record_json);  // stored exactly as nlohmann writes it: keys sorted
    QueueStats stats = outbox->stats();
    CHECK(stats.queued == 1);
    CHECK(stats.oldest_queued_unix == kMonday0900);
  }
  // The raw database files (main file and write-ahead log) never hold the name, ID number, address or phone.
  std::string raw;
  for (const auto& name : {"queue.db", "queue.db-wal"}) {
    auto path = setup.dir.path / name;
    if (std::filesystem::exists(path)) raw += read_all(path);
  }
  REQUIRE(raw.find(code) != std::string::npos);  // the non-personal code is in clear: the grep itself works
  CHECK(raw.find(kFakeId) == std::string::npos);
  CHECK(raw.find(kFakeName) == std::string::npos);
  CHECK(raw.find("Nguy") == std::string::npos);
  CHECK(raw.find("Đường ABC") == std::string::npos);
  CHECK(raw.find(kFakePhone) == std::string::npos);
}

TEST_CASE("a wrong key is a clear error, never a new empty queue", "[outbox][key]") {
  Setup setup;
  {
    auto outbox = Outbox::open(setup.config);
    Intake intake(*outbox, setup.catalog, setup.calendar, setup.config, fixed_clock(kMonday0900));
    REQUIRE(intake.submit(test_request()).accepted);
  }
  std::string key_path = setup.config.path_in_data("queue.key");
  std::string good_key = read_all(key_path);
  {
    std::ofstream out(key_path, std::ios::binary | std::ios::trunc);
    out << std::string(32, 'x');
  }
  REQUIRE_THROWS_AS(Outbox::open(setup.config), OutboxKeyError);
  REQUIRE_THROWS_WITH(Outbox::open(setup.config), Catch::Contains("does not match"));
  {
    std::ofstream out(key_path, std::ios::binary | std::ios::trunc);
    out << good_key;
  }
  CHECK(Outbox::open(setup.config)->stats().queued == 1);  // the queue is intact with the right key
}

TEST_CASE("a missing key with an existing queue stops the start and deletes nothing", "[outbox][key]") {
  Setup setup;
  {
    auto outbox = Outbox::open(setup.config);
    Intake intake(*outbox, setup.catalog, setup.calendar, setup.config, fixed_clock(kMonday0900));
    REQUIRE(intake.submit(test_request(1)).accepted);
    REQUIRE(intake.submit(test_request(2)).accepted);
  }
  std::string key_path = setup.config.path_in_data("queue.key");
  std::filesystem::rename(key_path, key_path + ".bak");
  REQUIRE_THROWS_WITH(Outbox::open(setup.config), Catch::Contains("missing") && Catch::Contains("2 dossiers"));
  CHECK_FALSE(std::filesystem::exists(key_path));  // no new key was made behind the operator's back
  std::filesystem::rename(key_path + ".bak", key_path);
  CHECK(Outbox::open(setup.config)->stats().queued == 2);
}

TEST_CASE("a damaged key file is a clear error", "[outbox][key]") {
  Setup setup;
  Outbox::open(setup.config);
  {
    std::ofstream out(setup.config.path_in_data("queue.key"), std::ios::binary | std::ios::trunc);
    out << "short";
  }
  REQUIRE_THROWS_WITH(Outbox::open(setup.config), Catch::Contains("damaged"));
}

TEST_CASE("a full disk refuses a submission with a clear message and keeps earlier entries", "[outbox][intake]") {
  Setup setup;
  auto outbox = Outbox::open(setup.config);
  Intake intake(*outbox, setup.catalog, setup.calendar, setup.config, fixed_clock(kMonday0900));
  std::vector<std::string> codes;
  for (int i = 0; i < 3; ++i) {
    auto result = intake.submit(test_request(i));
    REQUIRE(result.accepted);
    codes.push_back(result.dossier.code);
  }
  auto pages = outbox->database().prepare("PRAGMA page_count");
  pages.step();
  int64_t page_count = pages.column_int(0);
  outbox->database().exec("PRAGMA max_page_count=" + std::to_string(page_count));

  // Each submission needs new pages (the sealed dossier is a few KB): at most a few fit in free space.
  SubmitResult refused;
  for (int i = 0; i < 20 && (refused.accepted || refused.message.vi.empty()); ++i) {
    refused = intake.submit(test_request(10 + i));
    if (refused.accepted) codes.push_back(refused.dossier.code);
  }
  REQUIRE_FALSE(refused.accepted);
  CHECK(refused.message.vi == "Không lưu được hồ sơ: bộ nhớ đầy. Vui lòng báo cán bộ.");
  CHECK_FALSE(refused.message.en.empty());
  CHECK(refused.dossier.code.empty());  // no code to print on a receipt
  for (const auto& code : codes) {
    auto entry = outbox->find(code);
    REQUIRE(entry);
    CHECK(entry->dossier.applicant.full_name == kFakeName);
  }
  CHECK(outbox->stats().queued == static_cast<int>(codes.size()));

  outbox->database().exec("PRAGMA max_page_count=1073741823");
  CHECK(intake.submit(test_request(99)).accepted);
}

TEST_CASE("an invalid submission names each problem and stores nothing", "[intake]") {
  Setup setup;
  auto outbox = Outbox::open(setup.config);
  Intake intake(*outbox, setup.catalog, setup.calendar, setup.config, fixed_clock(kMonday0900));
  SubmitRequest request = test_request();
  request.answers.erase("licence_number");
  request.applicant.id_number = "12345";
  request.phone = "12";
  SubmitResult result = intake.submit(request);
  CHECK_FALSE(result.accepted);
  std::set<std::string> fields;
  for (const auto& error : result.errors) {
    fields.insert(error.field_id);
    CHECK_FALSE(error.message.vi.empty());
    CHECK_FALSE(error.message.en.empty());
  }
  CHECK(fields.count("licence_number"));
  CHECK(fields.count("applicant.id_number"));
  CHECK(fields.count("applicant.phone"));
  CHECK(outbox->stats().queued == 0);

  request = test_request();
  request.procedure_code = "9.999999";
  result = intake.submit(request);
  CHECK_FALSE(result.accepted);
  CHECK(result.message.vi.find("9.999999") != std::string::npos);
}

TEST_CASE("the DongBoHoSoMC record follows the protocol table", "[record]") {
  Setup setup;
  auto outbox = Outbox::open(setup.config);
  Intake intake(*outbox, setup.catalog, setup.calendar, setup.config, fixed_clock(kMonday0900));
  SubmitRequest request = test_request();
  request.email = "a@example.com";
  auto result = intake.submit(request);
  REQUIRE(result.accepted);
  auto record = nlohmann::json::parse(outbox->find(result.dossier.code)->record_json);
  CHECK(record["MaTTHC"] == "1.002820");
  CHECK(record["TenTTHC"] == "Cấp lại giấy phép lái xe");
  CHECK(record["MaLinhVuc"] == "DB");
  CHECK(record["ChuHoSo"] == kFakeName);
  CHECK(record["LoaiDoiTuong"] == "1");
  CHECK(record["NgayTiepNhan"] == "20260302090000");
  CHECK(record["NgayHenTra"] == "20260309090000");
  CHECK(record["TrangThaiHoSo"] == "1");
  CHECK(record["HinhThuc"] == "0");
  CHECK(record["Fax"] == "");
  CHECK(record["Email"] == "a@example.com");
  CHECK(record["SoDienThoai"] == kFakePhone);
  CHECK(record["SoBienNhan"] == result.dossier.lookup_code);
  CHECK(normalize_lookup_code(result.dossier.lookup_code) == result.dossier.lookup_code);
  CHECK(record["TrichYeuHoSo"] == "Cấp lại giấy phép lái xe - " + kFakeName);
  CHECK(record["DonViXuLy"] == setup.config.agency.name_vi);
  auto other = nlohmann::json::parse(record["ThongTinKhac"].get<std::string>());
  CHECK(other["NgaySinh"] == "19990315");
  CHECK(other["GioiTinh"] == "Nam");
  CHECK(other["DiaChiThuongTru"] == kFakeAddress);
  CHECK(other["SoBoHoSo"] == 1);
  CHECK(other["HinhThucNhanKetQua"] == "in_person");
  CHECK(other["CauTraLoi"]["reason"] == "lost");
  REQUIRE(record["TaiLieuNop"].size() == 2);
  CHECK(record["TaiLieuNop"][0]["MaThanhPhanHoSo"] == "TP1");
  CHECK(record["TaiLieuNop"][0]["IsDeleted"] == "False");
  REQUIRE(record["DanhSachLePhi"].size() == 1);
  CHECK(record["DanhSachLePhi"][0]["Gia"] == 135000);
  CHECK(record["DanhSachLePhi"][0]["LoaiPhiLePhi"] == "1");
  CHECK(record["DanhSachGiayToKetQua"].is_array());
  std::set<std::string> keys;
  for (auto it = record.begin(); it != record.end(); ++it) keys.insert(it.key());
  CHECK(keys == std::set<std::string>{"MaHoSo",          "MaTTHC",
                                      "TenTTHC",         "MaLinhVuc",
                                      "TenLinhVuc",      "SoBienNhan",
                                      "ChuHoSo",         "LoaiDoiTuong",
                                      "MaDoiTuong",      "ThongTinKhac",
                                      "Email",           "Fax",
                                      "SoDienThoai",     "TrichYeuHoSo",
                                      "NgayTiepNhan",    "NgayHenTra",
                                      "TrangThaiHoSo",   "NgayTra",
                                      "ThongTinTra",     "HinhThuc",
                                      "NgayKetThucXuLy", "DonViXuLy",
                                      "GhiChu",          "TaiLieuNop",
                                      "DanhSachLePhi",   "DanhSachGiayToKetQua"});
}

TEST_CASE("the receipt's lookup code cannot be worked out from the dossier code", "[record][intake]") {
  // Two kiosks with the same slot on the same morning hand out the same dossier code (as one kiosk would after
  // its disk was replaced): if the lookup code followed from the dossier code, both receipts would carry the
  // same one, and anyone who read a dossier code off a screen or a list could open its status.
  Setup first, second;
  auto first_outbox = Outbox::open(first.config);
  auto second_outbox = Outbox::open(second.config);
  Intake first_intake(*first_outbox, first.catalog, first.calendar, first.config, fixed_clock(kMonday0900));
  Intake second_intake(*second_outbox, second.catalog, second.calendar, second.config, fixed_clock(kMonday0900));
  auto a = first_intake.submit(test_request());
  auto b = second_intake.submit(test_request());
  REQUIRE(a.accepted);
  REQUIRE(b.accepted);
  REQUIRE(a.dossier.code == b.dossier.code);
  CHECK(a.dossier.lookup_code.size() == 8);
  CHECK(a.dossier.lookup_code != b.dossier.lookup_code);
  // What was given at intake stays the dossier's: the queue reads it back unchanged.
  CHECK(first_outbox->find(a.dossier.code)->dossier.lookup_code == a.dossier.lookup_code);
}

TEST_CASE("a dossier that would not read back is refused, never stored as an unreadable row", "[outbox][intake]") {
  Setup setup;
  Procedure faulty = test_procedure("1.009999");
  faulty.result = {"", ""};  // a hand-made catalog entry the loader would have refused
  setup.catalog.add(faulty);
  auto outbox = Outbox::open(setup.config);
  Intake intake(*outbox, setup.catalog, setup.calendar, setup.config, fixed_clock(kMonday0900));
  REQUIRE(intake.submit(test_request()).accepted);  // a good one first: it must stay readable

  SubmitRequest request = test_request(1);
  request.procedure_code = "1.009999";
  SubmitResult result = intake.submit(request);
  CHECK_FALSE(result.accepted);
  CHECK(result.dossier.code.empty());
  CHECK(result.message.en.find("procedure's data is faulty") != std::string::npos);
  CHECK(outbox->stats().queued == 1);
  for (const auto& entry : outbox->list()) CHECK(entry.dossier.procedure.code == "1.002820");
}

namespace {
// Damages one row the way a failing disk or a restore under another key would: the ciphertext no longer
// opens. (Or, with a valid seal, a payload that is not a dossier.)
void damage_row(Outbox& outbox, const std::string& code) {
  auto guard = outbox.lock();
  outbox.database().prepare("UPDATE outbox SET sealed = zeroblob(64) WHERE code = ?").bind(1, code).step();
}
}  // namespace

TEST_CASE("a poisoned row is quarantined with a reason and the rest of the queue drains", "[outbox][poison]") {
  Setup setup;
  auto outbox = Outbox::open(setup.config);
  Intake intake(*outbox, setup.catalog, setup.calendar, setup.config, fixed_clock(kMonday0900));
  std::vector<std::string> codes;
  for (int i = 0; i < 5; ++i) codes.push_back(intake.submit(test_request(i)).dossier.code);
  damage_row(*outbox, codes[0]);
  damage_row(*outbox, codes[3]);

  // Each claim goes past the damaged rows instead of failing on the first one forever.
  auto batch = outbox->claim_batch(2, kMonday0900);
  REQUIRE(batch.size() == 2);
  CHECK(batch[0].code == codes[1]);
  CHECK(batch[1].code == codes[2]);
  batch = outbox->claim_batch(10, kMonday0900);
  REQUIRE(batch.size() == 1);
  CHECK(batch[0].code == codes[4]);
  CHECK(outbox->claim_batch(10, kMonday0900).empty());

  for (int damaged : {0, 3}) {
    auto entry = outbox->find(codes[damaged]);
    REQUIRE(entry);  // listed, not thrown
    CHECK_FALSE(entry->readable);
    CHECK(entry->state == OutboxState::Quarantined);
    CHECK(entry->quarantine_kind == QuarantineKind::Unreadable);
    CHECK(entry->quarantine_reason.find("cannot be decrypted") != std::string::npos);
    CHECK(entry->dossier.procedure.code == "1.002820");  // what is in clear is still shown
    CHECK(entry->dossier.applicant.full_name.empty());
  }
  // The staff queue screen lists everything, damaged rows included; staff cannot "retry" them into a loop.
  CHECK(outbox->list().size() == 5);
  CHECK(outbox->list(OutboxState::Quarantined).size() == 2);
  CHECK_FALSE(outbox->retry(codes[0]));
  CHECK(outbox->stats().quarantined == 2);
}

TEST_CASE("a row that decrypts but holds no dossier is quarantined too, and its content stays out of the reason",
          "[outbox][poison]") {
  Setup setup;
  auto outbox = Outbox::open(setup.config);
  Intake intake(*outbox, setup.catalog, setup.calendar, setup.config, fixed_clock(kMonday0900));
  const std::string bad = intake.submit(test_request(0)).dossier.code;
  const std::string good = intake.submit(test_request(1)).dossier.code;
  // Seal "not a dossier" text under the real key (as a bug in an older version might have written it).
  const std::string key = read_all(setup.config.path_in_data("queue.key"));
  const std::string plain = "{\"dossier\": \"" + kFakeName + "\"";  // truncated JSON with personal data in it
  std::vector<unsigned char> nonce(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  randombytes_buf(nonce.data(), nonce.size());
  std::vector<unsigned char> sealed(plain.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  unsigned long long sealed_size = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(sealed.data(), &sealed_size,
                                             reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
                                             reinterpret_cast<const unsigned char*>(bad.data()), bad.size(), nullptr,
                                             nonce.data(), reinterpret_cast<const unsigned char*>(key.data()));
  {
    auto guard = outbox->lock();
    outbox->database()
        .prepare("UPDATE outbox SET nonce = ?, sealed = ? WHERE code = ?")
        .bind_blob(1, nonce.data(), nonce.size())
        .bind_blob(2, sealed.data(), sealed_size)
        .bind(3, bad)
        .step();
  }
  auto batch = outbox->claim_batch(10, kMonday0900);
  REQUIRE(batch.size() == 1);
  CHECK(batch[0].code == good);
  auto entry = outbox->find(bad);
  REQUIRE(entry);
  CHECK(entry->quarantine_kind == QuarantineKind::Unreadable);
  CHECK(entry->quarantine_reason.find(kFakeName) == std::string::npos);
  CHECK(entry->last_error.find(kFakeName) == std::string::npos);
}

TEST_CASE("two processes starting on an empty data directory agree on one key", "[outbox][key]") {
  for (int round = 0; round < 5; ++round) {
    Setup setup;
    // Two processes, not threads: each has its own SQLite connection and its own view of the key file.
    pid_t children[2];
    for (pid_t& child : children) {
      child = ::fork();
      REQUIRE(child >= 0);
      if (child == 0) {
        int code = 0;
        try {
          auto outbox = Outbox::open(setup.config);
          Intake intake(*outbox, setup.catalog, setup.calendar, setup.config, fixed_clock(kMonday0900));
          code = intake.submit(test_request(::getpid() % 1000)).accepted ? 0 : 1;
        } catch (const std::exception& error) {
          std::fprintf(stderr, "child %d: %s\n", static_cast<int>(::getpid()), error.what());
          code = 2;
        }
        ::_exit(code);
      }
    }
    for (pid_t child : children) {
      int status = 0;
      ::waitpid(child, &status, 0);
      CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 0));
    }
    // Whatever the interleaving: one key on disk, and both dossiers open under it.
    auto outbox = Outbox::open(setup.config);
    const auto entries = outbox->list();
    REQUIRE(entries.size() == 2);
    for (const auto& entry : entries) CHECK(entry.readable);
  }
}

TEST_CASE("a queue migrated by a newer version is refused unopened and unchanged (a downgrade)", "[outbox]") {
  Setup setup;
  std::string code;
  int known_schema = 0;
  {
    auto outbox = Outbox::open(setup.config);
    Intake intake(*outbox, setup.catalog, setup.calendar, setup.config, fixed_clock(kMonday0900));
    SubmitResult result = intake.submit(test_request());
    REQUIRE(result.accepted);
    code = result.dossier.code;
    known_schema = outbox->database().user_version();
    // What a newer release's first start leaves behind: one more schema step.
    outbox->database().exec("ALTER TABLE outbox ADD COLUMN from_the_future TEXT");
    outbox->database().exec("PRAGMA user_version=" + std::to_string(known_schema + 1));
  }
  try {
    Outbox::open(setup.config);
    FAIL("a queue with a newer schema was opened");
  } catch (const DbError& error) {
    const std::string message = error.what();
    CHECK(message.find("newer version of the kiosk software") != std::string::npos);
    CHECK(message.find("schema " + std::to_string(known_schema + 1)) != std::string::npos);
    CHECK(message.find(software_version()) != std::string::npos);
    CHECK(message.find("nothing in it changed") != std::string::npos);
  }
  // Still the newer schema, and the dossier is still there for the newer version.
  Database raw(setup.config.path_in_data("queue.db"));
  CHECK(raw.user_version() == known_schema + 1);
  auto row = raw.prepare("SELECT state FROM outbox WHERE code = ?1");
  row.bind(1, code);
  REQUIRE(row.step());
  CHECK(row.column_text(0) == "queued");
}
