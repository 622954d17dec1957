// The identify step fed from the ID card's chip (issue 16): the fields fill like a QR scan, the submission
// carries the chip check, and an edit of what the chip vouched for drops it.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include "mc/core/catalog.hpp"
#include "mc/core/journey.hpp"

using namespace mc;

namespace {

const char* kProcedureJson = R"({
  "code": "1.002820",
  "name": {"vi": "Cấp lại giấy phép lái xe", "en": "Re-issue of a driving licence"},
  "field": {"code": "DB", "name": {"vi": "Đường bộ", "en": "Roads"}},
  "agency": {"code": "000.00.15.G12", "name": {"vi": "Cục Đường bộ Việt Nam", "en": "Vietnam Road Administration"}},
  "processing_days": 5,
  "channels": ["in_person"],
  "documents": [],
  "fees": [],
  "result": {"vi": "Giấy phép lái xe", "en": "Driving licence"},
  "legal_basis": [],
  "keywords": [],
  "form": {"groups": [
    {"id": "applicant", "title": {"vi": "Người nộp", "en": "Applicant"}, "fields": [
      {"id": "full_name", "type": "text", "label": {"vi": "Họ và tên", "en": "Full name"}, "required": true,
       "prefill": "full_name"}]}]}
})";

struct Harness {
  Catalog catalog;
  std::vector<SubmitDraft> submitted;
  std::unique_ptr<Journey> journey;
  Harness() {
    std::vector<CatalogIssue> issues;
    auto procedure = Catalog::parse_procedure(nlohmann::json::parse(kProcedureJson), "test.json", issues);
    REQUIRE(procedure);
    catalog.add(*procedure);
    JourneyOptions options;
    options.clock = fixed_clock(LocalDateTime{Date{2026, 3, 2}, 9, 0, 0}.to_unix());
    journey = std::make_unique<Journey>(
        catalog,
        [this](const SubmitDraft& draft) {
          submitted.push_back(draft);
          SubmitOutcome out;
          out.accepted = true;
          Dossier d;
          d.code = "000.00.15.G12-260302-1001";
          d.applicant = draft.applicant;
          d.chip_check = draft.chip_check;
          out.dossier = d;
          return out;
        },
        [](const std::string& code) {
          DossierStatusView v;
          v.code = code;
          return v;
        },
        options);
  }
  void to_identify() {
    journey->start();
    REQUIRE(journey->choose_procedure("1.002820"));
    journey->next();
    REQUIRE(journey->screen() == Screen::Identify);
  }
  void to_review_and_submit() {
    // identify -> review: the form's one step asks only what the chip filled in, so it is not asked again
    // (issue 13)
    journey->next();
    REQUIRE(journey->screen() == Screen::Review);
    journey->next();  // submit
  }
};

CitizenIdentity chip_citizen() {
  CitizenIdentity id;
  id.id_number = "001199012345";
  id.full_name = "Trần Thị Bích Ngọc";
  id.date_of_birth = Date::from_ymd(1999, 3, 15);
  id.sex = Sex::Female;
  id.address = "Số 1 Đường ABC, Phường X, TP Z";
  id.old_id_number = "012345678";
  return id;
}

const ChipCheck kVerified{ChipVerification::Verified, "PACE", 1772416700};

}  // namespace

TEST_CASE("journey: a chip read fills the identify step and the dossier carries the mark", "[journey][chip]") {
  Harness h;
  h.to_identify();
  h.journey->on_chip_read(chip_citizen(), kVerified);
  CHECK(h.journey->screen() == Screen::Identify);
  CHECK(h.journey->identify_fields().full_name == "Trần Thị Bích Ngọc");
  CHECK(h.journey->identify_fields().date_of_birth == "15/03/1999");
  CHECK(h.journey->identify_fields().sex == "Nữ");
  CHECK(h.journey->chip_check() == kVerified);
  h.to_review_and_submit();
  REQUIRE(h.submitted.size() == 1);
  CHECK(h.submitted[0].chip_check == kVerified);
  CHECK(h.submitted[0].applicant.old_id_number == "012345678");  // more than the QR carries is kept
  REQUIRE(h.journey->dossier());
  CHECK(h.journey->dossier()->chip_check.status == ChipVerification::Verified);
}

TEST_CASE("journey: editing what the chip vouched for drops the mark", "[journey][chip]") {
  Harness h;
  h.to_identify();
  h.journey->on_chip_read(chip_citizen(), kVerified);
  SECTION("the name") {
    IdentifyFields fields = h.journey->identify_fields();
    fields.full_name = "Trần Thị Bích Ngà";
    h.journey->set_identify_fields(fields);
  }
  SECTION("the birth date") {
    IdentifyFields fields = h.journey->identify_fields();
    fields.date_of_birth = "16/03/1999";
    h.journey->set_identify_fields(fields);
  }
  h.to_review_and_submit();
  REQUIRE(h.submitted.size() == 1);
  CHECK_FALSE(h.submitted[0].chip_check.read());
}

TEST_CASE("journey: the address may be corrected without losing the mark", "[journey][chip]") {
  Harness h;
  h.to_identify();
  h.journey->on_chip_read(chip_citizen(), kVerified);
  IdentifyFields fields = h.journey->identify_fields();
  fields.address = "Số 2 Đường DEF";
  h.journey->set_identify_fields(fields);
  h.to_review_and_submit();
  REQUIRE(h.submitted.size() == 1);
  CHECK(h.submitted[0].chip_check == kVerified);
}

TEST_CASE("journey: a QR scan after the chip read, or the idle wipe, ends the chip check", "[journey][chip]") {
  Harness h;
  h.to_identify();
  h.journey->on_chip_read(chip_citizen(), kVerified);
  h.journey->on_id_card(chip_citizen());
  CHECK_FALSE(h.journey->chip_check().read());
  h.journey->on_chip_read(chip_citizen(), kVerified);
  h.journey->cancel();
  CHECK_FALSE(h.journey->chip_check().read());
  CHECK(h.journey->citizen_data_dump().empty());
}

TEST_CASE("journey: a chip read on the attract screen starts the journey", "[journey][chip]") {
  Harness h;
  h.journey->on_chip_read(chip_citizen(), {ChipVerification::CscaUnknown, "BAC", 1});
  CHECK(h.journey->screen() == Screen::ChooseProcedure);
  CHECK(h.journey->chip_check().status == ChipVerification::CscaUnknown);
}
