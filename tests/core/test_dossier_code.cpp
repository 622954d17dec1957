#include <catch2/catch.hpp>

#include <filesystem>
#include <set>

#include "mc/core/db.hpp"
#include "mc/core/dossier_code.hpp"

namespace {
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() /
           ("mc-codes-" + std::to_string(reinterpret_cast<uintptr_t>(this)) + "-" + std::to_string(::time(nullptr)));
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string file(const char* name) const { return (path / name).string(); }
};

mc::LocalDateTime at(const char* iso) { return *mc::LocalDateTime::parse_iso(iso); }
}  // namespace

TEST_CASE("dossier codes follow {agency}-{YYMMDD}-{slot}{sequence}", "[dossier_code]") {
  TempDir dir;
  mc::Database db(dir.file("codes.db"));
  mc::DossierCodeAllocator allocator(db, "000.00.15.G12", 1);
  CHECK(allocator.allocate(at("2026-03-05T09:00")) == "000.00.15.G12-260305-1001");
  CHECK(allocator.allocate(at("2026-03-05T09:01")) == "000.00.15.G12-260305-1002");

  auto parts = mc::parse_dossier_code("000.00.15.G12-260305-1007");
  REQUIRE(parts);
  CHECK(parts->agency_code == "000.00.15.G12");
  CHECK(parts->intake_day == mc::Date{2026, 3, 5});
  CHECK(parts->slot == 1);
  CHECK(parts->sequence == 7);
}

TEST_CASE("two kiosks of one agency never collide", "[dossier_code]") {
  TempDir dir;
  mc::Database db1(dir.file("k1.db")), db2(dir.file("k2.db"));
  mc::DossierCodeAllocator kiosk1(db1, "000.00.15.G12", 1), kiosk2(db2, "000.00.15.G12", 2);
  std::set<std::string> codes;
  for (int i = 0; i < 50; ++i) {
    codes.insert(kiosk1.allocate(at("2026-03-05T10:00")));
    codes.insert(kiosk2.allocate(at("2026-03-05T10:00")));
  }
  CHECK(codes.size() == 100);
}

TEST_CASE("a restart never reuses a code", "[dossier_code]") {
  TempDir dir;
  std::string last;
  {
    mc::Database db(dir.file("codes.db"));
    mc::DossierCodeAllocator allocator(db, "000.00.15.G12", 3);
    for (int i = 0; i < 5; ++i) last = allocator.allocate(at("2026-03-05T10:00"));
  }
  CHECK(last == "000.00.15.G12-260305-3005");
  mc::Database reopened(dir.file("codes.db"));
  mc::DossierCodeAllocator allocator(reopened, "000.00.15.G12", 3);
  CHECK(allocator.allocate(at("2026-03-05T11:00")) == "000.00.15.G12-260305-3006");
}

TEST_CASE("the sequence restarts at local midnight (UTC+7)", "[dossier_code]") {
  TempDir dir;
  mc::Database db(dir.file("codes.db"));
  mc::DossierCodeAllocator allocator(db, "000.00.15.G12", 1);
  auto before = at("2026-03-05T23:59:59");
  CHECK(allocator.allocate(before) == "000.00.15.G12-260305-1001");
  // One second later it is 6 March in Hanoi although it is still 5 March in UTC.
  auto after = mc::LocalDateTime::from_unix(before.to_unix() + 1);
  CHECK(allocator.allocate(after) == "000.00.15.G12-260306-1001");
  CHECK(allocator.allocate(before) == "000.00.15.G12-260305-1002");
}

TEST_CASE("the 1000th code of a day is a clear error, not a wrap", "[dossier_code]") {
  TempDir dir;
  mc::Database db(dir.file("codes.db"));
  mc::DossierCodeAllocator allocator(db, "000.00.15.G12", 9);
  std::string code;
  for (int i = 0; i < 999; ++i) code = allocator.allocate(at("2026-03-05T10:00"));
  CHECK(code == "000.00.15.G12-260305-9999");
  CHECK_THROWS_AS(allocator.allocate(at("2026-03-05T10:00")), mc::DossierCodeExhausted);
  CHECK_THROWS_WITH(allocator.allocate(at("2026-03-05T10:00")), Catch::Contains("999"));
  CHECK(allocator.allocate(at("2026-03-06T08:00")) == "000.00.15.G12-260306-9001");
}

TEST_CASE("bad agency codes, slots and dossier codes are refused", "[dossier_code]") {
  TempDir dir;
  mc::Database db(dir.file("codes.db"));
  CHECK_THROWS_AS(mc::DossierCodeAllocator(db, "G12", 1), std::invalid_argument);
  CHECK_THROWS_AS(mc::DossierCodeAllocator(db, "000.00.15.G12", 0), std::invalid_argument);
  CHECK_THROWS_AS(mc::DossierCodeAllocator(db, "000.00.15.G12", 10), std::invalid_argument);
  CHECK(mc::is_valid_agency_code("000.00.15.G12"));
  CHECK(mc::is_valid_agency_code("000.21.01.H26"));
  CHECK_FALSE(mc::is_valid_agency_code("000.00.15.g12"));
  CHECK_FALSE(mc::parse_dossier_code("000.00.15.G12-260231-1001"));  // no 31 February
  CHECK_FALSE(mc::parse_dossier_code("000.00.15.G12-260305-0001"));  // slot 0 does not exist
  CHECK_FALSE(mc::parse_dossier_code("000.00.15.G12-260305-10a1"));
  CHECK_FALSE(mc::parse_dossier_code("hello"));
}

TEST_CASE("lookup codes are 8 characters of Crockford base32, drawn at random", "[dossier_code]") {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string code = mc::new_lookup_code();
    CHECK(code.size() == 8);
    CHECK(code.find_first_not_of("0123456789ABCDEFGHJKMNPQRSTVWXYZ") == std::string::npos);
    seen.insert(code);
  }
  // 40 bits: a thousand draws never repeat (a collision has odds of about 1 in 2 million).
  CHECK(seen.size() == 1000);
}

TEST_CASE("a lookup code as typed or scanned is read the way Crockford base32 reads it", "[dossier_code]") {
  CHECK(mc::normalize_lookup_code("K7P2QX8A") == "K7P2QX8A");
  CHECK(mc::normalize_lookup_code(" k7p2-qx8a ") == "K7P2QX8A");
  CHECK(mc::normalize_lookup_code("O0IL1234") == "00111234");  // look-alikes as the digits they resemble
  CHECK_FALSE(mc::normalize_lookup_code("K7P2QX8"));           // 7 characters
  CHECK_FALSE(mc::normalize_lookup_code("K7P2QX8AB"));         // 9
  CHECK_FALSE(mc::normalize_lookup_code("K7P2QX8U"));          // U is not in the alphabet
  CHECK_FALSE(mc::normalize_lookup_code("ĐK7P2QX8"));
  CHECK(mc::lookup_code_matches("K7P2QX8A", "k7p2qx8a"));
  CHECK_FALSE(mc::lookup_code_matches("K7P2QX8A", "K7P2QX8B"));
  CHECK_FALSE(mc::lookup_code_matches("", "K7P2QX8A"));  // nothing known: nothing matches
  CHECK_FALSE(mc::lookup_code_matches("", ""));
}
