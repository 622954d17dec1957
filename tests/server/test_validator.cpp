#include <catch2/catch.hpp>
#include <functional>

#include "mc/server/validator.hpp"
#include "sample_record.hpp"

using mc::server::FieldIssue;
using mc::server::validate_dossier_record;
using mc::server::validate_progress_row;
using nlohmann::json;

namespace {
bool known(std::string_view code) {
  return code == "1.002820" || code == "1.002809";
}

std::vector<FieldIssue> issues_after(const std::function<void(json&)>& change) {
  json record = mc::test::sample_record();
  change(record);
  return validate_dossier_record(record, known);
}

// The record must fail on exactly one field, and the message must name it.
void expect_only(const std::vector<FieldIssue>& issues, const std::string& field) {
  INFO(mc::server::join_issues(issues));
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].field == field);
  CHECK(issues[0].text().rfind(field + ": ", 0) == 0);
  CHECK_FALSE(issues[0].reason.empty());
}

json other_info_with(const std::string& key, const json& value) {
  json other = json::parse(mc::test::sample_record()["ThongTinKhac"].get<std::string>());
  other[key] = value;
  return other;
}
}  // namespace

TEST_CASE("A well-formed dossier record passes validation", "[server][validator]") {
  const auto issues = validate_dossier_record(mc::test::sample_record(), known);
  INFO(mc::server::join_issues(issues));
  CHECK(issues.empty());
}

TEST_CASE("Optional contact fields may be empty", "[server][validator]") {
  CHECK(issues_after([](json& r) {
          r["Email"] = "";
          r["SoDienThoai"] = "";
          r["TaiLieuNop"] = json::array();
          r["DanhSachLePhi"] = json::array();
        }).empty());
}

TEST_CASE("MaHoSo must be a dossier code with a real date", "[server][validator]") {
  expect_only(issues_after([](json& r) { r["MaHoSo"] = "HS-123"; }), "MaHoSo");
  const auto bad_date = issues_after([](json& r) { r["MaHoSo"] = "000.00.15.G12-260230-1007"; });
  expect_only(bad_date, "MaHoSo");
  CHECK(bad_date[0].reason.find("không có thật") != std::string::npos);
  const auto bad_agency = issues_after([](json& r) { r["MaHoSo"] = "00.00.15.G12-260305-1007"; });
  expect_only(bad_agency, "MaHoSo");
  CHECK(bad_agency[0].reason.find("mã đơn vị") != std::string::npos);
  expect_only(issues_after([](json& r) { r["MaHoSo"] = "000.00.15.G12-260305-10A7"; }), "MaHoSo");
}

TEST_CASE("MaTTHC must be in the server's catalog", "[server][validator]") {
  const auto issues = issues_after([](json& r) { r["MaTTHC"] = "9.999999"; });
  expect_only(issues, "MaTTHC");
  CHECK(issues[0].reason.find("9.999999") != std::string::npos);
}

TEST_CASE("ChuHoSo must not be empty", "[server][validator]") {
  expect_only(issues_after([](json& r) { r["ChuHoSo"] = ""; }), "ChuHoSo");
  expect_only(issues_after([](json& r) { r["ChuHoSo"] = "   "; }), "ChuHoSo");
}

TEST_CASE("MaDoiTuong must be 12 digits", "[server][validator]") {
  for (const char* bad : {"00109901234", "0010990123456", "00109901234X", "００１０９９０１２３４５"}) {
    const auto issues = issues_after([&](json& r) { r["MaDoiTuong"] = bad; });
    expect_only(issues, "MaDoiTuong");
    CHECK(issues[0].text() == "MaDoiTuong: phải gồm 12 chữ số");
  }
}

TEST_CASE("NgayTiepNhan and NgayHenTra are real yyyyMMddHHmmss times, due not before received", "[server][validator]") {
  expect_only(issues_after([](json& r) { r["NgayTiepNhan"] = "20260230090000"; }), "NgayTiepNhan");
  expect_only(issues_after([](json& r) { r["NgayTiepNhan"] = "2026-03-05 09:00"; }), "NgayTiepNhan");
  expect_only(issues_after([](json& r) { r["NgayTiepNhan"] = "20260305250000"; }), "NgayTiepNhan");
  expect_only(issues_after([](json& r) { r["NgayHenTra"] = "20261305090000"; }), "NgayHenTra");
  const auto before = issues_after([](json& r) { r["NgayHenTra"] = "20260304090000"; });
  expect_only(before, "NgayHenTra");
  CHECK(before[0].reason.find("NgayTiepNhan") != std::string::npos);
  CHECK(issues_after([](json& r) { r["NgayHenTra"] = r["NgayTiepNhan"]; }).empty());
  expect_only(issues_after([](json& r) { r["NgayTra"] = "yesterday"; }), "NgayTra");
}

TEST_CASE("TrangThaiHoSo is a status code from 1 to 10", "[server][validator]") {
  for (const char* bad : {"0", "11", "01", "abc", "-1"})
    expect_only(issues_after([&](json& r) { r["TrangThaiHoSo"] = bad; }), "TrangThaiHoSo");
  CHECK(issues_after([](json& r) { r["TrangThaiHoSo"] = "10"; }).empty());
}

