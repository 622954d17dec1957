// Working days, holidays and due dates (DOMAIN.md §5). The lunar calendar itself is in lunar.cpp.
#include "mc/core/calendar.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "mc/core/json_file.hpp"

namespace mc {

using nlohmann::json;

LocalizedText weekday_name(Date date) {
  static const LocalizedText kNames[] = {{"Thứ Hai", "Monday"},   {"Thứ Ba", "Tuesday"}, {"Thứ Tư", "Wednesday"},
                                         {"Thứ Năm", "Thursday"}, {"Thứ Sáu", "Friday"}, {"Thứ Bảy", "Saturday"},
                                         {"Chủ nhật", "Sunday"}};
  return kNames[date.iso_weekday() - 1];
}

// ---------------------------------------------------------------------------------------------------------
// Loading holidays.json
// ---------------------------------------------------------------------------------------------------------

namespace {

constexpr int kFirstSupportedYear = 1900;  // the lunar algorithm is only trusted in this range
constexpr int kLastSupportedYear = 2199;

class HolidayFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Collects the file name so every error says where it is: "holidays.json: $.years["2026"].days_off[3].date: ..."
struct Loader {
  std::string source;

  [[noreturn]] void fail(const std::string& path, const std::string& reason) const {
    throw HolidayFileError(source + ": " + path + ": " + reason);
  }

  static std::string type_name(const json& value) { return value.type_name(); }

  void expect_keys(const json& object, const std::string& path, std::initializer_list<const char*> allowed) const {
    for (const auto& [key, value] : object.items()) {
      (void)value;
      // (An init-capture: clang 14, which builds the fuzz targets, cannot capture a structured binding.)
      bool known = std::any_of(allowed.begin(), allowed.end(), [&key = key](const char* name) { return key == name; });
      if (!known) {
        std::string list;
        for (const char* name : allowed) list += (list.empty() ? "" : ", ") + std::string(name);
        fail(path + "." + key, "unknown key (allowed here: " + list + ")");
      }
    }
  }

  const json& require(const json& object, const std::string& path, const char* key, json::value_t type,
                      const char* type_label) const {
    auto it = object.find(key);
    if (it == object.end()) fail(path + "." + key, "missing (required)");
    check_type(*it, path + "." + key, type, type_label);
    return *it;
  }

  void check_type(const json& value, const std::string& path, json::value_t type, const char* type_label) const {
    if (value.type() != type) fail(path, std::string("must be ") + type_label + ", got " + type_name(value));
  }

  void check_note(const json& object, const std::string& path) const {
    if (auto it = object.find("note"); it != object.end())
      check_type(*it, path + ".note", json::value_t::string, "a string");
  }

  LocalizedText name(const json& entry, const std::string& path) const {
    const json& name = require(entry, path, "name", json::value_t::object, "an object {\"vi\": ..., \"en\": ...}");
    const std::string name_path = path + ".name";
    expect_keys(name, name_path, {"vi", "en"});
    LocalizedText text;
    for (const char* lang : {"vi", "en"}) {
      const json& value = require(name, name_path, lang, json::value_t::string, "a string");
      std::string s = value.get<std::string>();
      if (s.find_first_not_of(" \t\r\n") == std::string::npos) fail(name_path + "." + lang, "must not be empty");
      (std::string(lang) == "vi" ? text.vi : text.en) = std::move(s);
    }
    return text;
  }

