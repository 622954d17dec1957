#pragma once
// A scanned code as the journey and staff mode route it. The scanner module reads each scan once
// (mc::scanner::read_scan: what kind it is, the ID card parsed, the dossier code found); the wedge, the
// camera and the serial scanner all end here, for citizens and staff alike.
#include <optional>
#include <string>
#include <string_view>

#include "mc/core/identity.hpp"
#include "mc/core/localized.hpp"

namespace mc {

struct ScanReading {
  enum class Kind {
    IdCard,               // identity holds the citizen read from the card
    UnreadableIdCard,     // shaped like the ID card QR but refused; problem says why
    HealthInsuranceCard,  // the BHYT card, which cannot fill the form
    Receipt,              // one of our receipts (or its tracking link): dossier_code
    Other,
  };
  Kind kind = Kind::Other;
  std::optional<CitizenIdentity> identity;
  std::optional<LocalizedText> problem;
  std::string dossier_code;
  std::string lookup_code;  // Receipt: the mã tra cứu its QR carries (kiosk.status_lookup), normalized; or empty
};
const char* scan_reading_kind_name(ScanReading::Kind kind);  // "id_card", ... (logs: never the content)

// The dossier code in a scan of our receipt or in what staff typed: the code alone (surrounding spaces, a
// UTF-8 BOM and CR/LF from a scanner ignored; a scanner in lower-case mode is forgiven), or a tracking URL
// carrying it as a query value (…?ma=CODE) or a path segment (…/ho-so/CODE), percent-encoded or not.
// The one extractor: staff mode and the citizen's journey both use it. nullopt when there is none.
// A receipt printed with kiosk.status_lookup = "lookup_code" and no tracking URL holds "CODE LOOKUPCODE" (one
// space, both QR alphanumeric): the code is found there too.
std::optional<std::string> dossier_code_in_scan(std::string_view text);
// The receipt's lookup code (mã tra cứu) in the same scan: the part after the code's space, or in a tracking
// URL (printer.tracking_url with {lookup_code}) the first query value or path segment, other than the dossier
// code, that is 8 characters of Crockford base32. Normalized (normalize_lookup_code); nullopt when none.
std::optional<std::string> lookup_code_in_scan(std::string_view text);

}  // namespace mc
