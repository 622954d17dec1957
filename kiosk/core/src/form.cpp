#include "mc/core/form.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <unordered_map>
#include "mc/core/messages.hpp"
#include "mc/core/text.hpp"

namespace mc {

namespace {

using nlohmann::json;

struct FieldTypeName {
  FieldType type;
  const char* name;
};
constexpr FieldTypeName kFieldTypeNames[] = {
    {FieldType::Text, "text"},
    {FieldType::LongText, "long_text"},
    {FieldType::Integer, "integer"},
    {FieldType::Decimal, "decimal"},
    {FieldType::Date, "date"},
    {FieldType::SingleChoice, "single_choice"},
    {FieldType::MultipleChoice, "multiple_choice"},
    {FieldType::Phone, "phone"},
    {FieldType::Email, "email"},
    {FieldType::IdNumber, "id_number"},
    {FieldType::VehiclePlate, "vehicle_plate"},
    {FieldType::Consent, "consent"},
};

struct PrefillName {
  PrefillSource source;
  const char* name;
};
constexpr PrefillName kPrefillNames[] = {
    {PrefillSource::FullName, "full_name"},
    {PrefillSource::IdNumber, "id_number"},
    {PrefillSource::OldIdNumber, "old_id_number"},
    {PrefillSource::DateOfBirth, "date_of_birth"},
    {PrefillSource::Sex, "sex"},
    {PrefillSource::Address, "address"},
};

struct RecordSlotName {
  RecordSlot slot;
  const char* name;
};
constexpr RecordSlotName kRecordSlotNames[] = {
    {RecordSlot::ResultDelivery, "result_delivery"},
    {RecordSlot::PostalAddress, "postal_address"},
};

bool is_choice(FieldType type) {
  return type == FieldType::SingleChoice || type == FieldType::MultipleChoice;
}
bool is_number(FieldType type) {
  return type == FieldType::Integer || type == FieldType::Decimal;
}
// Length and pattern constraints make sense for answers the citizen types.
bool is_typed(FieldType type) {
  return !is_choice(type) && type != FieldType::Consent && type != FieldType::Date;
}

// Collects issues while walking the JSON; any non-warning issue makes the form unusable.
class SpecChecker {
 public:
  explicit SpecChecker(std::vector<SpecIssue>& issues) : issues_(issues) {}

  void error(const std::string& path, const std::string& reason) {
    issues_.push_back({path, reason, false});
    fatal_ = true;
  }
  void warning(const std::string& path, const std::string& reason) { issues_.push_back({path, reason, true}); }
  bool fatal() const { return fatal_; }

  // Reports keys outside `known` (typos such as "requried" would otherwise be ignored silently).
  void check_keys(const json& object, const std::string& path, std::initializer_list<const char*> known) {
    for (const auto& [key, value] : object.items()) {
      // (An init-capture: clang 14, which builds the fuzz targets, cannot capture a structured binding.)
      const bool is_known = std::any_of(known.begin(), known.end(), [&key = key](const char* k) { return key == k; });
      if (!is_known) warning(path + "." + key, "unknown key '" + key + "' (ignored)");
    }
  }

  std::optional<std::string> string_member(const json& object, const std::string& path, const char* key,
                                           bool required) {
    auto it = object.find(key);
    if (it == object.end()) {
      if (required) error(path + "." + key, std::string("missing required key '") + key + "'");
      return std::nullopt;
    }
    if (!it->is_string()) {
      error(path + "." + key, "must be a string");
      return std::nullopt;
    }
    return to_nfc(it->get<std::string>());
  }

  std::optional<LocalizedText> localized_member(const json& object, const std::string& path, const char* key,
                                                bool required) {
    auto it = object.find(key);
    const std::string here = path + "." + key;
    if (it == object.end()) {
      if (required) error(here, std::string("missing required key '") + key + "' ({\"vi\": ..., \"en\": ...})");
      return std::nullopt;
    }
    if (!it->is_object()) {
      error(here, "must be an object {\"vi\": ..., \"en\": ...}");
      return std::nullopt;
    }
    check_keys(*it, here, {"vi", "en"});
    LocalizedText text;
    auto vi = string_member(*it, here, "vi", true);
    auto en = string_member(*it, here, "en", false);
    if (vi && trim(*vi).empty()) error(here + ".vi", "must not be empty");
    if (!vi) return std::nullopt;
    text.vi = *vi;
    if (en) text.en = *en;
    return text;
  }

  std::optional<bool> bool_member(const json& object, const std::string& path, const char* key) {
    auto it = object.find(key);
    if (it == object.end()) return std::nullopt;
    if (!it->is_boolean()) {
      error(path + "." + key, "must be true or false");
      return std::nullopt;
    }
    return it->get<bool>();
  }

  std::optional<int> length_member(const json& object, const std::string& path, const char* key) {
    auto it = object.find(key);
    if (it == object.end()) return std::nullopt;
    if (!it->is_number_integer() || it->get<int64_t>() < 0 || it->get<int64_t>() > 1000000) {
      error(path + "." + key, "must be a whole number of characters, 0 or more");
      return std::nullopt;
    }
    return static_cast<int>(it->get<int64_t>());
  }

  std::optional<double> number_member(const json& object, const std::string& path, const char* key, bool integral) {
    auto it = object.find(key);
    if (it == object.end()) return std::nullopt;
    if (!it->is_number()) {
      error(path + "." + key, "must be a number");
      return std::nullopt;
    }
    const double value = it->get<double>();
    if (!std::isfinite(value)) {
      error(path + "." + key, "must be a finite number");
      return std::nullopt;
    }
    if (integral && value != std::floor(value)) {
      error(path + "." + key, "must be a whole number for an integer field");
      return std::nullopt;
    }
    return value;
  }

