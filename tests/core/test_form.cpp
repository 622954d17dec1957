#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include "mc/core/form.hpp"

namespace {

using nlohmann::json;

const mc::Date kToday{2026, 11, 22};

std::string describe(const std::vector<mc::SpecIssue>& issues) {
  std::string text;
  for (const auto& issue : issues) text += issue.json_path + ": " + issue.reason + "\n";
  return text;
}

mc::FormSpec parse_ok(const json& form_json) {
  std::vector<mc::SpecIssue> issues;
  auto form = mc::parse_form_spec(form_json, "form", issues);
  INFO(describe(issues));
  REQUIRE(form);
  for (const auto& issue : issues) CHECK(issue.warning);
  return *form;
}

// A form of one group holding the given fields.
json one_group(json fields) {
  return json{{"groups", json::array({json{{"id", "g"}, {"title", {{"vi", "Nhóm"}}}, {"fields", std::move(fields)}}})}};
}

json field_json(const std::string& id, const std::string& type, json extra = json::object()) {
  json field = {{"id", id}, {"type", type}, {"label", {{"vi", "Trường " + id}, {"en", "Field " + id}}}};
  for (auto& [key, value] : extra.items()) field[key] = value;
  return field;
}

mc::FieldSpec single_field(const std::string& type, json extra = json::object()) {
  return parse_ok(one_group(json::array({field_json("f", type, std::move(extra))}))).groups[0].fields[0];
}

std::optional<mc::ValidationError> check_value(const mc::FieldSpec& field, const std::string& value) {
  return mc::validate_field(field, mc::Answers{{field.id, value}}, kToday);
}

json choice_options(std::initializer_list<const char*> values) {
  json options = json::array();
  for (const char* value : values) options.push_back({{"value", value}, {"label", {{"vi", value}}}});
  return options;
}

// The issue reported at exactly this path, or nullptr.
const mc::SpecIssue* issue_at(const std::vector<mc::SpecIssue>& issues, const std::string& path) {
  for (const auto& issue : issues)
    if (issue.json_path == path) return &issue;
  return nullptr;
}

}  // namespace

TEST_CASE("field type names round-trip", "[form]") {
  for (const char* name : {"text", "long_text", "integer", "decimal", "date", "single_choice", "multiple_choice",
                           "phone", "email", "id_number", "vehicle_plate", "consent"}) {
    auto type = mc::parse_field_type(name);
    REQUIRE(type);
    CHECK(std::string(mc::field_type_name(*type)) == name);
  }
  CHECK_FALSE(mc::parse_field_type("Text"));
  CHECK_FALSE(mc::parse_field_type("number"));
}

TEST_CASE("a complete form spec parses", "[form][spec]") {
  const json form_json = json::parse(R"({
    "groups": [
      {"id": "applicant", "title": {"vi": "Người nộp", "en": "Applicant"}, "fields": [
        {"id": "full_name", "type": "text", "label": {"vi": "Họ và tên", "en": "Full name"},
         "required": true, "max_length": 100, "prefill": "full_name"},
        {"id": "sex", "type": "single_choice", "label": {"vi": "Giới tính", "en": "Sex"}, "prefill": "sex",
         "options": [{"value": "M", "label": {"vi": "Nam", "en": "Male"}},
                     {"value": "F", "label": {"vi": "Nữ", "en": "Female"}}]},
        {"id": "phone", "type": "phone", "label": {"vi": "Số điện thoại", "en": "Phone number"}, "required": true,
         "help": {"vi": "Số di động", "en": "Mobile"}}
      ]},
      {"id": "request", "title": {"vi": "Yêu cầu"}, "fields": [
        {"id": "reason", "type": "single_choice", "label": {"vi": "Lý do"},
         "options": [{"value": "lost", "label": {"vi": "Bị mất"}}, {"value": "expired", "label": {"vi": "Hết hạn"}}]},
        {"id": "lost_place", "type": "long_text", "label": {"vi": "Nơi bị mất"},
         "show_if": {"field": "reason", "equals": ["lost"]}, "min_length": 5},
        {"id": "count", "type": "integer", "label": {"vi": "Số bản"}, "min": 1, "max": 5},
        {"id": "code", "type": "text", "label": {"vi": "Mã"}, "pattern": "[A-Z]{2}[0-9]{3}",
         "pattern_message": {"vi": "hai chữ in hoa và ba chữ số", "en": "two capitals and three digits"}},
        {"id": "issued", "type": "date", "label": {"vi": "Ngày cấp"}, "min_date": "2000-01-01", "max_date": "today"}
      ]}
    ]})");
  std::vector<mc::SpecIssue> issues;
  auto form = mc::parse_form_spec(form_json, "form", issues);
  REQUIRE(form);
  CHECK(issues.empty());
  REQUIRE(form->groups.size() == 2);
  CHECK(form->groups[0].title.en == "Applicant");
  CHECK(form->groups[1].title.get(mc::Lang::En) == "Yêu cầu");
  const mc::FieldSpec* phone = form->find("phone");
  REQUIRE(phone);
  CHECK(phone->type == mc::FieldType::Phone);
  CHECK(phone->required);
  CHECK(phone->help.en == "Mobile");
  const mc::FieldSpec* lost_place = form->find("lost_place");
  REQUIRE(lost_place);
  REQUIRE(lost_place->show_if);
  CHECK(lost_place->show_if->field == "reason");
  CHECK(lost_place->show_if->equals == std::vector<std::string>{"lost"});
  CHECK(lost_place->min_length == 5);
  CHECK(form->find("count")->max == 5.0);
  CHECK(form->find("issued")->max_date == "today");
  CHECK(form->find("sex")->options.size() == 2);
  CHECK(form->find("sex")->prefill == mc::PrefillSource::Sex);
  CHECK(form->find("full_name")->prefill == mc::PrefillSource::FullName);
  CHECK(form->find("nope") == nullptr);
}

