#include "mc/core/datetime.hpp"

#include <chrono>
#include <cstdio>

namespace mc {

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

std::optional<Date> Date::from_ymd(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month))
    return std::nullopt;
  return Date{year, month, day};
}

namespace {
// Parses exactly `width` ASCII digits.
std::optional<int> digits(std::string_view text, size_t pos, size_t width) {
  if (pos + width > text.size()) return std::nullopt;
  int value = 0;
  for (size_t i = pos; i < pos + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}
}  // namespace

std::optional<Date> Date::parse_iso(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto y = digits(text, 0, 4), m = digits(text, 5, 2), d = digits(text, 8, 2);
  if (!y || !m || !d) return std::nullopt;
  return from_ymd(*y, *m, *d);
}

std::optional<Date> Date::parse_ddmmyyyy(std::string_view text) {
  if (text.size() != 8) return std::nullopt;
  auto d = digits(text, 0, 2), m = digits(text, 2, 2), y = digits(text, 4, 4);
  if (!y || !m || !d) return std::nullopt;
  return from_ymd(*y, *m, *d);
}

// Howard Hinnant's civil-from-days / days-from-civil.
int64_t Date::days_since_epoch() const {
  const int64_t y = year - (month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t mp = (month + 9) % 12;
  const int64_t doy = (153 * mp + 2) / 5 + day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date Date::from_days(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return Date{static_cast<int>(y + (m <= 2 ? 1 : 0)), m, d};
}

int Date::iso_weekday() const {
  const int64_t days = days_since_epoch();  // 1970-01-01 was a Thursday (4)
  int64_t weekday = (days + 3) % 7;
  if (weekday < 0) weekday += 7;
  return static_cast<int>(weekday) + 1;
}

std::string Date::iso() const {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
  return buffer;
}

std::string Date::dmy() const {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%02d/%02d/%04d", day, month, year);
  return buffer;
}

LocalDateTime LocalDateTime::from_unix(int64_t unix_seconds) {
  int64_t local = unix_seconds + kVietnamUtcOffsetSeconds;
  int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  int64_t rest = local - days * 86400;
  LocalDateTime result;
  result.date = Date::from_days(days);
  result.hour = static_cast<int>(rest / 3600);
  result.minute = static_cast<int>(rest % 3600 / 60);
  result.second = static_cast<int>(rest % 60);
  return result;
}

int64_t LocalDateTime::to_unix() const {
  return date.days_since_epoch() * 86400 + hour * 3600 + minute * 60 + second - kVietnamUtcOffsetSeconds;
}

std::optional<LocalDateTime> LocalDateTime::parse_iso(std::string_view text) {
  if (text.size() < 16 || (text[10] != 'T' && text[10] != ' ')) return std::nullopt;
  auto date = Date::parse_iso(text.substr(0, 10));
  auto hour = digits(text, 11, 2), minute = digits(text, 14, 2);
  if (!date || !hour || !minute || text[13] != ':') return std::nullopt;
  std::string_view rest = text.substr(16);
  int second = 0;
  if (!rest.empty() && rest[0] == ':') {
    auto s = digits(rest, 1, 2);
    if (!s) return std::nullopt;
    second = *s;
    rest = rest.substr(3);
  }
  if (!rest.empty() && rest != "+07:00" && rest != "+0700") return std::nullopt;
  if (*hour > 23 || *minute > 59 || second > 59) return std::nullopt;
  return LocalDateTime{*date, *hour, *minute, second};
}

std::optional<LocalDateTime> LocalDateTime::parse_compact(std::string_view text) {
  if (text.size() != 14) return std::nullopt;
  auto y = digits(text, 0, 4), mo = digits(text, 4, 2), d = digits(text, 6, 2);
  auto h = digits(text, 8, 2), mi = digits(text, 10, 2), s = digits(text, 12, 2);
  if (!y || !mo || !d || !h || !mi || !s) return std::nullopt;
  auto date = Date::from_ymd(*y, *mo, *d);
  if (!date || *h > 23 || *mi > 59 || *s > 59) return std::nullopt;
  return LocalDateTime{*date, *h, *mi, *s};
}

std::string LocalDateTime::iso() const {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%sT%02d:%02d:%02d+07:00", date.iso().c_str(), hour, minute, second);
  return buffer;
}

std::string LocalDateTime::compact() const {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "%04d%02d%02d%02d%02d%02d", date.year, date.month, date.day, hour, minute,
                second);
  return buffer;
}

std::string LocalDateTime::dmy_hm() const {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "%02d/%02d/%04d %02d:%02d", date.day, date.month, date.year, hour, minute);
  return buffer;
}

Clock system_clock() {
  return [] {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
}

Clock fixed_clock(int64_t unix_seconds) {
  return [unix_seconds] { return unix_seconds; };
}

}  // namespace mc
