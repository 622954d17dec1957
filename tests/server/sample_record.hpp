#pragma once
// A dossier record as the kiosk sends it (docs/protocol.md), for an obviously fake person.
#include <nlohmann/json.hpp>
#include <string>

namespace mc::test {

inline nlohmann::json sample_record(const std::string& code = "000.00.15.G12-260305-1007",
                                    const std::string& procedure = "1.002820") {
  using nlohmann::json;
  const json other = {{"NgaySinh", "19990315"},
                      {"GioiTinh", "Nam"},
                      {"DiaChiThuongTru", "Số 1 Đường ABC, Phường X, TP Z"},
                      {"SoCMND", ""},
                      {"KioskId", "KIOSK-01"},
                      {"HinhThucNhanKetQua", "in_person"},
                      {"SoBoHoSo", 1},
                      {"CauTraLoi", {{"license_number", "AB123456"}}}};
  return json{
      {"MaHoSo", code},
      {"MaTTHC", procedure},
      {"TenTTHC", "Cấp lại giấy phép lái xe"},
      {"MaLinhVuc", "DB"},
      {"TenLinhVuc", "Đường bộ"},
      {"SoBienNhan", "7K3QX2MA"},
      {"ChuHoSo", "Nguyễn Văn A"},
      {"LoaiDoiTuong", "1"},
      {"MaDoiTuong", "001099012345"},
      {"ThongTinKhac", other.dump()},
      {"Email", "nguyen.van.a@example.vn"},
      {"Fax", ""},
      {"SoDienThoai", "0912345678"},
      {"TrichYeuHoSo", "Cấp lại giấy phép lái xe - Nguyễn Văn A"},
      {"NgayTiepNhan", "20260305090000"},
      {"NgayHenTra", "20260312090000"},
      {"TrangThaiHoSo", "1"},
      {"NgayTra", ""},
      {"ThongTinTra", ""},
      {"HinhThuc", "0"},
      {"NgayKetThucXuLy", ""},
      {"DonViXuLy", "Cục Đường bộ Việt Nam"},
      {"GhiChu", ""},
      {"TaiLieuNop", json::array({{{"TepDinhKemId", ""},
                                   {"TenTepDinhKem", "Đơn đề nghị cấp lại giấy phép lái xe"},
                                   {"IsDeleted", "False"},
                                   {"MaThanhPhanHoSo", "TP1"},
                                   {"DuongDanTaiTepTin", ""}}})},
      {"DanhSachLePhi", json::array({{{"TenPhiLePhi", "Lệ phí cấp lại giấy phép lái xe"},
                                      {"MaPhiLePhi", "LP1"},
                                      {"HinhThucThu", "1"},
                                      {"Gia", 135000},
                                      {"LoaiPhiLePhi", "1"}}})},
      {"DanhSachGiayToKetQua", json::array()},
  };
}

inline nlohmann::json sample_progress(const std::string& code = "000.00.15.G12-260305-1007") {
  return nlohmann::json{{"MaHoSo", code},
                        {"NguoiXuLy", "Trần Thị B"},
                        {"ChucDanh", "Chuyên viên"},
                        {"ThoiDiemXuLy", "20260306100000"},
                        {"PhongBanXuLy", "Phòng Quản lý phương tiện và người lái"},
                        {"NoiDungXuLy", "Đang thẩm định hồ sơ"},
                        {"TrangThai", "4"},
                        {"NgayBatDau", "20260306080000"},
                        {"NgayKetThucTheoQuyDinh", "20260312170000"}};
}

// A DongBoDanhGia item: March 2026, 7 people, 4/2/1.
inline nlohmann::json sample_rating(const std::string& procedure = "1.002820") {
  return nlohmann::json{{"NgayTongHop", "3-2026"},
                        {"Madonvi", "000.00.15.G12"},
                        {"TenDonVi", "Cục Đường bộ Việt Nam"},
                        {"MaThuTuc", procedure},
                        {"TongSoNguoiDanhGia", 7},
                        {"PhanTramDanhGiaRatHaiLong", 57.14},
                        {"PhanTramDanhGiaHaiLong", 28.57},
                        {"PhanTramDanhGiaChuaHaiLong", 14.29},
                        {"NoiDung", "Đánh giá của người dân tại kiosk KIOSK-01"}};
}

}  // namespace mc::test