  std::optional<std::string> date_bound_member(const json& object, const std::string& path, const char* key) {
    auto text = string_member(object, path, key, false);
    if (!text) return std::nullopt;
    if (*text != "today" && !Date::parse_iso(*text) && !parse_relative_date(*text)) {
      error(path + "." + key,
            "must be a real date YYYY-MM-DD, \"today\" or relative to it like \"today-12m\" (d, m or y), got '" +
                *text + "'");
      return std::nullopt;
    }
    return text;
  }

 private:
  std::vector<SpecIssue>& issues_;
  bool fatal_ = false;
};

bool is_valid_field_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.';
  });
}

std::optional<Date> resolve_date_bound(const std::optional<std::string>& bound, Date today) {
  if (!bound) return std::nullopt;
  if (*bound == "today") return today;
  if (auto relative = parse_relative_date(*bound)) return relative->from(today);
  return Date::parse_iso(*bound);
}

void parse_field(SpecChecker& check, const json& field_json, const std::string& path, FieldSpec& field,
                 const std::map<std::string, const FieldSpec*>& earlier_fields) {
  if (!field_json.is_object()) {
    check.error(path, "a field must be an object");
    return;
  }
  check.check_keys(field_json, path,
                   {"id", "type", "label", "help", "required", "min_length", "max_length", "min", "max", "min_date",
                    "max_date", "pattern", "pattern_message", "options", "show_if", "prefill", "record"});

  if (auto id = check.string_member(field_json, path, "id", true)) {
    field.id = *id;
    if (!is_valid_field_id(field.id))
      check.error(path + ".id", "'" + field.id + "' is not a valid field id (1-64 of a-z A-Z 0-9 _ - .)");
  }
  bool type_known = false;
  if (auto type_name = check.string_member(field_json, path, "type", true)) {
    if (auto type = parse_field_type(*type_name)) {
      field.type = *type;
      type_known = true;
    } else {
      std::string names;
      for (const auto& entry : kFieldTypeNames) names += std::string(names.empty() ? "" : ", ") + entry.name;
      check.error(path + ".type", "unknown field type '" + *type_name + "' (expected one of: " + names + ")");
    }
  }
  if (auto label = check.localized_member(field_json, path, "label", true)) field.label = *label;
  if (auto help = check.localized_member(field_json, path, "help", false)) field.help = *help;
  if (auto required = check.bool_member(field_json, path, "required")) field.required = *required;

  // Constraints, each only where it means something for the type.
  const auto type_name = std::string(field_type_name(field.type));
  auto not_for_type = [&](const char* key) {
    check.error(path + "." + key, std::string("'") + key + "' does not apply to a field of type " + type_name);
  };
  field.min_length = check.length_member(field_json, path, "min_length");
  field.max_length = check.length_member(field_json, path, "max_length");
  if (type_known && !is_typed(field.type)) {
    if (field.min_length) not_for_type("min_length");
    if (field.max_length) not_for_type("max_length");
  }
  if (field.min_length && field.max_length && *field.min_length > *field.max_length)
    check.error(path + ".min_length", "min_length " + std::to_string(*field.min_length) +
                                          " is greater than max_length " + std::to_string(*field.max_length));

  const bool integral = field.type == FieldType::Integer;
  field.min = check.number_member(field_json, path, "min", integral);
  field.max = check.number_member(field_json, path, "max", integral);
  if (type_known && !is_number(field.type)) {
    if (field.min) not_for_type("min");
    if (field.max) not_for_type("max");
  }
  if (field.min && field.max && *field.min > *field.max) check.error(path + ".min", "min is greater than max");

  field.min_date = check.date_bound_member(field_json, path, "min_date");
  field.max_date = check.date_bound_member(field_json, path, "max_date");
  if (type_known && field.type != FieldType::Date) {
    if (field.min_date) not_for_type("min_date");
    if (field.max_date) not_for_type("max_date");
  }
  if (field.min_date && field.max_date && Date::parse_iso(*field.min_date) && Date::parse_iso(*field.max_date) &&
      *Date::parse_iso(*field.min_date) > *Date::parse_iso(*field.max_date))
    check.error(path + ".min_date", "min_date is after max_date");

  field.pattern = check.string_member(field_json, path, "pattern", false);
  if (field.pattern) {
    if (type_known && !is_typed(field.type)) not_for_type("pattern");
    try {
      std::regex compiled(*field.pattern, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      check.error(path + ".pattern", "invalid regular expression '" + *field.pattern + "': " + e.what());
      field.pattern.reset();
    }
  }
  if (auto message = check.localized_member(field_json, path, "pattern_message", false)) {
    field.pattern_message = *message;
    if (!field_json.contains("pattern")) check.warning(path + ".pattern_message", "pattern_message without a pattern");
  }

  // Options: choice types need them; their values travel in answers joined by ';'.
  if (auto it = field_json.find("options"); it != field_json.end()) {
    const std::string options_path = path + ".options";
    if (type_known && !is_choice(field.type)) not_for_type("options");
    if (!it->is_array()) {
      check.error(options_path, "must be an array of {\"value\", \"label\"}");
    } else {
      std::set<std::string> values;
      for (size_t i = 0; i < it->size(); ++i) {
        const std::string option_path = options_path + "[" + std::to_string(i) + "]";
        const json& option_json = (*it)[i];
        if (!option_json.is_object()) {
          check.error(option_path, "an option must be an object {\"value\", \"label\"}");
          continue;
        }
        check.check_keys(option_json, option_path, {"value", "label"});
        ChoiceOption option;
        if (auto value = check.string_member(option_json, option_path, "value", true)) {
          option.value = *value;
          if (trim(option.value).empty() || trim(option.value) != option.value)
            check.error(option_path + ".value", "must not be empty or start/end with spaces");
          else if (option.value.find(';') != std::string::npos)
            check.error(option_path + ".value", "must not contain ';' (it separates multiple choices)");
          else if (!values.insert(option.value).second)
            check.error(option_path + ".value", "duplicate option value '" + option.value + "'");
        }
        if (auto label = check.localized_member(option_json, option_path, "label", true)) option.label = *label;
        field.options.push_back(std::move(option));
      }
    }
  }
  if (type_known && is_choice(field.type) && field.options.empty() && !field_json.contains("options"))
    check.error(path + ".options", "a " + type_name + " field needs a non-empty 'options' array");
  else if (type_known && is_choice(field.type) && field.options.empty())
    check.error(path + ".options", "a " + type_name + " field needs at least one option");

  // show_if may only look back: the controlling field must be defined earlier in the form, which also rules
  // out cycles and lets visibility be resolved in one pass in form order.
  if (auto it = field_json.find("show_if"); it != field_json.end()) {
    const std::string show_path = path + ".show_if";
    if (!it->is_object()) {
      check.error(show_path, "must be an object {\"field\": ..., \"equals\": [...]}");
    } else {
      check.check_keys(*it, show_path, {"field", "equals"});
      ShowIf show_if;
      const FieldSpec* controlling = nullptr;
      if (auto other = check.string_member(*it, show_path, "field", true)) {
        show_if.field = *other;
        auto found = earlier_fields.find(*other);
        if (*other == field.id)
          check.error(show_path + ".field", "a field cannot depend on itself");
        else if (found == earlier_fields.end())
          check.error(show_path + ".field", "refers to '" + *other + "', which is not a field defined before this one");
        else
          controlling = found->second;
      }
      auto equals = it->find("equals");
      if (equals == it->end()) {
        check.error(show_path + ".equals", "missing required key 'equals'");
      } else if (!equals->is_array() || equals->empty()) {
        check.error(show_path + ".equals", "must be a non-empty array of answer values");
      } else {
        for (size_t i = 0; i < equals->size(); ++i) {
          const std::string value_path = show_path + ".equals[" + std::to_string(i) + "]";
          if (!(*equals)[i].is_string() || trim((*equals)[i].get<std::string>()).empty()) {
            check.error(value_path, "must be a non-empty string");
            continue;
          }
          const std::string value = to_nfc((*equals)[i].get<std::string>());
          if (controlling && is_choice(controlling->type) &&
              std::none_of(controlling->options.begin(), controlling->options.end(),
                           [&](const ChoiceOption& o) { return o.value == value; }))
            check.error(value_path, "'" + value + "' is not an option value of field '" + controlling->id + "'");
          if (controlling && controlling->type == FieldType::Consent && value != "true")
            check.error(value_path, "a consent field's answer is \"true\" when given");
          show_if.equals.push_back(value);
        }
      }
      field.show_if = std::move(show_if);
    }
  }

  if (auto prefill = check.string_member(field_json, path, "prefill", false)) {
    auto found = std::find_if(std::begin(kPrefillNames), std::end(kPrefillNames),
                              [&](const PrefillName& p) { return *prefill == p.name; });
    if (found == std::end(kPrefillNames)) {
      check.error(path + ".prefill", "unknown prefill source '" + *prefill +
                                         "' (expected full_name, id_number, old_id_number, date_of_birth, sex or "
                                         "address)");
    } else {
      field.prefill = found->source;
      const bool fits = field.type == FieldType::Text || field.type == FieldType::LongText ||
                        (field.prefill == PrefillSource::DateOfBirth && field.type == FieldType::Date) ||
                        ((field.prefill == PrefillSource::IdNumber || field.prefill == PrefillSource::OldIdNumber) &&
                         (field.type == FieldType::IdNumber || field.type == FieldType::Integer)) ||
                        (field.prefill == PrefillSource::Sex && field.type == FieldType::SingleChoice);
      if (type_known && !fits)
        check.error(path + ".prefill", "prefill '" + *prefill + "' does not fit a field of type " + type_name);
      if (type_known && fits && field.prefill == PrefillSource::Sex && field.type == FieldType::SingleChoice) {
        const bool has_sex_options = std::any_of(field.options.begin(), field.options.end(), [](const ChoiceOption& o) {
          return parse_sex(o.value) || parse_sex(o.label.vi) || parse_sex(o.label.en);
        });
        if (!has_sex_options)
          check.warning(path + ".prefill", "no option reads as Nam/Nữ (male/female): sex will not be prefilled");  // i18n-exempt: a loader warning for IT officers (Nam/Nữ are the card's values)
      }
    }
  }
  if (auto record = check.string_member(field_json, path, "record", false)) {
    auto found = std::find_if(std::begin(kRecordSlotNames), std::end(kRecordSlotNames),
                              [&](const RecordSlotName& r) { return *record == r.name; });
    if (found == std::end(kRecordSlotNames)) {
      check.error(path + ".record", "unknown record slot '" + *record + "' (expected result_delivery or postal_address)");
    } else {
      field.record = found->slot;
      if (field.record == RecordSlot::ResultDelivery) {
        const bool known_values = std::all_of(field.options.begin(), field.options.end(), [](const ChoiceOption& o) {
          return o.value == "in_person" || o.value == "post";
        });
        if (type_known && (field.type != FieldType::SingleChoice || !known_values))
          check.error(path + ".record",
                      "result_delivery needs a single_choice field with options \"in_person\" and \"post\"");
      } else if (type_known && field.type != FieldType::Text && field.type != FieldType::LongText) {
        check.error(path + ".record", "postal_address needs a text or long_text field");
      }
    }
  }
}

// --- Answers and visibility -------------------------------------------------------------------------------

std::string clean_answer(std::string_view raw) {
  return trim(to_nfc(raw));
}

std::string answer_of(const Answers& answers, const std::string& field_id) {
  auto it = answers.find(field_id);
  return it == answers.end() ? std::string() : clean_answer(it->second);
}

// Multiple-choice answers: option values joined by ';' (empty segments are ignored).
std::vector<std::string> split_choices(const std::string& answer) {
  std::vector<std::string> values;
  for (auto& part : split(answer, ';')) {
    std::string value = trim(part);
    if (!value.empty()) values.push_back(std::move(value));
  }
  return values;
}

bool condition_holds(const ShowIf& show_if, const Answers& answers) {
  const std::string other = answer_of(answers, show_if.field);
  if (other.empty()) return false;
  auto listed = [&](const std::string& value) {
    return std::find(show_if.equals.begin(), show_if.equals.end(), value) != show_if.equals.end();
  };
  if (listed(other)) return true;
  // Option values never contain ';' (the spec parser makes sure), so a multiple-choice answer shows the field
  // when it contains one of the listed values.
  if (other.find(';') == std::string::npos) return false;
  const auto values = split_choices(other);
  return std::any_of(values.begin(), values.end(), listed);
}

// The answers as the citizen sees them: walking fields in form order (show_if only looks back), a hidden
// field's answer is removed, so a field controlled by a hidden field is hidden too.
template <typename FieldRange>
Answers effective_answers(const FieldRange& fields, Answers answers) {
  for (const FieldSpec* field : fields)
    if (field->show_if && !condition_holds(*field->show_if, answers)) answers.erase(field->id);
  return answers;
}

std::vector<const FieldSpec*> fields_of(const FormSpec& form) {
  std::vector<const FieldSpec*> fields;
  for (const auto& group : form.groups)
    for (const auto& field : group.fields) fields.push_back(&field);
  return fields;
}

std::vector<const FieldSpec*> fields_of(const FieldGroup& group) {
  std::vector<const FieldSpec*> fields;
  for (const auto& field : group.fields) fields.push_back(&field);
  return fields;
}

// --- Messages ------------------------------------------------------------------------------------------------

// Numbers as each language writes them: 135.000 and 12,5 in Vietnamese; 135,000 and 12.5 in English.
// Four-digit numbers stay ungrouped: most bounds of that size are years ("từ 1950 đến 2100").
std::string format_number(double value, Lang lang) {
  char buffer[512];  // "%.6f" of the largest double fits
  std::snprintf(buffer, sizeof buffer, "%.6f", std::fabs(value));
  std::string text = buffer;
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  const size_t dot = text.find('.');
  std::string whole = text.substr(0, dot), fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
  const char group_separator = lang == Lang::Vi ? '.' : ',';
  std::string grouped;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (whole.size() > 4 && i > 0 && (whole.size() - i) % 3 == 0) grouped.push_back(group_separator);
    grouped.push_back(whole[i]);
  }
  if (!fraction.empty()) grouped += (lang == Lang::Vi ? "," : ".") + fraction;
  return (value < 0 && grouped != "0" ? "-" : "") + grouped;
}

