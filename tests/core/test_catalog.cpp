#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "mc/core/catalog.hpp"

namespace {

const std::string kBrokenDir = std::string(MC_SOURCE_DIR) + "/tests/data/catalog_broken";
const std::string kAssetsCatalog = std::string(MC_TEST_ASSETS_DIR) + "/catalog";

// The issues reported for one file, as "path: reason" lines (easier to read in a failing assertion).
std::vector<std::string> issues_of(const std::vector<mc::CatalogIssue>& issues, const std::string& file) {
  std::vector<std::string> out;
  for (const auto& issue : issues)
    if (issue.file == file) out.push_back(issue.json_path + ": " + issue.reason);
  return out;
}

bool has_issue(const std::vector<mc::CatalogIssue>& issues, const std::string& file, const std::string& path,
               const std::string& reason_part) {
  return std::any_of(issues.begin(), issues.end(), [&](const mc::CatalogIssue& issue) {
    return issue.file == file && issue.json_path == path && issue.reason.find(reason_part) != std::string::npos;
  });
}

nlohmann::json minimal_procedure() {
  return nlohmann::json::parse(R"({
    "code": "1.000100",
    "name": {"vi": "Thủ tục thử", "en": "Test procedure"},
    "field": {"code": "DB", "name": {"vi": "Đường bộ", "en": "Roads"}},
    "agency": {"code": "000.00.15.G12", "name": {"vi": "Cục Đường bộ Việt Nam"}},
    "processing_days": 3,
    "channels": ["in_person"],
    "documents": [{"code": "TP1", "name": {"vi": "Đơn"}, "copy_type": "original", "count": 1}],
    "fees": [],
    "result": {"vi": "Kết quả"},
    "legal_basis": ["Thông tư mẫu"],
    "form": {"groups": [{"id": "applicant", "title": {"vi": "Người nộp"}, "fields": [
      {"id": "full_name", "type": "text", "label": {"vi": "Họ và tên"}, "required": true}]}]}
  })");
}

}  // namespace

TEST_CASE("a broken catalog file is reported with file, JSON path and reason, good files still load", "[catalog]") {
  std::vector<mc::CatalogIssue> issues;
  mc::Catalog catalog = mc::Catalog::load_dir(kBrokenDir, issues);
  INFO("issues:\n"
       << [&] {
            std::string all;
            for (const auto& i : issues) all += i.file + ": " + i.json_path + ": " + i.reason + "\n";
            return all;
          }());

  // Only the two good files load, in file-name order; the duplicate of the first is skipped.
  REQUIRE(catalog.size() == 2);
  CHECK(catalog.procedures()[0].code == "1.000001");
  CHECK(catalog.procedures()[0].name.vi == "Thủ tục mẫu hợp lệ");
  CHECK(catalog.procedures()[0].source_file == "a-good.json");
  CHECK(catalog.procedures()[1].code == "2.000002");

  CHECK(has_issue(issues, "b-syntax-error.json", "$", "JSON syntax error at line 22, column"));
  CHECK(has_issue(issues, "c-wrong-type.json", "$.processing_days", "expected a whole number, found a string"));
  CHECK(has_issue(issues, "c-wrong-type.json", "$.keywords", "expected an array"));
  CHECK(has_issue(issues, "d-unknown-key.json", "$.documents[1].tempalte", "unknown key"));
  CHECK(has_issue(issues, "e-duplicate-code.json", "$.code", "already defined in a-good.json"));
  CHECK(has_issue(issues, "f-bad-form.json", "$.form.groups[0].fields[1].type", "telephone"));

  CHECK(has_issue(issues, "g-bad-values.json", "$", "missing required key \"result\""));
  CHECK(has_issue(issues, "g-bad-values.json", "$.agency.code", "QCVN 102:2016"));
  CHECK(has_issue(issues, "g-bad-values.json", "$.processing_days", "at least 1"));
  CHECK(has_issue(issues, "g-bad-values.json", "$.channels[1]", "\"fax\" is not a channel"));
  CHECK(has_issue(issues, "g-bad-values.json", "$.documents[0].copy_type", "\"scan\" is not a copy type"));
  CHECK(has_issue(issues, "g-bad-values.json", "$.documents[1].count", "found -1"));
  CHECK(has_issue(issues, "g-bad-values.json", "$.fees[0].amount_vnd", "found -5000"));
  CHECK(has_issue(issues, "g-bad-values.json", "$.fees[0].kind", "\"tax\""));

  // The good files produce no issue at all.
  CHECK(issues_of(issues, "a-good.json").empty());
  CHECK(issues_of(issues, "z-good.json").empty());
}

