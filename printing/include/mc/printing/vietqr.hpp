#pragma once
// VietQR (NAPAS, EMVCo merchant-presented) payment payloads, DOMAIN.md §6.
#include <cstdint>
#include <string>
#include <string_view>

namespace mc::printing {

// CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no final xor. "123456789" -> 0x29B1.
uint16_t crc16_ccitt_false(std::string_view data);
// Purpose text as VietQR wants it: Vietnamese folded to ASCII ("ủng hộ" -> "ung ho"), other non-ASCII
// dropped, at most 25 characters.
std::string vietqr_ascii(std::string_view text);
// amount_vnd 0: a static QR (01 = 11, no field 54); otherwise dynamic (12) with the amount.
// Empty purpose: no field 62. Throws std::invalid_argument when the BIN is not 6 digits or the account
// is empty / longer than 19 characters.
std::string vietqr_payload(const std::string& bank_bin, const std::string& account, int64_t amount_vnd,
                           const std::string& purpose);
// True when the string's last 4 characters are the CRC of everything before them (after "6304").
bool vietqr_crc_ok(std::string_view payload);

}  // namespace mc::printing