// "<label>: <what is wrong>" in both languages; the problem's text comes from assets/i18n ("form.error.*").
ValidationError make_error(const FieldSpec& field, ValidationCode code, const LocalizedText& problem) {
  const std::string& label_en = field.label.en.empty() ? field.label.vi : field.label.en;
  return ValidationError{field.id, code,
                         LocalizedText{field.label.vi + ": " + problem.vi, label_en + ": " + problem.get(Lang::En)}};
}

// A number written the way each language writes it (12,5 / 12.5).
LocalizedText localized_number(double value) {
  return {format_number(value, Lang::Vi), format_number(value, Lang::En)};
}

std::optional<ValidationError> range_error(const FieldSpec& field, double value) {
  const bool below = field.min && value < *field.min;
  const bool above = field.max && value > *field.max;
  if (!below && !above) return std::nullopt;
  if (field.min && field.max)
    return make_error(field, ValidationCode::OutOfRange,
                      message("form.error.between",
                              {{"min", localized_number(*field.min)}, {"max", localized_number(*field.max)}}));
  if (below)
    return make_error(field, ValidationCode::OutOfRange,
                      message("form.error.at_least", {{"min", localized_number(*field.min)}}));
  return make_error(field, ValidationCode::OutOfRange,
                    message("form.error.at_most", {{"max", localized_number(*field.max)}}));
}