TEST_CASE("form spec errors are reported with their JSON path", "[form][spec]") {
  struct Case {
    const char* what;
    json fields;
    const char* path;
    const char* reason_part;
  };
  const json lost = field_json("reason", "single_choice", {{"options", choice_options({"lost", "old"})}});
  const std::vector<Case> cases = {
      {"unknown type", json::array({field_json("a", "number")}), "form.groups[0].fields[0].type", "unknown field type"},
      {"missing type", json::array({json{{"id", "a"}, {"label", {{"vi", "A"}}}}}), "form.groups[0].fields[0].type",
       "missing"},
      {"missing id", json::array({json{{"type", "text"}, {"label", {{"vi", "A"}}}}}), "form.groups[0].fields[0].id",
       "missing"},
      {"bad id", json::array({field_json("a b", "text")}), "form.groups[0].fields[0].id", "not a valid field id"},
      {"missing label", json::array({json{{"id", "a"}, {"type", "text"}}}), "form.groups[0].fields[0].label",
       "missing"},
      {"label without vi", json::array({json{{"id", "a"}, {"type", "text"}, {"label", {{"en", "A"}}}}}),
       "form.groups[0].fields[0].label.vi", "missing"},
      {"empty vi label", json::array({json{{"id", "a"}, {"type", "text"}, {"label", {{"vi", " "}}}}}),
       "form.groups[0].fields[0].label.vi", "empty"},
      {"duplicate id", json::array({field_json("a", "text"), field_json("a", "email")}), "form.groups[0].fields[1].id",
       "duplicate field id 'a'"},
      {"show_if unknown field",
       json::array({field_json("a", "text", {{"show_if", {{"field", "zz"}, {"equals", {"x"}}}}})}),
       "form.groups[0].fields[0].show_if.field", "not a field defined before"},
      {"show_if later field",
       json::array(
           {field_json("a", "text", {{"show_if", {{"field", "b"}, {"equals", {"x"}}}}}), field_json("b", "text")}),
       "form.groups[0].fields[0].show_if.field", "not a field defined before"},
      {"show_if on itself", json::array({field_json("a", "text", {{"show_if", {{"field", "a"}, {"equals", {"x"}}}}})}),
       "form.groups[0].fields[0].show_if.field", "itself"},
      {"show_if value not an option",
       json::array({lost, field_json("b", "text", {{"show_if", {{"field", "reason"}, {"equals", {"stolen"}}}}})}),
       "form.groups[0].fields[1].show_if.equals[0]", "not an option value"},
      {"show_if without equals", json::array({lost, field_json("b", "text", {{"show_if", {{"field", "reason"}}}})}),
       "form.groups[0].fields[1].show_if.equals", "missing"},
      {"options missing", json::array({field_json("a", "single_choice")}), "form.groups[0].fields[0].options",
       "needs a non-empty 'options'"},
      {"options empty", json::array({field_json("a", "multiple_choice", {{"options", json::array()}})}),
       "form.groups[0].fields[0].options", "at least one option"},
      {"option value with ;",
       json::array({field_json("a", "multiple_choice", {{"options", choice_options({"x", "y;z"})}})}),
       "form.groups[0].fields[0].options[1].value", "';'"},
      {"duplicate option", json::array({field_json("a", "single_choice", {{"options", choice_options({"x", "x"})}})}),
       "form.groups[0].fields[0].options[1].value", "duplicate option value 'x'"},
      {"option without label",
       json::array({field_json("a", "single_choice", {{"options", json::array({json{{"value", "x"}}})}})}),
       "form.groups[0].fields[0].options[0].label", "missing"},
      {"options on text", json::array({field_json("a", "text", {{"options", choice_options({"x"})}})}),
       "form.groups[0].fields[0].options", "does not apply"},
      {"min > max", json::array({field_json("a", "integer", {{"min", 10}, {"max", 1}})}),
       "form.groups[0].fields[0].min", "greater than max"},
      {"fractional bound on integer", json::array({field_json("a", "integer", {{"min", 1.5}})}),
       "form.groups[0].fields[0].min", "whole number"},
      {"min_length > max_length", json::array({field_json("a", "text", {{"min_length", 10}, {"max_length", 2}})}),
       "form.groups[0].fields[0].min_length", "greater than max_length"},
      {"negative length", json::array({field_json("a", "text", {{"min_length", -1}})}),
       "form.groups[0].fields[0].min_length", "0 or more"},
      {"range on text", json::array({field_json("a", "text", {{"max", 3}})}), "form.groups[0].fields[0].max",
       "does not apply"},
      {"bad date bound", json::array({field_json("a", "date", {{"min_date", "2026-02-30"}})}),
       "form.groups[0].fields[0].min_date", "real date"},
      {"min_date after max_date",
       json::array({field_json("a", "date", {{"min_date", "2026-01-02"}, {"max_date", "2026-01-01"}})}),
       "form.groups[0].fields[0].min_date", "after max_date"},
      {"invalid regex", json::array({field_json("a", "text", {{"pattern", "[0-9"}})}),
       "form.groups[0].fields[0].pattern", "invalid regular expression"},
      {"bad prefill", json::array({field_json("a", "text", {{"prefill", "birthday"}})}),
       "form.groups[0].fields[0].prefill", "unknown prefill source 'birthday'"},
      {"prefill type mismatch", json::array({field_json("a", "consent", {{"prefill", "full_name"}})}),
       "form.groups[0].fields[0].prefill", "does not fit"},
      {"required not a bool", json::array({field_json("a", "text", {{"required", "yes"}})}),
       "form.groups[0].fields[0].required", "true or false"},
      {"field not an object", json::array({"a"}), "form.groups[0].fields[0]", "must be an object"},
      {"no fields", json::array(), "form.groups[0].fields", "non-empty"},
  };
  for (const auto& c : cases) {
    SECTION(c.what) {
      std::vector<mc::SpecIssue> issues;
      auto form = mc::parse_form_spec(one_group(c.fields), "form", issues);
      CHECK_FALSE(form);
      const mc::SpecIssue* issue = issue_at(issues, c.path);
      INFO(describe(issues));
      REQUIRE(issue);
      CHECK_THAT(issue->reason, Catch::Contains(c.reason_part));
      CHECK_FALSE(issue->warning);
    }
  }
}

