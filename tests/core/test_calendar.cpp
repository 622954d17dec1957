#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "mc/core/calendar.hpp"

using mc::Date;
using mc::HolidayTable;
using mc::LocalDateTime;
using mc::OfficeHours;
using mc::WorkingCalendar;

namespace {

const std::string kAssetsHolidays = std::string(MC_TEST_ASSETS_DIR) + "/calendar/holidays.json";

const WorkingCalendar& real_calendar() {
  static const WorkingCalendar calendar(HolidayTable::load(kAssetsHolidays));
  return calendar;
}

LocalDateTime at(const char* iso) {
  auto parsed = LocalDateTime::parse_iso(iso);
  REQUIRE(parsed);
  return *parsed;
}

bool contains_date(const std::vector<mc::DayOff>& days, Date date) {
  return std::any_of(days.begin(), days.end(), [&](const mc::DayOff& d) { return d.date == date; });
}

// The loader's error text for a holidays file, or "" when it loads.
std::string load_error(const std::string& text) {
  try {
    HolidayTable::from_json_text(text, "broken-holidays.json");
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return "";
}

const char* kValidEntry = R"({"date": "2027-01-01", "name": {"vi": "Tết Dương lịch", "en": "New Year's Day"}})";

}  // namespace

TEST_CASE("lunar calendar: Tết and Giỗ Tổ dates", "[calendar][lunar]") {
  CHECK(mc::lunar_to_solar(1, 1, 2025) == Date{2025, 1, 29});
  CHECK(mc::lunar_to_solar(1, 1, 2026) == Date{2026, 2, 17});
  CHECK(mc::lunar_to_solar(1, 1, 2027) == Date{2027, 2, 6});
  CHECK(mc::lunar_to_solar(1, 1, 2028) == Date{2028, 1, 26});
  CHECK(mc::lunar_to_solar(10, 3, 2025) == Date{2025, 4, 7});
  CHECK(mc::lunar_to_solar(10, 3, 2026) == Date{2026, 4, 26});
  CHECK(mc::lunar_to_solar(10, 3, 2027) == Date{2027, 4, 16});
  CHECK(mc::lunar_to_solar(10, 3, 2028) == Date{2028, 4, 4});
  auto tet_2026 = mc::solar_to_lunar(Date{2026, 2, 17});
  CHECK(tet_2026.day == 1);
  CHECK(tet_2026.month == 1);
  CHECK(tet_2026.year == 2026);
  CHECK_FALSE(tet_2026.leap_month);
}

TEST_CASE("lunar calendar is Vietnam's (UTC+7), not China's (UTC+8)", "[calendar][lunar]") {
  // 1985: the new moon of 21/1 fell before midnight at UTC+7 and after it at UTC+8, and the months shift:
  // Vietnam celebrated Tết on 21/1/1985, China on 20/2/1985.
  CHECK(mc::lunar_to_solar(1, 1, 1985) == Date{1985, 1, 21});
  auto china_new_year = mc::solar_to_lunar(Date{1985, 2, 20});
  CHECK_FALSE((china_new_year.day == 1 && china_new_year.month == 1));
  // Tết 2007 (Vietnam 17/2, China 18/2): the new moon was just before midnight Hanoi time.
  CHECK(mc::lunar_to_solar(1, 1, 2007) == Date{2007, 2, 17});
}

TEST_CASE("lunar calendar: leap months", "[calendar][lunar]") {
  // 2023 (Quý Mão) had a leap 2nd month (tháng 2 nhuận) from 22/3/2023 to 19/4/2023.
  CHECK(mc::lunar_to_solar(1, 2, 2023, true) == Date{2023, 3, 22});
  auto leap = mc::solar_to_lunar(Date{2023, 3, 22});
  CHECK(leap.month == 2);
  CHECK(leap.leap_month);
  CHECK_THROWS_AS(mc::lunar_to_solar(1, 5, 2023, true), std::invalid_argument);  // no leap 5th month in 2023
  CHECK_THROWS_AS(mc::lunar_to_solar(1, 2, 2026, true), std::invalid_argument);  // no leap month at all
  CHECK_THROWS_AS(mc::lunar_to_solar(0, 1, 2026), std::invalid_argument);
  CHECK_THROWS_AS(mc::lunar_to_solar(1, 13, 2026), std::invalid_argument);
}

TEST_CASE("lunar calendar round trips every day 1900–2100", "[calendar][lunar]") {
  // Every solar day maps to a lunar date that maps back to it; lunar days run 1..29/30 without gaps.
  int mismatches = 0;
  int leap_days = 0;
  mc::LunarDate previous = mc::solar_to_lunar(Date{1899, 12, 31});
  for (Date day{1900, 1, 1}; day < Date{2101, 1, 1}; day = day.plus_days(1)) {
    const mc::LunarDate lunar = mc::solar_to_lunar(day);
    const bool continues = lunar.day == previous.day + 1 || (lunar.day == 1 && previous.day >= 29);
    if (!continues) ++mismatches;
    if (lunar.leap_month) ++leap_days;
    if (lunar.day == 1 || lunar.day == 15) {  // converting back is the slow part: sample two days a month
      if (mc::lunar_to_solar(lunar.day, lunar.month, lunar.year, lunar.leap_month) != day) ++mismatches;
    }
    previous = lunar;
  }
  CHECK(mismatches == 0);
  // About 7 leap months every 19 years: 74 ± a few in 201 years, ~29.5 days each.
  CHECK(leap_days > 70 * 29);
  CHECK(leap_days < 78 * 30);
}

TEST_CASE("the assets holidays file loads and holds 2025 and 2026", "[calendar]") {
  const HolidayTable table = HolidayTable::load(kAssetsHolidays);
  CHECK(table.has_year(2025));
  CHECK(table.has_year(2026));
  CHECK_FALSE(table.has_year(2027));
  for (int year : {2025, 2026}) {
    for (const auto& day : table.days_off(year)) {
      INFO(day.date.iso());
      CHECK_FALSE(day.name.vi.empty());
      CHECK_FALSE(day.name.en.empty());
    }
  }
}

TEST_CASE("2026 Tết break: a dossier received Friday 13/2/2026 with 5 working days is due Friday 27/2", "[calendar]") {
  const auto& calendar = real_calendar();
  const OfficeHours hours;
  CHECK(calendar.is_working_day(Date{2026, 2, 13}));
  for (Date day{2026, 2, 14}; day <= Date{2026, 2, 22}; day = day.plus_days(1)) {
    INFO(day.iso());
    CHECK_FALSE(calendar.is_working_day(day));
  }
  CHECK(calendar.day_off_reason(Date{2026, 2, 17})->vi == "Tết Nguyên đán (mùng 1)");
  // Counted days: Mon 23, Tue 24, Wed 25, Thu 26, Fri 27.
  CHECK(calendar.due_date(at("2026-02-13T10:00"), 5, hours) == Date{2026, 2, 27});
  CHECK(calendar.due_date(at("2026-02-13T10:00"), 1, hours) == Date{2026, 2, 23});
  CHECK(calendar.due_at(at("2026-02-13T10:00"), 5, hours) == at("2026-02-27T10:00"));
}

TEST_CASE("the swapped Saturday 22/8/2026 is a working day and Monday 31/8 is not", "[calendar]") {
  const auto& calendar = real_calendar();
  CHECK(calendar.is_working_day(Date{2026, 8, 22}));
  CHECK_FALSE(calendar.day_off_reason(Date{2026, 8, 22}));
  CHECK_FALSE(calendar.is_working_day(Date{2026, 8, 23}));  // the Sunday after it stays off
  CHECK_FALSE(calendar.is_working_day(Date{2026, 8, 31}));
  CHECK_FALSE(calendar.is_working_day(Date{2026, 9, 1}));
  CHECK_FALSE(calendar.is_working_day(Date{2026, 9, 2}));
  CHECK(calendar.is_working_day(Date{2026, 9, 3}));
  const OfficeHours hours;
  // Received Friday 21/8: day 1 is the working Saturday 22/8, day 2 Monday 24/8.
  CHECK(calendar.due_date(at("2026-08-21T09:00"), 1, hours) == Date{2026, 8, 22});
  CHECK(calendar.due_date(at("2026-08-21T09:00"), 2, hours) == Date{2026, 8, 24});
  // Received on the working Saturday itself, before the cut-off: that Saturday is the intake day.
  CHECK(calendar.effective_intake_day(at("2026-08-22T08:00"), hours) == Date{2026, 8, 22});
  // Received Friday 28/8 with 1 day: the break 29/8–2/9 is skipped, due Thursday 3/9.
  CHECK(calendar.due_date(at("2026-08-28T09:00"), 1, hours) == Date{2026, 9, 3});
}

TEST_CASE("a holiday on a Sunday gives the Monday off (Giỗ Tổ 2026)", "[calendar]") {
  const auto& calendar = real_calendar();
  CHECK(Date{2026, 4, 26}.iso_weekday() == 7);
  CHECK_FALSE(calendar.is_working_day(Date{2026, 4, 27}));
  CHECK(calendar.day_off_reason(Date{2026, 4, 27})->vi.find("Nghỉ bù") == 0);
  // The computed default agrees with the published table.
  CHECK(contains_date(HolidayTable::computed_days_off(2026), Date{2026, 4, 27}));
  // Received Friday 24/4: Mon 27/4 (compensatory), Thu 30/4 and Fri 1/5 are skipped.
  const OfficeHours hours;
  CHECK(calendar.due_date(at("2026-04-24T09:00"), 3, hours) == Date{2026, 5, 4});
}

TEST_CASE("computed defaults for 2027: Tết, Giỗ Tổ, compensatory days, 2/9", "[calendar]") {
  const auto& calendar = real_calendar();
  // Mùng 1 Tết 2027 is Saturday 6/2: off Fri 5/2 (last day of the year) to Tue 9/2, and Sat 6/2, Sun 7/2
  // being holidays give Wed 10/2 and Thu 11/2 off.
  for (Date day{2027, 2, 5}; day <= Date{2027, 2, 11}; day = day.plus_days(1)) {
    INFO(day.iso());
    CHECK_FALSE(calendar.is_working_day(day));
  }
  CHECK(calendar.is_working_day(Date{2027, 2, 4}));
  CHECK(calendar.is_working_day(Date{2027, 2, 12}));
  CHECK(calendar.day_off_reason(Date{2027, 2, 5})->vi == "Tết Nguyên đán (ngày cuối năm âm lịch)");
  CHECK(calendar.day_off_reason(Date{2027, 2, 6})->vi == "Tết Nguyên đán (mùng 1)");
  CHECK(calendar.day_off_reason(Date{2027, 2, 10})->vi == "Nghỉ bù Tết Nguyên đán (06/02/2027)");
  CHECK(calendar.day_off_reason(Date{2027, 2, 10})->en == "Compensatory day off for Lunar New Year (Tết) (06/02/2027)");
  // Giỗ Tổ 2027: Friday 16/4.
  CHECK_FALSE(calendar.is_working_day(Date{2027, 4, 16}));
  CHECK(calendar.day_off_reason(Date{2027, 4, 16})->en == "Hung Kings' Commemoration Day");
  // 2/9/2027 is a Thursday: Friday 3/9 bridges to the weekend.
  CHECK_FALSE(calendar.is_working_day(Date{2027, 9, 3}));
  CHECK(calendar.is_working_day(Date{2027, 9, 1}));
  // Labour Day, Saturday 1/5/2027, gives Monday 3/5.
  CHECK_FALSE(calendar.is_working_day(Date{2027, 5, 3}));
  // 11 statutory days + 3 compensatory (6/2, 7/2, 1/5).
  CHECK(HolidayTable::computed_days_off(2027).size() == 14);
}

TEST_CASE("computed defaults for 2028 and the 2/9 rule", "[calendar]") {
  const auto days_2028 = HolidayTable::computed_days_off(2028);
  CHECK(contains_date(days_2028, Date{2028, 1, 1}));   // Saturday
  CHECK(contains_date(days_2028, Date{2028, 1, 3}));   // → Monday off
  CHECK(contains_date(days_2028, Date{2028, 1, 25}));  // last day of the year before mùng 1 = Wed 26/1
  CHECK(contains_date(days_2028, Date{2028, 1, 29}));  // mùng 4, a Saturday
  CHECK(contains_date(days_2028, Date{2028, 1, 31}));  // → Monday off
  CHECK_FALSE(contains_date(days_2028, Date{2028, 1, 30}));
  CHECK(contains_date(days_2028, Date{2028, 4, 4}));  // Giỗ Tổ, Tuesday
  // 30/4/2028 is a Sunday and 1/5 a Monday: the compensatory day is Tuesday 2/5.
  CHECK(contains_date(days_2028, Date{2028, 5, 2}));
  // 2/9/2028 is a Saturday: Friday 1/9 is taken, and the Saturday gives Monday 4/9.
  CHECK(contains_date(days_2028, Date{2028, 9, 1}));
  CHECK(contains_date(days_2028, Date{2028, 9, 4}));
  // The rule reproduces the published choices: 2025 (2/9 Tuesday → Monday 1/9), 2026 (Wednesday → 1/9).
  CHECK(contains_date(HolidayTable::computed_days_off(2025), Date{2025, 9, 1}));
  CHECK(contains_date(HolidayTable::computed_days_off(2026), Date{2026, 9, 1}));
  // 2/9/2029 is a Sunday: Monday 3/9 and the compensatory Tuesday 4/9.
  const auto days_2029 = HolidayTable::computed_days_off(2029);
  CHECK(contains_date(days_2029, Date{2029, 9, 3}));
  CHECK(contains_date(days_2029, Date{2029, 9, 4}));
  CHECK_FALSE(contains_date(days_2029, Date{2029, 9, 1}));
}

TEST_CASE("DOMAIN example: Monday 2/3/2026 09:00 + 3 working days is Thursday 5/3/2026", "[calendar]") {
  const OfficeHours hours;
  CHECK(real_calendar().due_date(at("2026-03-02T09:00"), 3, hours) == Date{2026, 3, 5});
  CHECK(real_calendar().due_at(at("2026-03-02T09:00"), 3, hours) == at("2026-03-05T09:00"));
  CHECK(real_calendar().due_date(at("2026-03-02T09:00"), 0, hours) == Date{2026, 3, 2});
  CHECK_THROWS_AS(real_calendar().due_date(at("2026-03-02T09:00"), -1, hours), std::invalid_argument);
}

TEST_CASE("intake after the cut-off or on a weekend counts from the next working day", "[calendar]") {
  const auto& calendar = real_calendar();
  OfficeHours hours;  // cut-off 16:30
  CHECK(calendar.effective_intake_day(at("2026-03-02T16:30"), hours) == Date{2026, 3, 2});
  CHECK(calendar.effective_intake_day(at("2026-03-02T16:30:01"), hours) == Date{2026, 3, 3});
  CHECK(calendar.due_date(at("2026-03-02T16:45"), 3, hours) == Date{2026, 3, 6});
  // The due time on the receipt is the opening time when the intake did not count the same day.
  CHECK(calendar.due_at(at("2026-03-02T16:45"), 3, hours) == at("2026-03-06T07:30"));
  // Friday after the cut-off → Monday.
  CHECK(calendar.effective_intake_day(at("2026-03-06T17:00"), hours) == Date{2026, 3, 9});
  // Saturday and Sunday, any time → Monday; + 3 → Thursday.
  CHECK(calendar.effective_intake_day(at("2026-03-07T09:00"), hours) == Date{2026, 3, 9});
  CHECK(calendar.due_date(at("2026-03-08T09:00"), 3, hours) == Date{2026, 3, 12});
  CHECK(calendar.day_off_reason(Date{2026, 3, 7})->vi == "Thứ Bảy");
  CHECK(calendar.day_off_reason(Date{2026, 3, 8})->en == "Sunday");
  // A configured cut-off moves the boundary.
  hours.cutoff_minutes = 11 * 60;
  CHECK(calendar.effective_intake_day(at("2026-03-02T11:30"), hours) == Date{2026, 3, 3});
  // Before opening on a working day the day still counts; the due time is the opening time.
  CHECK(calendar.due_at(at("2026-03-02T06:50"), 3, hours) == at("2026-03-05T07:30"));
  // The year boundary: Thursday 31/12/2026 after the cut-off → 1/1/2027 is a holiday → Monday 4/1/2027.
  CHECK(calendar.effective_intake_day(at("2026-12-31T17:00"), OfficeHours{}) == Date{2027, 1, 4});
}

TEST_CASE("the review screen's preview: after the cut-off or on a day off it counts from the next working day (issue 13)",
          "[calendar]") {
  const auto& calendar = real_calendar();
  mc::OfficeHours hours;  // cut-off 16:30
  auto before = calendar.preview_intake(at("2026-03-06T16:00"), 3, hours);  // a Friday
  CHECK_FALSE(before.next_working_day);
  CHECK(before.counts_from == Date{2026, 3, 6});
  CHECK(before.due_at == at("2026-03-11T16:00"));
  auto late = calendar.preview_intake(at("2026-03-06T16:45"), 3, hours);
  CHECK(late.next_working_day);
  CHECK(late.after_cutoff);
  CHECK(late.counts_from == Date{2026, 3, 9});  // Monday
  CHECK(late.due_at == at("2026-03-12T07:30"));
  CHECK(late.due_at == calendar.due_at(at("2026-03-06T16:45"), 3, hours));  // what the receipt will print
  auto sunday = calendar.preview_intake(at("2026-03-08T10:00"), 3, hours);
  CHECK(sunday.next_working_day);
  CHECK_FALSE(sunday.after_cutoff);
  CHECK(sunday.counts_from == Date{2026, 3, 9});
}

TEST_CASE("next_working_day skips runs of days off", "[calendar]") {
  const auto& calendar = real_calendar();
  CHECK(calendar.next_working_day(Date{2026, 2, 13}) == Date{2026, 2, 23});
  CHECK(calendar.next_working_day(Date{2026, 4, 24}) == Date{2026, 4, 28});
  CHECK(calendar.next_working_day(Date{2025, 4, 25}) == Date{2025, 4, 26});  // 2025's make-up Saturday
  CHECK(calendar.next_working_day(Date{2025, 4, 29}) == Date{2025, 5, 5});
}

TEST_CASE("broken holidays files are reported with file, JSON path and reason", "[calendar]") {
  struct Case {
    std::string text;
    std::string path;
    std::string reason;
  };
  const std::string entry = kValidEntry;
  const std::vector<Case> cases = {
      {"{\"years\": ", "$", "not valid JSON"},
      {"[]", "$", "must be an object"},
      {"{}", "$.years", "missing"},
      {"{\"years\": {}, \"yeras\": 1}", "$.yeras", "unknown key"},
      {"{\"years\": {\"27\": {\"days_off\": []}}}", "$.years[\"27\"]", "four-digit year"},
      {"{\"years\": {\"2027\": {}}}", "$.years[\"2027\"].days_off", "missing"},
      {"{\"years\": {\"2027\": {\"days_off\": {}}}}", "$.years[\"2027\"].days_off", "must be an array"},
      {"{\"years\": {\"2027\": {\"published\": \"yes\", \"days_off\": []}}}", "$.years[\"2027\"].published",
       "true or false"},
      {"{\"years\": {\"2027\": {\"days_off\": [], \"holidays\": []}}}", "$.years[\"2027\"].holidays", "unknown key"},
      {"{\"years\": {\"2027\": {\"days_off\": [" + entry +
           ", {\"date\": \"2027-02-30\", \"name\": {\"vi\": \"X\", \"en\": \"X\"}}]}}}",
       "$.years[\"2027\"].days_off[1].date", "not a real date"},
      {"{\"years\": {\"2027\": {\"days_off\": [{\"date\": 20270101, \"name\": {\"vi\": \"X\", \"en\": \"X\"}}]}}}",
       "$.years[\"2027\"].days_off[0].date", "must be a string"},
      {"{\"years\": {\"2027\": {\"days_off\": [{\"date\": \"2028-01-01\", \"name\": {\"vi\": \"X\", \"en\": "
       "\"X\"}}]}}}",
       "$.years[\"2027\"].days_off[0].date", "not in the year 2027"},
      {"{\"years\": {\"2027\": {\"days_off\": [" + entry + ", " + entry + "]}}}", "$.years[\"2027\"].days_off[1].date",
       "listed twice"},
      {"{\"years\": {\"2027\": {\"days_off\": [{\"date\": \"2027-01-01\", \"name\": {\"vi\": \"Tết\"}}]}}}",
       "$.years[\"2027\"].days_off[0].name.en", "missing"},
      {"{\"years\": {\"2027\": {\"days_off\": [{\"date\": \"2027-01-01\", \"name\": {\"vi\": \" \", \"en\": "
       "\"X\"}}]}}}",
       "$.years[\"2027\"].days_off[0].name.vi", "must not be empty"},
      {"{\"years\": {\"2027\": {\"days_off\": [{\"date\": \"2027-01-01\", \"name\": \"Tết\"}]}}}",
       "$.years[\"2027\"].days_off[0].name", "must be an object"},
      {"{\"years\": {\"2027\": {\"days_off\": [{\"date\": \"2027-01-01\", \"nam\": {}}]}}}",
       "$.years[\"2027\"].days_off[0].nam", "unknown key"},
      {"{\"years\": {\"2027\": {\"days_off\": [], \"working_days\": [{\"date\": \"2027-01-04\", \"name\": {\"vi\": "
       "\"X\", "
       "\"en\": \"X\"}}]}}}",
       "$.years[\"2027\"].working_days[0].date", "must be a Saturday or Sunday"},
      {"{\"years\": {\"2027\": {\"days_off\": [{\"date\": \"2027-01-02\", \"name\": {\"vi\": \"X\", \"en\": \"X\"}}], "
       "\"working_days\": [{\"date\": \"2027-01-02\", \"name\": {\"vi\": \"X\", \"en\": \"X\"}}]}}}",
       "$.years[\"2027\"].working_days[0].date", "both as a day off and as a working day"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    const std::string error = load_error(c.text);
    CHECK(error.rfind("broken-holidays.json: " + c.path + ": ", 0) == 0);
    CHECK(error.find(c.reason) != std::string::npos);
    INFO(error);
  }
  // A well-formed file loads, and a missing file names itself.
  CHECK(load_error("{\"years\": {\"2027\": {\"published\": false, \"note\": \"draft\", \"days_off\": [" + entry +
                   "]}}}") == "");
  try {
    HolidayTable::load("/nonexistent/holidays.json");
    FAIL("a missing file must throw");
  } catch (const std::runtime_error& error) {
    CHECK(std::string(error.what()).find("/nonexistent/holidays.json") != std::string::npos);
  }
}

TEST_CASE("a published year replaces the computed one completely", "[calendar]") {
  // A table with only 1/1/2027 listed: Tết 2027 is then a normal week (the table is the authority).
  const WorkingCalendar calendar(HolidayTable::from_json_text(
      std::string("{\"years\": {\"2027\": {\"days_off\": [") + kValidEntry + "]}}}", "test"));
  CHECK_FALSE(calendar.is_working_day(Date{2027, 1, 1}));
  CHECK(calendar.is_working_day(Date{2027, 2, 8}));
  // 2028 is not in this table: computed.
  CHECK_FALSE(calendar.is_working_day(Date{2028, 1, 26}));
}
