// The receipt's "what next" step (issue 13): what a citizen still has to do after the kiosk, from the
// dossier's procedure snapshot and the catalog's hand_in / due_from data.
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "mc/core/catalog.hpp"
#include "mc/core/next_steps.hpp"

using namespace mc;

namespace {

const std::string kAssets = MC_TEST_ASSETS_DIR;

nlohmann::json procedure_json() {
  return nlohmann::json::parse(R"({
    "code": "1.002820",
    "name": {"vi": "Cấp lại giấy phép lái xe", "en": "Re-issue of a driving licence"},
    "field": {"code": "DB", "name": {"vi": "Đường bộ", "en": "Roads"}},
    "agency": {"code": "000.00.15.G12", "name": {"vi": "Cục Đường bộ Việt Nam", "en": "Vietnam Road Administration"}},
    "processing_days": 5,
    "channels": ["in_person"],
    "documents": [
      {"code": "TP1", "name": {"vi": "Đơn đề nghị", "en": "Application"}, "copy_type": "original", "count": 1},
      {"code": "TP2", "name": {"vi": "Giấy khám sức khỏe", "en": "Health certificate"}, "copy_type": "certified_copy", "count": 2}],
    "fees": [{"code": "LP1", "name": {"vi": "Lệ phí", "en": "Fee"}, "amount_vnd": 135000, "kind": "fee"}],
    "result": {"vi": "Giấy phép lái xe", "en": "Driving licence"},
    "legal_basis": ["Thông tư 12/2017/TT-BGTVT"],
    "hand_in": {"place": {"vi": "Quầy khu A, tầng 1", "en": "Area A counters, ground floor"}, "ticket_area": "A"},
    "due_from": "complete_documents",
    "form": {"groups": [{"id": "contact", "title": {"vi": "Liên hệ", "en": "Contact"}, "fields": [
      {"id": "phone", "type": "phone", "label": {"vi": "Số điện thoại", "en": "Phone"}, "required": true}]}]}
  })");
}

Procedure parse(const nlohmann::json& json, std::vector<CatalogIssue>& issues) {
  auto procedure = Catalog::parse_procedure(json, "test.json", issues);
  return procedure ? *procedure : Procedure{};
}

Dossier dossier_of(const Procedure& procedure) {
  Dossier dossier;
  dossier.code = "000.00.15.G12-260305-1001";
  dossier.procedure = procedure;
  dossier.documents_received = procedure.documents;  // what the intake records
  return dossier;
}

bool has_issue(const std::vector<CatalogIssue>& issues, const std::string& path) {
  for (const auto& issue : issues)
    if (issue.json_path == path) return true;
  return false;
}

}  // namespace

TEST_CASE("next steps: the catalog says where papers go and when the due date counts", "[next_steps][catalog]") {
  std::vector<CatalogIssue> issues;
  Procedure procedure = parse(procedure_json(), issues);
  REQUIRE(issues.empty());
  CHECK(procedure.hand_in.place.vi == "Quầy khu A, tầng 1");
  CHECK(procedure.hand_in.ticket_area == "A");
  CHECK(procedure.due_from == DueFrom::CompleteDocuments);
  // The dossier keeps a snapshot of its procedure: both survive the round trip.
  Procedure again = parse(Catalog::to_json(procedure), issues);
  REQUIRE(issues.empty());
  CHECK(again.hand_in.place.en == "Area A counters, ground floor");
  CHECK(again.hand_in.ticket_area == "A");
  CHECK(again.due_from == DueFrom::CompleteDocuments);

  auto json = procedure_json();
  json.erase("hand_in");
  json.erase("due_from");
  Procedure plain = parse(json, issues);
  REQUIRE(issues.empty());
  CHECK(plain.hand_in.place.vi.empty());
  CHECK(plain.due_from == DueFrom::Submission);
}

