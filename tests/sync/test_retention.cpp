// Retention: the personal data of synced, final dossiers is purged after retention.personal_data_days,
// and the ciphertext itself is gone from queue.db and its WAL (personal fields are sealed at rest, so
// looking for the name in the file would pass even before the purge: the tests look for the sealed bytes).
#include <sodium.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include "fixtures.hpp"
#include "mc/sync/outbox.hpp"

using namespace mc;
using namespace mc::sync;
using namespace mc::sync::testing;

namespace {

constexpr int64_t kDay = 86400;

// large: a procedure snapshot with many documents, so each sealed dossier spills into SQLite overflow
// pages (freed whole on purge: secure_delete must zero them) instead of fitting in one table page.
Catalog retention_catalog(bool large) {
  Procedure procedure = test_procedure();
  if (large) {
    for (int i = 0; i < 40; ++i)
      procedure.documents.push_back(DocumentRequirement{
          "TPX" + std::to_string(i),
          {"Bản sao giấy tờ kèm theo số " + std::to_string(i) + " (có chứng thực hoặc bản chính để đối chiếu)",
           "Copy of supporting document no. " + std::to_string(i) + " (certified, or the original to compare)"},
          CopyType::Copy,
          1,
          ""});
  }
  Catalog catalog;
  catalog.add(procedure);
  return catalog;
}

struct Setup {
  explicit Setup(bool large = false) : catalog(retention_catalog(large)) {}
  TempDir dir;
  Config config = test_config(dir.str());
  Catalog catalog;
  WorkingCalendar calendar{HolidayTable{}};
  std::unique_ptr<Outbox> outbox = Outbox::open(config);

  std::string submit(int n) {
    Intake intake(*outbox, catalog, calendar, config, fixed_clock(kMonday0900));
    auto result = intake.submit(test_request(n));
    REQUIRE(result.accepted);
    return result.dossier.code;
  }
  std::vector<uint8_t> sealed_blob(const std::string& code) {
    auto guard = outbox->lock();
    auto query = outbox->database().prepare("SELECT sealed FROM outbox WHERE code = ?");
    query.bind(1, code);
    REQUIRE(query.step());
    return query.column_blob(0);
  }
  // queue.db and queue.db-wal, as bytes on disk.
  std::string files_on_disk() const {
    std::string bytes = read_all(config.path_in_data("queue.db"));
    if (std::filesystem::exists(config.path_in_data("queue.db-wal")))
      bytes += read_all(config.path_in_data("queue.db-wal"));
    return bytes;
  }
};

// Every 32-byte piece of the blob, end to end: does any of them (a leftover fragment) occur in the files?
int chunks_on_disk(const std::vector<uint8_t>& blob, const std::string& disk) {
  REQUIRE(blob.size() >= 64);
  int found = 0;
  for (size_t offset = 0; offset + 32 <= blob.size(); offset += 32) {
    std::string chunk(reinterpret_cast<const char*>(blob.data()) + offset, 32);
    if (disk.find(chunk) != std::string::npos) ++found;
  }
  return found;
}
bool any_chunk_on_disk(const std::vector<uint8_t>& blob, const std::string& disk) {
  return chunks_on_disk(blob, disk) > 0;
}

// Rows whose sealed blob decrypts, with the queue key, to a text containing needle.
int rows_decrypting_to(Setup& setup, const std::string& needle) {
  std::string key = read_all(setup.config.path_in_data("queue.key"));
  REQUIRE(key.size() == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
  REQUIRE(sodium_init() >= 0);
  int found = 0;
  auto guard = setup.outbox->lock();
  auto query = setup.outbox->database().prepare("SELECT code, nonce, sealed FROM outbox");
  while (query.step()) {
    std::string code = query.column_text(0);
    auto nonce = query.column_blob(1);
    auto sealed = query.column_blob(2);
    if (nonce.size() != crypto_aead_xchacha20poly1305_ietf_NPUBBYTES ||
        sealed.size() < crypto_aead_xchacha20poly1305_ietf_ABYTES)
      continue;
    std::string plain(sealed.size(), '\0');
    unsigned long long size = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            reinterpret_cast<unsigned char*>(plain.data()), &size, nullptr, sealed.data(), sealed.size(),
            reinterpret_cast<const unsigned char*>(code.data()), code.size(), nonce.data(),
            reinterpret_cast<const unsigned char*>(key.data())) == 0) {
      plain.resize(size);
      if (plain.find(needle) != std::string::npos) ++found;
    }
  }
  return found;
}

}  // namespace

