#pragma once
#include <string>

namespace mc {

enum class Lang { Vi, En };
const char* lang_code(Lang lang);  // "vi" / "en"

// Text in Vietnamese (always present) and English (falls back to Vietnamese when missing).
struct LocalizedText {
  std::string vi;
  std::string en;
  const std::string& get(Lang lang) const { return lang == Lang::En && !en.empty() ? en : vi; }
  bool operator==(const LocalizedText&) const = default;
};

}  // namespace mc
