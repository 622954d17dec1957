#pragma once
// Citizens' ratings the way the national portal takes them (DOMAIN.md §3, DongBoDanhGia): each rating stays
// local and private (mc/core/ratings.hpp, kiosk.db); once a month ends its figures are frozen into one
// aggregate per procedure (NgayTongHop "M-YYYY", TongSoNguoiDanhGia and the three percentages) and each
// aggregate is sent exactly once, in the outbox discipline: frozen rows are committed before any call, a
// row is marked sending before the call, and a row a crash left in sending is sent again byte for byte (the
// server keeps one aggregate per month, agency and procedure and answers an identical re-send as success).
// The frozen rows live in kiosk.db beside the ratings; this class opens its own connection (the sync thread's).
#include <array>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>
#include "mc/core/config.hpp"
#include "mc/core/datetime.hpp"
#include "mc/core/db.hpp"
#include "mc/core/ratings.hpp"

namespace mc::sync {

// Very satisfied, satisfied, not satisfied, in percent with two decimals, adding up to exactly 100 (largest
// remainder); all zero when nobody rated.
std::array<double, 3> rating_percentages(const RatingCounts& counts);
// "3-2026" for March 2026: the portal's NgayTongHop.
std::string portal_month(int year, int month);
// One DongBoDanhGia data item.
nlohmann::json build_rating_row(int year, int month, const std::string& procedure_code, const RatingCounts& counts,
                                const Config& config);

struct RatingReport {
  std::string month;  // "YYYY-MM" (sorts), the row carries "M-YYYY"
  std::string procedure_code;
  std::string state;  // due, sending, done, rejected
  std::string row_json;
  std::string error;
  int attempts = 0;
};

class RatingReports {
 public:
  // kiosk_db_path: the local state database (<data_dir>/kiosk.db) where RatingStore keeps the ratings.
  RatingReports(const std::string& kiosk_db_path, Config config);
  static std::string default_path(const Config& config);  // <data_dir>/kiosk.db

  // Freezes every month before the month of now_unix that has ratings and no aggregates yet. Returns how
  // many aggregates became due. Idempotent.
  int freeze_ended_months(int64_t now_unix);
  // On demand: freezes one ended month (nothing when it is frozen already). Throws std::invalid_argument for
  // the current or a future month (its figures may still change).
  int freeze_month(int year, int month, int64_t now_unix);

  int recover_in_flight();                                       // sending -> due (call with the sending lock held)
  std::vector<RatingReport> claim(int limit, int64_t now_unix);  // due -> sending, committed
  void mark(const RatingReport& report, const std::string& state, const std::string& error, int64_t now_unix);
  std::vector<RatingReport> list();

 private:
  int freeze(int year, int month, int64_t now_unix);
  std::unique_ptr<Database> db_;
  std::unique_ptr<RatingStore> ratings_;
  Config config_;
};

}  // namespace mc::sync