TEST_CASE("the retention purge removes the personal data of synced, final, old dossiers only", "[outbox][retention]") {
  const bool large = GENERATE(false, true);
  Setup setup(large);
  const int64_t t0 = kMonday0900;
  // Claimed in this order: due (final long ago), in progress, final recently, quarantined; one stays queued.
  const std::string due = setup.submit(1), in_progress = setup.submit(2), recent = setup.submit(3),
                    quarantined = setup.submit(4), queued = setup.submit(5);
  REQUIRE(setup.outbox->claim_batch(4, t0 + 30).size() == 4);
  for (const auto& code : {due, in_progress, recent}) setup.outbox->mark_synced(code, t0 + 60, "stored");
  setup.outbox->mark_quarantined(quarantined, "MaDoiTuong: phải gồm 12 chữ số", t0 + 60);
  setup.outbox->update_status(due, DossierStatus::ResultReturned, "Đã trả kết quả", t0 + 3600);
  setup.outbox->update_status(in_progress, DossierStatus::InProgress, "Đang xử lý", t0 + 3600);
  const int64_t now = t0 + 91 * kDay;
  setup.outbox->update_status(recent, DossierStatus::Withdrawn, "Công dân rút hồ sơ", now - 10 * kDay);

  const auto due_blob = setup.sealed_blob(due);
  CHECK(due_blob.size() > (large ? 8192u : 1024u));
  const auto recent_blob = setup.sealed_blob(recent);
  CHECK(rows_decrypting_to(setup, kFakeName) == 5);

  SECTION("a dry run counts and changes nothing") {
    PurgeResult dry = setup.outbox->purge_personal_data(now, 90, true);
    CHECK(dry.purged == 1);
    CHECK(dry.codes == std::vector<std::string>{due});
    CHECK_FALSE(setup.outbox->find(due)->personal_data_purged);
    CHECK(setup.outbox->find(due)->dossier.applicant.full_name == kFakeName);
    CHECK(setup.sealed_blob(due) == due_blob);
  }

  SECTION("the purge keeps what reports need and nothing personal") {
    const OutboxEntry before = *setup.outbox->find(due);
    PurgeResult result = setup.outbox->purge_personal_data(now, 90);
    CHECK(result.purged == 1);
    CHECK(result.codes == std::vector<std::string>{due});
    CHECK(result.wal_checkpointed);

    auto entry = setup.outbox->find(due);
    REQUIRE(entry);
    CHECK(entry->personal_data_purged);
    CHECK(entry->purged_at_unix == now);
    CHECK(entry->dossier.applicant.full_name.empty());
    CHECK(entry->dossier.applicant.id_number.empty());
    CHECK(entry->dossier.applicant.address.empty());
    CHECK_FALSE(entry->dossier.applicant.date_of_birth);
    CHECK(entry->dossier.phone.empty());
    CHECK(entry->dossier.answers.empty());
    CHECK(entry->record_json.empty());
    // Staff lookup and the daily summary still have these.
    CHECK(entry->dossier.code == due);
    CHECK(entry->dossier.lookup_code == before.dossier.lookup_code);
    CHECK(entry->dossier.procedure.code == "1.002820");
    CHECK(entry->dossier.procedure.name.vi == "Cấp lại giấy phép lái xe");
    CHECK(entry->dossier.received_at == before.dossier.received_at);
    CHECK(entry->dossier.due_at == before.dossier.due_at);
    CHECK(entry->state == OutboxState::Synced);
    CHECK(entry->server_status == DossierStatus::ResultReturned);
    CHECK(entry->synced_at_unix == t0 + 60);
    CHECK(entry->accepted_at_unix == t0);

    // The other four keep everything.
    for (const auto& code : {in_progress, recent, quarantined, queued}) {
      auto kept = setup.outbox->find(code);
      REQUIRE(kept);
      CHECK_FALSE(kept->personal_data_purged);
      CHECK(kept->dossier.applicant.full_name == kFakeName);
      CHECK(kept->dossier.applicant.id_number == kFakeId);
      CHECK_FALSE(kept->record_json.empty());
    }
    CHECK(setup.sealed_blob(recent) == recent_blob);

    // The ciphertext is gone from the files on disk; a dossier not yet due is still there (so this can fail).
    const std::string disk = setup.files_on_disk();
    CHECK_FALSE(any_chunk_on_disk(due_blob, disk));
    // (Nearly all of it: a chunk that straddles two overflow pages is split by the page header.)
    CHECK(chunks_on_disk(recent_blob, disk) >= static_cast<int>(recent_blob.size() / 32) * 9 / 10);
    // With the key, only the four untouched dossiers still decrypt to the applicant's name.
    CHECK(rows_decrypting_to(setup, kFakeName) == 4);
    CHECK(rows_decrypting_to(setup, kFakeId) == 4);
    // And nothing personal sits in clear in the kept columns.
    CHECK(disk.find(kFakeName) == std::string::npos);
    CHECK(disk.find(kFakeId) == std::string::npos);
    CHECK(disk.find(kFakePhone) == std::string::npos);

    // Counts for reports still add up; listing mixes purged and kept entries.
    CHECK(setup.outbox->stats().synced == 3);
    CHECK(setup.outbox->stats().purged == 1);
    CHECK(setup.outbox->list(std::nullopt, 10).size() == 5);

    // Idempotent; the recent one goes when its time comes.
    CHECK(setup.outbox->purge_personal_data(now, 90).purged == 0);
    CHECK(setup.outbox->purge_personal_data(now + 81 * kDay, 90).codes == std::vector<std::string>{recent});
    CHECK_FALSE(any_chunk_on_disk(recent_blob, setup.files_on_disk()));
    // Never the ones that are not final or not synced.
    CHECK(setup.outbox->purge_personal_data(now + 3650 * kDay, 1).purged == 0);
  }

  SECTION("the purge survives a reopen of the queue") {
    REQUIRE(setup.outbox->purge_personal_data(now, 90).purged == 1);
    setup.outbox.reset();
    setup.outbox = Outbox::open(setup.config);
    auto entry = setup.outbox->find(due);
    REQUIRE(entry);
    CHECK(entry->personal_data_purged);
    CHECK(entry->dossier.applicant.full_name.empty());
    CHECK(setup.outbox->find(recent)->dossier.applicant.full_name == kFakeName);
  }
}

