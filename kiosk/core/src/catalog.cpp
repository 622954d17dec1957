// The procedure catalog: strict loading of one JSON file per procedure, and the reverse (to_json).
// Strict because the files are edited by hand by IT officers: a typo in a key or an enum value must be
// reported with the file, the JSON path and the reason, never silently ignored.
#include "mc/core/catalog.hpp"
#include "mc/core/messages.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <initializer_list>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>

#include "mc/core/dossier_code.hpp"
#include "mc/core/json_file.hpp"
#include "mc/core/text.hpp"

namespace mc {

using nlohmann::json;

const char* copy_type_name(CopyType type) {
  switch (type) {
    case CopyType::Original:
      return "original";
    case CopyType::Copy:
      return "copy";
    case CopyType::CertifiedCopy:
      return "certified_copy";
  }
  return "original";
}

const char* due_from_name(DueFrom from) {
  return from == DueFrom::CompleteDocuments ? "complete_documents" : "submission";
}

const char* document_medium_name(DocumentMedium medium) {
  return medium == DocumentMedium::Electronic ? "electronic" : "paper";
}

LocalizedText copy_type_label(CopyType type) {
  return message(std::string("copy_type.") + copy_type_name(type));
}

const char* channel_name(Channel channel) {
  switch (channel) {
    case Channel::InPerson:
      return "in_person";
    case Channel::Online:
      return "online";
    case Channel::Post:
      return "post";
  }
  return "in_person";
}

LocalizedText channel_label(Channel channel) {
  return message(std::string("channel.") + channel_name(channel));
}

const char* digitize_name(Digitize digitize) {
  switch (digitize) {
    case Digitize::Required:
      return "required";
    case Digitize::Optional:
      return "optional";
    case Digitize::No:
      break;
  }
  return "no";
}

std::optional<Digitize> parse_digitize(std::string_view name) {
  if (name == "no") return Digitize::No;
  if (name == "optional") return Digitize::Optional;
  if (name == "required") return Digitize::Required;
  return std::nullopt;
}

int64_t Procedure::total_fee_vnd() const {
  int64_t total = 0;
  for (const auto& fee : fees) total += fee.amount_vnd;
  return total;
}

namespace {

std::optional<CopyType> parse_copy_type(std::string_view name) {
  if (name == "original") return CopyType::Original;
  if (name == "copy") return CopyType::Copy;
  if (name == "certified_copy") return CopyType::CertifiedCopy;
  return std::nullopt;
}

std::optional<Channel> parse_channel(std::string_view name) {
  if (name == "in_person") return Channel::InPerson;
  if (name == "online") return Channel::Online;
  if (name == "post") return Channel::Post;
  return std::nullopt;
}

const char* json_type_name(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "an array";
    case json::value_t::string:
      return "a string";
    case json::value_t::boolean:
      return "true/false";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return "an integer";
    case json::value_t::number_float:
      return "a decimal number";
    default:
      return "an unsupported value";
  }
}

// Collects issues for one file while walking its JSON; every check names the JSON path it looked at.
class Reader {
 public:
  Reader(std::string file, std::vector<CatalogIssue>& issues) : file_(std::move(file)), issues_(issues) {}

  void fail(const std::string& path, const std::string& reason) {
    issues_.push_back({file_, path, reason});
    ++errors_;
  }
  void warn(const std::string& path, const std::string& reason) { issues_.push_back({file_, path, reason}); }
  size_t errors() const { return errors_; }

  // The object must be an object; reports missing required keys and any key not in the allowed lists.
  bool object(const json& value, const std::string& path, std::initializer_list<const char*> required,
              std::initializer_list<const char*> optional = {}) {
    if (!value.is_object()) {
      fail(path, std::string("expected an object, found ") + json_type_name(value));
      return false;
    }
    for (const char* key : required)
      if (!value.contains(key)) fail(path, std::string("missing required key \"") + key + "\"");
    for (const auto& [key, unused] : value.items()) {
      (void)unused;
      // (An init-capture: clang 14, which builds the fuzz targets, cannot capture a structured binding.)
      auto is_key = [&key = key](const char* k) { return key == k; };
      bool known = std::any_of(required.begin(), required.end(), is_key) ||
                   std::any_of(optional.begin(), optional.end(), is_key);
      if (!known) fail(path + "." + key, "unknown key (check the spelling; see assets/catalog/README.md)");
    }
    return true;
  }