// --- Type checks ----------------------------------------------------------------------------------------------

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), is_digit);
}

// Optional sign, then digits only. Returns the value (as a double: only compared with the bounds).
std::optional<double> parse_integer(const std::string& text) {
  std::string_view digits = text;
  if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) digits.remove_prefix(1);
  if (!all_digits(digits)) return std::nullopt;
  return std::strtod(text.c_str(), nullptr);
}

// Optional sign, digits, optionally one '.' or ',' followed by digits. Returns the canonical text ("12.5").
std::optional<std::string> canonical_decimal(const std::string& text) {
  std::string_view rest = text;
  std::string out;
  if (!rest.empty() && (rest[0] == '+' || rest[0] == '-')) {
    if (rest[0] == '-') out.push_back('-');
    rest.remove_prefix(1);
  }
  const size_t separator = rest.find_first_of(".,");
  std::string_view whole = rest.substr(0, separator);
  if (!all_digits(whole)) return std::nullopt;
  out += whole;
  if (separator != std::string_view::npos) {
    std::string_view fraction = rest.substr(separator + 1);
    if (!all_digits(fraction)) return std::nullopt;
    out += ".";
    out += fraction;
  }
  return out;
}

// Vietnamese numbers: mobile 03/05/07/08/09 + 8 digits; landline 02x + 8 digits (11 digits in all).
std::optional<std::string> canonical_phone(std::string_view text) {
  std::string digits;
  bool international = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (is_digit(c)) {
      digits.push_back(c);
    } else if (c == '+' && digits.empty() && !international) {
      international = true;
    } else if (c != ' ' && c != '.' && c != '-' && c != '(' && c != ')') {
      return std::nullopt;
    }
  }
  if (digits.rfind("0084", 0) == 0) {
    digits = digits.substr(4);
  } else if (international) {
    if (digits.rfind("84", 0) != 0) return std::nullopt;  // only Vietnamese numbers
    digits = digits.substr(2);
  } else if (digits.rfind("84", 0) == 0 && (digits.size() == 11 || digits.size() == 12)) {
    digits = digits.substr(2);  // "84 912 345 678": the country code without '+'
  }
  if (digits.empty()) return std::nullopt;
  if (digits[0] != '0') digits.insert(digits.begin(), '0');  // "+84 912..." drops the trunk 0
  if (digits.size() == 10 && std::string_view("35789").find(digits[1]) != std::string_view::npos) return digits;
  if (digits.size() == 11 && digits[1] == '2') return digits;
  return std::nullopt;
}

