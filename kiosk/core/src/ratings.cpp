#include "mc/core/ratings.hpp"

#include "mc/core/messages.hpp"

#include <stdexcept>

namespace mc {

LocalizedText rating_label(Rating rating) {
  switch (rating) {
    case Rating::Unsatisfied: return message("rating.level.1");
    case Rating::Satisfied: return message("rating.level.2");
    case Rating::VerySatisfied: return message("rating.level.3");
  }
  return {"", ""};
}

RatingStore::RatingStore(Database& db, Clock clock) : db_(db), clock_(std::move(clock)) {
  db_.exec(
      "CREATE TABLE IF NOT EXISTS ratings (dossier_code TEXT PRIMARY KEY, procedure_code TEXT NOT NULL,"
      " level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3), day TEXT NOT NULL, at INTEGER NOT NULL)");
}

void RatingStore::record(const std::string& dossier_code, const std::string& procedure_code, int level) {
  if (level < 1 || level > 3) throw std::invalid_argument("a rating is 1, 2 or 3, got " + std::to_string(level));
  const int64_t now = clock_();
  db_.prepare("INSERT INTO ratings (dossier_code, procedure_code, level, day, at) VALUES (?1, ?2, ?3, ?4, ?5)"
              " ON CONFLICT (dossier_code) DO UPDATE SET level = excluded.level, at = excluded.at")
      .bind(1, dossier_code)
      .bind(2, procedure_code)
      .bind(3, level)
      .bind(4, LocalDateTime::from_unix(now).date.iso())
      .bind(5, now)
      .step();
}

namespace {
void add(RatingCounts& counts, int level, int n) {
  if (level == 1) counts.unsatisfied += n;
  if (level == 2) counts.satisfied += n;
  if (level == 3) counts.very_satisfied += n;
}
}  // namespace

RatingCounts RatingStore::counts_for_day(Date day) const {
  RatingCounts counts;
  auto rows = db_.prepare("SELECT level, COUNT(*) FROM ratings WHERE day = ?1 GROUP BY level");
  rows.bind(1, day.iso());
  while (rows.step()) add(counts, static_cast<int>(rows.column_int(0)), static_cast<int>(rows.column_int(1)));
  return counts;
}

std::map<std::string, RatingCounts> RatingStore::counts_by_procedure(Date day) const {
  std::map<std::string, RatingCounts> result;
  auto rows = db_.prepare("SELECT procedure_code, level, COUNT(*) FROM ratings WHERE day = ?1 GROUP BY 1, 2");
  rows.bind(1, day.iso());
  while (rows.step())
    add(result[rows.column_text(0)], static_cast<int>(rows.column_int(1)), static_cast<int>(rows.column_int(2)));
  return result;
}

std::map<std::string, RatingCounts> RatingStore::counts_by_procedure_between(Date from, Date until) const {
  std::map<std::string, RatingCounts> result;
  auto rows =
      db_.prepare("SELECT procedure_code, level, COUNT(*) FROM ratings WHERE day >= ?1 AND day < ?2 GROUP BY 1, 2");
  rows.bind(1, from.iso()).bind(2, until.iso());
  while (rows.step())
    add(result[rows.column_text(0)], static_cast<int>(rows.column_int(1)), static_cast<int>(rows.column_int(2)));
  return result;
}

std::vector<Date> RatingStore::months_with_ratings() const {
  std::vector<Date> months;
  auto rows = db_.prepare("SELECT DISTINCT substr(day, 1, 7) FROM ratings ORDER BY 1");
  while (rows.step())
    if (auto first = Date::parse_iso(rows.column_text(0) + "-01")) months.push_back(*first);
  return months;
}

}  // namespace mc