TEST_CASE("form-level spec errors: paths in later groups, missing groups, duplicate group ids", "[form][spec]") {
  std::vector<mc::SpecIssue> issues;
  json form_json = one_group(json::array({field_json("a", "text")}));
  form_json["groups"].push_back({{"id", "second"},
                                 {"title", {{"vi", "Hai"}}},
                                 {"fields", json::array({field_json("b", "text"), field_json("c", "colour")})}});
  CHECK_FALSE(mc::parse_form_spec(form_json, "form", issues));
  REQUIRE(issue_at(issues, "form.groups[1].fields[1].type"));
  CHECK_THAT(issue_at(issues, "form.groups[1].fields[1].type")->reason, Catch::Contains("'colour'"));

  issues.clear();
  CHECK_FALSE(mc::parse_form_spec(json::object(), "procedures[3].form", issues));
  REQUIRE(issue_at(issues, "procedures[3].form.groups"));

  issues.clear();
  CHECK_FALSE(mc::parse_form_spec(json::array(), "form", issues));
  REQUIRE(issue_at(issues, "form"));

  issues.clear();
  json twice = one_group(json::array({field_json("a", "text")}));
  twice["groups"].push_back(twice["groups"][0]);
  twice["groups"][1]["fields"][0]["id"] = "b";
  CHECK_FALSE(mc::parse_form_spec(twice, "form", issues));
  REQUIRE(issue_at(issues, "form.groups[1].id"));
  CHECK_THAT(issue_at(issues, "form.groups[1].id")->reason, Catch::Contains("duplicate group id"));

  // The same field id in two groups collides too: answers are one flat map.
  issues.clear();
  json across = one_group(json::array({field_json("a", "text")}));
  across["groups"].push_back(
      {{"id", "g2"}, {"title", {{"vi", "Hai"}}}, {"fields", json::array({field_json("a", "date")})}});
  CHECK_FALSE(mc::parse_form_spec(across, "form", issues));
  REQUIRE(issue_at(issues, "form.groups[1].fields[0].id"));
  CHECK_THAT(issue_at(issues, "form.groups[1].fields[0].id")->reason, Catch::Contains("form.groups[0].fields[0]"));
}

TEST_CASE("unknown keys are reported as warnings and the form still loads", "[form][spec]") {
  json fields = json::array({field_json("a", "text", {{"requried", true}})});
  json form_json = one_group(fields);
  form_json["colour"] = "blue";
  std::vector<mc::SpecIssue> issues;
  auto form = mc::parse_form_spec(form_json, "form", issues);
  REQUIRE(form);
  REQUIRE(issue_at(issues, "form.groups[0].fields[0].requried"));
  CHECK(issue_at(issues, "form.groups[0].fields[0].requried")->warning);
  CHECK_THAT(issue_at(issues, "form.groups[0].fields[0].requried")->reason, Catch::Contains("unknown key"));
  REQUIRE(issue_at(issues, "form.colour"));
  CHECK_FALSE(form->groups[0].fields[0].required);
}

TEST_CASE("messages name the field in Vietnamese and English", "[form][validate]") {
  const auto form = parse_ok(one_group(json::array(
      {json{{"id", "phone"}, {"type", "phone"}, {"label", {{"vi", "Số điện thoại"}, {"en", "Phone number"}}}},
       json{{"id", "note"}, {"type", "text"}, {"label", {{"vi", "Ghi chú"}}}, {"required", true}}})));
  auto error = mc::validate_field(form.groups[0].fields[0], {{"phone", "12345"}}, kToday);
  REQUIRE(error);
  CHECK(error->field_id == "phone");
  CHECK(error->code == mc::ValidationCode::BadPhone);
  CHECK_THAT(error->message.vi, Catch::StartsWith("Số điện thoại: phải có 10 chữ số, bắt đầu bằng 0"));
  CHECK_THAT(error->message.en, Catch::StartsWith("Phone number: must be 10 digits starting with 0"));
  // Without an English label the Vietnamese one names the field in the English message.
  auto required = mc::validate_field(form.groups[0].fields[1], {}, kToday);
  REQUIRE(required);
  CHECK(required->code == mc::ValidationCode::Required);
  CHECK(required->message.vi == "Ghi chú: không được để trống");
  CHECK(required->message.en == "Ghi chú: is required");
}

