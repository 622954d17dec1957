#include "mc/sync/rating_reports.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <set>
#include <stdexcept>

#include "mc/core/messages.hpp"

namespace mc::sync {

namespace {

std::string month_key(int year, int month) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d", year, month);
  return text;
}

Date first_of_next_month(int year, int month) {
  return month == 12 ? Date{year + 1, 1, 1} : Date{year, month + 1, 1};
}

}  // namespace

std::array<double, 3> rating_percentages(const RatingCounts& counts) {
  const int total = counts.total();
  if (total == 0) return {0, 0, 0};
  const std::array<int, 3> parts = {counts.very_satisfied, counts.satisfied, counts.unsatisfied};
  // Hundredths of a percent by largest remainder: floor each share, then give the hundredths left over to
  // the largest remainders, so the three always add up to exactly 100.00.
  std::array<int64_t, 3> hundredths{};
  std::array<int64_t, 3> remainders{};
  int64_t given = 0;
  for (size_t i = 0; i < 3; ++i) {
    const int64_t scaled = int64_t{parts[i]} * 10000;
    hundredths[i] = scaled / total;
    remainders[i] = scaled % total;
    given += hundredths[i];
  }
  std::array<size_t, 3> order = {0, 1, 2};
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return remainders[a] > remainders[b]; });
  for (size_t k = 0; given < 10000; ++k, ++given) ++hundredths[order[k % 3]];
  return {hundredths[0] / 100.0, hundredths[1] / 100.0, hundredths[2] / 100.0};
}

std::string portal_month(int year, int month) {
  return std::to_string(month) + "-" + std::to_string(year);
}

nlohmann::json build_rating_row(int year, int month, const std::string& procedure_code, const RatingCounts& counts,
                                const Config& config) {
  const auto percent = rating_percentages(counts);
  return {{"NgayTongHop", portal_month(year, month)},
          {"Madonvi", config.agency.code},
          {"TenDonVi", config.agency.name_vi},
          {"MaThuTuc", procedure_code},
          {"TongSoNguoiDanhGia", counts.total()},
          {"PhanTramDanhGiaRatHaiLong", percent[0]},
          {"PhanTramDanhGiaHaiLong", percent[1]},
          {"PhanTramDanhGiaChuaHaiLong", percent[2]},
          {"NoiDung", message("sync.protocol.ratings_note", {{"kiosk", config.kiosk.id}}).vi}};
}

RatingReports::RatingReports(const std::string& kiosk_db_path, Config config)
    : db_(std::make_unique<Database>(kiosk_db_path)), config_(std::move(config)) {
  ratings_ = std::make_unique<RatingStore>(*db_, system_clock());
  db_->exec(
      "CREATE TABLE IF NOT EXISTS rating_months(month TEXT PRIMARY KEY, frozen_at INTEGER NOT NULL);"
      "CREATE TABLE IF NOT EXISTS rating_reports(month TEXT NOT NULL, procedure_code TEXT NOT NULL,"
      " state TEXT NOT NULL CHECK (state IN ('due','sending','done','rejected')), row_json TEXT NOT NULL,"
      " error TEXT NOT NULL DEFAULT '', attempts INTEGER NOT NULL DEFAULT 0, frozen_at INTEGER NOT NULL,"
      " sent_at INTEGER, PRIMARY KEY (month, procedure_code));");
}

std::string RatingReports::default_path(const Config& config) {
  return (std::filesystem::path(config.data_dir) / "kiosk.db").string();
}