bool is_valid_email(const std::string& text) {
  if (text.size() > 254) return false;
  const size_t at = text.find('@');
  if (at == std::string::npos || at == 0 || text.find('@', at + 1) != std::string::npos) return false;
  for (unsigned char c : text)
    if (c <= ' ' || c == 0x7F || c == ',' || c == ';' || c == '<' || c == '>' || c == '(' || c == ')') return false;
  const std::string local = text.substr(0, at), domain = text.substr(at + 1);
  if (local.size() > 64 || local.front() == '.' || local.back() == '.' || local.find("..") != std::string::npos)
    return false;
  const size_t last_dot = domain.rfind('.');
  if (last_dot == std::string::npos || domain.front() == '.' || domain.front() == '-' ||
      domain.find("..") != std::string::npos || domain.size() - last_dot - 1 < 2)
    return false;
  return true;
}

// Province (and centrally-run city) codes of the CCCD number: the statistics office's 63 province codes
// (Thông tư 07/2016/TT-BCA, appendix I), which the 2025 province mergers did not renumber on issued cards.
bool is_province_code(int code) {
  static const std::set<int> kCodes = {1,  2,  4,  6,  8,  10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25,
                                       26, 27, 30, 31, 33, 34, 35, 36, 37, 38, 40, 42, 44, 45, 46, 48,
                                       49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74, 75,
                                       77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96};
  return kCodes.count(code) > 0;
}

bool is_plate_letter(char c) {
  return c >= 'A' && c <= 'Z';
}

// Vietnamese plates, canonical forms:
//   car        30A-123.45, 29LD-123.45, older 4-digit 29A-1234
//   motorbike  29-B1 123.45, 29-AA 123.45, older 4-digit 29-B1 1234
// Province codes are 11..99. Without separators ("30a12345") a car plate is assumed; a separator right after
// the two province digits ("29-B1 ...", "29 B1 ...") marks a motorbike plate.
std::optional<std::string> canonical_plate(std::string_view text) {
  std::string compact;
  bool separator_after_province = false;
  bool has_dot = false;  // the dot only appears in 5-digit numbers ("123.45"): "30A-123.4" is a typo, not 30A-1234
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (is_digit(c) || is_plate_letter(c)) {
      compact.push_back(c);
    } else if (c == ' ' || c == '-' || c == '.') {
      if (compact.size() == 2) separator_after_province = true;
      if (c == '.') has_dot = true;
    } else {
      return std::nullopt;
    }
  }
  if (compact.size() < 7 || !is_digit(compact[0]) || !is_digit(compact[1])) return std::nullopt;
  const int province = (compact[0] - '0') * 10 + (compact[1] - '0');
  if (province < 11) return std::nullopt;
  const std::string province_text = compact.substr(0, 2);
  auto number_text = [&](std::string_view number) -> std::optional<std::string> {
    if (!all_digits(number)) return std::nullopt;
    if (number.size() == 5) return std::string(number.substr(0, 3)) + "." + std::string(number.substr(3));
    if (number.size() == 4 && !has_dot) return std::string(number);
    return std::nullopt;
  };
  auto as_car = [&]() -> std::optional<std::string> {
    size_t letters = 0;
    while (2 + letters < compact.size() && is_plate_letter(compact[2 + letters])) ++letters;
    if (letters < 1 || letters > 2) return std::nullopt;
    auto number = number_text(std::string_view(compact).substr(2 + letters));
    if (!number) return std::nullopt;
    return province_text + compact.substr(2, letters) + "-" + *number;
  };
  auto as_motorbike = [&]() -> std::optional<std::string> {
    if (compact.size() < 4 || !is_plate_letter(compact[2]) || !(is_plate_letter(compact[3]) || is_digit(compact[3])))
      return std::nullopt;
    auto number = number_text(std::string_view(compact).substr(4));
    if (!number) return std::nullopt;
    return province_text + "-" + compact.substr(2, 2) + " " + *number;
  };
  if (separator_after_province) {
    if (auto plate = as_motorbike()) return plate;
    return as_car();
  }
  if (auto plate = as_car()) return plate;
  return as_motorbike();
}

