// The "đã xác thực chip" mark of a dossier (issue 16): stored with the dossier, read back, absent for
// dossiers whose applicant came from the QR code or the keyboard.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include "mc/core/dossier.hpp"

using namespace mc;

namespace {
Dossier minimal_dossier() {
  Dossier d;
  d.code = "000.00.15.G12-260302-1007";
  d.procedure.code = "1.002820";
  d.procedure.name = {"Cấp lại giấy phép lái xe", "Re-issue of a driving licence"};
  d.procedure.field_code = "DB";
  d.procedure.field_name = {"Đường bộ", "Roads"};
  d.procedure.agency_code = "000.00.15.G12";
  d.procedure.agency_name = {"Cục Đường bộ Việt Nam", "Vietnam Road Administration"};
  d.procedure.channels = {Channel::InPerson};
  d.procedure.result = {"Giấy phép lái xe", "Driving licence"};
  d.procedure.processing_days = 5;
  FieldSpec name;
  name.id = "full_name";
  name.type = FieldType::Text;
  name.label = {"Họ và tên", "Full name"};
  d.procedure.form.groups = {FieldGroup{"applicant", {"Người nộp hồ sơ", "Applicant"}, {name}}};
  d.applicant.id_number = "001099012345";
  d.applicant.full_name = "Nguyễn Văn A";
  d.received_at = LocalDateTime{Date{2026, 3, 2}, 9, 5, 0};
  d.due_at = LocalDateTime{Date{2026, 3, 9}, 9, 5, 0};
  return d;
}
}  // namespace

TEST_CASE("A chip check is stored with the dossier and read back", "[core][dossier][chip]") {
  Dossier d = minimal_dossier();
  d.chip_check = {ChipVerification::Verified, "PACE", 1772417100};
  const nlohmann::json stored = dossier_to_json(d);
  CHECK(stored["chip_check"]["status"] == "verified");
  CHECK(stored["chip_check"]["access"] == "PACE");
  const Dossier back = dossier_from_json(stored);
  CHECK(back.chip_check == d.chip_check);
  CHECK(back.chip_check.read());
}

TEST_CASE("A dossier without a chip read has no chip check, also when stored before issue 16",
          "[core][dossier][chip]") {
  const Dossier d = minimal_dossier();
  const nlohmann::json stored = dossier_to_json(d);
  CHECK_FALSE(stored.contains("chip_check"));
  CHECK_FALSE(dossier_from_json(stored).chip_check.read());
}

TEST_CASE("A stored chip check with an unknown status is refused", "[core][dossier][chip]") {
  Dossier d = minimal_dossier();
  d.chip_check = {ChipVerification::CscaUnknown, "BAC", 1};
  nlohmann::json stored = dossier_to_json(d);
  CHECK(dossier_from_json(stored).chip_check.status == ChipVerification::CscaUnknown);
  stored["chip_check"]["status"] = "probably";
  CHECK_THROWS_AS(dossier_from_json(stored), std::runtime_error);
}

TEST_CASE("Chip verification names", "[core][chip]") {
  for (auto value :
       {ChipVerification::None, ChipVerification::Verified, ChipVerification::CscaUnknown, ChipVerification::Failed})
    CHECK(parse_chip_verification(chip_verification_name(value)) == value);
  CHECK_FALSE(parse_chip_verification("VERIFIED"));
}