TEST_CASE("next steps: bad hand_in or due_from data is reported with its path", "[next_steps][catalog]") {
  std::vector<CatalogIssue> issues;
  auto json = procedure_json();
  json["due_from"] = "tomorrow";
  json["hand_in"]["ticket_area"] = "khu A";
  CHECK_FALSE(Catalog::parse_procedure(json, "test.json", issues));
  CHECK(has_issue(issues, "$.due_from"));
  CHECK(has_issue(issues, "$.hand_in.ticket_area"));
  issues.clear();
  json = procedure_json();
  json["hand_in"].erase("place");
  CHECK_FALSE(Catalog::parse_procedure(json, "test.json", issues));
  CHECK(has_issue(issues, "$.hand_in"));
}

TEST_CASE("next steps: papers not received, where to take them, the fee and the due-date rule", "[next_steps]") {
  std::vector<CatalogIssue> issues;
  Procedure procedure = parse(procedure_json(), issues);
  Dossier dossier = dossier_of(procedure);
  // A file received electronically is not asked for again on paper.
  dossier.documents_received[1].medium = DocumentMedium::Electronic;

  NextSteps steps = next_steps(dossier, true);
  REQUIRE(steps.paper_to_hand_in.size() == 1);
  CHECK(steps.paper_to_hand_in[0].code == "TP1");
  CHECK(steps.hand_in_line().vi == "Mang bản giấy các giấy tờ sau đến Quầy khu A, tầng 1:");
  CHECK(steps.hand_in_line().en == "Bring the paper originals of these documents to Area A counters, ground floor:");
  REQUIRE(steps.document_lines().size() == 1);
  CHECK(steps.document_lines()[0].vi == "Đơn đề nghị (Bản chính, 1 bản): cần nộp bản giấy");
  CHECK(steps.ticket_area == "A");
  CHECK(steps.fee_vnd == 135000);
  CHECK(steps.fee_by_vietqr);
  CHECK(steps.fee_line().vi.find("135.000 đồng: quét mã VietQR") != std::string::npos);
  CHECK_FALSE(steps.due_line().vi.empty());

  // No account: the fee is paid at the counter. No catalog place: the reception counter.
  procedure.hand_in = {};
  procedure.due_from = DueFrom::Submission;
  dossier = dossier_of(procedure);
  steps = next_steps(dossier, false);
  CHECK(steps.paper_to_hand_in.size() == 2);
  CHECK(steps.hand_in_line().vi == "Mang bản giấy các giấy tờ sau đến Bộ phận tiếp nhận và trả kết quả:");
  CHECK(steps.document_lines()[1].vi == "Giấy khám sức khỏe (Bản sao chứng thực, 2 bản): cần nộp bản giấy");
  CHECK(steps.ticket_area.empty());
  CHECK_FALSE(steps.fee_by_vietqr);
  CHECK(steps.fee_line().vi == "Nộp lệ phí 135.000 đồng tại quầy.");
  CHECK(steps.due_line().vi.empty());

  // Free, and nothing on paper.
  procedure.fees.clear();
  procedure.documents.clear();
  steps = next_steps(dossier_of(procedure), true);
  CHECK_FALSE(steps.fee_by_vietqr);
  CHECK(steps.fee_line().vi == "Thủ tục này không thu phí, lệ phí.");
  CHECK(steps.hand_in_line().vi == "Không cần nộp thêm giấy tờ bản giấy.");
}

TEST_CASE("next steps: every shipped procedure names its counter and a ticket area the office issues",
          "[next_steps][catalog]") {
  std::vector<CatalogIssue> issues;
  Catalog catalog = Catalog::load_dir(kAssets + "/catalog", issues);
  REQUIRE(issues.empty());
  std::ifstream areas_file(kAssets + "/tickets/areas.json");
  auto areas_json = nlohmann::json::parse(areas_file);
  std::set<std::string> areas;
  for (const auto& area : areas_json.at("areas")) areas.insert(area.at("code").get<std::string>());
  for (const auto& procedure : catalog.procedures()) {
    INFO(procedure.code);
    CHECK_FALSE(procedure.hand_in.place.vi.empty());
    CHECK(areas.count(procedure.hand_in.ticket_area) == 1);
  }
  // The driving licence re-issue counts from complete papers (the office checks the originals first).
  REQUIRE(catalog.find("1.002820"));
  CHECK(catalog.find("1.002820")->due_from == DueFrom::CompleteDocuments);
}