int RatingReports::freeze(int year, int month, int64_t now_unix) {
  const std::string key = month_key(year, month);
  Transaction transaction(*db_);
  auto frozen = db_->prepare("SELECT 1 FROM rating_months WHERE month = ?1");
  frozen.bind(1, key);
  if (frozen.step()) return 0;
  const auto by_procedure =
      ratings_->counts_by_procedure_between(Date{year, month, 1}, first_of_next_month(year, month));
  int made = 0;
  auto insert = db_->prepare(
      "INSERT INTO rating_reports(month, procedure_code, state, row_json, frozen_at) VALUES (?1, ?2, 'due', ?3, ?4)");
  for (const auto& [procedure, counts] : by_procedure) {
    if (counts.total() == 0 || procedure.empty()) continue;
    insert.bind(1, key).bind(2, procedure).bind(3, build_rating_row(year, month, procedure, counts, config_).dump());
    insert.bind(4, now_unix);
    insert.step();
    insert.reset();
    ++made;
  }
  db_->prepare("INSERT INTO rating_months(month, frozen_at) VALUES (?1, ?2)").bind(1, key).bind(2, now_unix).step();
  transaction.commit();
  return made;
}

int RatingReports::freeze_ended_months(int64_t now_unix) {
  const Date today = LocalDateTime::from_unix(now_unix).date;
  std::set<std::string> frozen;
  auto query = db_->prepare("SELECT month FROM rating_months");
  while (query.step()) frozen.insert(query.column_text(0));
  int made = 0;
  for (const Date& first : ratings_->months_with_ratings())
    if (first.year * 12 + first.month < today.year * 12 + today.month &&
        !frozen.count(month_key(first.year, first.month)))
      made += freeze(first.year, first.month, now_unix);
  return made;
}

int RatingReports::freeze_month(int year, int month, int64_t now_unix) {
  const Date today = LocalDateTime::from_unix(now_unix).date;
  if (month < 1 || month > 12 || year * 12 + month >= today.year * 12 + today.month)
    throw std::invalid_argument("only a month that has ended can be reported (" + portal_month(year, month) + ")");
  return freeze(year, month, now_unix);
}

int RatingReports::recover_in_flight() {
  db_->exec("UPDATE rating_reports SET state = 'due' WHERE state = 'sending'");
  return db_->changes();
}

std::vector<RatingReport> RatingReports::claim(int limit, int64_t now_unix) {
  std::vector<RatingReport> reports;
  Transaction transaction(*db_);
  auto query = db_->prepare(
      "SELECT month, procedure_code, row_json, attempts FROM rating_reports WHERE state = 'due'"
      " ORDER BY month, procedure_code LIMIT ?1");
  query.bind(1, limit);
  while (query.step())
    reports.push_back({query.column_text(0), query.column_text(1), "sending", query.column_text(2), "",
                       static_cast<int>(query.column_int(3)) + 1});
  auto mark = db_->prepare(
      "UPDATE rating_reports SET state = 'sending', attempts = attempts + 1, sent_at = ?1 WHERE month = ?2 AND"
      " procedure_code = ?3");
  for (const auto& report : reports) {
    mark.bind(1, now_unix).bind(2, report.month).bind(3, report.procedure_code);
    mark.step();
    mark.reset();
  }
  transaction.commit();
  return reports;
}

void RatingReports::mark(const RatingReport& report, const std::string& state, const std::string& error,
                         int64_t now_unix) {
  db_->prepare(
         "UPDATE rating_reports SET state = ?1, error = ?2, sent_at = ?3 WHERE month = ?4 AND procedure_code = ?5"
         " AND state = 'sending'")
      .bind(1, state)
      .bind(2, error)
      .bind(3, now_unix)
      .bind(4, report.month)
      .bind(5, report.procedure_code)
      .step();
}

std::vector<RatingReport> RatingReports::list() {
  std::vector<RatingReport> reports;
  auto query = db_->prepare(
      "SELECT month, procedure_code, state, row_json, error, attempts FROM rating_reports ORDER BY month,"
      " procedure_code");
  while (query.step())
    reports.push_back({query.column_text(0), query.column_text(1), query.column_text(2), query.column_text(3),
                       query.column_text(4), static_cast<int>(query.column_int(5))});
  return reports;
}

}  // namespace mc::sync
