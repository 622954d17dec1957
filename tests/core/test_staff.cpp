#include <catch2/catch.hpp>

#include <filesystem>

#include "mc/core/staff.hpp"

namespace {
struct TempDb {
  std::filesystem::path dir;
  TempDb() {
    dir = std::filesystem::temp_directory_path() /
          ("mc-staff-" + std::to_string(reinterpret_cast<uintptr_t>(this)) + std::to_string(::time(nullptr)));
    std::filesystem::create_directories(dir);
  }
  ~TempDb() { std::filesystem::remove_all(dir); }
  std::string path() const { return (dir / "staff.db").string(); }
};
}  // namespace

TEST_CASE("the staff PIN is stored as an Argon2id hash and verified", "[staff]") {
  const std::string hash = mc::hash_staff_pin("246813");
  CHECK(hash.rfind("$argon2id$", 0) == 0);
  CHECK(hash.find("246813") == std::string::npos);
  CHECK(mc::verify_staff_pin(hash, "246813"));
  CHECK_FALSE(mc::verify_staff_pin(hash, "246814"));
  CHECK_FALSE(mc::verify_staff_pin("plain-text", "246813"));
  CHECK(mc::hash_staff_pin("246813") != hash);  // salted
  CHECK_THROWS_WITH(mc::hash_staff_pin("2468"), Catch::Contains("6 to 12"));
  CHECK_THROWS_WITH(mc::hash_staff_pin("12a456"), Catch::Contains("digits"));
}

TEST_CASE("five wrong PINs lock staff mode for five minutes, across a restart", "[staff]") {
  TempDb temp;
  int64_t now = 1'780'000'000;
  auto clock = [&now] { return now; };
  const std::string hash = mc::hash_staff_pin("135790");
  {
    mc::Database db(temp.path());
    mc::StaffAuth auth(db, hash, clock);
    for (int i = 1; i <= 4; ++i) {
      auto attempt = auth.try_pin("000000");
      CHECK(attempt.outcome == mc::StaffAuth::Outcome::WrongPin);
      CHECK(attempt.remaining_tries == 5 - i);
    }
    auto fifth = auth.try_pin("000000");
    CHECK(fifth.outcome == mc::StaffAuth::Outcome::LockedOut);
    CHECK(fifth.locked_until_unix == now + 300);
    // Even the right PIN is refused while locked.
    CHECK(auth.try_pin("135790").outcome == mc::StaffAuth::Outcome::LockedOut);
  }
  mc::Database reopened(temp.path());
  mc::StaffAuth auth(reopened, hash, clock);
  now += 299;
  CHECK(auth.try_pin("135790").outcome == mc::StaffAuth::Outcome::LockedOut);
  now += 2;
  CHECK(auth.try_pin("135790").outcome == mc::StaffAuth::Outcome::Granted);
  // A success resets the count of wrong tries.
  CHECK(auth.try_pin("1").remaining_tries == 4);
}

TEST_CASE("no configured PIN means no staff mode", "[staff]") {
  TempDb temp;
  mc::Database db(temp.path());
  mc::StaffAuth auth(db, "", mc::fixed_clock(0));
  CHECK(auth.try_pin("1234").outcome == mc::StaffAuth::Outcome::NotConfigured);
}

TEST_CASE("the audit log records actions in order and cannot be edited", "[staff]") {
  TempDb temp;
  mc::Database db(temp.path());
  int64_t now = 1'780'000'000;
  mc::AuditLog log(db, [&now] { return now; });
  log.record("staff", "login");
  now += 10;
  log.record("staff", "reprint", "000.00.15.G12-260305-1001 copy 2");
  auto entries = log.recent(10);
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].action == "reprint");
  CHECK(entries[0].at_unix == now);
  CHECK(entries[1].action == "login");
  CHECK_THROWS_WITH(db.exec("DELETE FROM audit_log"), Catch::Contains("append-only"));
  CHECK_THROWS_WITH(db.exec("UPDATE audit_log SET action = 'x'"), Catch::Contains("append-only"));
  CHECK(log.recent(10).size() == 2);
}