TEST_CASE("last_synced_at is the newest sync time", "[outbox]") {
  Setup setup;
  CHECK_FALSE(setup.outbox->last_synced_at());
  const std::string a = setup.submit(1), b = setup.submit(2);
  setup.outbox->claim_batch(2, kMonday0900);
  setup.outbox->mark_synced(a, kMonday0900 + 10, "stored");
  setup.outbox->mark_synced(b, kMonday0900 + 20, "stored");
  CHECK(setup.outbox->last_synced_at() == kMonday0900 + 20);
}

TEST_CASE("a purge over a backlog larger than one batch purges every due dossier", "[outbox][retention]") {
  Setup setup;
  const std::string first = setup.submit(1);
  Dossier dossier = setup.outbox->find(first)->dossier;
  const std::string record = setup.outbox->find(first)->record_json;
  std::vector<std::string> codes = {first};
  for (int i = 2; i <= 230; ++i) {
    dossier.code = "000.00.15.G12-260302-" + std::to_string(1000 + i);
    setup.outbox->enqueue(dossier, record, kMonday0900);
    codes.push_back(dossier.code);
  }
  REQUIRE(setup.outbox->claim_batch(1000, kMonday0900).size() == codes.size());
  {
    auto guard = setup.outbox->lock();
    Transaction transaction(setup.outbox->database());
    for (const auto& code : codes) {
      setup.outbox->mark_synced(code, kMonday0900 + 60, "stored");
      setup.outbox->update_status(code, DossierStatus::Stopped, "", kMonday0900 + 120);
    }
    transaction.commit();
  }
  const int64_t now = kMonday0900 + 120 + 30 * kDay;
  CHECK(setup.outbox->purge_personal_data(now, 30, true).purged == 230);
  PurgeResult result = setup.outbox->purge_personal_data(now, 30);
  CHECK(result.purged == 230);
  CHECK(result.codes.size() == 230);
  CHECK(setup.outbox->stats().purged == 230);
  CHECK(rows_decrypting_to(setup, kFakeName) == 0);
  CHECK(setup.outbox->find(codes.back())->personal_data_purged);
}
