#pragma once
// Strict validation of what kiosks push to the reference one-stop server (docs/protocol.md,
// "The dossier record"). Every problem is reported with the field it concerns and the reason in
// Vietnamese, e.g. "MaDoiTuong: phải gồm 12 chữ số", because the message travels back to the kiosk
// and ends up in front of staff who must fix the dossier.
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace mc::server {

struct FieldIssue {
  std::string field;   // "MaDoiTuong", "TaiLieuNop[1].TenTepDinhKem", "ThongTinKhac.NgaySinh"
  std::string reason;  // Vietnamese
  std::string text() const { return field + ": " + reason; }
};

// Whether a procedure code (MaTTHC) is in the server's catalog.
using ProcedureLookup = std::function<bool(std::string_view code)>;

// A DongBoHoSoMC `data` item. Empty result = valid.
std::vector<FieldIssue> validate_dossier_record(const nlohmann::json& record, const ProcedureLookup& known_procedure);
// A CapNhatTienDoHoSoMC `data` item (progress row).
std::vector<FieldIssue> validate_progress_row(const nlohmann::json& row);

// A DongBoDanhGia `data` item (a month's rating aggregate of one procedure): exact fields, NgayTongHop "M-YYYY"
// not after `current_month` ("M-YYYY" of the server's clock), Madonvi equal to the caller's agency, a known
// MaThuTuc, TongSoNguoiDanhGia a whole number from 1, percentages 0-100 adding up to 100 (within 0.5).
std::vector<FieldIssue> validate_rating_row(const nlohmann::json& row, const ProcedureLookup& known_procedure,
                                            std::string_view agency_code, int current_year, int current_month);

// All issues in one line, "; "-separated, for the per-record `message`.
std::string join_issues(const std::vector<FieldIssue>& issues);

// Building blocks, exposed for tests.
bool is_vietnamese_phone_number(std::string_view text);  // 0912345678, +84 912 345 678, 024 3825 1234
bool is_email_shape(std::string_view text);
// Empty when `code` is a well-formed dossier code with a real intake date; else the reason (Vietnamese).
std::string dossier_code_problem(std::string_view code);

}  // namespace mc::server
