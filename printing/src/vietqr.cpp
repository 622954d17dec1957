#include "mc/printing/vietqr.hpp"

#include <cstdio>
#include <stdexcept>

#include "mc/core/text.hpp"

namespace mc::printing {

uint16_t crc16_ccitt_false(std::string_view data) {
  uint16_t crc = 0xFFFF;
  for (unsigned char byte : data) {
    crc ^= static_cast<uint16_t>(byte) << 8;
    for (int bit = 0; bit < 8; ++bit)
      crc = (crc & 0x8000) ? static_cast<uint16_t>((crc << 1) ^ 0x1021) : static_cast<uint16_t>(crc << 1);
  }
  return crc;
}

namespace {

// Every Vietnamese vowel with its tone marks, grouped by base letter (NFC code points).
struct Fold {
  const char* letters;
  char base;
};
const Fold kFolds[] = {
    {"àáảãạăằắẳẵặâầấẩẫậ", 'a'},
    {"ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", 'A'},
    {"èéẻẽẹêềếểễệ", 'e'},
    {"ÈÉẺẼẸÊỀẾỂỄỆ", 'E'},
    {"ìíỉĩị", 'i'},
    {"ÌÍỈĨỊ", 'I'},
    {"òóỏõọôồốổỗộơờớởỡợ", 'o'},
    {"ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", 'O'},
    {"ùúủũụưừứửữự", 'u'},
    {"ÙÚỦŨỤƯỪỨỬỮỰ", 'U'},
    {"ỳýỷỹỵ", 'y'},
    {"ỲÝỶỸỴ", 'Y'},
    {"đ", 'd'},
    {"Đ", 'D'},
};

char fold_char(char32_t c) {
  if (c < 0x80) return static_cast<char>(c);
  for (const Fold& fold : kFolds)
    if (to_u32(fold.letters).find(c) != std::u32string::npos) return fold.base;
  return 0;
}

std::string tlv(const std::string& tag, const std::string& value) {
  if (value.size() > 99) throw std::invalid_argument("VietQR field " + tag + " is longer than 99 characters");
  char length[3];
  std::snprintf(length, sizeof length, "%02zu", value.size());
  return tag + length + value;
}

bool all_digits(const std::string& text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

std::string vietqr_ascii(std::string_view text) {
  std::string out;
  for (char32_t c : to_u32(to_nfc(text))) {
    char folded = fold_char(c);
    if (folded >= 0x20 && folded < 0x7F)
      out += folded;
    else if (c == U'\t' || c == U'\n')
      out += ' ';
  }
  std::string trimmed = trim(out);
  return trimmed.size() > 25 ? trim(trimmed.substr(0, 25)) : trimmed;
}

std::string vietqr_payload(const std::string& bank_bin, const std::string& account, int64_t amount_vnd,
                           const std::string& purpose) {
  if (bank_bin.size() != 6 || !all_digits(bank_bin))
    throw std::invalid_argument("the bank BIN must be 6 digits, got '" + bank_bin + "'");
  if (account.empty() || account.size() > 19 ||
      account.find_first_not_of("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") != std::string::npos)
    throw std::invalid_argument("the account number must be 1 to 19 letters or digits");
  if (amount_vnd < 0 || amount_vnd > 9999999999999LL) throw std::invalid_argument("the amount must be 0 or more VND");
  std::string beneficiary = tlv("00", bank_bin) + tlv("01", account);
  std::string merchant = tlv("00", "A000000727") + tlv("01", beneficiary) + tlv("02", "QRIBFTTA");
  std::string payload =
      tlv("00", "01") + tlv("01", amount_vnd > 0 ? "12" : "11") + tlv("38", merchant) + tlv("53", "704");
  if (amount_vnd > 0) payload += tlv("54", std::to_string(amount_vnd));
  payload += tlv("58", "VN");
  std::string ascii = vietqr_ascii(purpose);
  if (!ascii.empty()) payload += tlv("62", tlv("08", ascii));
  payload += "6304";
  char crc[5];
  std::snprintf(crc, sizeof crc, "%04X", crc16_ccitt_false(payload));
  return payload + crc;
}

bool vietqr_crc_ok(std::string_view payload) {
  if (payload.size() < 8 || payload.substr(payload.size() - 8, 4) != "6304") return false;
  char crc[5];
  std::snprintf(crc, sizeof crc, "%04X", crc16_ccitt_false(payload.substr(0, payload.size() - 4)));
  return payload.substr(payload.size() - 4) == crc;
}

}  // namespace mc::printing
