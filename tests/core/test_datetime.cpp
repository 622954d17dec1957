#include <catch2/catch.hpp>

#include "mc/core/datetime.hpp"

using mc::Date;
using mc::LocalDateTime;

TEST_CASE("dates are real calendar dates only", "[datetime]") {
  CHECK(Date::from_ymd(2024, 2, 29));
  CHECK_FALSE(Date::from_ymd(2025, 2, 29));
  CHECK_FALSE(Date::from_ymd(2026, 2, 31));
  CHECK_FALSE(Date::parse_ddmmyyyy("31022000"));
  CHECK(Date::parse_ddmmyyyy("15031999") == Date{1999, 3, 15});
  CHECK_FALSE(Date::parse_iso("2026-13-01"));
  CHECK_FALSE(Date::parse_iso("2026-1-01"));
  CHECK(Date::parse_iso("2026-02-13")->iso() == "2026-02-13");
}

TEST_CASE("weekdays and day arithmetic", "[datetime]") {
  CHECK(Date{2026, 3, 2}.iso_weekday() == 1);   // Monday
  CHECK(Date{2026, 2, 14}.iso_weekday() == 6);  // Saturday
  CHECK(Date{2026, 2, 28}.plus_days(1) == Date{2026, 3, 1});
  CHECK(Date{2024, 12, 31}.plus_days(1) == Date{2025, 1, 1});
  CHECK(Date::from_days(Date{1900, 1, 1}.days_since_epoch()) == Date{1900, 1, 1});
}

TEST_CASE("Vietnam local time is UTC+7 and the day turns at local midnight", "[datetime]") {
  // 2026-03-04T16:59:59Z is 23:59:59 in Hanoi; one second later it is the next day.
  auto before = LocalDateTime::parse_iso("2026-03-04T23:59:59+07:00");
  REQUIRE(before);
  auto after = LocalDateTime::from_unix(before->to_unix() + 1);
  CHECK(after.date == Date{2026, 3, 5});
  CHECK(after.hour == 0);
  CHECK(before->compact() == "20260304235959");
  CHECK(before->dmy_hm() == "04/03/2026 23:59");
  CHECK(after.dmy_hm() == "05/03/2026 00:00");
  CHECK(LocalDateTime::parse_compact("20260304235959") == before);
  CHECK_FALSE(LocalDateTime::parse_compact("20260230120000"));
  CHECK(LocalDateTime::from_unix(0).iso() == "1970-01-01T07:00:00+07:00");
}
