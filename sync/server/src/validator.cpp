#include "mc/server/validator.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <set>

#include "mc/core/datetime.hpp"
#include "mc/core/dossier_code.hpp"
#include "mc/core/json_bounded.hpp"
#include "mc/core/text.hpp"

namespace mc::server {
namespace {

using nlohmann::json;

constexpr std::array<const char*, 23> kStringFields = {
    "MaHoSo",      "MaTTHC",       "TenTTHC",         "MaLinhVuc",    "TenLinhVuc",    "SoBienNhan",
    "ChuHoSo",     "LoaiDoiTuong", "MaDoiTuong",      "ThongTinKhac", "Email",         "Fax",
    "SoDienThoai", "TrichYeuHoSo", "NgayTiepNhan",    "NgayHenTra",   "TrangThaiHoSo", "NgayTra",
    "ThongTinTra", "HinhThuc",     "NgayKetThucXuLy", "DonViXuLy",    "GhiChu"};
constexpr std::array<const char*, 3> kArrayFields = {"TaiLieuNop", "DanhSachLePhi", "DanhSachGiayToKetQua"};
// Fields without which the dossier means nothing to the one-stop system.
constexpr std::array<const char*, 8> kRequiredFields = {"MaHoSo",       "MaTTHC",     "ChuHoSo",       "MaDoiTuong",
                                                        "NgayTiepNhan", "NgayHenTra", "TrangThaiHoSo", "ThongTinKhac"};

constexpr const char* kDateReason = "phải là ngày giờ có thật dạng yyyyMMddHHmmss";

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_status_code(std::string_view text) {
  if (!all_digits(text) || text.size() > 2 || text[0] == '0') return false;
  const int value = std::stoi(std::string(text));
  return value >= 1 && value <= 10;
}

class Checker {
 public:
  explicit Checker(std::vector<FieldIssue>& issues) : issues_(issues) {}
  void add(std::string field, std::string reason) { issues_.push_back({std::move(field), std::move(reason)}); }

  // Array items: an object with exactly `keys`, each a string unless listed in `numeric`.
  // Returns false when the item is not usable for further checks.
  bool item_shape(const json& item, const std::string& where, std::initializer_list<const char*> keys,
                  std::initializer_list<const char*> numeric = {}) {
    if (!item.is_object()) {
      add(where, "phải là một đối tượng JSON");
      return false;
    }
    bool ok = true;
    for (const char* key : keys) {
      const bool is_numeric = std::find_if(numeric.begin(), numeric.end(),
                                           [&](const char* n) { return std::string_view(n) == key; }) != numeric.end();
      auto it = item.find(key);
      if (it == item.end()) {
        add(where + "." + key, "thiếu trường");
        ok = false;
      } else if (is_numeric ? !it->is_number() : !it->is_string()) {
        add(where + "." + key, is_numeric ? "phải là số" : "phải là chuỗi");
        ok = false;
      }
    }
    for (auto it = item.begin(); it != item.end(); ++it) {
      if (std::find_if(keys.begin(), keys.end(), [&](const char* k) { return it.key() == k; }) == keys.end()) {
        add(where + "." + it.key(), "trường không được hỗ trợ");
        ok = false;
      }
    }
    return ok;
  }