TEST_CASE("each field type accepts valid answers and rejects invalid ones", "[form][validate]") {
  struct Case {
    const char* type;
    json extra;
    std::vector<const char*> accepted;
    std::vector<std::pair<const char*, mc::ValidationCode>> rejected;
  };
  using VC = mc::ValidationCode;
  const std::vector<Case> cases = {
      {"text", {}, {"Nguyễn Văn A", "x", "  có dấu  "}, {}},
      {"long_text", {}, {"Dòng 1\nDòng 2"}, {}},
      {"integer",
       {},
       {"0", "42", "-7", "+3", "007"},
       {{"4.2", VC::NotANumber},
        {"12a", VC::NotANumber},
        {"1 000", VC::NotANumber},
        {"-", VC::NotANumber},
        {"++1", VC::NotANumber},
        {"١٢", VC::NotANumber}}},
      {"decimal",
       {},
       {"12.5", "12,5", "-0.75", "3", "+1,0"},
       {{"12.5.1", VC::NotANumber},
        {"1,2,3", VC::NotANumber},
        {"abc", VC::NotANumber},
        {".5", VC::NotANumber},
        {"5.", VC::NotANumber},
        {"1e5", VC::NotANumber}}},
      {"date",
       {},
       {"2024-02-29", "2026-11-22", "1950-01-31"},
       {{"2026-02-29", VC::BadDate},
        {"2026-13-01", VC::BadDate},
        {"2026-04-31", VC::BadDate},
        {"22/11/2026", VC::BadDate},
        {"2026-1-5", VC::BadDate},
        {"hôm nay", VC::BadDate}}},
      {"single_choice",
       {{"options", choice_options({"lost", "expired"})}},
       {"lost", "expired"},
       {{"stolen", VC::NotAnOption}, {"lost;expired", VC::NotAnOption}, {"Lost", VC::NotAnOption}}},
      {"multiple_choice",
       {{"options", choice_options({"a", "b", "c"})}},
       {"a", "a;c", "c;b;a"},
       {{"a;d", VC::NotAnOption}, {"a;a", VC::NotAnOption}, {"x", VC::NotAnOption}}},
      {"phone",
       {},
       {"0912345678", "+84912345678", "84 912 345 678", "091.234.5678", "091-234-5678", "0312345678", "0512345678",
        "0712345678", "0812345678", "02438123456", "+84 24 3812 3456", "(024) 3812 3456", "0084912345678"},
       {{"091234567", VC::BadPhone},
        {"09123456789", VC::BadPhone},
        {"0112345678", VC::BadPhone},
        {"0412345678", VC::BadPhone},
        {"0612345678", VC::BadPhone},
        {"01234567890", VC::BadPhone},
        {"+1 212 555 0100", VC::BadPhone},
        {"09123x5678", VC::BadPhone},
        {"0243812345", VC::BadPhone}}},
      {"email",
       {},
       {"ten@example.com", "nguyen.van.a@so-gtvt.hanoi.gov.vn", "a+b@x.vn"},
       {{"ten@example", VC::BadEmail},
        {"ten.example.com", VC::BadEmail},
        {"a@b@c.vn", VC::BadEmail},
        {"ten @example.com", VC::BadEmail},
        {"@example.com", VC::BadEmail},
        {"ten@.com", VC::BadEmail},
        {"ten@example.c", VC::BadEmail},
        {"ten..a@example.com", VC::BadEmail}}},
      {"id_number",
       {},
       {"001099012345", "079203000001", "096150000000"},
       {{"00109901234", VC::BadIdNumber},
        {"0010990123456", VC::BadIdNumber},
        {"00109901234a", VC::BadIdNumber},
        {"001 099 012 345", VC::BadIdNumber},
        {"000099012345", VC::BadIdNumber},
        {"097099012345", VC::BadIdNumber},
        {"003099012345", VC::BadIdNumber},
        {"999099012345", VC::BadIdNumber}}},
      {"vehicle_plate",
       {},
       {"30A-123.45", "29A-12345", "51F-999.99", "29LD-123.45", "29-B1 123.45", "30a12345", "29A-1234", "29-B1 1234",
        "29 B1 12345"},
       {{"30A-123.4", VC::BadPlate},
        {"A30-123.45", VC::BadPlate},
        {"30-123.45", VC::BadPlate},
        {"30ABC-123.45", VC::BadPlate},
        {"05A-123.45", VC::BadPlate},
        {"30A-1234567", VC::BadPlate},
        {"30A-12.34", VC::BadPlate},
        {"30A/123.45", VC::BadPlate}}},
      {"consent", {{"required", true}}, {"true"}, {{"false", VC::ConsentRequired}, {"yes", VC::ConsentRequired}}},
  };
  for (const auto& c : cases) {
    SECTION(c.type) {
      const mc::FieldSpec field = single_field(c.type, c.extra.is_null() ? json::object() : c.extra);
      for (const char* value : c.accepted) {
        auto error = check_value(field, value);
        INFO(c.type << " should accept '" << value << "': " << (error ? error->message.en : ""));
        CHECK_FALSE(error);
      }
      for (const auto& [value, code] : c.rejected) {
        INFO(c.type << " should reject '" << value << "'");
        auto error = check_value(field, value);
        REQUIRE(error);
        CHECK(error->code == code);
        CHECK_THAT(error->message.vi, Catch::StartsWith("Trường f: "));
        CHECK_THAT(error->message.en, Catch::StartsWith("Field f: "));
      }
    }
  }
}

TEST_CASE("ID number: province code messages and the CCCD scheme", "[form][validate]") {
  const auto field = single_field("id_number");
  auto error = check_value(field, "097099012345");
  REQUIRE(error);
  CHECK_THAT(error->message.en, Catch::Contains("province code"));
  auto short_error = check_value(field, "12345");
  REQUIRE(short_error);
  CHECK_THAT(short_error->message.vi, Catch::Contains("12 chữ số"));
  // The personal data itself never appears in the message.
  CHECK_THAT(error->message.vi, !Catch::Contains("097099012345"));
}

TEST_CASE("empty optional fields pass and empty required fields fail", "[form][validate]") {
  for (const char* type :
       {"text", "long_text", "integer", "decimal", "date", "phone", "email", "id_number", "vehicle_plate"}) {
    INFO(type);
    CHECK_FALSE(check_value(single_field(type), ""));
    CHECK_FALSE(check_value(single_field(type), "   "));
    CHECK_FALSE(mc::validate_field(single_field(type), {}, kToday));
    auto error = check_value(single_field(type, {{"required", true}}), "  ");
    REQUIRE(error);
    CHECK(error->code == mc::ValidationCode::Required);
  }
  const json options = choice_options({"a", "b"});
  CHECK_FALSE(check_value(single_field("single_choice", {{"options", options}}), ""));
  CHECK_FALSE(check_value(single_field("multiple_choice", {{"options", options}}), ""));
  auto single = check_value(single_field("single_choice", {{"options", options}, {"required", true}}), "");
  REQUIRE(single);
  CHECK(single->code == mc::ValidationCode::Required);
  CHECK_THAT(single->message.en, Catch::Contains("choose one"));
  auto multiple = check_value(single_field("multiple_choice", {{"options", options}, {"required", true}}), ";");
  REQUIRE(multiple);
  CHECK(multiple->code == mc::ValidationCode::Required);
  CHECK_THAT(multiple->message.en, Catch::Contains("at least one"));
  // Consent: optional accepts anything; required needs exactly "true".
  CHECK_FALSE(check_value(single_field("consent"), ""));
  CHECK_FALSE(check_value(single_field("consent"), "false"));
  auto consent = check_value(single_field("consent", {{"required", true}}), "");
  REQUIRE(consent);
  CHECK(consent->code == mc::ValidationCode::ConsentRequired);
}

TEST_CASE("length constraints count code points after trimming and NFC", "[form][validate]") {
  const auto field = single_field("text", {{"min_length", 3}, {"max_length", 6}});
  CHECK_FALSE(check_value(field, "Nguyễn"));                // 6 code points, 8+ bytes
  const std::string decomposed = "Nguye\xCC\x82\xCC\x83n";  // ễ as e + two combining marks: still 6 after NFC
  CHECK_FALSE(check_value(field, decomposed));
  CHECK_FALSE(check_value(field, "  abc  "));
  auto too_short = check_value(field, " ab ");
  REQUIRE(too_short);
  CHECK(too_short->code == mc::ValidationCode::TooShort);
  CHECK(too_short->message.vi == "Trường f: phải có ít nhất 3 ký tự");
  CHECK(too_short->message.en == "Field f: must be at least 3 characters");
  auto too_long = check_value(field, "Nguyễnn");
  REQUIRE(too_long);
  CHECK(too_long->code == mc::ValidationCode::TooLong);
  CHECK_THAT(too_long->message.en, Catch::Contains("at most 6"));
}

