#pragma once
// Working days (ngày làm việc) and due dates, DOMAIN.md §5.
//
// assets/calendar/holidays.json:
// {"years": {"2026": {"published": true,
//                     "days_off": [{"date": "2026-02-16", "name": {"vi": "Tết Nguyên đán", "en": "Lunar New Year"}}, ...],
//                     "working_days": [{"date": "2026-08-22", "name": {"vi": "Làm bù", "en": "Make-up working day"}}]}}}
// Years not in the table get computed defaults: the fixed-date holidays, Tết (last day of the old
// year + mùng 1–4, from the Vietnamese lunar calendar at UTC+7), Giỗ Tổ (10/3 lunar), and the next
// working day off when a holiday falls on a weekend. Entries and years may carry a "note" string.
// The format and the rule for 2/9 are documented in assets/calendar/README.md.
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>
#include "mc/core/datetime.hpp"
#include "mc/core/localized.hpp"

namespace mc {

// Vietnamese lunar calendar (Hồ Ngọc Đức's algorithm, new moons at UTC+7), accurate for about 1800–2199.
// Throws std::invalid_argument for a lunar date that does not exist (day 30 of a 29-day month, a leap
// month the year does not have).
Date lunar_to_solar(int lunar_day, int lunar_month, int lunar_year, bool leap_month = false);
struct LunarDate {
  int day, month, year;
  bool leap_month;
};
LunarDate solar_to_lunar(Date date);

// "Thứ Hai" / "Monday" ... "Chủ nhật" / "Sunday".
LocalizedText weekday_name(Date date);

struct DayOff {
  Date date;
  LocalizedText name;
};

class HolidayTable {
 public:
  // Throws std::runtime_error naming the file, the JSON path and the reason when the file is broken.
  static HolidayTable load(const std::string& path);
  static HolidayTable from_json_text(const std::string& text, const std::string& source_name);

  bool has_year(int year) const;
  // Published entries where present, computed defaults otherwise.
  std::vector<DayOff> days_off(int year) const;
  std::vector<DayOff> working_days(int year) const;  // weekend days worked to make up a swap
  static std::vector<DayOff> computed_days_off(int year);
  // Years the table holds, ascending.
  std::vector<int> years() const;

 private:
  struct Year {
    std::vector<DayOff> days_off;
    std::vector<DayOff> working_days;
  };
  std::map<int, Year> years_;
};

struct OfficeHours {
  int open_minutes = 7 * 60 + 30;     // 07:30
  int close_minutes = 17 * 60;        // 17:00
  int cutoff_minutes = 16 * 60 + 30;  // intake after this counts as next working day
  // Queue tickets after office.close or on a day off (office.tickets_after_close): "warn" issues the number
  // and says the office is closed; "refuse" issues none and says when it opens.
  bool refuse_tickets_after_close = false;
};

class WorkingCalendar {
 public:
  explicit WorkingCalendar(HolidayTable table);

  bool is_working_day(Date date) const;
  // Why a date is not a working day (holiday name, "Thứ Bảy"/"Chủ nhật"), or nullopt when it is one.
  std::optional<LocalizedText> day_off_reason(Date date) const;
  Date next_working_day(Date date) const;  // strictly after `date`
  // The day an intake counts as received: the same day when it is a working day and before the cut-off,
  // otherwise the next working day.
  Date effective_intake_day(const LocalDateTime& intake, const OfficeHours& hours) const;
  // The Nth working day after the effective intake day (the intake day itself not counted).
  Date due_date(const LocalDateTime& intake, int working_days, const OfficeHours& hours) const;
  // Due date with a time of day for the receipt: the intake's clock time when it was within office
  // hours and before the cut-off, otherwise the office opening time.
  LocalDateTime due_at(const LocalDateTime& intake, int working_days, const OfficeHours& hours) const;

  // What the review screen says before submitting (issue 13): after the cut-off or on a day off the dossier
  // counts from the next working day, and the due date shown is computed that way (as the receipt's will be).
  struct IntakePreview {
    Date counts_from;                // the effective intake day
    bool next_working_day = false;  // not today: after office.intake_cutoff, or today is not a working day
    bool after_cutoff = false;      // today is a working day, but the cut-off has passed
    LocalDateTime due_at;
  };
  IntakePreview preview_intake(const LocalDateTime& now, int working_days, const OfficeHours& hours) const;

  const HolidayTable& table() const { return table_; }

 private:
  // One year's days off (sorted by date, names kept for day_off_reason) and make-up working days (sorted).
  struct YearData {
    std::vector<DayOff> days_off;
    std::vector<Date> working_days;
  };
  HolidayTable table_;
  // Built on first use per year; std::map nodes never move, so returned references stay valid. The mutex
  // makes const use safe from several threads (the UI and the sync worker both compute due dates).
  mutable std::map<int, YearData> cache_;
  mutable std::shared_ptr<std::mutex> cache_mutex_ = std::make_shared<std::mutex>();
  const YearData& year_data(int year) const;
};

}  // namespace mc