TEST_CASE("a missing catalog folder is one issue, not a crash", "[catalog]") {
  std::vector<mc::CatalogIssue> issues;
  mc::Catalog catalog = mc::Catalog::load_dir(kBrokenDir + "/does-not-exist", issues);
  CHECK(catalog.size() == 0);
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].reason.find("does not exist") != std::string::npos);
}

TEST_CASE("parse_procedure rejects wrong types, unknown keys and bad values with JSON paths", "[catalog]") {
  std::vector<mc::CatalogIssue> issues;
  REQUIRE(mc::Catalog::parse_procedure(minimal_procedure(), "t.json", issues));
  CHECK(issues.empty());

  struct Case {
    const char* pointer;  // JSON pointer of the value to replace
    nlohmann::json value;
    const char* path;  // expected issue path
    const char* reason_part;
  };
  const std::vector<Case> cases = {
      {"/code", "GPLX-1", "$.code", "not a procedure code"},
      {"/name/vi", 5, "$.name.vi", "expected a string"},
      {"/name/fr", "Permis", "$.name.fr", "unknown key"},
      {"/processing_days", 2.5, "$.processing_days", "whole number"},
      {"/processing_days", -3, "$.processing_days", "at least 1"},
      {"/channels", nlohmann::json::array(), "$.channels", "at least one channel"},
      {"/channels/0", "by_pigeon", "$.channels[0]", "not a channel"},
      {"/documents/0/count", 0, "$.documents[0].count", "at least 1"},
      {"/documents/0/copy_type", "photocopy", "$.documents[0].copy_type", "not a copy type"},
      {"/documents/0/digitize", "maybe", "$.documents[0].digitize", "not a digitize rule (required, optional, no)"},
      {"/documents/0/digitize", true, "$.documents[0].digitize", "expected a string"},
      {"/documents/0/name", "Đơn", "$.documents[0].name", "expected an object"},
      {"/fees/0",
       {{"code", "LP1"}, {"name", {{"vi", "Lệ phí"}}}, {"amount_vnd", 100}, {"kind", "tip"}},
       "$.fees[0].kind",
       "not a fee kind"},
      {"/agency/code", "000.00.15.g12", "$.agency.code", "QCVN 102:2016"},
      {"/legal_basis/0", "", "$.legal_basis[0]", "must not be empty"},
      {"/form/groups/0/fields/0/id", "FullName", "$.form.groups[0].fields[0].id", "snake_case"},
      {"/form/groups/0/fields/0/type", "checkbox", "$.form.groups[0].fields[0].type", "checkbox"},
  };
  for (const auto& c : cases) {
    nlohmann::json json = minimal_procedure();
    json[nlohmann::json::json_pointer(c.pointer)] = c.value;
    std::vector<mc::CatalogIssue> found;
    auto parsed = mc::Catalog::parse_procedure(json, "t.json", found);
    INFO(c.pointer << " = " << c.value.dump());
    CHECK_FALSE(parsed);
    CHECK(has_issue(found, "t.json", c.path, c.reason_part));
  }

  nlohmann::json missing = minimal_procedure();
  missing.erase("documents");
  std::vector<mc::CatalogIssue> found;
  CHECK_FALSE(mc::Catalog::parse_procedure(missing, "t.json", found));
  CHECK(has_issue(found, "t.json", "$", "missing required key \"documents\""));

  found.clear();
  CHECK_FALSE(mc::Catalog::parse_procedure(nlohmann::json::array(), "t.json", found));
  CHECK(has_issue(found, "t.json", "$", "expected an object"));
}

TEST_CASE("catalog text is normalised to NFC on load", "[catalog]") {
  nlohmann::json json = minimal_procedure();
  json["name"]["vi"] = "Ca\xCC\x82\xCC\x81p la\xCC\xA3i";  // "Cấp lại" with combining marks
  json["keywords"] = {"ba\xCC\x80ng la\xCC\x81i"};
  std::vector<mc::CatalogIssue> issues;
  auto procedure = mc::Catalog::parse_procedure(json, "t.json", issues);
  REQUIRE(procedure);
  CHECK(procedure->name.vi == "Cấp lại");
  CHECK(procedure->keywords == std::vector<std::string>{"bàng lái"});
}