TEST_CASE("SoDienThoai, when given, is a Vietnamese phone number", "[server][validator]") {
  expect_only(issues_after([](json& r) { r["SoDienThoai"] = "12345"; }), "SoDienThoai");
  for (const char* good :
       {"0912345678", "+84 912 345 678", "84912345678", "024 3825 1234", "0243.825.1234", "038-123-4567"})
    CHECK(mc::server::is_vietnamese_phone_number(good));
  for (const char* bad :
       {"12345", "0112345678", "091234567", "09123456789", "+1 415 555 0100", "0912a45678", "+0912345678"})
    CHECK_FALSE(mc::server::is_vietnamese_phone_number(bad));
}

TEST_CASE("Email, when given, has the shape of an address", "[server][validator]") {
  expect_only(issues_after([](json& r) { r["Email"] = "a@b"; }), "Email");
  CHECK(mc::server::is_email_shape("nguyen.van.a@example.com.vn"));
  for (const char* bad : {"a@b", "a b@c.vn", "@x.vn", "a@@b.vn", "a@.vn", "a@x..vn", "plain"})
    CHECK_FALSE(mc::server::is_email_shape(bad));
}

TEST_CASE("ThongTinKhac is a JSON object with well-formed known keys", "[server][validator]") {
  expect_only(issues_after([](json& r) { r["ThongTinKhac"] = "{not json"; }), "ThongTinKhac");
  expect_only(issues_after([](json& r) { r["ThongTinKhac"] = "[1, 2]"; }), "ThongTinKhac");
  expect_only(issues_after([](json& r) { r["ThongTinKhac"] = other_info_with("NgaySinh", "19990231").dump(); }),
              "ThongTinKhac.NgaySinh");
  expect_only(issues_after([](json& r) { r["ThongTinKhac"] = other_info_with("GioiTinh", "M").dump(); }),
              "ThongTinKhac.GioiTinh");
  expect_only(issues_after([](json& r) { r["ThongTinKhac"] = other_info_with("SoBoHoSo", 0).dump(); }),
              "ThongTinKhac.SoBoHoSo");
  expect_only(issues_after([](json& r) { r["ThongTinKhac"] = other_info_with("HinhThucNhanKetQua", "fax").dump(); }),
              "ThongTinKhac.HinhThucNhanKetQua");
}

TEST_CASE("Unknown, missing and mistyped top-level fields are named", "[server][validator]") {
  expect_only(issues_after([](json& r) { r["SoHoChieu"] = "B1234567"; }), "SoHoChieu");
  const auto missing = issues_after([](json& r) { r.erase("MaDoiTuong"); });
  expect_only(missing, "MaDoiTuong");
  CHECK(missing[0].reason.find("thiếu") != std::string::npos);
  expect_only(issues_after([](json& r) { r["MaTTHC"] = 1002820; }), "MaTTHC");
  expect_only(issues_after([](json& r) { r["TaiLieuNop"] = "TP1"; }), "TaiLieuNop");
  // A field that may be absent is fine when absent.
  CHECK(issues_after([](json& r) { r.erase("GhiChu"); }).empty());
}

TEST_CASE("Array items carry exactly their keys", "[server][validator]") {
  expect_only(issues_after([](json& r) { r["TaiLieuNop"][0].erase("TenTepDinhKem"); }), "TaiLieuNop[0].TenTepDinhKem");
  expect_only(issues_after([](json& r) { r["TaiLieuNop"][0]["Extra"] = "x"; }), "TaiLieuNop[0].Extra");
  expect_only(issues_after([](json& r) { r["TaiLieuNop"][0]["IsDeleted"] = "yes"; }), "TaiLieuNop[0].IsDeleted");
  expect_only(issues_after([](json& r) { r["TaiLieuNop"].push_back("TP2"); }), "TaiLieuNop[1]");
  expect_only(issues_after([](json& r) { r["DanhSachLePhi"][0]["Gia"] = "135000"; }), "DanhSachLePhi[0].Gia");
  expect_only(issues_after([](json& r) { r["DanhSachLePhi"][0]["Gia"] = -1; }), "DanhSachLePhi[0].Gia");
  expect_only(issues_after([](json& r) { r["DanhSachLePhi"][0]["LoaiPhiLePhi"] = "3"; }),
              "DanhSachLePhi[0].LoaiPhiLePhi");
  expect_only(issues_after([](json& r) { r["DanhSachGiayToKetQua"] = json::array({1}); }), "DanhSachGiayToKetQua[0]");
}

TEST_CASE("Every problem of a record is reported, in one message", "[server][validator]") {
  const auto issues = issues_after([](json& r) {
    r["MaDoiTuong"] = "123";
    r["Email"] = "nope";
  });
  REQUIRE(issues.size() == 2);
  CHECK(mc::server::join_issues(issues) == "MaDoiTuong: phải gồm 12 chữ số; Email: sai định dạng địa chỉ thư điện tử");
  const auto not_object = validate_dossier_record(json::array(), known);
  REQUIRE(not_object.size() == 1);
  CHECK(not_object[0].field == "data");
}