  std::vector<DayOff> entries(const json& year_object, const std::string& year_path, const char* key, int year,
                              bool required) const {
    std::vector<DayOff> out;
    auto it = year_object.find(key);
    if (it == year_object.end()) {
      if (required) fail(year_path + "." + key, "missing (required; use [] for none)");
      return out;
    }
    const std::string list_path = year_path + "." + key;
    check_type(*it, list_path, json::value_t::array, "an array");
    std::set<Date> seen;
    for (size_t i = 0; i < it->size(); ++i) {
      const json& entry = (*it)[i];
      const std::string path = list_path + "[" + std::to_string(i) + "]";
      check_type(entry, path, json::value_t::object, "an object {\"date\": ..., \"name\": ...}");
      expect_keys(entry, path, {"date", "name", "note"});
      check_note(entry, path);
      const std::string text =
          require(entry, path, "date", json::value_t::string, "a string \"YYYY-MM-DD\"").get<std::string>();
      auto date = Date::parse_iso(text);
      if (!date) fail(path + ".date", "not a real date in the form YYYY-MM-DD: \"" + text + "\"");
      if (date->year != year)
        fail(path + ".date",
             "the date " + text + " is not in the year " + std::to_string(year) + " it is listed under");
      if (!seen.insert(*date).second) fail(path + ".date", "the date " + text + " is listed twice");
      out.push_back(DayOff{*date, name(entry, path)});
    }
    return out;
  }
};

bool by_date(const DayOff& a, const DayOff& b) {
  return a.date < b.date;
}

}  // namespace

HolidayTable HolidayTable::from_json_text(const std::string& text, const std::string& source_name) {
  const Loader loader{source_name};
  json root;
  try {
    root = json::parse(text);
  } catch (const json::parse_error& error) {
    loader.fail("$", std::string("not valid JSON (") + error.what() + ")");
  }
  loader.check_type(root, "$", json::value_t::object, "an object {\"years\": {...}}");
  loader.expect_keys(root, "$", {"years", "note"});
  loader.check_note(root, "$");
  const json& years = loader.require(root, "$", "years", json::value_t::object, "an object keyed by year");

  HolidayTable table;
  for (const auto& [key, value] : years.items()) {
    const std::string year_path = "$.years[\"" + key + "\"]";
    const bool four_digits =
        key.size() == 4 && std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!four_digits) loader.fail(year_path, "the key must be a four-digit year, got \"" + key + "\"");
    const int year = std::stoi(key);
    if (year < kFirstSupportedYear || year > kLastSupportedYear)
      loader.fail(year_path, "year out of the supported range " + std::to_string(kFirstSupportedYear) + "–" +
                                 std::to_string(kLastSupportedYear));
    loader.check_type(value, year_path, json::value_t::object, "an object {\"days_off\": [...], ...}");
    loader.expect_keys(value, year_path, {"published", "note", "days_off", "working_days"});
    loader.check_note(value, year_path);
    if (auto it = value.find("published"); it != value.end())
      loader.check_type(*it, year_path + ".published", json::value_t::boolean, "true or false");

    Year data;
    data.days_off = loader.entries(value, year_path, "days_off", year, true);
    data.working_days = loader.entries(value, year_path, "working_days", year, false);
    for (size_t i = 0; i < data.working_days.size(); ++i) {
      const Date date = data.working_days[i].date;
      const std::string path = year_path + ".working_days[" + std::to_string(i) + "].date";
      if (!date.is_weekend())
        loader.fail(path, "a make-up working day must be a Saturday or Sunday; " + date.iso() + " is a " +
                              weekday_name(date).en + " and is a working day anyway");
      const bool also_off =
          std::any_of(data.days_off.begin(), data.days_off.end(), [&](const DayOff& off) { return off.date == date; });
      if (also_off) loader.fail(path, date.iso() + " is listed both as a day off and as a working day");
    }
    std::sort(data.days_off.begin(), data.days_off.end(), by_date);
    std::sort(data.working_days.begin(), data.working_days.end(), by_date);
    table.years_[year] = std::move(data);
  }
  return table;
}

HolidayTable HolidayTable::load(const std::string& path) {
  // The text, not read_json_file's document: from_json_text reports syntax errors with the JSON path "$".
  std::string text;
  try {
    text = read_data_file(path, "holidays");
  } catch (const JsonFileError& error) {
    if (error.kind() == JsonFileError::Kind::cannot_open)
      throw std::runtime_error(path + ": $: cannot open the holidays file for reading");
    throw std::runtime_error(path + ": $: error while reading the holidays file");
  }
  return from_json_text(text, path);
}

bool HolidayTable::has_year(int year) const {
  return years_.count(year) > 0;
}

std::vector<int> HolidayTable::years() const {
  std::vector<int> out;
  for (const auto& [year, data] : years_) out.push_back(year);
  return out;
}

std::vector<DayOff> HolidayTable::days_off(int year) const {
  auto it = years_.find(year);
  return it != years_.end() ? it->second.days_off : computed_days_off(year);
}

std::vector<DayOff> HolidayTable::working_days(int year) const {
  auto it = years_.find(year);
  return it != years_.end() ? it->second.working_days : std::vector<DayOff>{};
}

