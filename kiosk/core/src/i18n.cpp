#include "mc/core/i18n.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "mc/core/json_file.hpp"
#include "mc/core/text.hpp"

namespace mc {

namespace {
std::map<std::string, std::string, std::less<>> load_file(const std::string& path) {
  const nlohmann::json json = read_json_file(path, "translation");
  if (!json.is_object()) throw std::runtime_error(path + ": must be an object of \"key\": \"text\"");
  std::map<std::string, std::string, std::less<>> strings;
  for (auto& [key, value] : json.items()) {
    if (!value.is_string()) throw std::runtime_error(path + ": $." + key + ": must be a string");
    strings[key] = to_nfc(value.get<std::string>());
  }
  return strings;
}
}  // namespace

Translations Translations::load(const std::string& i18n_dir) {
  Translations translations;
  translations.vi_ = load_file(i18n_dir + "/vi.json");
  translations.en_ = load_file(i18n_dir + "/en.json");
  return translations;
}

const std::string& Translations::tr(std::string_view key, Lang lang) const {
  if (lang == Lang::En) {
    if (auto it = en_.find(key); it != en_.end()) return it->second;
  }
  if (auto it = vi_.find(key); it != vi_.end()) return it->second;
  auto [it, inserted] = missing_.try_emplace(std::string(key), std::string(key));
  return it->second;
}

const std::string* Translations::find(std::string_view key, Lang lang) const {
  if (lang == Lang::En) {
    if (auto it = en_.find(key); it != en_.end()) return &it->second;
  }
  if (auto it = vi_.find(key); it != vi_.end()) return &it->second;
  return nullptr;
}

std::vector<std::string> Translations::all_text() const {
  std::vector<std::string> text;
  for (const auto& [key, value] : vi_) text.push_back(value);
  for (const auto& [key, value] : en_) text.push_back(value);
  return text;
}

std::vector<std::string> Translations::asked_but_missing() const {
  std::vector<std::string> keys;
  for (const auto& [key, shown] : missing_) keys.push_back(key);
  return keys;
}

std::vector<std::string> Translations::missing_keys(Lang lang) const {
  const auto& have = lang == Lang::En ? en_ : vi_;
  const auto& other = lang == Lang::En ? vi_ : en_;
  std::vector<std::string> missing;
  for (const auto& [key, value] : other)
    if (!have.count(key)) missing.push_back(key);
  return missing;
}

void Translations::set(Lang lang, std::string key, std::string text) {
  (lang == Lang::En ? en_ : vi_)[std::move(key)] = to_nfc(text);
}

}  // namespace mc
