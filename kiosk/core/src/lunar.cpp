// Vietnamese lunar calendar (âm lịch), after Hồ Ngọc Đức's published algorithm ("Thuật toán tính âm lịch").
//
// Months start on the day of the astronomical new moon, and the day is reckoned in Vietnam's time zone
// (UTC+7). The Chinese calendar uses the same rules at UTC+8, which is why the two sometimes disagree by a
// day or a whole month (Tết 1985: Vietnam 21/1, China 20/2). Month 11 is the month containing the winter
// solstice; a lunar year with 13 months repeats the first month that contains no major solar term.
// Accuracy: the simplified astronomical series is good for roughly 1800–2199.
#include <cmath>
#include <stdexcept>
#include <string>

#include "mc/core/calendar.hpp"

namespace mc {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kVietnamTimeZoneHours = 7.0;
constexpr double kSynodicMonth = 29.530588853;
// Julian day of the new moon of 1900-01-01 (reference for the new moon index k).
constexpr double kNewMoonEpoch = 2415021.076998695;

long floor_int(double value) {
  return static_cast<long>(std::floor(value));
}

// Julian day number of a date (Gregorian from 15/10/1582, Julian before, as in the original).
long jd_from_date(int day, int month, int year) {
  const long a = (14 - month) / 12;
  const long y = year + 4800 - a;
  const long m = month + 12 * a - 3;
  long jd = day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045;
  if (jd < 2299161) jd = day + (153 * m + 2) / 5 + 365 * y + y / 4 - 32083;
  return jd;
}

Date jd_to_date(long jd) {
  long b = 0, c = 0;
  if (jd > 2299160) {
    const long a = jd + 32044;
    b = (4 * a + 3) / 146097;
    c = a - (b * 146097) / 4;
  } else {
    c = jd + 32082;
  }
  const long d = (4 * c + 3) / 1461;
  const long e = c - (1461 * d) / 4;
  const long m = (5 * e + 2) / 153;
  const int day = static_cast<int>(e - (153 * m + 2) / 5 + 1);
  const int month = static_cast<int>(m + 3 - 12 * (m / 10));
  const int year = static_cast<int>(b * 100 + d - 4800 + m / 10);
  return Date{year, month, day};
}

// Julian date (with fraction, UTC) of the k-th new moon after 1900-01-01 (Meeus' simplified series).
double new_moon(long k) {
  const double T = k / 1236.85;  // Julian centuries since 1900-01-01
  const double T2 = T * T;
  const double T3 = T2 * T;
  const double dr = kPi / 180;
  double jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * std::sin((166.56 + 132.87 * T - 0.009173 * T2) * dr);
  const double M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3;     // Sun's mean anomaly
  const double Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3;  // Moon's mean anomaly
  const double F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3;     // Moon's latitude arg.
  double c1 = (0.1734 - 0.000393 * T) * std::sin(M * dr) + 0.0021 * std::sin(2 * dr * M);
  c1 = c1 - 0.4068 * std::sin(Mpr * dr) + 0.0161 * std::sin(dr * 2 * Mpr);
  c1 = c1 - 0.0004 * std::sin(dr * 3 * Mpr);
  c1 = c1 + 0.0104 * std::sin(dr * 2 * F) - 0.0051 * std::sin(dr * (M + Mpr));
  c1 = c1 - 0.0074 * std::sin(dr * (M - Mpr)) + 0.0004 * std::sin(dr * (2 * F + M));
  c1 = c1 - 0.0004 * std::sin(dr * (2 * F - M)) - 0.0006 * std::sin(dr * (2 * F + Mpr));
  c1 = c1 + 0.0010 * std::sin(dr * (2 * F - Mpr)) + 0.0005 * std::sin(dr * (2 * Mpr + M));
  double delta_t = 0;
  if (T < -11) {
    delta_t = 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3;
  } else {
    delta_t = -0.000278 + 0.000265 * T + 0.000262 * T2;
  }
  return jd1 + c1 - delta_t;
}

// The Sun's apparent longitude in radians (0..2π) at Julian date jdn (UTC).
double sun_longitude(double jdn) {
  const double T = (jdn - 2451545.0) / 36525;  // Julian centuries since J2000
  const double T2 = T * T;
  const double dr = kPi / 180;
  const double M = 357.52910 + 35999.05030 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const double L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  double DL = (1.914600 - 0.004817 * T - 0.000014 * T2) * std::sin(dr * M);
  DL = DL + (0.019993 - 0.000101 * T) * std::sin(dr * 2 * M) + 0.000290 * std::sin(dr * 3 * M);
  double L = (L0 + DL) * dr;
  L = L - kPi * 2 * std::floor(L / (kPi * 2));
  return L;
}

// Local day number of the k-th new moon.
long get_new_moon_day(long k) {
  return floor_int(new_moon(k) + 0.5 + kVietnamTimeZoneHours / 24);
}

// Major solar term index (0..11, 30° each) at the start of local day `day_number`.
int get_sun_longitude(long day_number) {
  return static_cast<int>(floor_int(sun_longitude(day_number - 0.5 - kVietnamTimeZoneHours / 24) / kPi * 6));
}

// Day number of the first day of lunar month 11 (the month holding the winter solstice) of `year`.
long get_lunar_month_11(int year) {
  const double off = jd_from_date(31, 12, year) - 2415021.0;
  const long k = floor_int(off / kSynodicMonth);
  long nm = get_new_moon_day(k);
  if (get_sun_longitude(nm) >= 9) nm = get_new_moon_day(k - 1);  // the solstice has not come by then
  return nm;
}

// In a 13-month year starting at month 11 (a11), the offset of the leap month: the first month with no
// major solar term.
int get_leap_month_offset(long a11) {
  const long k = floor_int((a11 - kNewMoonEpoch) / kSynodicMonth + 0.5);
  int last = 0;
  int i = 1;
  int arc = get_sun_longitude(get_new_moon_day(k + i));
  do {
    last = arc;
    ++i;
    arc = get_sun_longitude(get_new_moon_day(k + i));
  } while (arc != last && i < 14);
  return i - 1;
}

LunarDate convert_solar_to_lunar(int dd, int mm, int yy) {
  const long day_number = jd_from_date(dd, mm, yy);
  const long k = floor_int((day_number - kNewMoonEpoch) / kSynodicMonth);
  long month_start = get_new_moon_day(k + 1);
  if (month_start > day_number) month_start = get_new_moon_day(k);
  // k comes from the mean lunation; when the true new moon k is a day later than the mean one (e.g.
  // 7/5/2054, 9/4/2062) the original gives lunar day 0. Step back one more month in that case.
  if (month_start > day_number) month_start = get_new_moon_day(k - 1);
  long a11 = get_lunar_month_11(yy);
  long b11 = a11;
  int lunar_year = 0;
  if (a11 >= month_start) {
    lunar_year = yy;
    a11 = get_lunar_month_11(yy - 1);
  } else {
    lunar_year = yy + 1;
    b11 = get_lunar_month_11(yy + 1);
  }
  const int lunar_day = static_cast<int>(day_number - month_start + 1);
  const int diff = static_cast<int>((month_start - a11) / 29);
  bool leap = false;
  int lunar_month = diff + 11;
  if (b11 - a11 > 365) {
    const int leap_month_diff = get_leap_month_offset(a11);
    if (diff >= leap_month_diff) {
      lunar_month = diff + 10;
      if (diff == leap_month_diff) leap = true;
    }
  }
  if (lunar_month > 12) lunar_month -= 12;
  if (lunar_month >= 11 && diff < 4) lunar_year -= 1;
  return LunarDate{lunar_day, lunar_month, lunar_year, leap};
}

// Returns nullopt when the requested leap month does not exist in that lunar year.
std::optional<long> convert_lunar_to_solar_jd(int lunar_day, int lunar_month, int lunar_year, bool leap) {
  long a11 = 0, b11 = 0;
  if (lunar_month < 11) {
    a11 = get_lunar_month_11(lunar_year - 1);
    b11 = get_lunar_month_11(lunar_year);
  } else {
    a11 = get_lunar_month_11(lunar_year);
    b11 = get_lunar_month_11(lunar_year + 1);
  }
  int off = lunar_month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const int leap_off = get_leap_month_offset(a11);
    int leap_month = leap_off - 2;
    if (leap_month < 0) leap_month += 12;
    if (leap && lunar_month != leap_month) return std::nullopt;
    if (leap || off >= leap_off) off += 1;
  } else if (leap) {
    return std::nullopt;
  }
  const long k = floor_int(0.5 + (a11 - kNewMoonEpoch) / kSynodicMonth);
  const long month_start = get_new_moon_day(k + off);
  return month_start + lunar_day - 1;
}

}  // namespace