// ---------------------------------------------------------------------------------------------------------
// Computed defaults for years the government has not published yet (Labour Code 2019, art. 112)
// ---------------------------------------------------------------------------------------------------------
//
// - 1/1; Tết Nguyên đán: the last day of the old lunar year + mùng 1–4 (5 days); Giỗ Tổ Hùng Vương 10/3
//   lunar; 30/4; 1/5; Quốc khánh 2/9 plus one adjacent day.
// - The adjacent day for 2/9 is the one that bridges to a weekend when one does: 1/9 when it is a Monday
//   (2/9 Tuesday) or a Friday (2/9 Saturday), 3/9 when it is a Friday (2/9 Thursday) or a Monday (2/9
//   Sunday); otherwise 1/9. This gives the same days off as the government's choices of 2021–2026 (in
//   2024, 2/9 a Monday, the rule takes Sunday 1/9, whose compensatory day is Tuesday 3/9: the day chosen).
// - Compensatory days (nghỉ bù): every holiday that falls on a Saturday or Sunday gives the next day that
//   is neither a weekend day nor already off, taken in date order (so Tết's weekend days are made up
//   right after the break).
// The government's swaps (a weekday off made up by a working Saturday) cannot be predicted: they come
// only from the published table.
std::vector<DayOff> HolidayTable::computed_days_off(int year) {
  if (year < kFirstSupportedYear || year > kLastSupportedYear)
    throw std::out_of_range("holidays can only be computed for " + std::to_string(kFirstSupportedYear) + "–" +
                            std::to_string(kLastSupportedYear) + ", not " + std::to_string(year));
  const LocalizedText new_year{"Tết Dương lịch", "New Year's Day"};
  const LocalizedText tet{"Tết Nguyên đán", "Lunar New Year (Tết)"};
  const LocalizedText hung_kings{"Giỗ Tổ Hùng Vương (10/3 âm lịch)", "Hung Kings' Commemoration Day"};
  const LocalizedText reunification{"Ngày Giải phóng miền Nam, thống nhất đất nước", "Reunification Day"};
  const LocalizedText labour{"Ngày Quốc tế Lao động", "International Labour Day"};
  const LocalizedText national{"Quốc khánh", "National Day"};

  // `kind` names the holiday in a compensatory day's name ("Nghỉ bù Tết Nguyên đán (06/02/2027)").
  struct Holiday {
    Date date;
    LocalizedText name;
    LocalizedText kind;
  };
  std::vector<Holiday> holidays;
  holidays.push_back({Date{year, 1, 1}, new_year, new_year});
  const Date mung_1 = lunar_to_solar(1, 1, year);
  holidays.push_back(
      {mung_1.plus_days(-1), {tet.vi + " (ngày cuối năm âm lịch)", tet.en + ", last day of the lunar year"}, tet});
  for (int day = 1; day <= 4; ++day) {
    holidays.push_back({mung_1.plus_days(day - 1),
                        {tet.vi + " (mùng " + std::to_string(day) + ")", tet.en + ", day " + std::to_string(day)},
                        tet});
  }
  holidays.push_back({lunar_to_solar(10, 3, year), hung_kings, {"Giỗ Tổ Hùng Vương", hung_kings.en}});
  holidays.push_back({Date{year, 4, 30}, reunification, reunification});
  holidays.push_back({Date{year, 5, 1}, labour, labour});
  const Date national_day{year, 9, 2};
  const Date sep_1{year, 9, 1}, sep_3{year, 9, 3};
  auto bridges = [](Date d) { return d.iso_weekday() == 1 || d.iso_weekday() == 5; };
  const Date adjacent = bridges(sep_1) ? sep_1 : bridges(sep_3) ? sep_3 : sep_1;
  holidays.push_back({adjacent, national, national});
  holidays.push_back({national_day, national, national});
  std::sort(holidays.begin(), holidays.end(), [](const Holiday& a, const Holiday& b) { return a.date < b.date; });

  std::vector<DayOff> all;
  for (const Holiday& holiday : holidays) all.push_back({holiday.date, holiday.name});
  auto is_off = [&](Date d) {
    return std::any_of(all.begin(), all.end(), [&](const DayOff& off) { return off.date == d; });
  };
  for (const Holiday& holiday : holidays) {
    if (!holiday.date.is_weekend()) continue;
    Date compensatory = holiday.date.plus_days(1);
    while (compensatory.is_weekend() || is_off(compensatory)) compensatory = compensatory.plus_days(1);
    all.push_back(
        {compensatory, LocalizedText{"Nghỉ bù " + holiday.kind.vi + " (" + holiday.date.dmy() + ")",
                                     "Compensatory day off for " + holiday.kind.en + " (" + holiday.date.dmy() + ")"}});
  }
  std::sort(all.begin(), all.end(), by_date);
  return all;
}

