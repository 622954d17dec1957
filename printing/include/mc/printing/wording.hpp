#pragma once
// The words printed on the receipt, per agency: assets/receipt/default.json, overridden key by key by
// assets/receipt/<agency code>.json when that file exists. Form titles, form numbers and the legal basis
// change with the law (DOMAIN.md §4), so they are data, never code.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mc::printing {

struct WordingIssue {
  std::string source;  // file
  std::string key;     // "time_format"
  std::string reason;
};

struct ReceiptWording {
  std::map<std::string, std::string> text;  // key -> Vietnamese text with {placeholders}

  // The text for a key with {name} placeholders replaced; unknown keys give "" (validation makes sure
  // every key the renderer uses exists).
  std::string get(const std::string& key) const;
  std::string format(const std::string& key, const std::map<std::string, std::string>& values) const;

  // Loads default.json then the agency's override. Throws std::runtime_error listing every issue.
  static ReceiptWording load(const std::string& assets_dir, const std::string& agency_code);
  // Loads and reports instead of throwing; nullopt when unusable.
  static std::optional<ReceiptWording> load(const std::string& assets_dir, const std::string& agency_code,
                                            std::vector<WordingIssue>& issues);
  // Overlays JSON text on base (base empty: the text must be complete). Reports unknown keys, non-string
  // values, missing keys, unknown or missing placeholders.
  static std::optional<ReceiptWording> parse(const std::string& json_text, const std::string& source,
                                             const ReceiptWording* base, std::vector<WordingIssue>& issues);
};

// Every key the renderer needs, with the placeholders each one allows and requires.
struct WordingKeySpec {
  const char* key;
  std::vector<std::string> allowed;   // placeholders that may appear
  std::vector<std::string> required;  // placeholders that must appear
};
const std::vector<WordingKeySpec>& wording_keys();

}  // namespace mc::printing