 private:
  std::vector<FieldIssue>& issues_;
};

std::string two_decimals(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", value);
  return text;
}

std::optional<LocalDateTime> parse_portal_time(std::string_view text) {
  if (text.size() != 14 || !all_digits(text)) return std::nullopt;
  return LocalDateTime::parse_compact(text);
}

void check_other_info(const std::string& text, Checker& check) {
  // JSON inside a string: the same limits as the request around it.
  auto parsed = parse_json_bounded(text);
  if (!parsed) {
    check.add("ThongTinKhac", "không phải JSON hợp lệ");
    return;
  }
  const json& info = *parsed;
  if (!info.is_object()) {
    check.add("ThongTinKhac", "phải là một đối tượng JSON");
    return;
  }
  if (auto it = info.find("NgaySinh"); it != info.end()) {
    if (!it->is_string()) {
      check.add("ThongTinKhac.NgaySinh", "phải là chuỗi");
    } else if (!it->get<std::string>().empty()) {
      const std::string value = it->get<std::string>();
      if (value.size() != 8 || !all_digits(value) ||
          !Date::from_ymd(std::stoi(value.substr(0, 4)), std::stoi(value.substr(4, 2)), std::stoi(value.substr(6, 2))))
        check.add("ThongTinKhac.NgaySinh", "phải là ngày có thật dạng yyyyMMdd");
    }
  }
  if (auto it = info.find("GioiTinh"); it != info.end()) {
    if (!it->is_string() || (*it != "Nam" && *it != "Nữ" && *it != ""))
      check.add("ThongTinKhac.GioiTinh", "phải là \"Nam\", \"Nữ\" hoặc để trống");
  }
  if (auto it = info.find("HinhThucNhanKetQua"); it != info.end()) {
    if (!it->is_string() || (*it != "in_person" && *it != "post"))
      check.add("ThongTinKhac.HinhThucNhanKetQua", "phải là \"in_person\" hoặc \"post\"");
  }
  if (auto it = info.find("SoBoHoSo"); it != info.end()) {
    if (!it->is_number_integer() || it->get<int64_t>() < 1)
      check.add("ThongTinKhac.SoBoHoSo", "phải là số nguyên từ 1 trở lên");
  }
  if (auto it = info.find("CauTraLoi"); it != info.end() && !it->is_object())
    check.add("ThongTinKhac.CauTraLoi", "phải là một đối tượng JSON");
  if (auto it = info.find("XacThucChip"); it != info.end()) {
    const json& chip = *it;
    const bool result_ok =
        chip.is_object() && chip.contains("KetQua") && chip["KetQua"].is_string() &&
        (chip["KetQua"] == "verified" || chip["KetQua"] == "csca_unknown" || chip["KetQua"] == "failed");
    const bool method_ok = chip.is_object() && chip.contains("PhuongThuc") &&
                           (chip["PhuongThuc"] == "PACE" || chip["PhuongThuc"] == "BAC");
    const bool time_ok = chip.is_object() && chip.contains("ThoiDiem") && chip["ThoiDiem"].is_string() &&
                         LocalDateTime::parse_compact(chip["ThoiDiem"].get<std::string>()).has_value();
    if (!chip.is_object())
      check.add("ThongTinKhac.XacThucChip", "phải là một đối tượng JSON");
    else if (!result_ok)
      check.add("ThongTinKhac.XacThucChip.KetQua", "phải là \"verified\", \"csca_unknown\" hoặc \"failed\"");
    else if (!method_ok)
      check.add("ThongTinKhac.XacThucChip.PhuongThuc", "phải là \"PACE\" hoặc \"BAC\"");
    else if (!time_ok)
      check.add("ThongTinKhac.XacThucChip.ThoiDiem", "phải là thời điểm dạng yyyyMMddHHmmss");
  }
  for (const char* key : {"DiaChiThuongTru", "SoCMND", "KioskId"}) {
    if (auto it = info.find(key); it != info.end() && !it->is_string())
      check.add(std::string("ThongTinKhac.") + key, "phải là chuỗi");
  }
}

}  // namespace

std::string join_issues(const std::vector<FieldIssue>& issues) {
  std::string out;
  for (const auto& issue : issues) {
    if (!out.empty()) out += "; ";
    out += issue.text();
  }
  return out;
}

bool is_vietnamese_phone_number(std::string_view text) {
  // Separators people write (spaces, dots, dashes) are fine; the digits must make a Vietnamese number:
  // mobile 0[35789]xxxxxxxx (10 digits) or landline 02xxxxxxxxx (11 digits), with 0 or +84/84 in front.
  std::string digits;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c == '+' && i == 0) {
      continue;
    } else if (c != ' ' && c != '.' && c != '-') {
      return false;
    }
  }
  if (text.starts_with('+') && !digits.starts_with("84")) return false;
  std::string national;
  if (digits.starts_with("84") && (digits.size() == 11 || digits.size() == 12)) {
    national = digits.substr(2);
  } else if (digits.starts_with("0") && !digits.starts_with("00")) {
    national = digits.substr(1);
  } else {
    return false;
  }
  if (national.size() == 9) return std::string_view("35789").find(national[0]) != std::string_view::npos;
  if (national.size() == 10) return national[0] == '2';
  return false;
}