TEST_CASE("range constraints on integers and decimals", "[form][validate]") {
  const auto integer = single_field("integer", {{"min", 1}, {"max", 5}});
  for (const char* ok : {"1", "3", "5", "+5"}) CHECK_FALSE(check_value(integer, ok));
  for (const char* bad : {"0", "6", "-1", "100000000000000000000"}) {
    auto error = check_value(integer, bad);
    REQUIRE(error);
    CHECK(error->code == mc::ValidationCode::OutOfRange);
    CHECK(error->message.vi == "Trường f: phải từ 1 đến 5");
    CHECK(error->message.en == "Field f: must be between 1 and 5");
  }
  const auto decimal = single_field("decimal", {{"min", 0.5}});
  CHECK_FALSE(check_value(decimal, "0,5"));
  CHECK_FALSE(check_value(decimal, "1000000"));
  auto low = check_value(decimal, "0,49");
  REQUIRE(low);
  CHECK(low->code == mc::ValidationCode::OutOfRange);
  CHECK(low->message.vi == "Trường f: phải lớn hơn hoặc bằng 0,5");
  CHECK(low->message.en == "Field f: must be at least 0.5");
  const auto fee = single_field("integer", {{"max", 135000}});
  auto high = check_value(fee, "135001");
  REQUIRE(high);
  CHECK(high->message.vi == "Trường f: phải nhỏ hơn hoặc bằng 135.000");
  CHECK(high->message.en == "Field f: must be at most 135,000");
  const auto year = single_field("integer", {{"min", 1950}, {"max", 2100}});
  auto old = check_value(year, "1949");
  REQUIRE(old);
  CHECK(old->message.vi == "Trường f: phải từ 1950 đến 2100");
}

TEST_CASE("date bounds, including today", "[form][validate]") {
  const auto birth = single_field("date", {{"max_date", "today"}});
  CHECK_FALSE(check_value(birth, "2026-11-22"));
  auto future = check_value(birth, "2026-11-23");
  REQUIRE(future);
  CHECK(future->code == mc::ValidationCode::DateOutOfRange);
  CHECK(future->message.vi == "Trường f: không được sau hôm nay");
  CHECK(future->message.en == "Field f: must not be after today");
  // "today" is the date passed in, not the machine's clock.
  CHECK_FALSE(mc::validate_field(birth, {{"f", "2027-01-01"}}, mc::Date{2027, 1, 1}));

  const auto appointment = single_field("date", {{"min_date", "today"}, {"max_date", "2026-12-31"}});
  CHECK_FALSE(check_value(appointment, "2026-12-31"));
  auto past = check_value(appointment, "2026-11-21");
  REQUIRE(past);
  CHECK(past->message.vi == "Trường f: phải từ hôm nay đến ngày 31/12/2026");
  CHECK(past->message.en == "Field f: must be between today and 2026-12-31");
  auto late = check_value(appointment, "2027-01-01");
  REQUIRE(late);
  CHECK(late->code == mc::ValidationCode::DateOutOfRange);

  const auto since = single_field("date", {{"min_date", "2000-01-01"}});
  auto early = check_value(since, "1999-12-31");
  REQUIRE(early);
  CHECK(early->message.vi == "Trường f: không được trước ngày 01/01/2000");
}

TEST_CASE("date bounds relative to today: within the last N months, days or years (issue 13)", "[form][validate]") {
  // today is 2026-11-22: a health certificate valid 12 months is from 2025-11-22 on.
  const auto certificate = single_field("date", {{"min_date", "today-12m"}, {"max_date", "today"}});
  CHECK_FALSE(check_value(certificate, "2025-11-22"));
  CHECK_FALSE(check_value(certificate, "2026-11-22"));
  auto old = check_value(certificate, "2020-05-01");
  REQUIRE(old);
  CHECK(old->code == mc::ValidationCode::DateOutOfRange);
  CHECK(old->message.vi == "Trường f: phải từ ngày 22/11/2025 đến hôm nay");
  auto day_before = check_value(certificate, "2025-11-21");
  REQUIRE(day_before);
  // It moves with the day the form is filled in.
  CHECK(mc::validate_field(certificate, {{"f", "2026-01-10"}}, mc::Date{2027, 2, 1}));
  CHECK_FALSE(mc::validate_field(certificate, {{"f", "2026-02-01"}}, mc::Date{2027, 2, 1}));

  CHECK(mc::parse_relative_date("today+30d")->from(kToday) == mc::Date{2026, 12, 22});
  CHECK(mc::parse_relative_date("today-18y")->from(kToday) == mc::Date{2008, 11, 22});
  // A month on from 31 March is 30 April, the month's last day.
  CHECK(mc::parse_relative_date("today+1m")->from(mc::Date{2026, 3, 31}) == mc::Date{2026, 4, 30});
  CHECK(mc::parse_relative_date("today-1m")->from(mc::Date{2026, 1, 15}) == mc::Date{2025, 12, 15});
  for (const char* bad : {"today-", "today-12", "today*12m", "today-12w", "yesterday", "today-1a2m"})
    CHECK_FALSE(mc::parse_relative_date(bad));
  std::vector<mc::SpecIssue> issues;
  CHECK_FALSE(mc::parse_form_spec(one_group(json::array({field_json("f", "date", {{"min_date", "today-12w"}})})),
                                  "form", issues));
  REQUIRE(issue_at(issues, "form.groups[0].fields[0].min_date"));
}

