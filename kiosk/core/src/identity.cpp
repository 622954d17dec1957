#include "mc/core/identity.hpp"

#include "mc/core/localized.hpp"
#include "mc/core/text.hpp"

namespace mc {

const char* lang_code(Lang lang) { return lang == Lang::En ? "en" : "vi"; }

std::string sex_label_vi(Sex sex) {
  switch (sex) {
    case Sex::Male: return "Nam";
    case Sex::Female: return "Nữ";
    case Sex::Unknown: break;
  }
  return "";
}

std::optional<Sex> parse_sex(std::string_view text) {
  const std::string folded = fold_for_search(text);
  if (folded == "nam" || folded == "male" || folded == "m") return Sex::Male;
  if (folded == "nu" || folded == "female" || folded == "f") return Sex::Female;
  return std::nullopt;
}

}  // namespace mc