TEST_CASE("Progress rows (CapNhatTienDoHoSoMC) are validated too", "[server][validator]") {
  CHECK(validate_progress_row(mc::test::sample_progress()).empty());
  auto row = mc::test::sample_progress();
  row["TrangThai"] = "12";
  expect_only(validate_progress_row(row), "TrangThai");
  row = mc::test::sample_progress();
  row["ThoiDiemXuLy"] = "";
  expect_only(validate_progress_row(row), "ThoiDiemXuLy");
  row = mc::test::sample_progress();
  row.erase("NguoiXuLy");
  expect_only(validate_progress_row(row), "NguoiXuLy");
  row = mc::test::sample_progress();
  row["Foo"] = "";
  expect_only(validate_progress_row(row), "Foo");
  row = mc::test::sample_progress("nope");
  expect_only(validate_progress_row(row), "MaHoSo");
}

TEST_CASE("A progress row ending before it starts, or without who and what, is refused", "[server][validator]") {
  auto row = mc::test::sample_progress();
  row["NgayKetThucTheoQuyDinh"] = "20260305170000";
  expect_only(validate_progress_row(row), "NgayKetThucTheoQuyDinh");
  row = mc::test::sample_progress();
  row["NoiDungXuLy"] = "";
  expect_only(validate_progress_row(row), "NoiDungXuLy");
}

TEST_CASE("Rating aggregates (DongBoDanhGia) are validated strictly", "[server][validator][ratings]") {
  const auto check = [](const json& row) {
    return mc::server::validate_rating_row(row, known, "000.00.15.G12", 2026, 3);
  };
  CHECK(check(mc::test::sample_rating()).empty());
  auto row = mc::test::sample_rating();
  for (const char* month : {"03-2026", "2026-03", "13-2026", "3-26", "0-2026", ""}) {
    row["NgayTongHop"] = month;
    expect_only(check(row), "NgayTongHop");
  }
  row["NgayTongHop"] = "4-2026";  // a month that has not come yet
  expect_only(check(row), "NgayTongHop");
  row["NgayTongHop"] = "12-2025";
  CHECK(check(row).empty());
  row = mc::test::sample_rating();
  row["PhanTramDanhGiaHaiLong"] = 30.0;  // adds up to 101.43
  expect_only(check(row), "PhanTramDanhGia");
  row["PhanTramDanhGiaHaiLong"] = 28.2;  // 99.63: within rounding
  CHECK(check(row).empty());
  row = mc::test::sample_rating();
  row["PhanTramDanhGiaChuaHaiLong"] = -1;
  row["PhanTramDanhGiaRatHaiLong"] = 72.43;
  expect_only(check(row), "PhanTramDanhGiaChuaHaiLong");
  row = mc::test::sample_rating();
  row["PhanTramDanhGiaHaiLong"] = "28.57";
  expect_only(check(row), "PhanTramDanhGiaHaiLong");
  row = mc::test::sample_rating();
  row["TongSoNguoiDanhGia"] = 0;
  expect_only(check(row), "TongSoNguoiDanhGia");
  row["TongSoNguoiDanhGia"] = 2.5;
  expect_only(check(row), "TongSoNguoiDanhGia");
  row = mc::test::sample_rating();
  row["Madonvi"] = "000.00.16.G12";
  expect_only(check(row), "Madonvi");
  row = mc::test::sample_rating("9.999999");
  expect_only(check(row), "MaThuTuc");
  row = mc::test::sample_rating();
  row.erase("NoiDung");
  expect_only(check(row), "NoiDung");
  row = mc::test::sample_rating();
  row["SoNguoi"] = 1;
  expect_only(check(row), "SoNguoi");
}

TEST_CASE("ThongTinKhac.XacThucChip, when present, names a result, a method and a time", "[server][validator]") {
  const json good = {{"KetQua", "verified"}, {"PhuongThuc", "PACE"}, {"ThoiDiem", "20260302085800"}};
  CHECK(issues_after([&](json& r) { r["ThongTinKhac"] = other_info_with("XacThucChip", good).dump(); }).empty());
  json bad = good;
  bad["KetQua"] = "ok";
  expect_only(issues_after([&](json& r) { r["ThongTinKhac"] = other_info_with("XacThucChip", bad).dump(); }),
              "ThongTinKhac.XacThucChip.KetQua");
  bad = good;
  bad["PhuongThuc"] = "NFC";
  expect_only(issues_after([&](json& r) { r["ThongTinKhac"] = other_info_with("XacThucChip", bad).dump(); }),
              "ThongTinKhac.XacThucChip.PhuongThuc");
  bad = good;
  bad["ThoiDiem"] = "2026-03-02";
  expect_only(issues_after([&](json& r) { r["ThongTinKhac"] = other_info_with("XacThucChip", bad).dump(); }),
              "ThongTinKhac.XacThucChip.ThoiDiem");
  expect_only(issues_after([&](json& r) { r["ThongTinKhac"] = other_info_with("XacThucChip", "verified").dump(); }),
              "ThongTinKhac.XacThucChip");
}