LunarDate solar_to_lunar(Date date) {
  return convert_solar_to_lunar(date.day, date.month, date.year);
}

Date lunar_to_solar(int lunar_day, int lunar_month, int lunar_year, bool leap_month) {
  const std::string which = std::to_string(lunar_day) + "/" + std::to_string(lunar_month) +
                            (leap_month ? " nhuận" : "") + "/" + std::to_string(lunar_year);
  if (lunar_month < 1 || lunar_month > 12 || lunar_day < 1 || lunar_day > 30)
    throw std::invalid_argument("không có ngày âm lịch " + which + " (no such lunar date)");
  const auto jd = convert_lunar_to_solar_jd(lunar_day, lunar_month, lunar_year, leap_month);
  if (!jd) throw std::invalid_argument("năm âm lịch không có tháng nhuận này: " + which + " (no such leap month)");
  const Date solar = jd_to_date(*jd);
  // Day 30 of a 29-day month would silently land on the 1st of the next month: refuse it instead.
  const LunarDate back = solar_to_lunar(solar);
  if (back.day != lunar_day || back.month != lunar_month || back.year != lunar_year || back.leap_month != leap_month)
    throw std::invalid_argument("không có ngày âm lịch " + which + " (the month is shorter)");
  return solar;
}

}  // namespace mc
