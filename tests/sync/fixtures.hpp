#pragma once
// Shared test data for the sync tests: an obviously fake citizen and a small procedure built in code.
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include "mc/core/calendar.hpp"
#include "mc/core/catalog.hpp"
#include "mc/core/config.hpp"
#include "mc/sync/intake.hpp"

namespace mc::sync::testing {

inline const std::string kFakeName = "Nguyễn Văn A";
inline const std::string kFakeId = "001099012345";
inline const std::string kFakeAddress = "Số 1 Đường ABC, Phường X, TP Z";
inline const std::string kFakePhone = "0912345678";

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::random_device random;
    path = std::filesystem::temp_directory_path() /
           ("mc-sync-test-" + std::to_string(random()) + std::to_string(random()));
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string str() const { return path.string(); }
};

inline Procedure test_procedure(const std::string& code = "1.002820") {
  Procedure procedure;
  procedure.code = code;
  procedure.name = {"Cấp lại giấy phép lái xe", "Re-issue of a driving licence"};
  procedure.field_code = "DB";
  procedure.field_name = {"Đường bộ", "Roads"};
  procedure.agency_code = "000.00.15.G12";
  procedure.agency_name = {"Cục Đường bộ Việt Nam", "Vietnam Road Administration"};
  procedure.processing_days = 5;
  procedure.channels = {Channel::InPerson};
  procedure.documents = {
      DocumentRequirement{"TP1", {"Đơn đề nghị", "Application form"}, CopyType::Original, 1, "Mẫu số 01"},
      DocumentRequirement{"TP2", {"Giấy khám sức khỏe", "Health certificate"}, CopyType::Original, 1, ""}};
  procedure.fees = {Fee{"LP1", {"Lệ phí cấp giấy phép lái xe", "Licence fee"}, 135000, "fee"}};
  procedure.result = {"Giấy phép lái xe", "Driving licence"};
  FieldGroup group;
  group.id = "licence";
  group.title = {"Giấy phép", "Licence"};
  FieldSpec number;
  number.id = "licence_number";
  number.type = FieldType::Text;
  number.label = {"Số giấy phép lái xe", "Licence number"};
  number.required = true;
  number.min_length = 6;
  number.max_length = 20;
  group.fields.push_back(number);
  FieldSpec reason;
  reason.id = "reason";
  reason.type = FieldType::SingleChoice;
  reason.label = {"Lý do cấp lại", "Reason"};
  reason.required = true;
  reason.options = {ChoiceOption{"lost", {"Bị mất", "Lost"}}, ChoiceOption{"damaged", {"Bị hỏng", "Damaged"}}};
  group.fields.push_back(reason);
  procedure.form.groups.push_back(group);
  return procedure;
}

inline Catalog test_catalog() {
  Catalog catalog;
  catalog.add(test_procedure());
  return catalog;
}

inline Config test_config(const std::string& data_dir) {
  Config config;
  config.data_dir = data_dir;
  config.server.url = "http://127.0.0.1:9/api";
  return config;
}

inline SubmitRequest test_request(int n = 0) {
  SubmitRequest request;
  request.procedure_code = "1.002820";
  request.applicant.id_number = kFakeId;
  request.applicant.full_name = kFakeName;
  request.applicant.date_of_birth = Date{1999, 3, 15};
  request.applicant.sex = Sex::Male;
  request.applicant.address = kFakeAddress;
  request.phone = kFakePhone;
  request.answers = {{"licence_number", "AB" + std::to_string(100000 + n)}, {"reason", "lost"}};
  return request;
}

inline std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// 2026-03-02 09:00 +07:00, a Monday.
constexpr int64_t kMonday0900 = 1772416800;

}  // namespace mc::sync::testing
