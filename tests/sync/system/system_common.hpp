#pragma once
// Shared by the system tests, the crash driver and the benchmarks: a valid submission for the real
// catalog's procedure 1.002820 (and 1.002809, whose dossier has three documents a kiosk scans) from an obviously
// fake citizen, and a clock that moves to the next day every 900 dossiers (a kiosk slot has 999 codes a day).
#include <string>
#include "mc/sync/intake.hpp"

namespace mc::sync::testing {

inline SubmitRequest real_catalog_request(int n) {
  SubmitRequest request;
  request.procedure_code = "1.002820";
  request.applicant.id_number = "001099012345";
  request.applicant.full_name = "Nguyễn Văn A";
  request.applicant.date_of_birth = Date{1999, 3, 15};
  request.applicant.sex = Sex::Male;
  request.applicant.address = "Số 1 Đường ABC, Phường X, TP Z";
  request.answers = {{"phone", "0912345678"},
                     {"licence_class", "B2"},
                     {"reissue_reason", "damaged"},
                     {"health_check_date", "2026-01-15"},
                     {"result_delivery", "in_person"},
                     {"consent", "true"},
                     {"licence_number", std::to_string(790000000000LL + n)}};
  return request;
}

// Procedure 1.002809 (đổi giấy phép lái xe): the health certificate (TP2), the licence (TP3) and the ID card
// (TP4) can all be scanned.
inline SubmitRequest exchange_catalog_request(int n) {
  SubmitRequest request = real_catalog_request(n);
  request.procedure_code = "1.002809";
  request.answers = {{"phone", "0912345678"},
                     {"licence_class", "B2"},
                     {"licence_number", std::to_string(790000000000LL + n)},
                     {"issue_date", "2016-05-20"},
                     {"expiry_date", "2026-05-20"},
                     {"exchange_reason", "near_expiry"},
                     {"result_delivery", "in_person"},
                     {"consent", "true"}};
  return request;
}

// 2026-03-02 09:00 +07:00 (a Monday), then one day later every 900 dossiers.
constexpr int64_t kFirstIntake = 1772416800;
inline int64_t intake_time_for(int64_t dossiers_so_far) {
  return kFirstIntake + (dossiers_so_far / 900) * 86400;
}

// Ratings in the crash test: a month per 3 dossiers, from January 2001 on (all ended long before the intake
// clock), so every loop of the crash driver freezes and sends a month's aggregate of its own.
inline int64_t rating_time_for(int64_t dossiers_so_far) {
  const int64_t months = (dossiers_so_far / 3) % 300;
  const int year = 2001 + static_cast<int>(months / 12);
  const int month = 1 + static_cast<int>(months % 12);
  return LocalDateTime{Date{year, month, 15}, 10, 0, 0}.to_unix();
}

}  // namespace mc::sync::testing