TEST_CASE("every date field keeps its format hint beside its own help (issue 13)", "[form]") {
  const auto plain = single_field("date");
  CHECK(mc::field_help(plain).vi.find("15/03/1999") != std::string::npos);
  const auto certificate =
      single_field("date", {{"help", {{"vi", "Có giá trị trong 12 tháng."}, {"en", "Valid for 12 months."}}}});
  const mc::LocalizedText help = mc::field_help(certificate);
  CHECK(help.vi.find("Có giá trị trong 12 tháng.") == 0);
  CHECK(help.vi.find("15/03/1999") != std::string::npos);
  CHECK(help.en.find("Valid for 12 months.") == 0);
  CHECK(help.en.find("1999") != std::string::npos);
  const auto text = single_field("text", {{"help", {{"vi", "Ghi rõ."}, {"en", "Be precise."}}}});
  CHECK(mc::field_help(text).vi == "Ghi rõ.");
}

TEST_CASE("record slots: delivery and postal address, checked on load (issue 13)", "[form][spec]") {
  auto form = parse_ok(one_group(json::array(
      {field_json("how", "single_choice", {{"record", "result_delivery"}, {"options", choice_options({"in_person", "post"})}}),
       field_json("where", "long_text", {{"record", "postal_address"}})})));
  REQUIRE(form.find(mc::RecordSlot::ResultDelivery));
  CHECK(form.find(mc::RecordSlot::ResultDelivery)->id == "how");
  CHECK(form.find(mc::RecordSlot::PostalAddress)->id == "where");
  for (const json& bad : {json::array({field_json("how", "single_choice",
                                                  {{"record", "result_delivery"}, {"options", choice_options({"shop"})}})}),
                          json::array({field_json("where", "integer", {{"record", "postal_address"}})}),
                          json::array({field_json("x", "text", {{"record", "fax"}})}),
                          json::array({field_json("a", "text", {{"record", "postal_address"}}),
                                       field_json("b", "text", {{"record", "postal_address"}})})}) {
    std::vector<mc::SpecIssue> issues;
    CHECK_FALSE(mc::parse_form_spec(one_group(bad), "form", issues));
  }
}

TEST_CASE("pattern must match the whole answer", "[form][validate]") {
  const auto code = single_field("text", {{"pattern", "[A-Z]{2}[0-9]{3}"}});
  CHECK_FALSE(check_value(code, "AB123"));
  CHECK_FALSE(check_value(code, " AB123 "));  // trimmed first
  for (const char* bad : {"AB1234", "xAB123", "ab123", "AB12"}) {
    auto error = check_value(code, bad);
    REQUIRE(error);
    CHECK(error->code == mc::ValidationCode::PatternMismatch);
    CHECK(error->message.en == "Field f: is not in the expected format");
  }
  const auto with_message = single_field(
      "text", {{"pattern", "[0-9]{6}"}, {"pattern_message", {{"vi", "gồm 6 chữ số"}, {"en", "6 digits"}}}});
  auto error = check_value(with_message, "12345");
  REQUIRE(error);
  CHECK(error->message.vi == "Trường f: gồm 6 chữ số");
  CHECK(error->message.en == "Field f: 6 digits");
  // Patterns see the stored, canonical form: a mobile-only phone pattern works whatever the citizen typed.
  const auto mobile_only = single_field("phone", {{"pattern", "0[35789][0-9]{8}"}});
  CHECK_FALSE(check_value(mobile_only, "+84 912.345.678"));
  CHECK_FALSE(check_value(mobile_only, "091-234-5678"));
  auto landline = check_value(mobile_only, "024 3812 3456");
  REQUIRE(landline);
  CHECK(landline->code == mc::ValidationCode::PatternMismatch);
  const auto hanoi_cars = single_field("vehicle_plate", {{"pattern", "(29|30)[A-Z]-.*"}});
  CHECK_FALSE(check_value(hanoi_cars, "30a12345"));
  CHECK(check_value(hanoi_cars, "51F-999.99"));
}

TEST_CASE("show_if hides fields, follows chains, and hidden fields are never validated", "[form][visibility]") {
  const json form_json = json::parse(R"({"groups": [
    {"id": "g1", "title": {"vi": "Một"}, "fields": [
      {"id": "reason", "type": "single_choice", "label": {"vi": "Lý do"},
       "options": [{"value": "lost", "label": {"vi": "Mất"}}, {"value": "expired", "label": {"vi": "Hết hạn"}}]},
      {"id": "reported", "type": "single_choice", "label": {"vi": "Đã trình báo công an?"},
       "show_if": {"field": "reason", "equals": ["lost"]}, "required": true,
       "options": [{"value": "yes", "label": {"vi": "Có"}}, {"value": "no", "label": {"vi": "Không"}}]},
      {"id": "extras", "type": "multiple_choice", "label": {"vi": "Dịch vụ thêm"},
       "options": [{"value": "post", "label": {"vi": "Bưu chính"}}, {"value": "sms", "label": {"vi": "SMS"}}]},
      {"id": "consent", "type": "consent", "label": {"vi": "Đồng ý"}}
    ]},
    {"id": "g2", "title": {"vi": "Hai"}, "fields": [
      {"id": "police_station", "type": "text", "label": {"vi": "Nơi trình báo"}, "required": true,
       "show_if": {"field": "reported", "equals": ["yes"]}},
      {"id": "address", "type": "text", "label": {"vi": "Địa chỉ nhận"}, "required": true,
       "show_if": {"field": "extras", "equals": ["post"]}},
      {"id": "email", "type": "email", "label": {"vi": "Email"}, "required": true,
       "show_if": {"field": "consent", "equals": ["true"]}}
    ]}]})");
  const auto form = parse_ok(form_json);
  const auto& reported = *form.find("reported");
  const auto& station = *form.find("police_station");
  const auto& address = *form.find("address");
  const auto& email = *form.find("email");

  CHECK_FALSE(mc::is_visible(reported, {}));
  CHECK(mc::is_visible(reported, {{"reason", "lost"}}));
  CHECK_FALSE(mc::is_visible(reported, {{"reason", "expired"}}));
  CHECK(mc::is_visible(*form.find("reason"), {}));

  // Multiple choice controls by containing one of the values.
  CHECK(mc::is_visible(address, {{"extras", "sms;post"}}));
  CHECK(mc::is_visible(address, {{"extras", "post"}}));
  CHECK_FALSE(mc::is_visible(address, {{"extras", "sms"}}));
  CHECK(mc::is_visible(email, {{"consent", "true"}}));
  CHECK_FALSE(mc::is_visible(email, {{"consent", "false"}}));

  // A chain: station depends on reported, which is only shown for "lost". A stale "yes" must not show it.
  const mc::Answers stale = {{"reason", "expired"}, {"reported", "yes"}};
  CHECK(mc::is_visible(station, stale));              // the field's own condition alone holds...
  CHECK_FALSE(mc::is_visible(form, station, stale));  // ...but its controlling field is hidden
  CHECK_FALSE(mc::is_visible(station, mc::visible_answers(form, stale)));
  CHECK(mc::is_visible(form, station, {{"reason", "lost"}, {"reported", "yes"}}));

  // Hidden fields are never validated, even when required and empty.
  CHECK(mc::validate_form(form, stale, kToday).empty());
  CHECK_FALSE(mc::validate_field(form, station, stale, kToday));
  CHECK(mc::validate_group(form, form.groups[1], stale, kToday).empty());

  // Shown and required but empty: reported.
  auto errors = mc::validate_form(form, {{"reason", "lost"}, {"reported", "yes"}, {"extras", "post"}}, kToday);
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].field_id == "police_station");
  CHECK(errors[1].field_id == "address");
  auto first_group = mc::validate_group(form.groups[0], {{"reason", "lost"}}, kToday);
  REQUIRE(first_group.size() == 1);
  CHECK(first_group[0].field_id == "reported");
  CHECK(mc::validate_form(form, {{"reason", "lost"}, {"reported", "no"}}, kToday).empty());
  // A wrong value in a hidden field does not block the citizen either.
  CHECK(mc::validate_form(form, {{"reason", "expired"}, {"reported", "maybe"}}, kToday).empty());
}

