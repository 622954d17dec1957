#pragma once
// UI strings from assets/i18n/<lang>.json (flat {"key": "text"}). A missing English string falls back
// to Vietnamese; a missing key shows the key itself so it is noticed, never an empty label.
#include <map>
#include <string>
#include <vector>
#include "mc/core/localized.hpp"

namespace mc {

class Translations {
 public:
  // Throws std::runtime_error naming file and reason for a broken file.
  static Translations load(const std::string& i18n_dir);
  const std::string& tr(std::string_view key, Lang lang) const;
  // The same without remembering a missing key (safe from any thread): nullptr when it is missing.
  const std::string* find(std::string_view key, Lang lang) const;
  bool has(std::string_view key) const { return find(key, Lang::Vi) != nullptr; }
  // Every string, for building the font's glyph ranges.
  std::vector<std::string> all_text() const;
  // Keys asked for with tr() that neither language has (the UI tests check it stays empty).
  std::vector<std::string> asked_but_missing() const;
  // Keys present in one language and not the other.
  std::vector<std::string> missing_keys(Lang lang) const;
  void set(Lang lang, std::string key, std::string text);

 private:
  std::map<std::string, std::string, std::less<>> vi_, en_;
  mutable std::map<std::string, std::string, std::less<>> missing_;
};

}  // namespace mc