  std::string text(const json& parent, const char* key, const std::string& path, bool allow_empty = false) {
    auto it = parent.find(key);
    if (it == parent.end()) return {};
    const std::string here = path + "." + key;
    if (!it->is_string()) {
      fail(here, std::string("expected a string, found ") + json_type_name(*it));
      return {};
    }
    std::string value = trim(to_nfc(it->get<std::string>()));
    if (!is_valid_utf8(it->get_ref<const std::string&>())) fail(here, "the text is not valid UTF-8");
    if (value.empty() && !allow_empty) fail(here, "must not be empty");
    return value;
  }

  LocalizedText localized(const json& parent, const char* key, const std::string& path) {
    auto it = parent.find(key);
    if (it == parent.end()) return {};
    const std::string here = path + "." + key;
    if (!object(*it, here, {"vi"}, {"en"})) return {};
    return {text(*it, "vi", here), text(*it, "en", here, true)};
  }

  // Integers only: 5.0 or "5" are reported rather than guessed.
  int64_t integer(const json& parent, const char* key, const std::string& path, int64_t minimum,
                  int64_t maximum = std::numeric_limits<int32_t>::max()) {
    auto it = parent.find(key);
    if (it == parent.end()) return minimum;
    const std::string here = path + "." + key;
    if (!it->is_number_integer()) {
      fail(here, std::string("expected a whole number, found ") + json_type_name(*it));
      return minimum;
    }
    if (it->is_number_unsigned() && it->get<uint64_t>() > static_cast<uint64_t>(maximum)) {
      fail(here, "must be at most " + std::to_string(maximum));
      return minimum;
    }
    int64_t value = it->get<int64_t>();
    if (value < minimum) {
      fail(here, "must be at least " + std::to_string(minimum) + ", found " + std::to_string(value));
      return minimum;
    }
    if (value > maximum) {
      fail(here, "must be at most " + std::to_string(maximum));
      return minimum;
    }
    return value;
  }

  const json* array(const json& parent, const char* key, const std::string& path) {
    auto it = parent.find(key);
    if (it == parent.end()) return nullptr;
    if (!it->is_array()) {
      fail(path + "." + key, std::string("expected an array, found ") + json_type_name(*it));
      return nullptr;
    }
    return &*it;
  }

  std::vector<std::string> strings(const json& parent, const char* key, const std::string& path) {
    std::vector<std::string> out;
    const json* items = array(parent, key, path);
    if (!items) return out;
    for (size_t i = 0; i < items->size(); ++i) {
      const std::string here = path + "." + key + "[" + std::to_string(i) + "]";
      const json& item = (*items)[i];
      if (!item.is_string()) {
        fail(here, std::string("expected a string, found ") + json_type_name(item));
        continue;
      }
      std::string value = trim(to_nfc(item.get<std::string>()));
      if (value.empty()) {
        fail(here, "must not be empty");
        continue;
      }
      out.push_back(std::move(value));
    }
    return out;
  }

 private:
  std::string file_;
  std::vector<CatalogIssue>& issues_;
  size_t errors_ = 0;
};

bool is_procedure_code(std::string_view code) {
  // The national portal's codes are digit groups separated by dots: 1.002820, 2.001234.
  if (code.empty() || code.front() == '.' || code.back() == '.') return false;
  bool dot = false;
  for (size_t i = 0; i < code.size(); ++i) {
    if (code[i] == '.') {
      if (code[i - 1] == '.') return false;
      dot = true;
    } else if (code[i] < '0' || code[i] > '9') {
      return false;
    }
  }
  return dot;
}

// Short identifiers (field of work, document and fee codes): ASCII letters, digits, '.', '_', '-'.
bool is_simple_code(std::string_view code) {
  if (code.empty() || code.size() > 40) return false;
  return std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-';
  });
}

