#pragma once
// Calendar dates and Vietnam local time (Asia/Ho_Chi_Minh: UTC+7, no daylight saving).
#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace mc {

bool is_leap_year(int year);
int days_in_month(int year, int month);

struct Date {
  int year = 1970;
  int month = 1;
  int day = 1;

  // Only real calendar dates: 31/02 is nullopt, never 03/03.
  static std::optional<Date> from_ymd(int year, int month, int day);
  static std::optional<Date> parse_iso(std::string_view text);  // YYYY-MM-DD
  static std::optional<Date> parse_ddmmyyyy(std::string_view text);  // DDMMYYYY (ID card QR)
  static Date from_days(int64_t days_since_epoch);

  int64_t days_since_epoch() const;
  int iso_weekday() const;  // 1 = Monday ... 7 = Sunday
  bool is_weekend() const { return iso_weekday() >= 6; }
  Date plus_days(int64_t days) const { return from_days(days_since_epoch() + days); }
  std::string iso() const;    // YYYY-MM-DD
  std::string dmy() const;    // DD/MM/YYYY, as Vietnamese documents write it

  auto operator<=>(const Date&) const = default;
};

constexpr int kVietnamUtcOffsetSeconds = 7 * 3600;

// A wall-clock moment in Vietnam.
struct LocalDateTime {
  Date date;
  int hour = 0;
  int minute = 0;
  int second = 0;

  static LocalDateTime from_unix(int64_t unix_seconds);
  // YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS, optionally followed by +07:00.
  static std::optional<LocalDateTime> parse_iso(std::string_view text);
  static std::optional<LocalDateTime> parse_compact(std::string_view text);  // yyyyMMddHHmmss
  int64_t to_unix() const;
  int minutes_of_day() const { return hour * 60 + minute; }
  std::string iso() const;      // YYYY-MM-DDTHH:MM:SS+07:00
  std::string compact() const;  // yyyyMMddHHmmss (the national portal's format)
  std::string dmy_hm() const;   // DD/MM/YYYY HH:MM, for people

  auto operator<=>(const LocalDateTime&) const = default;
};

// Seconds since the Unix epoch. Injected everywhere time matters so tests can move it.
using Clock = std::function<int64_t()>;
Clock system_clock();
Clock fixed_clock(int64_t unix_seconds);

}  // namespace mc
