#include "mc/sync/record.hpp"

#include <sodium.h>

#include <stdexcept>

#include "mc/core/messages.hpp"
#include "mc/core/text.hpp"

namespace mc::sync {

nlohmann::json build_record(const Dossier& dossier, const Config& config) {
  using nlohmann::json;
  const std::string name = to_nfc(dossier.applicant.full_name);
  const std::string procedure_name = dossier.procedure.name.vi;

  json answers = json::object();
  for (const auto& [field, answer] : dossier.answers) answers[field] = answer;
  json other = {
      {"NgaySinh", dossier.applicant.date_of_birth ? dossier.applicant.date_of_birth->iso().substr(0, 4) +
                                                         dossier.applicant.date_of_birth->iso().substr(5, 2) +
                                                         dossier.applicant.date_of_birth->iso().substr(8, 2)
                                                   : std::string()},
      {"GioiTinh", sex_label_vi(dossier.applicant.sex)},
      {"DiaChiThuongTru", to_nfc(dossier.applicant.address)},
      // The national portal's SoCMND is the old 9-digit ID; the protocol page pins it to "".
      {"SoCMND", ""},
      {"KioskId", dossier.kiosk_id},
      {"HinhThucNhanKetQua", dossier.result_delivery},
      {"DiaChiNhanKetQua", to_nfc(dossier.postal_address)},
      {"SoBoHoSo", dossier.sets},
      {"CauTraLoi", answers},
  };
  // The applicant's identity was read from the ID card's chip: how it verified (docs/protocol.md).
  if (dossier.chip_check.read())
    other["XacThucChip"] = {{"KetQua", chip_verification_name(dossier.chip_check.status)},
                            {"PhuongThuc", dossier.chip_check.access},
                            {"ThoiDiem", LocalDateTime::from_unix(dossier.chip_check.read_at).compact()}};

  json documents = json::array();
  for (const auto& document : dossier.documents_received) {
    documents.push_back({{"TepDinhKemId", ""},
                         {"TenTepDinhKem", document.name.vi},
                         {"IsDeleted", "False"},
                         {"MaThanhPhanHoSo", document.code},
                         {"DuongDanTaiTepTin", ""}});
  }
  json fees = json::array();
  for (const auto& fee : dossier.procedure.fees) {
    fees.push_back({{"TenPhiLePhi", fee.name.vi},
                    {"MaPhiLePhi", fee.code},
                    {"HinhThucThu", "1"},
                    {"Gia", fee.amount_vnd},
                    // "fee" is lệ phí ("1"), "charge" is phí ("2").
                    {"LoaiPhiLePhi", fee.kind == "charge" ? "2" : "1"}});
  }

  return json{
      {"MaHoSo", dossier.code},
      {"MaTTHC", dossier.procedure.code},
      {"TenTTHC", procedure_name},
      {"MaLinhVuc", dossier.procedure.field_code},
      {"TenLinhVuc", dossier.procedure.field_name.vi},
      {"SoBienNhan", dossier.lookup_code},
      {"ChuHoSo", name},
      {"LoaiDoiTuong", config.server.applicant_type_citizen},
      {"MaDoiTuong", dossier.applicant.id_number},
      {"ThongTinKhac", other.dump()},
      {"Email", dossier.email},
      {"Fax", ""},
      {"SoDienThoai", dossier.phone},
      {"TrichYeuHoSo", procedure_name + " - " + name},
      {"NgayTiepNhan", dossier.received_at.compact()},
      {"NgayHenTra", dossier.due_at.compact()},
      {"TrangThaiHoSo", "1"},
      {"NgayTra", ""},
      {"ThongTinTra", ""},
      {"HinhThuc", "0"},
      {"NgayKetThucXuLy", ""},
      {"DonViXuLy", config.agency.name_vi},
      {"GhiChu", ""},
      {"TaiLieuNop", documents},
      {"DanhSachLePhi", fees},
      {"DanhSachGiayToKetQua", json::array()},
  };
}

std::string build_record_text(const Dossier& dossier, const Config& config) {
  return build_record(dossier, config).dump();
}

std::string record_digest(const nlohmann::json& record) {
  const std::string canonical = record.dump();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(canonical.data()), canonical.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char byte : digest) {
    hex += kHex[byte >> 4];
    hex += kHex[byte & 15];
  }
  return hex;
}

std::string record_digest_of_text(std::string_view record_json) {
  auto parsed = nlohmann::json::parse(record_json, nullptr, false);
  if (parsed.is_discarded()) throw std::invalid_argument("the record is not JSON");
  return record_digest(parsed);
}

nlohmann::json build_intake_progress(std::string_view record_json, const Config& config) {
  auto record = nlohmann::json::parse(record_json, nullptr, false);
  const auto text = [&](const char* key) -> std::string {
    if (!record.is_object() || !record.contains(key) || !record[key].is_string())
      throw std::invalid_argument(std::string("the record has no ") + key);
    return record[key].get<std::string>();
  };
  const std::string received = text("NgayTiepNhan");
  return {{"MaHoSo", text("MaHoSo")},
          {"NguoiXuLy", "Kiosk " + config.kiosk.id},
          {"ChucDanh", message("sync.protocol.officer_title").vi},
          {"ThoiDiemXuLy", received},
          {"PhongBanXuLy",
           message("sync.protocol.office", {{"agency", config.agency.name_vi}, {"kiosk", config.kiosk.id}}).vi},
          {"NoiDungXuLy", message("sync.protocol.intake_step").vi},
          {"TrangThai", text("TrangThaiHoSo")},
          {"NgayBatDau", received},
          {"NgayKetThucTheoQuyDinh", text("NgayHenTra")}};
}

}  // namespace mc::sync
