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

const char* chip_verification_name(ChipVerification value) {
  switch (value) {
    case ChipVerification::Verified:
      return "verified";
    case ChipVerification::CscaUnknown:
      return "csca_unknown";
    case ChipVerification::Failed:
      return "failed";
    case ChipVerification::None:
      break;
  }
  return "";
}

std::optional<ChipVerification> parse_chip_verification(std::string_view name) {
  for (ChipVerification value :
       {ChipVerification::None, ChipVerification::Verified, ChipVerification::CscaUnknown, ChipVerification::Failed})
    if (name == chip_verification_name(value)) return value;
  return std::nullopt;
}

}  // namespace mc
