#pragma once
// The form engine: field specifications (from the catalog's JSON), answers, visibility and validation.
//
// JSON shape of one form (inside a catalog file, key "form"):
//   {"groups": [{"id": "applicant", "title": {"vi": "...", "en": "..."}, "fields": [FIELD, ...]}, ...]}
// FIELD:
//   {"id": "phone", "type": "phone", "label": {"vi","en"}, "help": {"vi","en"}?,
//    "required": true?, "min_length": N?, "max_length": N?, "min": X?, "max": X?,
//    "min_date": DATE_BOUND?, "max_date": DATE_BOUND?,
//    "pattern": "ECMAScript regex"?, "pattern_message": {"vi","en"}?,
//    "options": [{"value": "a", "label": {"vi","en"}}]?   (single/multiple choice),
//    "show_if": {"field": "other_id", "equals": ["v1", "v2"]}?,
//    "prefill": "full_name"|"id_number"|"old_id_number"|"date_of_birth"|"sex"|"address"?,
//    "record": "result_delivery"|"postal_address"?}
// "record" names the dossier slot the answer fills besides the form's answers (how the result is delivered,
// where to post it): the intake copies it from the form, so the record and the receipt never fall back to a
// default the citizen did not choose. result_delivery is a single choice of "in_person" / "post".
// DATE_BOUND: "YYYY-MM-DD", "today", or relative to today: "today-12m" (within the last 12 months), "today+30d",
//             "today-18y" (units d, m, y; a month later than the month's last day is its last day)
// type: text, long_text, integer, decimal, date, single_choice, multiple_choice, phone, email,
//       id_number, vehicle_plate, consent
//
// Answers are strings: dates as YYYY-MM-DD, decimals with '.', multiple choice as option values
// joined by ';', consent as "true" (anything else is "not given"). Hidden fields are never validated
// and are dropped by visible_answers().
#include <map>
#include <optional>
#include <string>
#include <vector>
#include <nlohmann/json_fwd.hpp>
#include "mc/core/datetime.hpp"
#include "mc/core/identity.hpp"
#include "mc/core/localized.hpp"

namespace mc {

enum class FieldType {
  Text, LongText, Integer, Decimal, Date, SingleChoice, MultipleChoice,
  Phone, Email, IdNumber, VehiclePlate, Consent
};
std::optional<FieldType> parse_field_type(std::string_view name);
const char* field_type_name(FieldType type);

enum class PrefillSource { None, FullName, IdNumber, OldIdNumber, DateOfBirth, Sex, Address };
enum class RecordSlot { None, ResultDelivery, PostalAddress };
const char* record_slot_name(RecordSlot slot);

struct ChoiceOption {
  std::string value;
  LocalizedText label;
};

struct ShowIf {
  std::string field;
  std::vector<std::string> equals;  // shown when the other answer is one of these (for multiple choice: contains one)
};

struct FieldSpec {
  std::string id;
  FieldType type = FieldType::Text;
  LocalizedText label;
  LocalizedText help;
  bool required = false;
  std::optional<int> min_length, max_length;       // in characters (code points), after trimming
  std::optional<double> min, max;                  // integer / decimal
  std::optional<std::string> min_date, max_date;   // DATE_BOUND above
  std::optional<std::string> pattern;              // ECMAScript, whole answer must match (phone, plate and
                                                   // decimal: their canonical form, as visible_answers stores it)
  LocalizedText pattern_message;
  std::vector<ChoiceOption> options;
  std::optional<ShowIf> show_if;
  PrefillSource prefill = PrefillSource::None;
  RecordSlot record = RecordSlot::None;
};

struct FieldGroup {
  std::string id;
  LocalizedText title;
  std::vector<FieldSpec> fields;
};

struct FormSpec {
  std::vector<FieldGroup> groups;
  const FieldSpec* find(std::string_view field_id) const;
  const FieldSpec* find(RecordSlot slot) const;  // the field that fills this dossier slot, if any
};

// "today-12m" and the like: a date bound that moves with the day the form is filled in.
struct RelativeDate {
  int amount = 0;  // signed
  char unit = 'd';  // d, m or y
  Date from(Date today) const;
};
std::optional<RelativeDate> parse_relative_date(std::string_view text);

using Answers = std::map<std::string, std::string>;

enum class ValidationCode { Required, TooShort, TooLong, NotANumber, OutOfRange, BadDate, DateOutOfRange,
                            NotAnOption, BadPhone, BadEmail, BadIdNumber, BadPlate, PatternMismatch, ConsentRequired };

struct ValidationError {
  std::string field_id;
  ValidationCode code;
  LocalizedText message;  // names the field: "Số điện thoại: ..." / "Phone number: ..."
};

// Parses and checks a form spec; problems are appended as (json path, reason) with paths like
// "form.groups[1].fields[0].type". Returns nullopt when the form cannot be used.
struct SpecIssue {
  std::string json_path;
  std::string reason;
  bool warning = false;  // true: reported (e.g. an unknown key), but the form is still usable
};
std::optional<FormSpec> parse_form_spec(const nlohmann::json& json, const std::string& json_path,
                                        std::vector<SpecIssue>& issues);

// The field's own show_if against these answers. A field whose controlling field is itself hidden is
// hidden too: pass visible_answers(form, answers), or use the FormSpec overloads, which resolve chains.
bool is_visible(const FieldSpec& field, const Answers& answers);
bool is_visible(const FormSpec& form, const FieldSpec& field, const Answers& answers);
// Validation of one answer (also used for inline validation while typing); today is for "today" bounds.
std::optional<ValidationError> validate_field(const FieldSpec& field, const Answers& answers, Date today);
std::optional<ValidationError> validate_field(const FormSpec& form, const FieldSpec& field, const Answers& answers,
                                              Date today);
// Without the form, show_if chains are resolved inside the group only; the FormSpec overload resolves them
// across groups (a field in group 2 controlled by a hidden field of group 1).
std::vector<ValidationError> validate_group(const FieldGroup& group, const Answers& answers, Date today);
std::vector<ValidationError> validate_group(const FormSpec& form, const FieldGroup& group, const Answers& answers,
                                            Date today);
std::vector<ValidationError> validate_form(const FormSpec& form, const Answers& answers, Date today);
// Answers with hidden fields (and keys that are no field of the form) removed and every value NFC-normalised
// and trimmed. Valid phone numbers, plates and decimals are also put in their canonical form ("0912345678",
// "30A-123.45", "12.5"), multiple choices as "a;b" without blanks, so the dossier never depends on how the
// citizen typed them.
Answers visible_answers(const FormSpec& form, const Answers& answers);
// Fills the fields that declare a prefill source from the ID card; does not overwrite answers given.
Answers prefill_from_identity(const FormSpec& form, const CitizenIdentity& identity, Answers answers);

// What a person reads for a stored answer (staff screens, review): choice labels instead of their codes,
// "Có"/"Không" for a consent, dates as DD/MM/YYYY. A choice code the form does not know is shown as stored.
std::string answer_display_text(const FieldSpec& field, std::string_view stored, Lang lang);

// The help shown under a field: its own help, and for a date the format to type it in as well (a field's help
// such as "valid 12 months" must not hide how to write the date).
LocalizedText field_help(const FieldSpec& field);

// Normalises user input formats: phone "+84 912 345 678" -> "0912345678", plate "30a12345" -> "30A-123.45".
std::string normalize_phone(std::string_view text);
std::string normalize_plate(std::string_view text);

}  // namespace mc
