#pragma once
// Citizen satisfaction ratings (DOMAIN.md §7): Không hài lòng / Hài lòng / Rất hài lòng, per dossier.
// Kept in the local state database apart from the dossier queue, with no personal data, so they
// outlive the retention purge and feed the daily summary.
#include <map>
#include <string>
#include <vector>
#include "mc/core/datetime.hpp"
#include "mc/core/db.hpp"
#include "mc/core/localized.hpp"

namespace mc {

enum class Rating { Unsatisfied = 1, Satisfied = 2, VerySatisfied = 3 };
LocalizedText rating_label(Rating rating);

struct RatingCounts {
  int unsatisfied = 0, satisfied = 0, very_satisfied = 0;
  int total() const { return unsatisfied + satisfied + very_satisfied; }
};

class RatingStore {
 public:
  RatingStore(Database& db, Clock clock);
  // One rating per dossier: rating again replaces the earlier one. Throws std::invalid_argument for a level
  // outside 1–3.
  void record(const std::string& dossier_code, const std::string& procedure_code, int level);
  RatingCounts counts_for_day(Date day) const;
  std::map<std::string, RatingCounts> counts_by_procedure(Date day) const;
  // Ratings of days in [from, until), by procedure code (a month's aggregate for DongBoDanhGia).
  std::map<std::string, RatingCounts> counts_by_procedure_between(Date from, Date until) const;
  // The first day of every month that holds a rating, oldest first.
  std::vector<Date> months_with_ratings() const;

 private:
  Database& db_;
  Clock clock_;
};

}  // namespace mc