// Compiled patterns are cached: validation runs on every keystroke.
bool pattern_matches(const std::string& pattern, const std::string& text) {
  static std::mutex mutex;
  static std::unordered_map<std::string, std::regex> cache;
  std::lock_guard lock(mutex);
  auto it = cache.find(pattern);
  if (it == cache.end()) {
    try {
      it = cache.emplace(pattern, std::regex(pattern, std::regex::ECMAScript)).first;
    } catch (const std::regex_error&) {
      return true;  // parse_form_spec rejects such patterns; a spec built in code is not the citizen's fault
    }
  }
  return std::regex_match(text, it->second);
}

std::optional<ValidationError> check_answer(const FieldSpec& field, const std::string& value, Date today) {
  using VC = ValidationCode;
  if (field.type == FieldType::Consent) {
    if (field.required && value != "true")
      return make_error(field, VC::ConsentRequired, message("form.error.consent"));
    return std::nullopt;
  }
  if (value.empty()) {
    if (!field.required) return std::nullopt;
    if (field.type == FieldType::SingleChoice)
      return make_error(field, VC::Required, message("form.error.choose_one"));
    if (field.type == FieldType::MultipleChoice)
      return make_error(field, VC::Required, message("form.error.choose_some"));
    return make_error(field, VC::Required, message("form.error.required"));
  }

  switch (field.type) {
    case FieldType::Text:
    case FieldType::LongText:
    case FieldType::Consent:
      break;
    case FieldType::Integer: {
      auto number = parse_integer(value);
      if (!number)
        return make_error(field, VC::NotANumber, message("form.error.integer"));
      if (auto error = range_error(field, *number)) return error;
      break;
    }
    case FieldType::Decimal: {
      auto canonical = canonical_decimal(value);
      if (!canonical)
        return make_error(field, VC::NotANumber, message("form.error.decimal"));
      if (auto error = range_error(field, std::strtod(canonical->c_str(), nullptr))) return error;
      break;
    }
    case FieldType::Date: {
      auto date = Date::parse_iso(value);
      if (!date) return make_error(field, VC::BadDate, message("form.error.date"));
      auto min = resolve_date_bound(field.min_date, today), max = resolve_date_bound(field.max_date, today);
      // "hôm nay" / "today", or the date as each language writes it.
      auto bound = [&](const std::optional<std::string>& spec, Date d) -> LocalizedText {
        if (*spec == "today") return message("form.date.today");
        // A relative bound ("within 12 months") is named by the day it falls on today, which the citizen can
        // check against the paper in hand.
        return message("form.date.day", {{"date", LocalizedText{d.dmy(), d.iso()}}});
      };
      if ((min && *date < *min) || (max && *date > *max)) {
        if (min && max)
          return make_error(field, VC::DateOutOfRange,
                            message("form.error.between",
                                    {{"min", bound(field.min_date, *min)}, {"max", bound(field.max_date, *max)}}));
        if (min)
          return make_error(field, VC::DateOutOfRange,
                            message("form.error.not_before", {{"date", bound(field.min_date, *min)}}));
        return make_error(field, VC::DateOutOfRange,
                          message("form.error.not_after", {{"date", bound(field.max_date, *max)}}));
      }
      break;
    }
    case FieldType::SingleChoice:
    case FieldType::MultipleChoice: {
      auto is_option = [&](const std::string& v) {
        return std::any_of(field.options.begin(), field.options.end(),
                           [&](const ChoiceOption& o) { return o.value == v; });
      };
      const std::vector<std::string> values =
          field.type == FieldType::SingleChoice ? std::vector<std::string>{value} : split_choices(value);
      if (values.empty() && field.required)
        return make_error(field, VC::Required, message("form.error.choose_some"));
      std::set<std::string> seen;
      for (const auto& v : values) {
        if (!is_option(v))
          return make_error(field, VC::NotAnOption, message("form.error.not_an_option"));
        if (!seen.insert(v).second)
          return make_error(field, VC::NotAnOption, message("form.error.repeated_choice"));
      }
      break;
    }
    case FieldType::Phone:
      if (!canonical_phone(value))
        return make_error(field, VC::BadPhone, message("form.error.phone"));
      break;
    case FieldType::Email:
      if (!is_valid_email(value))
        return make_error(field, VC::BadEmail, message("form.error.email"));
      break;
    case FieldType::IdNumber:
      if (value.size() != 12 || !all_digits(value))
        return make_error(field, VC::BadIdNumber, message("form.error.id_number"));
      if (!is_province_code(std::stoi(value.substr(0, 3))))
        return make_error(field, VC::BadIdNumber, message("form.error.id_province"));
      break;
    case FieldType::VehiclePlate:
      if (!canonical_plate(value))
        return make_error(field, VC::BadPlate, message("form.error.plate"));
      break;
  }

  if (is_typed(field.type)) {
    // Length and pattern see what will be stored: the canonical phone, plate or decimal, not how it was typed.
    std::optional<std::string> canonical;
    if (field.type == FieldType::Phone) canonical = canonical_phone(value);
    if (field.type == FieldType::VehiclePlate) canonical = canonical_plate(value);
    if (field.type == FieldType::Decimal) canonical = canonical_decimal(value);
    const std::string& stored = canonical ? *canonical : value;
    const auto length = static_cast<int>(to_u32(stored).size());
    if (field.min_length && length < *field.min_length)
      return make_error(field, VC::TooShort,
                        message("form.error.too_short", {{"n", std::to_string(*field.min_length)}}));
    if (field.max_length && length > *field.max_length)
      return make_error(field, VC::TooLong, message("form.error.too_long", {{"n", std::to_string(*field.max_length)}}));
    if (field.pattern && !pattern_matches(*field.pattern, stored)) {
      if (!field.pattern_message.vi.empty())
        return make_error(field, VC::PatternMismatch, field.pattern_message);
      return make_error(field, VC::PatternMismatch, message("form.error.pattern"));
    }
  }
  return std::nullopt;
}

