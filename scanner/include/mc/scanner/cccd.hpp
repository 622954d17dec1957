#pragma once
// The citizen ID card (CCCD) QR payload, DOMAIN.md §1:
//   id(12)|old id(9 or empty)|full name|DDMMYYYY|Nam/Nữ|address|DDMMYYYY[|extra...]
#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include "mc/core/identity.hpp"
#include "mc/core/localized.hpp"

namespace mc::scanner {

struct CccdParse {
  std::optional<CitizenIdentity> identity;  // set when the payload is accepted (maybe with warnings)
  std::vector<LocalizedText> warnings;      // accepted, but staff should look (ID digits vs birth date/sex...)
  std::optional<LocalizedText> error;       // why it was refused; never contains the personal data itself
  bool repaired_encoding = false;           // Latin-1/CP1252 double encoding was undone
  bool ok() const { return identity.has_value(); }
};

CccdParse parse_cccd(std::string_view payload);

// Undoes the common double encoding (UTF-8 bytes read as Latin-1/CP1252 and encoded again as UTF-8,
// "Nguyá»…n" -> "Nguyễn"), at most twice. nullopt when the text shows no such damage or the repair does
// not give valid Vietnamese text.
std::optional<std::string> repair_mojibake(std::string_view text);
// True when the text has the tell-tale pairs of that double encoding ("Ã¡", "á»", "Ä‘").
bool has_mojibake_marks(std::string_view text);

}  // namespace mc::scanner