bool is_email_shape(std::string_view text) {
  if (text.size() > 254) return false;
  const size_t at = text.find('@');
  if (at == std::string_view::npos || at == 0 || text.find('@', at + 1) != std::string_view::npos) return false;
  const std::string_view local = text.substr(0, at);
  const std::string_view domain = text.substr(at + 1);
  for (char c : text)
    if (static_cast<unsigned char>(c) <= ' ' || c == ',' || c == ';' || c == '<' || c == '>' || c == '"') return false;
  if (local.size() > 64 || local.starts_with('.') || local.ends_with('.')) return false;
  const size_t dot = domain.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 2 > domain.size()) return false;
  if (domain.find("..") != std::string_view::npos || domain.starts_with('.') || domain.starts_with('-')) return false;
  return true;
}

std::string dossier_code_problem(std::string_view code) {
  const std::string shape = "sai định dạng {mã đơn vị}-{YYMMDD}-{XXXX}";
  const size_t second = code.rfind('-');
  if (second == std::string_view::npos || second == 0) return shape;
  const size_t first = code.rfind('-', second - 1);
  if (first == std::string_view::npos) return shape;
  const std::string_view agency = code.substr(0, first);
  const std::string_view day = code.substr(first + 1, second - first - 1);
  const std::string_view number = code.substr(second + 1);
  if (day.size() != 6 || !all_digits(day) || number.size() != 4 || !all_digits(number)) return shape;
  if (!is_valid_agency_code(agency))
    return "mã đơn vị \"" + std::string(agency) + "\" sai định dạng (ví dụ 000.00.15.G12)";
  const int year = 2000 + std::stoi(std::string(day.substr(0, 2)));
  if (!Date::from_ymd(year, std::stoi(std::string(day.substr(2, 2))), std::stoi(std::string(day.substr(4, 2)))))
    return "ngày tiếp nhận " + std::string(day) + " (YYMMDD) không có thật";
  if (!parse_dossier_code(code)) return "số thứ tự " + std::string(number) + " không hợp lệ";
  return {};
}