TEST_CASE("a group validated without the form resolves chains inside the group", "[form][visibility]") {
  const auto form = parse_ok(one_group(json::array({
      field_json("a", "single_choice", {{"options", choice_options({"x", "y"})}}),
      field_json("b", "single_choice",
                 {{"options", choice_options({"x", "y"})}, {"show_if", {{"field", "a"}, {"equals", {"x"}}}}}),
      field_json("c", "text", {{"required", true}, {"show_if", {{"field", "b"}, {"equals", {"x"}}}}}),
  })));
  CHECK(mc::validate_group(form.groups[0], {{"a", "y"}, {"b", "x"}}, kToday).empty());
  CHECK(mc::validate_group(form.groups[0], {{"a", "x"}, {"b", "x"}}, kToday).size() == 1);
}

TEST_CASE("visible answers drop hidden fields and are trimmed, NFC and canonical", "[form][visibility]") {
  const auto form = parse_ok(one_group(json::array({
      field_json("reason", "single_choice", {{"options", choice_options({"lost", "old"})}}),
      field_json("where", "text", {{"show_if", {{"field", "reason"}, {"equals", {"lost"}}}}}),
      field_json("name", "text"),
      field_json("phone", "phone"),
      field_json("plate", "vehicle_plate"),
      field_json("weight", "decimal"),
      field_json("extras", "multiple_choice", {{"options", choice_options({"post", "sms"})}}),
  })));
  const mc::Answers answers = {
      {"reason", " old "},          {"where", "Hà Nội"},    {"name", "  Nguye\xCC\x82\xCC\x83n Văn A "},
      {"phone", "+84 912 345 678"}, {"plate", "30a 12345"}, {"weight", "12,5"},
      {"extras", " post ; sms ;"},  {"not_a_field", "x"}};
  const mc::Answers visible = mc::visible_answers(form, answers);
  CHECK(visible == mc::Answers{{"reason", "old"},
                               {"name", "Nguyễn Văn A"},
                               {"phone", "0912345678"},
                               {"plate", "30A-123.45"},
                               {"weight", "12.5"},
                               {"extras", "post;sms"}});
  // Invalid input is kept as typed (trimmed), never silently changed.
  CHECK(mc::visible_answers(form, {{"phone", " 12 "}}).at("phone") == "12");
}

TEST_CASE("prefill from the ID card fills empty answers only", "[form][prefill]") {
  const json form_json = json::parse(R"({"groups": [{"id": "g", "title": {"vi": "Người nộp"}, "fields": [
    {"id": "name", "type": "text", "label": {"vi": "Họ tên"}, "prefill": "full_name"},
    {"id": "id", "type": "id_number", "label": {"vi": "Số định danh"}, "prefill": "id_number"},
    {"id": "old_id", "type": "text", "label": {"vi": "Số CMND"}, "prefill": "old_id_number"},
    {"id": "dob", "type": "date", "label": {"vi": "Ngày sinh"}, "prefill": "date_of_birth"},
    {"id": "sex_text", "type": "text", "label": {"vi": "Giới tính"}, "prefill": "sex"},
    {"id": "sex_choice", "type": "single_choice", "label": {"vi": "Giới tính"}, "prefill": "sex",
     "options": [{"value": "1", "label": {"vi": "Nam", "en": "Male"}}, {"value": "2", "label": {"vi": "Nữ", "en": "Female"}}]},
    {"id": "address", "type": "long_text", "label": {"vi": "Nơi thường trú"}, "prefill": "address"},
    {"id": "phone", "type": "phone", "label": {"vi": "Điện thoại"}}
  ]}]})");
  const auto form = parse_ok(form_json);
  mc::CitizenIdentity citizen;
  citizen.id_number = "001099012345";
  citizen.full_name = "Nguyễn Văn A";
  citizen.date_of_birth = mc::Date{1999, 3, 15};
  citizen.sex = mc::Sex::Female;
  citizen.address = "Số 1 Đường ABC, Phường X, TP Z";

  const mc::Answers filled = mc::prefill_from_identity(form, citizen, {{"name", "Trần Thị B"}, {"address", "  "}});
  CHECK(filled.at("name") == "Trần Thị B");  // typed by the citizen: kept
  CHECK(filled.at("id") == "001099012345");
  CHECK(filled.count("old_id") == 0);  // the card has no old number
  CHECK(filled.at("dob") == "1999-03-15");
  CHECK(filled.at("sex_text") == "Nữ");
  CHECK(filled.at("sex_choice") == "2");
  CHECK(filled.at("address") == "Số 1 Đường ABC, Phường X, TP Z");  // blank counts as empty
  CHECK(filled.count("phone") == 0);
  CHECK(mc::validate_form(form, filled, kToday).empty());

  citizen.sex = mc::Sex::Male;
  citizen.old_id_number = "012345678";
  const mc::Answers male = mc::prefill_from_identity(form, citizen, {});
  CHECK(male.at("sex_text") == "Nam");
  CHECK(male.at("sex_choice") == "1");
  CHECK(male.at("old_id") == "012345678");

  // Nothing known about sex or birth date: nothing invented.
  mc::CitizenIdentity unknown;
  unknown.full_name = "Nguyễn Văn A";
  const mc::Answers sparse = mc::prefill_from_identity(form, unknown, {});
  CHECK(sparse.count("sex_text") == 0);
  CHECK(sparse.count("sex_choice") == 0);
  CHECK(sparse.count("dob") == 0);
  CHECK(sparse.at("name") == "Nguyễn Văn A");
}

