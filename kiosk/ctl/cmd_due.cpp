// kioskctl due: the due date (hạn trả kết quả) of a dossier, DOMAIN.md §5.
#include <cstdio>
#include <ostream>
#include <string>

#include "command.hpp"
#include "mc/core/calendar.hpp"
#include "mc/core/config.hpp"

namespace mc::ctl {
namespace {

constexpr const char* kUsage = "due --from YYYY-MM-DDTHH:MM --days N [--cutoff HH:MM] [--holidays FILE] [--explain]";
constexpr int kMaxWorkingDays = 3650;  // no procedure takes ten years; a bigger number is a typo

int usage_error(CommandContext& ctx, const std::string& problem) {
  ctx.err << "kioskctl due: " << problem << "\nUsage: kioskctl " << kUsage << "\n";
  return kExitUsage;
}

std::string clock_text(int minutes) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%02d:%02d", minutes / 60 % 100, minutes % 60);
  return buffer;
}

std::string day_text(Date date) {
  return weekday_name(date).vi + " " + date.dmy();
}

// A worked Saturday says why it counts ("Thứ Bảy 22/08/2026 (Làm bù cho ngày nghỉ 31/8)").
std::string working_day_text(const WorkingCalendar& calendar, Date date) {
  std::string text = day_text(date);
  if (!date.is_weekend()) return text;
  for (const DayOff& day : calendar.table().working_days(date.year))
    if (day.date == date) text += " (" + day.name.vi + ")";
  return text;
}

// Walks the same days as WorkingCalendar::due_date and says what happened to each, in Vietnamese.
void explain(std::ostream& out, const WorkingCalendar& calendar, const LocalDateTime& intake, int days,
             const OfficeHours& hours) {
  const Date received = calendar.effective_intake_day(intake, hours);
  out << "Nhận hồ sơ lúc " << clock_text(intake.minutes_of_day()) << " " << day_text(intake.date) << " (giờ chốt nhận "
      << clock_text(hours.cutoff_minutes) << ").\n";
  if (auto reason = calendar.day_off_reason(intake.date)) {
    out << "Ngày nhận " << day_text(intake.date) << " không phải ngày làm việc: " << reason->vi << ".\n";
  } else if (received != intake.date) {
    out << "Nhận sau giờ chốt: tính từ ngày làm việc tiếp theo.\n";
  }
  for (Date day = intake.date.plus_days(1); day <= received; day = day.plus_days(1)) {
    if (auto reason = calendar.day_off_reason(day)) out << "Bỏ qua " << day_text(day) << ": " << reason->vi << "\n";
  }
  out << "Tính là nhận ngày " << working_day_text(calendar, received) << " (ngày nhận không tính vào thời hạn).\n";
  Date day = received;
  for (int counted = 0; counted < days;) {
    day = day.plus_days(1);
    if (auto reason = calendar.day_off_reason(day)) {
      out << "Bỏ qua " << day_text(day) << ": " << reason->vi << "\n";
    } else {
      ++counted;
      out << "Ngày làm việc thứ " << counted << ": " << working_day_text(calendar, day) << "\n";
    }
  }
  out << "Hạn trả kết quả: " << day_text(day) << "\n";
}

int run_due(CommandContext& ctx) {
  const bool want_explanation = ctx.take_flag("--explain");
  const std::string from_text = ctx.take_option("--from");
  const std::string days_text = ctx.take_option("--days");
  const std::string cutoff_text = ctx.take_option("--cutoff");
  const std::string holidays_path = ctx.take_option("--holidays");
  if (!ctx.args.empty()) return usage_error(ctx, "unexpected argument '" + ctx.args.front() + "'");
  if (from_text.empty()) return usage_error(ctx, "--from is required (intake time, e.g. 2026-02-13T10:00)");
  if (days_text.empty()) return usage_error(ctx, "--days is required (number of working days)");

  auto intake = LocalDateTime::parse_iso(from_text);
  if (!intake) return usage_error(ctx, "--from: not a date and time YYYY-MM-DDTHH:MM: '" + from_text + "'");
  int days = -1;
  const bool all_digits = days_text.size() <= 4 && days_text.find_first_not_of("0123456789") == std::string::npos;
  if (all_digits) days = std::stoi(days_text);
  if (!all_digits || days > kMaxWorkingDays)
    return usage_error(
        ctx, "--days: must be a whole number 0–" + std::to_string(kMaxWorkingDays) + ", got '" + days_text + "'");

  const Config& config = ctx.config();
  OfficeHours hours = config.office;
  if (!cutoff_text.empty()) {
    auto cutoff = parse_clock_time(cutoff_text);
    if (!cutoff) return usage_error(ctx, "--cutoff: not a time of day HH:MM: '" + cutoff_text + "'");
    hours.cutoff_minutes = *cutoff;
  }
  const std::string path =
      holidays_path.empty() ? config.resolved_assets_dir() + "/calendar/holidays.json" : holidays_path;
  const WorkingCalendar calendar(HolidayTable::load(path));  // a broken file throws: main prints it, exit 1

  const Date due = calendar.due_date(*intake, days, hours);
  if (want_explanation) explain(ctx.out, calendar, *intake, days, hours);
  ctx.out << due.iso() << "\n";
  return kExitOk;
}

const bool registered = register_command({
    "due",
    kUsage,
    "Hạn trả kết quả: N ngày làm việc sau ngày nhận (ISO 8601) / due date after N working days",
    run_due,
});

}  // namespace
}  // namespace mc::ctl