std::vector<FieldIssue> validate_dossier_record(const json& record, const ProcedureLookup& known_procedure) {
  std::vector<FieldIssue> issues;
  Checker check(issues);
  if (!record.is_object()) {
    check.add("data", "mỗi hồ sơ phải là một đối tượng JSON");
    return issues;
  }

  // Shape first: unknown keys, types, required fields.
  for (auto it = record.begin(); it != record.end(); ++it) {
    const auto known = [&](const auto& list) {
      return std::find_if(list.begin(), list.end(), [&](const char* k) { return it.key() == k; }) != list.end();
    };
    if (known(kStringFields)) {
      if (!it->is_string()) check.add(it.key(), "phải là chuỗi");
    } else if (known(kArrayFields)) {
      if (!it->is_array()) check.add(it.key(), "phải là mảng");
    } else {
      check.add(it.key(), "trường không được hỗ trợ");
    }
  }
  const auto text_of = [&](const char* field) -> std::optional<std::string> {
    auto it = record.find(field);
    if (it == record.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  for (const char* field : kRequiredFields) {
    auto it = record.find(field);
    if (it == record.end())
      check.add(field, "thiếu trường bắt buộc");
    else if (it->is_string() && trim(it->get<std::string>()).empty())
      check.add(field, "không được để trống");
  }

  // Content.
  if (auto code = text_of("MaHoSo"); code && !code->empty()) {
    if (auto problem = dossier_code_problem(*code); !problem.empty()) check.add("MaHoSo", problem);
  }
  if (auto procedure = text_of("MaTTHC"); procedure && !procedure->empty() && !known_procedure(*procedure))
    check.add("MaTTHC", "thủ tục \"" + *procedure + "\" không có trong danh mục thủ tục hành chính");
  if (auto id = text_of("MaDoiTuong"); id && !id->empty() && !(id->size() == 12 && all_digits(*id)))
    check.add("MaDoiTuong", "phải gồm 12 chữ số");
  std::optional<LocalDateTime> received, due;
  if (auto value = text_of("NgayTiepNhan"); value && !value->empty()) {
    received = parse_portal_time(*value);
    if (!received) check.add("NgayTiepNhan", kDateReason);
  }
  if (auto value = text_of("NgayHenTra"); value && !value->empty()) {
    due = parse_portal_time(*value);
    if (!due) check.add("NgayHenTra", kDateReason);
  }
  if (received && due && *due < *received) check.add("NgayHenTra", "không được trước NgayTiepNhan");
  for (const char* field : {"NgayTra", "NgayKetThucXuLy"}) {
    if (auto value = text_of(field); value && !value->empty() && !parse_portal_time(*value))
      check.add(field, std::string(kDateReason) + " hoặc để trống");
  }
  if (auto status = text_of("TrangThaiHoSo"); status && !status->empty() && !is_status_code(*status))
    check.add("TrangThaiHoSo", "phải là mã trạng thái từ 1 đến 10");
  if (auto phone = text_of("SoDienThoai"); phone && !phone->empty() && !is_vietnamese_phone_number(*phone))
    check.add("SoDienThoai", "không phải số điện thoại Việt Nam hợp lệ");
  if (auto email = text_of("Email"); email && !email->empty() && !is_email_shape(*email))
    check.add("Email", "sai định dạng địa chỉ thư điện tử");
  if (auto info = text_of("ThongTinKhac"); info && !trim(*info).empty()) check_other_info(*info, check);

  if (auto it = record.find("TaiLieuNop"); it != record.end() && it->is_array()) {
    for (size_t i = 0; i < it->size(); ++i) {
      const std::string where = "TaiLieuNop[" + std::to_string(i) + "]";
      const json& item = (*it)[i];
      if (!check.item_shape(item, where,
                            {"TepDinhKemId", "TenTepDinhKem", "IsDeleted", "MaThanhPhanHoSo", "DuongDanTaiTepTin"}))
        continue;
      if (trim(item["TenTepDinhKem"].get<std::string>()).empty())
        check.add(where + ".TenTepDinhKem", "không được để trống");
      if (item["IsDeleted"] != "True" && item["IsDeleted"] != "False")
        check.add(where + ".IsDeleted", "phải là \"True\" hoặc \"False\"");
    }
  }
  if (auto it = record.find("DanhSachLePhi"); it != record.end() && it->is_array()) {
    for (size_t i = 0; i < it->size(); ++i) {
      const std::string where = "DanhSachLePhi[" + std::to_string(i) + "]";
      const json& item = (*it)[i];
      if (!check.item_shape(item, where, {"TenPhiLePhi", "MaPhiLePhi", "HinhThucThu", "Gia", "LoaiPhiLePhi"}, {"Gia"}))
        continue;
      if (trim(item["TenPhiLePhi"].get<std::string>()).empty())
        check.add(where + ".TenPhiLePhi", "không được để trống");
      const json& price = item["Gia"];
      if (!(price.is_number_unsigned() || (price.is_number_integer() && price.get<int64_t>() >= 0)))
        check.add(where + ".Gia", "phải là số tiền nguyên không âm (đồng)");
      if (item["LoaiPhiLePhi"] != "1" && item["LoaiPhiLePhi"] != "2")
        check.add(where + ".LoaiPhiLePhi", "phải là \"1\" (lệ phí) hoặc \"2\" (phí)");
    }
  }
  if (auto it = record.find("DanhSachGiayToKetQua"); it != record.end() && it->is_array()) {
    for (size_t i = 0; i < it->size(); ++i)
      if (!(*it)[i].is_object())
        check.add("DanhSachGiayToKetQua[" + std::to_string(i) + "]", "phải là một đối tượng JSON");
  }
  return issues;
}

std::vector<FieldIssue> validate_progress_row(const json& row) {
  std::vector<FieldIssue> issues;
  Checker check(issues);
  if (!row.is_object()) {
    check.add("data", "mỗi dòng tiến độ phải là một đối tượng JSON");
    return issues;
  }
  if (!check.item_shape(row, "",
                        {"MaHoSo", "NguoiXuLy", "ChucDanh", "ThoiDiemXuLy", "PhongBanXuLy", "NoiDungXuLy", "TrangThai",
                         "NgayBatDau", "NgayKetThucTheoQuyDinh"})) {
    // item_shape names fields ".X" for array items; a progress row is addressed by its own field names.
    for (auto& issue : issues)
      if (issue.field.starts_with('.')) issue.field.erase(0, 1);
    return issues;
  }
  const auto text = [&](const char* key) { return row[key].get<std::string>(); };
  if (auto problem = dossier_code_problem(text("MaHoSo")); !problem.empty()) check.add("MaHoSo", problem);
  if (!parse_portal_time(text("ThoiDiemXuLy"))) check.add("ThoiDiemXuLy", kDateReason);
  if (!is_status_code(text("TrangThai"))) check.add("TrangThai", "phải là mã trạng thái từ 1 đến 10");
  for (const char* key : {"NgayBatDau", "NgayKetThucTheoQuyDinh"})
    if (!text(key).empty() && !parse_portal_time(text(key)))
      check.add(key, std::string(kDateReason) + " hoặc để trống");
  for (const char* key : {"NguoiXuLy", "NoiDungXuLy"})
    if (text(key).empty()) check.add(key, "không được để trống");
  const auto start = parse_portal_time(text("NgayBatDau"));
  const auto due = parse_portal_time(text("NgayKetThucTheoQuyDinh"));
  if (start && due && due->compact() < start->compact())
    check.add("NgayKetThucTheoQuyDinh", "không được trước NgayBatDau");
  return issues;
}

std::vector<FieldIssue> validate_rating_row(const json& row, const ProcedureLookup& known_procedure,
                                            std::string_view agency_code, int current_year, int current_month) {
  std::vector<FieldIssue> issues;
  Checker check(issues);
  if (!row.is_object()) {
    check.add("data", "mỗi dòng đánh giá phải là một đối tượng JSON");
    return issues;
  }
  static constexpr const char* kPercentKeys[] = {"PhanTramDanhGiaRatHaiLong", "PhanTramDanhGiaHaiLong",
                                                 "PhanTramDanhGiaChuaHaiLong"};
  if (!check.item_shape(
          row, "",
          {"NgayTongHop", "Madonvi", "TenDonVi", "MaThuTuc", "TongSoNguoiDanhGia", "PhanTramDanhGiaRatHaiLong",
           "PhanTramDanhGiaHaiLong", "PhanTramDanhGiaChuaHaiLong", "NoiDung"},
          {"TongSoNguoiDanhGia", "PhanTramDanhGiaRatHaiLong", "PhanTramDanhGiaHaiLong",
           "PhanTramDanhGiaChuaHaiLong"})) {
    for (auto& issue : issues)
      if (issue.field.starts_with('.')) issue.field.erase(0, 1);
    return issues;
  }
  // "M-YYYY": the month without a leading zero, as the portal writes it.
  const std::string month_text = row["NgayTongHop"].get<std::string>();
  const size_t dash = month_text.find('-');
  const std::string month_part = dash == std::string::npos ? "" : month_text.substr(0, dash);
  const std::string year_part = dash == std::string::npos ? "" : month_text.substr(dash + 1);
  const bool month_ok = all_digits(month_part) && month_part.size() <= 2 && month_part[0] != '0' &&
                        std::stoi(month_part) >= 1 && std::stoi(month_part) <= 12 && all_digits(year_part) &&
                        year_part.size() == 4 && std::stoi(year_part) >= 2000;
  if (!month_ok) {
    check.add("NgayTongHop", "phải là tháng dạng M-YYYY, ví dụ \"3-2026\"");
  } else if (std::stoi(year_part) * 12 + std::stoi(month_part) > current_year * 12 + current_month) {
    check.add("NgayTongHop", "không được là tháng chưa tới");
  }
  const std::string agency = row["Madonvi"].get<std::string>();
  if (!is_valid_agency_code(agency))
    check.add("Madonvi", "mã đơn vị sai định dạng");
  else if (agency != agency_code)
    check.add("Madonvi", "không khớp với đơn vị của phiên làm việc");
  if (row["TenDonVi"].get<std::string>().empty()) check.add("TenDonVi", "không được để trống");
  if (!known_procedure(row["MaThuTuc"].get<std::string>())) check.add("MaThuTuc", "thủ tục không có trong danh mục");
  const json& total = row["TongSoNguoiDanhGia"];
  if (!total.is_number_integer() || total.get<int64_t>() < 1)
    check.add("TongSoNguoiDanhGia", "phải là số nguyên từ 1 trở lên");
  double sum = 0;
  bool percents_ok = true;
  for (const char* key : kPercentKeys) {
    const double value = row[key].get<double>();
    if (!(value >= 0 && value <= 100)) {
      check.add(key, "phải là số từ 0 đến 100");
      percents_ok = false;
    }
    sum += value;
  }
  if (percents_ok && (sum < 99.5 || sum > 100.5))
    check.add("PhanTramDanhGia", "ba tỉ lệ phần trăm phải cộng lại bằng 100 (tổng hiện là " + two_decimals(sum) + ")");
  return issues;
}

}  // namespace mc::server
