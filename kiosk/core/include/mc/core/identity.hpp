#pragma once
// The citizen as read from the ID card (CCCD) QR or typed at the identify step.
#include <cstdint>
#include <optional>
#include <string>
#include "mc/core/datetime.hpp"

namespace mc {

enum class Sex { Unknown, Male, Female };
std::string sex_label_vi(Sex sex);  // "Nam" / "Nữ"
std::optional<Sex> parse_sex(std::string_view text);  // accepts Nam/Nữ/Male/Female, any case, NFC or not

// Whether the identity came from the ID card's chip and what passive authentication said of it (issue 16).
// The receipt, the dossier record and staff mode show it; the face image is never part of it.
enum class ChipVerification {
  None,         // not read from the chip (QR code or typed)
  Verified,     // "đã xác thực chip": data signed by the document signer of a trusted CSCA
  CscaUnknown,  // signed and intact, but no trusted CSCA issued the signer
  Failed,       // the data does not match its signature
};
const char* chip_verification_name(ChipVerification value);  // "", "verified", "csca_unknown", "failed"
std::optional<ChipVerification> parse_chip_verification(std::string_view name);

struct ChipCheck {
  ChipVerification status = ChipVerification::None;
  std::string access;   // "PACE" or "BAC"
  int64_t read_at = 0;  // Unix seconds
  bool read() const { return status != ChipVerification::None; }
  bool operator==(const ChipCheck&) const = default;
};

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