TEST_CASE("to_json round-trips every shipped procedure", "[catalog]") {
  std::vector<mc::CatalogIssue> issues;
  mc::Catalog catalog = mc::Catalog::load_dir(kAssetsCatalog, issues);
  REQUIRE(catalog.size() > 0);
  for (const auto& original : catalog.procedures()) {
    INFO(original.code);
    const nlohmann::json json = mc::Catalog::to_json(original);
    std::vector<mc::CatalogIssue> again_issues;
    auto again = mc::Catalog::parse_procedure(json, original.source_file, again_issues);
    REQUIRE(again);
    CHECK(again_issues.empty());
    CHECK(mc::Catalog::to_json(*again) == json);
    // Spot checks on the structs themselves, so a field dropped by both directions is still caught.
    CHECK(again->code == original.code);
    CHECK(again->name == original.name);
    CHECK(again->agency_code == original.agency_code);
    CHECK(again->processing_days == original.processing_days);
    CHECK(again->channels == original.channels);
    REQUIRE(again->documents.size() == original.documents.size());
    for (size_t i = 0; i < original.documents.size(); ++i) {
      CHECK(again->documents[i].copy_type == original.documents[i].copy_type);
      CHECK(again->documents[i].count == original.documents[i].count);
      CHECK(again->documents[i].template_name == original.documents[i].template_name);
    }
    CHECK(again->total_fee_vnd() == original.total_fee_vnd());
    CHECK(again->keywords == original.keywords);
    CHECK(again->legal_basis == original.legal_basis);
    REQUIRE(again->form.groups.size() == original.form.groups.size());
    for (size_t g = 0; g < original.form.groups.size(); ++g) {
      const auto& a = original.form.groups[g].fields;
      const auto& b = again->form.groups[g].fields;
      REQUIRE(a.size() == b.size());
      for (size_t f = 0; f < a.size(); ++f) {
        CHECK(b[f].id == a[f].id);
        CHECK(b[f].type == a[f].type);
        CHECK(b[f].required == a[f].required);
        CHECK(b[f].min == a[f].min);
        CHECK(b[f].max == a[f].max);
        CHECK(b[f].pattern == a[f].pattern);
        CHECK(b[f].prefill == a[f].prefill);
        CHECK(b[f].show_if.has_value() == a[f].show_if.has_value());
        CHECK(b[f].options.size() == a[f].options.size());
      }
    }
  }
  // The JSON read from disk and the JSON written back describe the same procedure.
  std::ifstream in(kAssetsCatalog + "/db-1.002820-cap-lai-giay-phep-lai-xe.json");
  nlohmann::json on_disk = nlohmann::json::parse(in);
  const mc::Procedure* licence = catalog.find("1.002820");
  REQUIRE(licence);
  CHECK(mc::Catalog::to_json(*licence) == on_disk);
}

TEST_CASE("the shipped catalog is valid and covers the six transport fields", "[catalog]") {
  std::vector<mc::CatalogIssue> issues;
  mc::Catalog catalog = mc::Catalog::load_dir(kAssetsCatalog, issues);
  for (const auto& issue : issues) FAIL_CHECK(issue.file << ": " << issue.json_path << ": " << issue.reason);
  CHECK(issues.empty());
  CHECK(catalog.size() >= 12);

  std::set<std::string> field_codes;
  for (const auto& field : catalog.fields_of_work()) {
    field_codes.insert(field.code);
    CHECK(field.procedure_count == catalog.in_field(field.code).size());
    CHECK_FALSE(field.name.vi.empty());
    CHECK_FALSE(field.name.en.empty());
  }
  CHECK(field_codes == std::set<std::string>{"DB", "DTND", "HH", "DK", "HK", "DS"});

  // DOMAIN.md §8: re-issue of a driving licence, 135,000 VND, 5 working days.
  const mc::Procedure* licence = catalog.find("1.002820");
  REQUIRE(licence);
  CHECK(licence->name.vi == "Cấp lại giấy phép lái xe");
  CHECK(licence->total_fee_vnd() == 135000);
  CHECK(licence->processing_days == 5);
  CHECK(licence->field_code == "DB");

  for (const auto& p : catalog.procedures()) {
    INFO(p.code);
    CHECK_FALSE(p.name.en.empty());
    CHECK_FALSE(p.documents.empty());
    CHECK_FALSE(p.legal_basis.empty());
    CHECK(p.form.groups.size() >= 2);
    CHECK(p.form.groups.size() <= 4);
    // Every form identifies the applicant from the ID card and ends with the declaration.
    const mc::FieldSpec* name = p.form.find("full_name");
    REQUIRE(name);
    CHECK(name->prefill == mc::PrefillSource::FullName);
    const mc::FieldSpec* consent = p.form.find("consent");
    REQUIRE(consent);
    CHECK(consent->type == mc::FieldType::Consent);
    CHECK(consent->required);
    // A postal address is asked for only when the result goes by post.
    if (const mc::FieldSpec* postal = p.form.find("postal_address")) {
      REQUIRE(postal->show_if);
      CHECK(postal->show_if->field == "result_delivery");
      CHECK(postal->show_if->equals == std::vector<std::string>{"post"});
    }
  }
}