bool is_snake_case(std::string_view id) {
  if (id.empty() || id.size() > 64 || id.front() < 'a' || id.front() > 'z') return false;
  return std::all_of(id.begin(), id.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

std::string form_path(const std::string& issue_path) {
  // parse_form_spec is given "$.form" as its base; accept both prefixed and bare paths from it.
  if (issue_path.rfind("$", 0) == 0) return issue_path;
  if (issue_path.rfind("form", 0) == 0) return "$." + issue_path;
  return "$.form." + issue_path;
}

json localized_json(const LocalizedText& text) {
  json out = {{"vi", text.vi}};
  if (!text.en.empty()) out["en"] = text.en;
  return out;
}

const char* prefill_name(PrefillSource source) {
  switch (source) {
    case PrefillSource::FullName:
      return "full_name";
    case PrefillSource::IdNumber:
      return "id_number";
    case PrefillSource::OldIdNumber:
      return "old_id_number";
    case PrefillSource::DateOfBirth:
      return "date_of_birth";
    case PrefillSource::Sex:
      return "sex";
    case PrefillSource::Address:
      return "address";
    case PrefillSource::None:
      break;
  }
  return "";
}

json number_json(double value) {
  // Whole numbers are written without ".0" so a round trip keeps the file looking as it was written.
  if (std::floor(value) == value && std::fabs(value) < 9e15) return static_cast<int64_t>(value);
  return value;
}

json form_json(const FormSpec& form) {
  json groups = json::array();
  for (const auto& group : form.groups) {
    json fields = json::array();
    for (const auto& field : group.fields) {
      json f = {{"id", field.id}, {"type", field_type_name(field.type)}, {"label", localized_json(field.label)}};
      if (!field.help.vi.empty()) f["help"] = localized_json(field.help);
      if (field.required) f["required"] = true;
      if (field.min_length) f["min_length"] = *field.min_length;
      if (field.max_length) f["max_length"] = *field.max_length;
      if (field.min) f["min"] = number_json(*field.min);
      if (field.max) f["max"] = number_json(*field.max);
      if (field.min_date) f["min_date"] = *field.min_date;
      if (field.max_date) f["max_date"] = *field.max_date;
      if (field.pattern) f["pattern"] = *field.pattern;
      if (!field.pattern_message.vi.empty()) f["pattern_message"] = localized_json(field.pattern_message);
      if (!field.options.empty()) {
        json options = json::array();
        for (const auto& option : field.options)
          options.push_back({{"value", option.value}, {"label", localized_json(option.label)}});
        f["options"] = std::move(options);
      }
      if (field.show_if) f["show_if"] = {{"field", field.show_if->field}, {"equals", field.show_if->equals}};
      if (field.prefill != PrefillSource::None) f["prefill"] = prefill_name(field.prefill);
      if (field.record != RecordSlot::None) f["record"] = record_slot_name(field.record);
      fields.push_back(std::move(f));
    }
    groups.push_back({{"id", group.id}, {"title", localized_json(group.title)}, {"fields", std::move(fields)}});
  }
  return {{"groups", std::move(groups)}};
}

}  // namespace

std::optional<Procedure> Catalog::parse_procedure(const json& root, const std::string& file,
                                                  std::vector<CatalogIssue>& issues) {
  Reader r(file, issues);
  Procedure p;
  p.source_file = file;
  if (!r.object(root, "$",
                {"code", "name", "field", "agency", "processing_days", "channels", "documents", "fees", "result",
                 "legal_basis", "form"},
                {"applicant_types", "keywords", "hand_in", "due_from"}))
    return std::nullopt;

  p.code = r.text(root, "code", "$");
  if (!p.code.empty() && !is_procedure_code(p.code))
    r.fail("$.code", "\"" + p.code + "\" is not a procedure code (digit groups separated by dots, e.g. 1.002820)");
  p.name = r.localized(root, "name", "$");

  if (auto it = root.find("field"); it != root.end() && r.object(*it, "$.field", {"code", "name"})) {
    p.field_code = r.text(*it, "code", "$.field");
    if (!p.field_code.empty() && !is_simple_code(p.field_code))
      r.fail("$.field.code", "use ASCII letters, digits, '.', '_' or '-' only");
    p.field_name = r.localized(*it, "name", "$.field");
  }
  if (auto it = root.find("agency"); it != root.end() && r.object(*it, "$.agency", {"code", "name"})) {
    p.agency_code = r.text(*it, "code", "$.agency");
    if (!p.agency_code.empty() && !is_valid_agency_code(p.agency_code))
      r.fail("$.agency.code",
             "\"" + p.agency_code + "\" is not an agency code in the QCVN 102:2016 shape (e.g. 000.00.15.G12)");
    p.agency_name = r.localized(*it, "name", "$.agency");
  }

  p.processing_days = static_cast<int>(r.integer(root, "processing_days", "$", 1, 365));

  if (const json* channels = r.array(root, "channels", "$")) {
    if (channels->empty()) r.fail("$.channels", "list at least one channel (in_person, online, post)");
    for (size_t i = 0; i < channels->size(); ++i) {
      const std::string here = "$.channels[" + std::to_string(i) + "]";
      const json& item = (*channels)[i];
      if (!item.is_string()) {
        r.fail(here, std::string("expected a string, found ") + json_type_name(item));
        continue;
      }
      auto channel = parse_channel(item.get<std::string>());
      if (!channel) {
        r.fail(here, "\"" + item.get<std::string>() + "\" is not a channel (in_person, online, post)");
      } else if (std::find(p.channels.begin(), p.channels.end(), *channel) != p.channels.end()) {
        r.fail(here, "channel listed twice");
      } else {
        p.channels.push_back(*channel);
      }
    }
  }

  if (const json* documents = r.array(root, "documents", "$")) {
    std::set<std::string> codes;
    for (size_t i = 0; i < documents->size(); ++i) {
      const std::string here = "$.documents[" + std::to_string(i) + "]";
      const json& item = (*documents)[i];
      if (!r.object(item, here, {"code", "name", "copy_type", "count"}, {"template", "digitize"})) continue;
      DocumentRequirement doc;
      doc.code = r.text(item, "code", here);
      if (!doc.code.empty() && !is_simple_code(doc.code))
        r.fail(here + ".code", "use ASCII letters, digits, '.', '_' or '-' only");
      else if (!doc.code.empty() && !codes.insert(doc.code).second)
        r.fail(here + ".code", "document code \"" + doc.code + "\" is used twice in this procedure");
      doc.name = r.localized(item, "name", here);
      if (auto type = item.find("copy_type"); type != item.end()) {
        if (!type->is_string())
          r.fail(here + ".copy_type", std::string("expected a string, found ") + json_type_name(*type));
        else if (auto parsed = parse_copy_type(type->get<std::string>()))
          doc.copy_type = *parsed;
        else
          r.fail(here + ".copy_type",
                 "\"" + type->get<std::string>() + "\" is not a copy type (original, copy, certified_copy)");
      }
      doc.count = static_cast<int>(r.integer(item, "count", here, 1, 100));
      doc.template_name = r.text(item, "template", here);
      if (auto digitize = item.find("digitize"); digitize != item.end()) {
        if (!digitize->is_string())
          r.fail(here + ".digitize", std::string("expected a string, found ") + json_type_name(*digitize));
        else if (auto parsed = parse_digitize(digitize->get<std::string>()))
          doc.digitize = *parsed;
        else
          r.fail(here + ".digitize",
                 "\"" + digitize->get<std::string>() + "\" is not a digitize rule (required, optional, no)");
      }
      p.documents.push_back(std::move(doc));
    }
  }

  if (const json* fees = r.array(root, "fees", "$")) {
    std::set<std::string> codes;
    for (size_t i = 0; i < fees->size(); ++i) {
      const std::string here = "$.fees[" + std::to_string(i) + "]";
      const json& item = (*fees)[i];
      if (!r.object(item, here, {"code", "name", "amount_vnd", "kind"})) continue;
      Fee fee;
      fee.code = r.text(item, "code", here);
      if (!fee.code.empty() && !is_simple_code(fee.code))
        r.fail(here + ".code", "use ASCII letters, digits, '.', '_' or '-' only");
      else if (!fee.code.empty() && !codes.insert(fee.code).second)
        r.fail(here + ".code", "fee code \"" + fee.code + "\" is used twice in this procedure");
      fee.name = r.localized(item, "name", here);
      fee.amount_vnd = r.integer(item, "amount_vnd", here, 0, 1'000'000'000'000);
      fee.kind = r.text(item, "kind", here);
      if (item.contains("kind") && item["kind"].is_string() && fee.kind != "fee" && fee.kind != "charge")
        r.fail(here + ".kind",
               "\"" + fee.kind + "\" is not a fee kind (fee = lệ phí, charge = phí)");  // i18n-exempt: for IT officers
      p.fees.push_back(std::move(fee));
    }
  }

  p.result = r.localized(root, "result", "$");
  p.applicant_types = r.localized(root, "applicant_types", "$");
  p.legal_basis = r.strings(root, "legal_basis", "$");
  p.keywords = r.strings(root, "keywords", "$");
  if (auto it = root.find("hand_in"); it != root.end() && r.object(*it, "$.hand_in", {"place"}, {"ticket_area"})) {
    p.hand_in.place = r.localized(*it, "place", "$.hand_in");
    p.hand_in.ticket_area = r.text(*it, "ticket_area", "$.hand_in");
    if (!p.hand_in.ticket_area.empty() && !is_simple_code(p.hand_in.ticket_area))
      r.fail("$.hand_in.ticket_area", "use the service area's code (ASCII letters, digits, '.', '_' or '-')");
  }
  if (root.contains("due_from")) {
    const std::string from = r.text(root, "due_from", "$");
    if (from == "complete_documents")
      p.due_from = DueFrom::CompleteDocuments;
    else if (!from.empty() && from != "submission")
      r.fail("$.due_from", "\"" + from + "\" is not a start for the due date (submission, complete_documents)");
  }

  if (auto it = root.find("form"); it != root.end()) {
    std::vector<SpecIssue> form_issues;
    std::optional<FormSpec> form;
    try {
      form = parse_form_spec(*it, "$.form", form_issues);
    } catch (const std::exception& error) {
      form_issues.push_back({"$.form", std::string("the form could not be read: ") + error.what()});
    }
    // Form warnings (e.g. an unknown key the form engine ignores) are reported but keep the procedure;
    // `kioskctl catalog validate` still fails on them, so a shipped catalog has none.
    size_t form_errors = 0;
    for (const auto& issue : form_issues) {
      if (issue.warning) {
        r.warn(form_path(issue.json_path), "warning: " + issue.reason);
      } else {
        r.fail(form_path(issue.json_path), issue.reason);
        ++form_errors;
      }
    }
    if (!form && form_errors == 0) r.fail("$.form", "the form could not be read");
    if (form) {
      // The kiosk's ids travel to the server and into file names of attachments: keep them snake_case ASCII,
      // stricter than the form engine itself.
      for (size_t g = 0; g < form->groups.size(); ++g) {
        const std::string group_path = "$.form.groups[" + std::to_string(g) + "]";
        if (!is_snake_case(form->groups[g].id))
          r.fail(group_path + ".id", "\"" + form->groups[g].id + "\" is not a snake_case id (a-z, 0-9, _)");
        for (size_t f = 0; f < form->groups[g].fields.size(); ++f)
          if (!is_snake_case(form->groups[g].fields[f].id))
            r.fail(group_path + ".fields[" + std::to_string(f) + "].id",
                   "\"" + form->groups[g].fields[f].id + "\" is not a snake_case id (a-z, 0-9, _)");
      }
      p.form = std::move(*form);
    }
  }

  if (r.errors() > 0) return std::nullopt;
  return p;
}

json Catalog::to_json(const Procedure& p) {
  json out;
  out["code"] = p.code;
  out["name"] = localized_json(p.name);
  out["field"] = {{"code", p.field_code}, {"name", localized_json(p.field_name)}};
  out["agency"] = {{"code", p.agency_code}, {"name", localized_json(p.agency_name)}};
  out["processing_days"] = p.processing_days;
  json channels = json::array();
  for (Channel channel : p.channels) channels.push_back(channel_name(channel));
  out["channels"] = std::move(channels);
  json documents = json::array();
  for (const auto& doc : p.documents) {
    json d = {{"code", doc.code},
              {"name", localized_json(doc.name)},
              {"copy_type", copy_type_name(doc.copy_type)},
              {"count", doc.count}};
    if (!doc.template_name.empty()) d["template"] = doc.template_name;
    d["digitize"] = digitize_name(doc.digitize);
    documents.push_back(std::move(d));
  }
  out["documents"] = std::move(documents);
  json fees = json::array();
  for (const auto& fee : p.fees)
    fees.push_back(
        {{"code", fee.code}, {"name", localized_json(fee.name)}, {"amount_vnd", fee.amount_vnd}, {"kind", fee.kind}});
  out["fees"] = std::move(fees);
  out["result"] = localized_json(p.result);
  if (!p.applicant_types.vi.empty()) out["applicant_types"] = localized_json(p.applicant_types);
  out["legal_basis"] = p.legal_basis;
  if (!p.keywords.empty()) out["keywords"] = p.keywords;
  if (!p.hand_in.place.vi.empty()) {
    out["hand_in"] = {{"place", localized_json(p.hand_in.place)}};
    if (!p.hand_in.ticket_area.empty()) out["hand_in"]["ticket_area"] = p.hand_in.ticket_area;
  }
  if (p.due_from != DueFrom::Submission) out["due_from"] = due_from_name(p.due_from);
  out["form"] = form_json(p.form);
  return out;
}

Catalog Catalog::load_dir(const std::string& dir, std::vector<CatalogIssue>& issues) {
  namespace fs = std::filesystem;
  Catalog catalog;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    issues.push_back({dir, "$", "the catalog folder does not exist or cannot be read"});
    return catalog;
  }
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".json" && it->is_regular_file(ec)) files.push_back(it->path());
  }
  if (ec) issues.push_back({dir, "$", "the catalog folder could not be listed: " + ec.message()});
  std::sort(files.begin(), files.end());

  for (const auto& path : files) {
    const std::string name = path.filename().string();
    json root;
    try {
      root = read_json_file(path.string(), "catalog");
    } catch (const JsonFileError& error) {
      // The issue names the file on its own; the reason is said without repeating the path.
      if (error.kind() == JsonFileError::Kind::syntax)
        issues.push_back({name, "$",
                          "JSON syntax error at line " + std::to_string(error.line()) + ", column " +
                              std::to_string(error.column()) + ": " + error.reason()});
      else if (error.kind() == JsonFileError::Kind::cannot_read)
        issues.push_back({name, "$", "the file cannot be read"});
      else
        issues.push_back({name, "$", "the file cannot be opened"});
      continue;
    }
    auto procedure = parse_procedure(root, name, issues);
    if (!procedure) continue;
    if (const Procedure* existing = catalog.find(procedure->code)) {
      issues.push_back({name, "$.code",
                        "procedure code " + procedure->code + " is already defined in " + existing->source_file +
                            "; this file is skipped"});
      continue;
    }
    catalog.procedures_.push_back(std::move(*procedure));
  }
  return catalog;
}

void Catalog::add(Procedure procedure) {
  // A newer definition of the same procedure (e.g. from the server's LayThuTuc) replaces the old one.
  for (auto& existing : procedures_) {
    if (existing.code == procedure.code) {
      existing = std::move(procedure);
      return;
    }
  }
  procedures_.push_back(std::move(procedure));
}

const Procedure* Catalog::find(std::string_view code) const {
  for (const auto& procedure : procedures_)
    if (procedure.code == code) return &procedure;
  return nullptr;
}

std::vector<FieldOfWork> Catalog::fields_of_work() const {
  std::vector<FieldOfWork> fields;
  for (const auto& procedure : procedures_) {
    auto it = std::find_if(fields.begin(), fields.end(),
                           [&](const FieldOfWork& field) { return field.code == procedure.field_code; });
    if (it == fields.end()) {
      fields.push_back({procedure.field_code, procedure.field_name, 1});
    } else {
      ++it->procedure_count;
    }
  }
  return fields;
}

std::vector<const Procedure*> Catalog::in_field(std::string_view field_code) const {
  std::vector<const Procedure*> out;
  for (const auto& procedure : procedures_)
    if (procedure.field_code == field_code) out.push_back(&procedure);
  return out;
}

}  // namespace mc