TEST_CASE("prefill picks a sex option by folded value when labels do not say it", "[form][prefill]") {
  const auto form = parse_ok(one_group(json::array(
      {field_json("sex", "single_choice",
                  {{"prefill", "sex"},
                   {"options", json::array({json{{"value", "nu"}, {"label", {{"vi", "Phái nữ"}}}},
                                            json{{"value", "nam"}, {"label", {{"vi", "Phái nam"}}}}})}})})));
  mc::CitizenIdentity citizen;
  citizen.sex = mc::Sex::Female;
  CHECK(mc::prefill_from_identity(form, citizen, {}).at("sex") == "nu");
}

TEST_CASE("phone numbers are normalised to the national form", "[form][normalize]") {
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"0912345678", "0912345678"},
      {"+84912345678", "0912345678"},
      {"84 912 345 678", "0912345678"},
      {"+84 912 345 678", "0912345678"},
      {"091.234.5678", "0912345678"},
      {"091-234-5678", "0912345678"},
      {"+84 (0) 912 345 678", "0912345678"},
      {"+84 24 3812 3456", "02438123456"},
      {"  0312345678 ", "0312345678"},
      {"hello", "hello"},
      {" 12345 ", "12345"},
  };
  for (const auto& [input, expected] : cases) {
    INFO(input);
    CHECK(mc::normalize_phone(input) == expected);
  }
}

TEST_CASE("vehicle plates are normalised to the canonical form", "[form][normalize]") {
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"30a12345", "30A-123.45"},       {"30A-123.45", "30A-123.45"},   {"29A-12345", "29A-123.45"},
      {"51f 999 99", "51F-999.99"},     {"29LD-123.45", "29LD-123.45"}, {"29ld12345", "29LD-123.45"},
      {"29-B1 123.45", "29-B1 123.45"}, {"29b112345", "29-B1 123.45"},  {"29 - b1 - 12345", "29-B1 123.45"},
      {"29A-1234", "29A-1234"},         {"29-B1 1234", "29-B1 1234"},   {"not a plate", "not a plate"},
  };
  for (const auto& [input, expected] : cases) {
    INFO(input);
    CHECK(mc::normalize_plate(input) == expected);
  }
}

TEST_CASE("every shipped catalog form parses cleanly and accepts its own prefill", "[form][spec][assets]") {
  const std::filesystem::path catalog_dir = std::filesystem::path(MC_TEST_ASSETS_DIR) / "catalog";
  REQUIRE(std::filesystem::is_directory(catalog_dir));
  mc::CitizenIdentity citizen;
  citizen.id_number = "001099012345";
  citizen.full_name = "Nguyễn Văn A";
  citizen.date_of_birth = mc::Date{1999, 3, 15};
  citizen.sex = mc::Sex::Male;
  citizen.address = "Số 1 Đường ABC, Phường X, TP Z";
  int forms = 0;
  for (const auto& entry : std::filesystem::directory_iterator(catalog_dir)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    const json procedure = json::parse(in, nullptr, false);
    if (procedure.is_discarded() || !procedure.contains("form")) continue;
    INFO(entry.path().filename().string());
    std::vector<mc::SpecIssue> issues;
    auto form = mc::parse_form_spec(procedure["form"], "form", issues);
    INFO(describe(issues));
    REQUIRE(form);
    CHECK(issues.empty());
    ++forms;
    // What the ID card fills in must pass the form's own checks (e.g. a birth date bounded by "today").
    const mc::Answers prefilled = mc::prefill_from_identity(*form, citizen, {});
    for (const auto& error : mc::validate_form(*form, prefilled, kToday)) {
      INFO(error.message.en);
      CHECK(prefilled.count(error.field_id) == 0);
    }
  }
  CHECK(forms > 0);
}

TEST_CASE("stored answers read as a person wrote them", "[form]") {
  mc::FieldSpec reason;
  reason.type = mc::FieldType::SingleChoice;
  reason.options = {{"lost", {"Bị mất", "Lost"}}, {"damaged", {"Bị hỏng", "Damaged"}}};
  CHECK(mc::answer_display_text(reason, "damaged", mc::Lang::Vi) == "Bị hỏng");
  CHECK(mc::answer_display_text(reason, "damaged", mc::Lang::En) == "Damaged");
  CHECK(mc::answer_display_text(reason, "stolen", mc::Lang::Vi) == "stolen");  // unknown code: as stored
  mc::FieldSpec papers = reason;
  papers.type = mc::FieldType::MultipleChoice;
  CHECK(mc::answer_display_text(papers, "lost;damaged", mc::Lang::Vi) == "Bị mất, Bị hỏng");
  mc::FieldSpec consent;
  consent.type = mc::FieldType::Consent;
  CHECK(mc::answer_display_text(consent, "true", mc::Lang::Vi) == "Có");
  CHECK(mc::answer_display_text(consent, "false", mc::Lang::En) == "No");
  mc::FieldSpec date;
  date.type = mc::FieldType::Date;
  CHECK(mc::answer_display_text(date, "1999-03-15", mc::Lang::Vi) == "15/03/1999");
  mc::FieldSpec text;
  CHECK(mc::answer_display_text(text, "AB123456", mc::Lang::Vi) == "AB123456");
}
