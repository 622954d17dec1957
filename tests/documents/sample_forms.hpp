#pragma once
// Fake dossiers for the office forms (obviously fake people), shared by the tests and bench_forms.
#include <cstdio>
#include <string>
#include <vector>

#include "mc/core/config.hpp"
#include "mc/core/dossier.hpp"
#include "mc/documents/forms.hpp"

namespace mc::documents::testing {

inline Dossier sample_form_dossier() {
  Dossier d;
  d.code = "000.00.15.G12-260302-1007";
  d.lookup_code = "K7P2QX";
  d.kiosk_id = "KIOSK-01";
  d.procedure.code = "1.002820";
  d.procedure.name = {"Cấp lại giấy phép lái xe", "Re-issue of a driving licence"};
  d.procedure.field_code = "DB";
  d.procedure.field_name = {"Đường bộ", "Roads"};
  d.procedure.channels = {Channel::InPerson, Channel::Online};
  d.procedure.result = {"Giấy phép lái xe", "Driving licence"};
  FieldSpec phone;
  phone.id = "phone";
  phone.type = FieldType::Phone;
  phone.label = {"Số điện thoại", "Phone number"};
  d.procedure.form.groups = {FieldGroup{"applicant", {"Người nộp hồ sơ", "Applicant"}, {phone}}};
  d.procedure.agency_code = "000.00.15.G12";
  d.procedure.agency_name = {"Cục Đường bộ Việt Nam", "Vietnam Road Administration"};
  d.procedure.processing_days = 5;
  d.procedure.fees = {Fee{"LP1", {"Lệ phí cấp lại giấy phép lái xe", "Fee"}, 135000, "fee"}};
  d.applicant.id_number = "001099012345";
  d.applicant.full_name = "Nguyễn Thị Hồng Nhung";
  d.applicant.address = "Số 12 ngõ 34 phố Nguyễn Trãi, Phường Thượng Đình, Quận Thanh Xuân, Hà Nội";
  d.phone = "0912345678";
  d.email = "hongnhung.nguyen@example.com";
  d.documents_received = {
      DocumentRequirement{
          "TP1", {"Đơn đề nghị cấp lại giấy phép lái xe", "Application form"}, CopyType::Original, 1, "Mẫu số 01"},
      DocumentRequirement{
          "TP2", {"Giấy khám sức khỏe của người lái xe", "Health certificate"}, CopyType::Original, 1, ""},
      DocumentRequirement{"TP3", {"Căn cước công dân", "Citizen ID card"}, CopyType::CertifiedCopy, 2, ""},
      DocumentRequirement{
          "TP4", {"Ảnh chân dung 3x4", "Photo"}, CopyType::Original, 1, "", DocumentMedium::Electronic}};
  d.sets = 1;
  d.result_delivery = "in_person";
  d.received_at = LocalDateTime{Date{2026, 3, 2}, 9, 5, 0};
  d.due_at = LocalDateTime{Date{2026, 3, 9}, 9, 5, 0};
  return d;
}

inline FormDossier sample_form(DossierStatus status = DossierStatus::Accepted) {
  FormDossier form;
  form.dossier = sample_form_dossier();
  form.status = status;
  return form;
}

// `count` dossiers received over the days from `first`, eight working hours a day, with varied names
// and procedures so rows differ in height as real registers do.
inline std::vector<FormDossier> sample_register(int count, Date first = Date{2026, 3, 2}) {
  static const char* const family[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"};
  static const char* const middle[] = {"Văn", "Thị", "Hữu", "Đức", "Thanh", "Ngọc", "Minh", "Quốc"};
  static const char* const given[] = {"An",   "Bình",  "Cường", "Dũng", "Hạnh", "Khánh", "Lan", "Nhung",
                                      "Phúc", "Quyên", "Sơn",   "Thảo", "Uyên", "Việt",  "Yến"};
  static const char* const procedures[] = {"Cấp lại giấy phép lái xe", "Đổi giấy phép lái xe",
                                           "Cấp giấy phép lái xe quốc tế",
                                           "Cấp giấy chứng nhận đăng ký phương tiện thủy nội địa lần đầu",
                                           "Cấp phép lưu hành xe quá tải trọng, xe quá khổ giới hạn trên đường bộ"};
  static const DossierStatus statuses[] = {DossierStatus::NewlyRegistered, DossierStatus::Accepted,
                                           DossierStatus::InProgress, DossierStatus::Processed,
                                           DossierStatus::ResultReturned};
  std::vector<FormDossier> out;
  for (int i = 0; i < count; ++i) {
    FormDossier form = sample_form(statuses[i % 5]);
    Dossier& d = form.dossier;
    const Date day = first.plus_days(i / 60);
    char code[64];
    std::snprintf(code, sizeof code, "000.00.15.G12-%02d%02d%02d-%04d", day.year % 100, day.month, day.day,
                  1001 + i % 60);
    d.code = code;
    d.applicant.full_name = std::string(family[i % 10]) + " " + middle[(i / 10) % 8] + " " + given[(i * 7) % 15];
    d.applicant.address = "Số " + std::to_string(1 + i % 200) + " đường Láng, Phường Láng Thượng, Quận Đống Đa, Hà Nội";
    d.phone = "09" + std::to_string(10000000 + i * 7919 % 89999999);
    d.procedure.name.vi = procedures[i % 5];
    d.sets = 1 + i % 3 / 2;
    d.received_at = LocalDateTime{day, 7 + (i % 60) / 7, (i * 13) % 60, 0};
    d.due_at = LocalDateTime{day.plus_days(7), 16, 30, 0};
    out.push_back(std::move(form));
  }
  return out;
}

inline Config sample_forms_config(const std::string& assets_dir) {
  Config config;
  config.assets_dir = assets_dir;
  return config;
}

}  // namespace mc::documents::testing
