#pragma once
// A fake dossier (obviously fake person) and a config pointing at the repo's assets.
#include <unistd.h>

#include <filesystem>
#include <string>

#include "mc/core/config.hpp"
#include "mc/core/dossier.hpp"

namespace mc::printing::testing {

inline Dossier sample_dossier() {
  Dossier d;
  d.code = "000.00.15.G12-260302-1007";
  d.lookup_code = "K7P2QX";
  d.kiosk_id = "KIOSK-01";
  d.procedure.code = "1.002820";
  d.procedure.name = {"Cấp lại giấy phép lái xe", "Re-issue of a driving licence"};
  d.procedure.field_code = "DB";
  d.procedure.field_name = {"Đường bộ", "Roads"};
  d.procedure.agency_code = "000.00.15.G12";
  d.procedure.agency_name = {"Cục Đường bộ Việt Nam", "Vietnam Road Administration"};
  d.procedure.channels = {Channel::InPerson, Channel::Online};
  d.procedure.result = {"Giấy phép lái xe", "Driving licence"};
  d.procedure.processing_days = 5;
  FieldSpec phone;
  phone.id = "phone";
  phone.type = FieldType::Phone;
  phone.label = {"Số điện thoại", "Phone number"};
  d.procedure.form.groups = {FieldGroup{"applicant", {"Người nộp hồ sơ", "Applicant"}, {phone}}};
  d.procedure.fees = {Fee{"LP1", {"Lệ phí cấp lại giấy phép lái xe", "Fee"}, 135000, "fee"}};
  d.applicant.id_number = "001099012345";
  d.applicant.full_name = "Nguyễn Văn A";
  d.applicant.address = "Số 1 Đường ABC, Phường X, TP Z";
  d.phone = "0912345678";
  d.email = "nguyenvana@example.com";
  d.documents_received = {
      DocumentRequirement{
          "TP1", {"Đơn đề nghị cấp lại giấy phép lái xe", "Application form"}, CopyType::Original, 1, "Mẫu số 01"},
      DocumentRequirement{
          "TP2", {"Giấy khám sức khỏe của người lái xe", "Health certificate"}, CopyType::Original, 1, ""},
      DocumentRequirement{"TP3", {"Căn cước công dân", "Citizen ID card"}, CopyType::Copy, 1, ""}};
  d.sets = 1;
  d.result_delivery = "in_person";
  d.received_at = LocalDateTime{Date{2026, 3, 2}, 9, 5, 0};
  d.due_at = LocalDateTime{Date{2026, 3, 9}, 9, 5, 0};
  return d;
}

inline Config sample_config(const std::string& output_dir = "") {
  Config config;
  config.assets_dir = MC_TEST_ASSETS_DIR;
  config.printer.output_dir = output_dir;
  return config;
}

// A fresh empty folder under the system temp dir.
inline std::string temp_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("mc-printing-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

}  // namespace mc::printing::testing
