#pragma once
// The citizen as read from the ID card (CCCD) QR or typed at the identify step.
#include <optional>
#include <string>
#include "mc/core/datetime.hpp"

namespace mc {

enum class Sex { Unknown, Male, Female };
std::string sex_label_vi(Sex sex);  // "Nam" / "Nữ"
std::optional<Sex> parse_sex(std::string_view text);  // accepts Nam/Nữ/Male/Female, any case, NFC or not

struct CitizenIdentity {
  std::string id_number;       // 12 digits
  std::string old_id_number;   // 9 digits or empty
  std::string full_name;       // NFC
  std::optional<Date> date_of_birth;
  Sex sex = Sex::Unknown;
  std::string address;         // permanent residence, NFC
  std::optional<Date> issue_date;
};

}  // namespace mc
