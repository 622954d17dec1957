#include <unistd.h>
#include <catch2/catch.hpp>
#include <filesystem>

#include "mc/server/store.hpp"
#include "sample_record.hpp"

using mc::server::DossierStore;
using mc::server::PutOutcome;
using nlohmann::json;

namespace {
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() /
           ("mc-server-store-" + std::to_string(::getpid()) + "-" + std::to_string(reinterpret_cast<uintptr_t>(this)));
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};
}  // namespace

TEST_CASE("A dossier code is stored once: identical re-send is success", "[server][store]") {
  DossierStore store(":memory:");
  const json record = mc::test::sample_record();
  CHECK(store.put(record, false, 100) == PutOutcome::Stored);
  // The same content with keys in another order and other white space is the same dossier.
  const json reordered = json::parse(record.dump(2));
  CHECK(store.put(reordered, false, 200) == PutOutcome::Identical);
  CHECK(store.put(record, true, 300) == PutOutcome::Identical);
  CHECK(store.count() == 1);
  const auto stored = store.find(record["MaHoSo"]);
  REQUIRE(stored);
  CHECK(stored->record == record);
  CHECK(stored->received_count == 3);
  CHECK(stored->received_at == 100);
  CHECK(stored->updated_at == 100);
}

TEST_CASE("A different payload under a stored code is a conflict unless updating", "[server][store]") {
  DossierStore store(":memory:");
  const json original = mc::test::sample_record();
  json changed = original;
  changed["SoDienThoai"] = "0987654321";
  REQUIRE(store.put(original, false, 100) == PutOutcome::Stored);
  CHECK(store.put(changed, false, 200) == PutOutcome::Conflict);
  CHECK(store.find(original["MaHoSo"])->record == original);

  CHECK(store.put(changed, true, 300) == PutOutcome::Updated);
  const auto stored = store.find(original["MaHoSo"]);
  CHECK(stored->record == changed);
  CHECK(stored->received_at == 100);
  CHECK(stored->updated_at == 300);
  CHECK(store.count() == 1);
}

TEST_CASE("isUpdating on an unknown code simply stores it", "[server][store]") {
  DossierStore store(":memory:");
  CHECK(store.put(mc::test::sample_record(), true, 1) == PutOutcome::Stored);
  CHECK(store.count() == 1);
}

TEST_CASE("Stored dossiers survive a restart of the server", "[server][store]") {
  TempDir dir;
  const std::string path = (dir.path / "onestop.db").string();
  const json record = mc::test::sample_record();
  {
    DossierStore store(path);
    store.put(record, false, 100);
    store.put(mc::test::sample_record("000.00.15.G12-260305-1008"), false, 100);
  }
  DossierStore reopened(path);
  CHECK(reopened.count() == 2);
  CHECK(reopened.put(record, false, 500) == PutOutcome::Identical);
  CHECK(reopened.all().size() == 2);
}

TEST_CASE("A failed batch leaves nothing behind", "[server][store]") {
  DossierStore store(":memory:");
  CHECK_THROWS(store.in_transaction([&] {
    store.put(mc::test::sample_record(), false, 1);
    throw std::runtime_error("disk gone");
  }));
  CHECK(store.count() == 0);
}

TEST_CASE("Progress rows attach to stored dossiers only", "[server][store]") {
  DossierStore store(":memory:");
  using mc::server::ProgressOutcome;
  CHECK(store.add_progress("000.00.15.G12-260305-1007", mc::test::sample_progress(), 1) ==
        ProgressOutcome::UnknownDossier);
  store.put(mc::test::sample_record(), false, 1);
  CHECK(store.add_progress("000.00.15.G12-260305-1007", mc::test::sample_progress(), 2) == ProgressOutcome::Stored);
  // The same step again (as it comes back off the wire) is a re-send, not a second step; another step is stored.
  const json resent = json::parse(mc::test::sample_progress().dump());
  CHECK(store.add_progress("000.00.15.G12-260305-1007", resent, 3) == ProgressOutcome::Repeated);
  auto later = mc::test::sample_progress();
  later["NoiDungXuLy"] = "Đã có kết quả";
  CHECK(store.add_progress("000.00.15.G12-260305-1007", later, 4) == ProgressOutcome::Stored);
  CHECK(store.progress_count() == 2);
  const auto rows = store.progress_of("000.00.15.G12-260305-1007");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0]["TrangThai"] == "4");
  CHECK(rows[1]["NoiDungXuLy"] == "Đã có kết quả");
}

TEST_CASE("Only the latest heartbeat of each kiosk is kept", "[server][store]") {
  DossierStore store(":memory:");
  store.put_heartbeat("KIOSK-01", {{"QueueDepth", 5}}, 10);
  store.put_heartbeat("KIOSK-02", {{"QueueDepth", 1}}, 11);
  store.put_heartbeat("KIOSK-01", {{"QueueDepth", 0}}, 12);
  const auto beats = store.heartbeats();
  REQUIRE(beats.size() == 2);
  CHECK(beats[0].kiosk_id == "KIOSK-01");
  CHECK(beats[0].body["QueueDepth"] == 0);
  CHECK(beats[0].received_at == 12);
}
