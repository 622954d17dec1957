#pragma once
// What a scanned text is, so the UI can route a scan from any step of the journey.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mc::scanner {

enum class ScanKind { IdCard, HealthInsuranceCard, Receipt, VietQr, Url, Other };

ScanKind classify(std::string_view text);
const char* scan_kind_name(ScanKind kind);  // "id_card", "health_insurance_card", "receipt", "vietqr", "url", "other"

// Looks like the citizen ID card QR (DOMAIN.md §1): `|`-separated, first field 12 digits. Says nothing
// about validity: parse_cccd decides that and gives the reason.
bool looks_like_cccd(std::string_view text);
// The health-insurance (BHYT) card QR: `|`-separated with a card number such as GD4797920012345 and a
// hex-encoded name.
bool looks_like_health_insurance_card(std::string_view text);

// CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF), as EMVCo/VietQR uses it.
uint16_t crc16_ccitt_false(std::string_view data);

// A VietQR (NAPAS EMVCo merchant-presented) payload, DOMAIN.md §6.
struct VietQr {
  std::string bank_bin;               // 38/01/00
  std::string account;                // 38/01/01
  std::string service;                // 38/02: QRIBFTTA (account) or QRIBFTTC (card)
  std::optional<int64_t> amount_vnd;  // 54
  std::string purpose;                // 62/08
  bool dynamic = false;               // 01 == "12"
};
// nullopt unless it is well-formed TLV starting 000201, carries A000000727 and its CRC matches.
std::optional<VietQr> parse_vietqr(std::string_view text);

}  // namespace mc::scanner