template <typename FieldRange>
std::vector<ValidationError> validate_fields(const FieldRange& fields, const Answers& effective, Date today) {
  std::vector<ValidationError> errors;
  for (const FieldSpec* field : fields) {
    if (field->show_if && !condition_holds(*field->show_if, effective)) continue;
    if (auto error = check_answer(*field, answer_of(effective, field->id), today)) errors.push_back(std::move(*error));
  }
  return errors;
}

}  // namespace

std::optional<FieldType> parse_field_type(std::string_view name) {
  for (const auto& entry : kFieldTypeNames)
    if (name == entry.name) return entry.type;
  return std::nullopt;
}

const char* field_type_name(FieldType type) {
  for (const auto& entry : kFieldTypeNames)
    if (type == entry.type) return entry.name;
  return "unknown";
}

std::optional<RelativeDate> parse_relative_date(std::string_view text) {
  constexpr std::string_view kToday = "today";
  if (text.size() < kToday.size() + 3 || text.substr(0, kToday.size()) != kToday) return std::nullopt;
  text.remove_prefix(kToday.size());
  const char sign = text.front();
  if (sign != '+' && sign != '-') return std::nullopt;
  const char unit = text.back();
  if (unit != 'd' && unit != 'm' && unit != 'y') return std::nullopt;
  const std::string_view digits = text.substr(1, text.size() - 2);
  if (digits.empty() || digits.size() > 5 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  const int amount = std::stoi(std::string(digits));
  return RelativeDate{sign == '-' ? -amount : amount, unit};
}

Date RelativeDate::from(Date today) const {
  if (unit == 'd') return today.plus_days(amount);
  const int months = unit == 'y' ? amount * 12 : amount;
  const int index = today.year * 12 + (today.month - 1) + months;
  const int year = index / 12, month = index % 12 + 1;
  return Date{year, month, std::min(today.day, days_in_month(year, month))};
}

LocalizedText field_help(const FieldSpec& field) {
  if (field.type != FieldType::Date) return field.help;
  const LocalizedText format = message("form.date_hint");
  if (field.help.vi.empty()) return format;
  auto join = [](const std::string& help, const std::string& hint) { return help.empty() ? hint : help + " " + hint; };
  return {join(field.help.vi, format.vi), join(field.help.en, format.en)};
}

const char* record_slot_name(RecordSlot slot) {
  for (const auto& entry : kRecordSlotNames)
    if (entry.slot == slot) return entry.name;
  return "";
}

const FieldSpec* FormSpec::find(RecordSlot slot) const {
  if (slot == RecordSlot::None) return nullptr;
  for (const auto& group : groups)
    for (const auto& field : group.fields)
      if (field.record == slot) return &field;
  return nullptr;
}

const FieldSpec* FormSpec::find(std::string_view field_id) const {
  for (const auto& group : groups)
    for (const auto& field : group.fields)
      if (field.id == field_id) return &field;
  return nullptr;
}

std::optional<FormSpec> parse_form_spec(const nlohmann::json& json, const std::string& json_path,
                                        std::vector<SpecIssue>& issues) {
  SpecChecker check(issues);
  if (!json.is_object()) {
    check.error(json_path, "a form must be an object {\"groups\": [...]}");
    return std::nullopt;
  }
  check.check_keys(json, json_path, {"groups"});
  auto groups = json.find("groups");
  const std::string groups_path = json_path + ".groups";
  if (groups == json.end()) {
    check.error(groups_path, "missing required key 'groups'");
    return std::nullopt;
  }
  if (!groups->is_array() || groups->empty()) {
    check.error(groups_path, "must be a non-empty array of groups");
    return std::nullopt;
  }

  FormSpec form;
  form.groups.reserve(groups->size());  // pointers into fields are kept in `defined` below
  std::map<std::string, const FieldSpec*> defined;
  std::map<std::string, std::string> field_paths;
  std::set<std::string> group_ids;
  std::map<RecordSlot, std::string> record_paths;
  for (size_t g = 0; g < groups->size(); ++g) {
    const std::string group_path = groups_path + "[" + std::to_string(g) + "]";
    const nlohmann::json& group_json = (*groups)[g];
    if (!group_json.is_object()) {
      check.error(group_path, "a group must be an object {\"id\", \"title\", \"fields\"}");
      continue;
    }
    check.check_keys(group_json, group_path, {"id", "title", "fields"});
    FieldGroup& group = form.groups.emplace_back();
    if (auto id = check.string_member(group_json, group_path, "id", true)) {
      group.id = *id;
      if (!is_valid_field_id(group.id))
        check.error(group_path + ".id", "'" + group.id + "' is not a valid group id (1-64 of a-z A-Z 0-9 _ - .)");
      else if (!group_ids.insert(group.id).second)
        check.error(group_path + ".id", "duplicate group id '" + group.id + "'");
    }
    if (auto title = check.localized_member(group_json, group_path, "title", true)) group.title = *title;
    auto fields = group_json.find("fields");
    const std::string fields_path = group_path + ".fields";
    if (fields == group_json.end()) {
      check.error(fields_path, "missing required key 'fields'");
      continue;
    }
    if (!fields->is_array() || fields->empty()) {
      check.error(fields_path, "must be a non-empty array of fields");
      continue;
    }
    group.fields.reserve(fields->size());
    for (size_t f = 0; f < fields->size(); ++f) {
      const std::string field_path = fields_path + "[" + std::to_string(f) + "]";
      FieldSpec& field = group.fields.emplace_back();
      parse_field(check, (*fields)[f], field_path, field, defined);
      if (field.record != RecordSlot::None)
        if (auto [it, inserted] = record_paths.emplace(field.record, field_path); !inserted)
          check.error(field_path + ".record", std::string("a second field for '") + record_slot_name(field.record) +
                                                  "' (first at " + it->second + ")");
      if (field.id.empty()) continue;
      if (auto [it, inserted] = field_paths.emplace(field.id, field_path); !inserted)
        check.error(field_path + ".id", "duplicate field id '" + field.id + "' (first defined at " + it->second + ")");
      else
        defined.emplace(field.id, &field);
    }
  }
  if (check.fatal()) return std::nullopt;
  return form;
}

}  // namespace mc