TEST_CASE("digitize says per document whether the kiosk scans it, absent means no", "[catalog]") {
  nlohmann::json json = minimal_procedure();
  std::vector<mc::CatalogIssue> issues;
  auto absent = mc::Catalog::parse_procedure(json, "t.json", issues);
  REQUIRE(absent);
  CHECK(absent->documents.at(0).digitize == mc::Digitize::No);
  for (const char* rule : {"required", "optional", "no"}) {
    json["documents"][0]["digitize"] = rule;
    auto parsed = mc::Catalog::parse_procedure(json, "t.json", issues);
    REQUIRE(parsed);
    CHECK(mc::digitize_name(parsed->documents.at(0).digitize) == std::string(rule));
    // Written back as read.
    auto again = mc::Catalog::parse_procedure(mc::Catalog::to_json(*parsed), "t.json", issues);
    REQUIRE(again);
    CHECK(again->documents.at(0).digitize == parsed->documents.at(0).digitize);
  }
  CHECK(issues.empty());

  // The shipped procedures: the driving licence re-issue asks for its health certificate scanned, the ID copy
  // may be skipped, and the application form the kiosk fills in itself is never scanned.
  std::vector<mc::CatalogIssue> load_issues;
  mc::Catalog catalog = mc::Catalog::load_dir(kAssetsCatalog, load_issues);
  const mc::Procedure* licence = catalog.find("1.002820");
  REQUIRE(licence);
  REQUIRE(licence->documents.size() == 3);
  CHECK(licence->documents[0].digitize == mc::Digitize::No);
  CHECK(licence->documents[1].digitize == mc::Digitize::Required);
  CHECK(licence->documents[2].digitize == mc::Digitize::Optional);
  int scanned = 0;
  for (const auto& p : catalog.procedures())
    for (const auto& doc : p.documents) scanned += doc.digitize != mc::Digitize::No;
  CHECK(scanned >= 20);
}

TEST_CASE("fields_of_work and in_field follow catalog order", "[catalog]") {
  mc::Catalog catalog;
  std::vector<mc::CatalogIssue> issues;
  auto make = [&](const char* code, const char* field, const char* field_vi) {
    nlohmann::json json = minimal_procedure();
    json["code"] = code;
    json["field"] = {{"code", field}, {"name", {{"vi", field_vi}}}};
    return *mc::Catalog::parse_procedure(json, "t.json", issues);
  };
  catalog.add(make("1.000001", "HH", "Hàng hải"));
  catalog.add(make("1.000002", "DB", "Đường bộ"));
  catalog.add(make("1.000003", "HH", "Hàng hải"));
  REQUIRE(issues.empty());
  auto fields = catalog.fields_of_work();
  REQUIRE(fields.size() == 2);
  CHECK(fields[0].code == "HH");
  CHECK(fields[0].procedure_count == 2);
  CHECK(fields[0].name.vi == "Hàng hải");
  CHECK(fields[1].code == "DB");
  CHECK(fields[1].procedure_count == 1);
  auto maritime = catalog.in_field("HH");
  REQUIRE(maritime.size() == 2);
  CHECK(maritime[0]->code == "1.000001");
  CHECK(maritime[1]->code == "1.000003");
  CHECK(catalog.in_field("XX").empty());
  CHECK(catalog.find("1.000002") != nullptr);
  CHECK(catalog.find("9.999999") == nullptr);

  // Adding a procedure with a known code replaces it (a newer definition from the server).
  mc::Procedure updated = make("1.000002", "DB", "Đường bộ");
  updated.processing_days = 9;
  catalog.add(updated);
  CHECK(catalog.size() == 3);
  CHECK(catalog.find("1.000002")->processing_days == 9);
}
