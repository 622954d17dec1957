#include "mc/printing/wording.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdexcept>

#include "mc/core/text.hpp"

namespace mc::printing {

const std::vector<WordingKeySpec>& wording_keys() {
  static const std::vector<WordingKeySpec> keys = {
      {"motto_line1", {}, {}},
      {"motto_line2", {}, {}},
      {"office_name", {}, {}},
      {"form_number", {}, {}},
      {"legal_basis", {}, {}},
      {"place_date", {"place", "dd", "MM", "yyyy"}, {"dd", "MM", "yyyy"}},
      {"title", {}, {}},
      {"copy_1", {}, {}},
      {"copy_2", {}, {}},
      {"dossier_code", {"code"}, {"code"}},
      {"intro", {"office", "agency"}, {}},
      {"applicant", {"name"}, {"name"}},
      {"address", {"address"}, {"address"}},
      {"identity_chip_verified", {"access"}, {}},
      {"identity_chip_csca_unknown", {"access"}, {}},
      {"identity_chip_failed", {"access"}, {}},
      {"phone", {"phone"}, {"phone"}},
      {"email", {"email"}, {"email"}},
      {"request", {"procedure"}, {"procedure"}},
      {"procedure_code", {"procedure_code"}, {"procedure_code"}},
      {"documents_heading", {}, {}},
      {"documents_col_number", {}, {}},
      {"documents_col_name", {}, {}},
      {"documents_col_kind", {}, {}},
      {"documents_col_count", {}, {}},
      {"documents_none", {}, {}},
      {"document_paper_due", {}, {}},
      {"document_electronic", {"pages"}, {"pages"}},
      {"next_steps_heading", {}, {}},
      {"copy_original", {}, {}},
      {"copy_copy", {}, {}},
      {"copy_certified", {}, {}},
      {"sets", {"sets"}, {"sets"}},
      {"processing_time", {"days"}, {"days"}},
      {"received_at", {"time"}, {"time"}},
      {"due_at", {"time"}, {"time"}},
      {"delivery", {"place"}, {"place"}},
      {"delivery_in_person", {"agency", "office"}, {}},
      {"delivery_post", {}, {}},
      {"delivery_post_address", {"address"}, {"address"}},
      {"fees_heading", {}, {}},
      {"fee_amount", {"amount"}, {"amount"}},
      {"fee_total", {}, {}},
      {"fees_none", {}, {}},
      {"payment_qr_caption", {"amount", "code"}, {}},
      {"tracking_qr_caption", {}, {}},
      {"lookup_code", {"lookup_code"}, {"lookup_code"}},
      {"register", {"sequence"}, {"sequence"}},
      {"signature_filer", {}, {}},
      {"signature_officer", {}, {}},
      {"signature_hint", {}, {}},
      {"kiosk_note", {"kiosk"}, {}},
      {"time_format", {"HH", "mm", "dd", "MM", "yyyy"}, {"HH", "mm", "dd", "MM", "yyyy"}},
      {"ticket_title", {}, {}},
      {"ticket_priority", {}, {}},
      {"ticket_area", {"area", "area_en"}, {"area"}},
      {"ticket_counter", {"counter"}, {"counter"}},
      {"ticket_waiting", {"waiting"}, {"waiting"}},
      {"ticket_time", {"time"}, {"time"}},
      {"ticket_footer", {}, {}},
      {"ticket_closed_title", {}, {}},
      {"ticket_closed_after_close", {"close", "open", "date"}, {"open", "date"}},
      {"ticket_closed_after_close_en", {"close", "open", "date"}, {"open", "date"}},
      {"ticket_closed_day_off", {"open", "date"}, {"open", "date"}},
      {"ticket_closed_day_off_en", {"open", "date"}, {"open", "date"}},
      {"test_title", {}, {}},
      // The office forms on A4/A5 (mc_documents): Mẫu 01 reuses the receipt's keys above; these are theirs.
      {"documents_col_medium", {}, {}},
      {"medium_paper", {}, {}},
      {"medium_electronic", {}, {}},
      {"page_number", {"page", "pages"}, {"page", "pages"}},
      {"purged_notice", {"date"}, {}},
      {"purged_field", {}, {}},
      {"form05_number", {}, {}},
      {"form05_title", {}, {}},
      {"form05_receipt_ref", {"code"}, {"code"}},
      {"form05_handling_agency", {"agency"}, {"agency"}},
      {"form05_coordinating_agency", {"agency"}, {"agency"}},
      {"form05_received", {"time"}, {"time"}},
      {"form05_due", {"time"}, {"time"}},
      {"form05_col_agency", {}, {}},
      {"form05_col_time", {}, {}},
      {"form05_col_result", {}, {}},
      {"form05_col_note", {}, {}},
      {"form05_handover", {"n", "from"}, {"from"}},
      {"form05_receive", {"to"}, {"to"}},
      {"form05_giver", {}, {}},
      {"form05_receiver", {}, {}},
      {"form05_office", {}, {}},
      {"form05_blank", {}, {}},
      {"form05_blank_time", {}, {}},
      {"form06_number", {}, {}},
      {"form06_title", {}, {}},
      {"form06_day", {"date"}, {"date"}},
      {"form06_period", {"from", "to"}, {"from", "to"}},
      {"form06_col_number", {}, {}},
      {"form06_col_code", {}, {}},
      {"form06_col_procedure", {}, {}},
      {"form06_col_sets", {}, {}},
      {"form06_col_filer", {}, {}},
      {"form06_col_contact", {}, {}},
      {"form06_col_received", {}, {}},
      {"form06_col_due", {}, {}},
      {"form06_col_status", {}, {}},
      {"form06_col_note", {}, {}},
      {"form06_total", {"count"}, {"count"}},
      {"form06_empty", {}, {}},
      {"form06_purged", {"date"}, {}},
      {"form06_printed_at", {"time"}, {"time"}},
  };
  return keys;
}

namespace {

const WordingKeySpec* find_spec(const std::string& key) {
  for (const auto& spec : wording_keys())
    if (key == spec.key) return &spec;
  return nullptr;
}

// Placeholder names in "{name}" form; unbalanced braces are reported as an issue by the caller.
std::vector<std::string> placeholders(const std::string& text, bool& balanced) {
  std::vector<std::string> names;
  balanced = true;
  size_t pos = 0;
  while ((pos = text.find_first_of("{}", pos)) != std::string::npos) {
    if (text[pos] == '}') {
      balanced = false;
      ++pos;
      continue;
    }
    size_t close = text.find('}', pos);
    size_t next_open = text.find('{', pos + 1);
    if (close == std::string::npos || (next_open != std::string::npos && next_open < close)) {
      balanced = false;
      ++pos;
      continue;
    }
    names.push_back(text.substr(pos + 1, close - pos - 1));
    pos = close + 1;
  }
  return names;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

std::string ReceiptWording::get(const std::string& key) const {
  auto it = text.find(key);
  return it == text.end() ? std::string() : it->second;
}

std::string ReceiptWording::format(const std::string& key, const std::map<std::string, std::string>& values) const {
  std::string pattern = get(key);
  std::string out;
  out.reserve(pattern.size() + 32);
  for (size_t i = 0; i < pattern.size();) {
    if (pattern[i] == '{') {
      size_t close = pattern.find('}', i);
      if (close != std::string::npos) {
        auto it = values.find(pattern.substr(i + 1, close - i - 1));
        if (it != values.end()) {
          out += it->second;
          i = close + 1;
          continue;
        }
      }
    }
    out += pattern[i++];
  }
  return out;
}

std::optional<ReceiptWording> ReceiptWording::parse(const std::string& json_text, const std::string& source,
                                                    const ReceiptWording* base, std::vector<WordingIssue>& issues) {
  size_t issues_before = issues.size();
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::parse_error& error) {
    issues.push_back({source, "", std::string("not valid JSON: ") + error.what()});
    return std::nullopt;
  }
  if (!json.is_object()) {
    issues.push_back({source, "", "must be a JSON object of \"key\": \"text\""});
    return std::nullopt;
  }
  ReceiptWording wording = base ? *base : ReceiptWording{};
  for (const auto& [key, value] : json.items()) {
    if (key.rfind("_", 0) == 0) continue;  // "_comment" and friends
    const WordingKeySpec* spec = find_spec(key);
    if (!spec) {
      issues.push_back({source, key, "unknown key (a typo?)"});
      continue;
    }
    if (!value.is_string()) {
      issues.push_back({source, key, "must be text"});
      continue;
    }
    std::string text = to_nfc(value.get<std::string>());
    if (trim(text).empty()) {
      issues.push_back({source, key, "must not be empty"});
      continue;
    }
    bool balanced = true;
    std::vector<std::string> names = placeholders(text, balanced);
    if (!balanced) issues.push_back({source, key, "unbalanced { } in \"" + text + "\""});
    for (const auto& name : names)
      if (std::find(spec->allowed.begin(), spec->allowed.end(), name) == spec->allowed.end())
        issues.push_back({source, key, "unknown placeholder {" + name + "}"});
    for (const auto& name : spec->required)
      if (std::find(names.begin(), names.end(), name) == names.end())
        issues.push_back({source, key, "must contain the placeholder {" + name + "}"});
    wording.text[key] = text;
  }
  for (const auto& spec : wording_keys())
    if (!wording.text.count(spec.key)) issues.push_back({source, spec.key, "missing"});
  if (issues.size() != issues_before) return std::nullopt;
  return wording;
}

std::optional<ReceiptWording> ReceiptWording::load(const std::string& assets_dir, const std::string& agency_code,
                                                   std::vector<WordingIssue>& issues) {
  std::string default_path = assets_dir + "/receipt/default.json";
  std::optional<ReceiptWording> wording;
  try {
    wording = parse(read_file(default_path), default_path, nullptr, issues);
  } catch (const std::exception& error) {
    issues.push_back({default_path, "", error.what()});
    return std::nullopt;
  }
  if (!wording) return std::nullopt;
  // Agency codes look like 000.00.15.G12: letters, digits and dots only, so they are safe file names.
  bool safe = !agency_code.empty() && agency_code.find("..") == std::string::npos &&
              agency_code.find_first_not_of("0123456789.ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_") ==
                  std::string::npos;
  std::string override_path = assets_dir + "/receipt/" + agency_code + ".json";
  if (safe && std::filesystem::exists(override_path)) {
    try {
      return parse(read_file(override_path), override_path, &*wording, issues);
    } catch (const std::exception& error) {
      issues.push_back({override_path, "", error.what()});
      return std::nullopt;
    }
  }
  return wording;
}

ReceiptWording ReceiptWording::load(const std::string& assets_dir, const std::string& agency_code) {
  std::vector<WordingIssue> issues;
  auto wording = load(assets_dir, agency_code, issues);
  if (!wording) {
    std::string message = "receipt wording has errors:";
    for (const auto& issue : issues)
      message += "\n  " + issue.source + (issue.key.empty() ? "" : " [" + issue.key + "]") + ": " + issue.reason;
    throw std::runtime_error(message);
  }
  return *wording;
}

}  // namespace mc::printing