namespace mc {

bool is_visible(const FieldSpec& field, const Answers& answers) {
  return !field.show_if || condition_holds(*field.show_if, answers);
}

bool is_visible(const FormSpec& form, const FieldSpec& field, const Answers& answers) {
  return is_visible(field, effective_answers(fields_of(form), answers));
}

std::optional<ValidationError> validate_field(const FieldSpec& field, const Answers& answers, Date today) {
  if (!is_visible(field, answers)) return std::nullopt;
  return check_answer(field, answer_of(answers, field.id), today);
}

std::optional<ValidationError> validate_field(const FormSpec& form, const FieldSpec& field, const Answers& answers,
                                              Date today) {
  return validate_field(field, effective_answers(fields_of(form), answers), today);
}

std::vector<ValidationError> validate_group(const FieldGroup& group, const Answers& answers, Date today) {
  const auto fields = fields_of(group);
  return validate_fields(fields, effective_answers(fields, answers), today);
}

std::vector<ValidationError> validate_group(const FormSpec& form, const FieldGroup& group, const Answers& answers,
                                            Date today) {
  return validate_fields(fields_of(group), effective_answers(fields_of(form), answers), today);
}

std::vector<ValidationError> validate_form(const FormSpec& form, const Answers& answers, Date today) {
  const auto fields = fields_of(form);
  return validate_fields(fields, effective_answers(fields, answers), today);
}

Answers visible_answers(const FormSpec& form, const Answers& answers) {
  const auto fields = fields_of(form);
  const Answers effective = effective_answers(fields, answers);
  Answers out;
  for (const FieldSpec* field : fields) {
    auto it = effective.find(field->id);
    if (it == effective.end()) continue;
    std::string value = clean_answer(it->second);
    std::optional<std::string> canonical;
    if (field->type == FieldType::Phone) canonical = canonical_phone(value);
    if (field->type == FieldType::VehiclePlate) canonical = canonical_plate(value);
    if (field->type == FieldType::Decimal) canonical = canonical_decimal(value);
    if (field->type == FieldType::MultipleChoice) {
      canonical.emplace();
      for (const auto& choice : split_choices(value)) *canonical += (canonical->empty() ? "" : ";") + choice;
    }
    out[field->id] = canonical ? *canonical : value;
  }
  return out;
}

Answers prefill_from_identity(const FormSpec& form, const CitizenIdentity& identity, Answers answers) {
  for (const FieldSpec* field : fields_of(form)) {
    if (field->prefill == PrefillSource::None || !answer_of(answers, field->id).empty()) continue;
    std::string value;
    switch (field->prefill) {
      case PrefillSource::None:
        break;
      case PrefillSource::FullName:
        value = identity.full_name;
        break;
      case PrefillSource::IdNumber:
        value = identity.id_number;
        break;
      case PrefillSource::OldIdNumber:
        value = identity.old_id_number;
        break;
      case PrefillSource::DateOfBirth:
        value = identity.date_of_birth ? identity.date_of_birth->iso() : "";
        break;
      case PrefillSource::Address:
        value = identity.address;
        break;
      case PrefillSource::Sex:
        if (identity.sex == Sex::Unknown) break;
        if (field->type != FieldType::SingleChoice) {
          value = sex_label_vi(identity.sex);
          break;
        }
        for (const auto& option : field->options) {
          if (parse_sex(option.value) == identity.sex || parse_sex(option.label.vi) == identity.sex ||
              parse_sex(option.label.en) == identity.sex) {
            value = option.value;
            break;
          }
        }
        break;
    }
    value = clean_answer(value);
    if (!value.empty()) answers[field->id] = value;
  }
  return answers;
}

std::string normalize_phone(std::string_view text) {
  if (auto phone = canonical_phone(text)) return *phone;
  return trim(text);
}

std::string normalize_plate(std::string_view text) {
  if (auto plate = canonical_plate(text)) return *plate;
  return trim(text);
}

std::string answer_display_text(const FieldSpec& field, std::string_view stored, Lang lang) {
  const std::string value(stored);
  switch (field.type) {
    case FieldType::Consent:
      if (value == "true") return message("form.answer.yes").get(lang);
      if (value == "false") return message("form.answer.no").get(lang);
      return value;
    case FieldType::Date:
      if (auto date = Date::parse_iso(value)) return date->dmy();
      return value;
    case FieldType::SingleChoice:
    case FieldType::MultipleChoice: {
      std::string labels;
      size_t start = 0;
      while (start <= value.size()) {
        size_t end = value.find(';', start);
        if (end == std::string::npos) end = value.size();
        const std::string code = value.substr(start, end - start);
        if (!code.empty()) {
          std::string shown = code;
          for (const auto& option : field.options)
            if (option.value == code) shown = option.label.get(lang);
          labels += (labels.empty() ? "" : ", ") + shown;
        }
        start = end + 1;
      }
      return labels;
    }
    default:
      return value;
  }
}

}  // namespace mc
