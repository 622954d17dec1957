// Walks every form of the shipped catalog through the intake: each answer that has a place of its own in the
// DongBoHoSoMC record (delivery, postal address, phone, email, the applicant's identity) must arrive there from
// the form, and every visible answer must travel in CauTraLoi. Issue 13: the kiosk dropped "post".
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include "fixtures.hpp"
#include "mc/core/calendar.hpp"
#include "mc/sync/outbox.hpp"

using namespace mc;
using namespace mc::sync;
using namespace mc::sync::testing;

namespace {

const std::string kAssetsCatalog = std::string(MC_TEST_ASSETS_DIR) + "/catalog";
const std::string kPostalAddress = "Số 9 Ngõ 12 Phố Huế, Phường Hai Bà Trưng, Hà Nội";

// The first candidate the form engine itself accepts for this field, so the walk needs no per-form knowledge.
std::string valid_answer(const FormSpec& form, const FieldSpec& field, const Answers& answers, Date today) {
  std::vector<std::string> candidates;
  switch (field.type) {
    case FieldType::SingleChoice:
      if (field.record == RecordSlot::ResultDelivery) return "post";
      [[fallthrough]];
    case FieldType::MultipleChoice:
      for (const auto& option : field.options) candidates.push_back(option.value);
      break;
    case FieldType::Consent:
      return "true";
    case FieldType::Date:
      for (int64_t days : {-30, -400, -3650, -365 * 30, 30, 400})
        candidates.push_back(today.plus_days(days).iso());
      break;
    case FieldType::Integer:
    case FieldType::Decimal:
      for (const char* n : {"5", "1", "50", "500", "2010", "5000", "100000"}) candidates.push_back(n);
      break;
    case FieldType::Phone:
      return kFakePhone;
    case FieldType::Email:
      return "a@example.com";
    case FieldType::IdNumber:
      return kFakeId;
    case FieldType::VehiclePlate:
      return "30A-123.45";
    default:
      if (field.record == RecordSlot::PostalAddress) return kPostalAddress;
      for (const char* text : {"Nguyễn Văn A Bình", "123456789012", "1234567890", "1234567", "B1234567",
                               "Km 12+300", "AB-1234", "Số 1 Đường ABC, Phường X, TP Z"})
        candidates.push_back(text);
  }
  for (const auto& candidate : candidates) {
    Answers trial = answers;
    trial[field.id] = candidate;
    if (!validate_field(form, field, trial, today)) return candidate;
  }
  FAIL("no candidate answer fits field " << field.id);
  return {};
}

}  // namespace

TEST_CASE("every catalog form's answers with a place in the record reach it, postal delivery included",
          "[intake][record][catalog]") {
  std::vector<CatalogIssue> issues;
  Catalog catalog = Catalog::load_dir(kAssetsCatalog, issues);
  REQUIRE(catalog.procedures().size() >= 10);
  TempDir dir;
  Config config = test_config(dir.str());
  WorkingCalendar calendar{HolidayTable{}};
  auto outbox = Outbox::open(config);
  Intake intake(*outbox, catalog, calendar, config, fixed_clock(kMonday0900));
  const Date today{2026, 3, 2};

  int forms_with_delivery = 0;
  for (const auto& procedure : catalog.procedures()) {
    INFO("procedure " << procedure.code);
    Answers answers;
    for (const auto& group : procedure.form.groups)
      for (const auto& field : group.fields)
        if (is_visible(procedure.form, field, answers))
          answers[field.id] = valid_answer(procedure.form, field, answers, today);

    SubmitRequest request;  // as the kiosk and `kioskctl submit` without --delivery send it: the form only
    request.procedure_code = procedure.code;
    request.answers = answers;
    auto result = intake.submit(request);
    std::string errors;
    for (const auto& error : result.errors) errors += error.field_id + ": " + error.message.en + "; ";
    INFO(errors);
    REQUIRE(result.accepted);

    auto record = nlohmann::json::parse(outbox->find(result.dossier.code)->record_json);
    auto other = nlohmann::json::parse(record["ThongTinKhac"].get<std::string>());
    const Answers visible = visible_answers(procedure.form, answers);
    for (const auto& [field_id, answer] : visible) {
      INFO("field " << field_id);
      CHECK(other["CauTraLoi"][field_id] == answer);
    }
    if (procedure.form.find(RecordSlot::ResultDelivery)) {
      ++forms_with_delivery;
      CHECK(other["HinhThucNhanKetQua"] == "post");
      CHECK(other["DiaChiNhanKetQua"] == kPostalAddress);
      CHECK(result.dossier.result_delivery == "post");
      CHECK(result.dossier.postal_address == kPostalAddress);
    } else {
      CHECK(other["HinhThucNhanKetQua"] == "in_person");
    }
    for (const auto& group : procedure.form.groups)
      for (const auto& field : group.fields) {
        if (!visible.count(field.id)) continue;
        INFO("field " << field.id);
        const std::string& answer = visible.at(field.id);
        if (field.type == FieldType::Phone) CHECK(record["SoDienThoai"] == answer);
        if (field.type == FieldType::Email) CHECK(record["Email"] == answer);
        if (field.prefill == PrefillSource::FullName) CHECK(record["ChuHoSo"] == answer);
        if (field.prefill == PrefillSource::IdNumber) CHECK(record["MaDoiTuong"] == answer);
        if (field.prefill == PrefillSource::Address) CHECK(other["DiaChiThuongTru"] == answer);
      }
  }
  CHECK(forms_with_delivery >= 10);
}

TEST_CASE("kioskctl --delivery fills the form's delivery answer when the citizen left it empty", "[intake][record]") {
  std::vector<CatalogIssue> issues;
  Catalog catalog = Catalog::load_dir(kAssetsCatalog, issues);
  const Procedure* procedure = catalog.find("1.002820");
  REQUIRE(procedure);
  const FieldSpec* delivery = procedure->form.find(RecordSlot::ResultDelivery);
  REQUIRE(delivery);
  TempDir dir;
  Config config = test_config(dir.str());
  WorkingCalendar calendar{HolidayTable{}};
  auto outbox = Outbox::open(config);
  Intake intake(*outbox, catalog, calendar, config, fixed_clock(kMonday0900));

  SubmitRequest request;
  request.procedure_code = procedure->code;
  request.result_delivery = "post";  // kioskctl --delivery post, but no address in the form
  auto refused = intake.submit(request);
  CHECK_FALSE(refused.accepted);
  bool address_asked = false;
  for (const auto& error : refused.errors)
    if (procedure->form.find(error.field_id) == procedure->form.find(RecordSlot::PostalAddress)) address_asked = true;
  CHECK(address_asked);
}