// ---------------------------------------------------------------------------------------------------------
// WorkingCalendar
// ---------------------------------------------------------------------------------------------------------

WorkingCalendar::WorkingCalendar(HolidayTable table) : table_(std::move(table)) {}

const WorkingCalendar::YearData& WorkingCalendar::year_data(int year) const {
  std::lock_guard lock(*cache_mutex_);
  auto it = cache_.find(year);
  if (it != cache_.end()) return it->second;
  YearData data;
  data.days_off = table_.days_off(year);
  std::sort(data.days_off.begin(), data.days_off.end(), by_date);
  for (const DayOff& day : table_.working_days(year)) data.working_days.push_back(day.date);
  std::sort(data.working_days.begin(), data.working_days.end());
  return cache_.emplace(year, std::move(data)).first->second;
}

namespace {
const DayOff* find_day_off(const std::vector<DayOff>& days_off, Date date) {
  auto it =
      std::lower_bound(days_off.begin(), days_off.end(), date, [](const DayOff& off, Date d) { return off.date < d; });
  return it != days_off.end() && it->date == date ? &*it : nullptr;
}

// A long run of days off is a broken table, never a real calendar (Tết is at most ~10 days).
constexpr int kMaxConsecutiveDaysOff = 60;
}  // namespace

bool WorkingCalendar::is_working_day(Date date) const {
  const YearData& data = year_data(date.year);
  if (find_day_off(data.days_off, date)) return false;
  if (date.is_weekend()) return std::binary_search(data.working_days.begin(), data.working_days.end(), date);
  return true;
}

std::optional<LocalizedText> WorkingCalendar::day_off_reason(Date date) const {
  const YearData& data = year_data(date.year);
  if (const DayOff* off = find_day_off(data.days_off, date)) return off->name;
  if (date.is_weekend() && !std::binary_search(data.working_days.begin(), data.working_days.end(), date))
    return weekday_name(date);
  return std::nullopt;
}

Date WorkingCalendar::next_working_day(Date date) const {
  Date next = date.plus_days(1);
  for (int step = 0; step < kMaxConsecutiveDaysOff; ++step, next = next.plus_days(1))
    if (is_working_day(next)) return next;
  throw std::runtime_error("no working day within " + std::to_string(kMaxConsecutiveDaysOff) + " days after " +
                           date.iso() + ": the holidays table is wrong");
}

namespace {
int seconds_of_day(const LocalDateTime& t) {
  return t.hour * 3600 + t.minute * 60 + t.second;
}
}  // namespace

Date WorkingCalendar::effective_intake_day(const LocalDateTime& intake, const OfficeHours& hours) const {
  // "After the cut-off": 16:30:00 still counts today, 16:30:01 does not.
  const bool before_cutoff = seconds_of_day(intake) <= hours.cutoff_minutes * 60;
  if (before_cutoff && is_working_day(intake.date)) return intake.date;
  return next_working_day(intake.date);
}

Date WorkingCalendar::due_date(const LocalDateTime& intake, int working_days, const OfficeHours& hours) const {
  if (working_days < 0)
    throw std::invalid_argument("the number of working days must not be negative, got " + std::to_string(working_days));
  Date day = effective_intake_day(intake, hours);
  for (int i = 0; i < working_days; ++i) day = next_working_day(day);
  return day;
}

WorkingCalendar::IntakePreview WorkingCalendar::preview_intake(const LocalDateTime& now, int working_days,
                                                               const OfficeHours& hours) const {
  IntakePreview preview;
  preview.counts_from = effective_intake_day(now, hours);
  preview.next_working_day = preview.counts_from != now.date;
  preview.after_cutoff = preview.next_working_day && is_working_day(now.date);
  preview.due_at = due_at(now, working_days, hours);
  return preview;
}

LocalDateTime WorkingCalendar::due_at(const LocalDateTime& intake, int working_days, const OfficeHours& hours) const {
  LocalDateTime due;
  due.date = due_date(intake, working_days, hours);
  const int seconds = seconds_of_day(intake);
  const bool counted_same_day = effective_intake_day(intake, hours) == intake.date;
  if (counted_same_day && seconds >= hours.open_minutes * 60 && seconds <= hours.cutoff_minutes * 60) {
    due.hour = intake.hour;
    due.minute = intake.minute;
    due.second = intake.second;
  } else {
    due.hour = hours.open_minutes / 60;
    due.minute = hours.open_minutes % 60;
  }
  return due;
}

}  // namespace mc
