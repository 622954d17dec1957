#include "mc/idcard/bac.hpp"

#include <openssl/crypto.h>
#include <stdexcept>
#include "mc/idcard/errors.hpp"

namespace mc::idcard {

namespace {

int mrz_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  if (c == '<') return 0;
  return -1;
}

bool is_yymmdd(std::string_view text) {
  if (text.size() != 6) return false;
  for (char c : text)
    if (c < '0' || c > '9') return false;
  const int month = (text[2] - '0') * 10 + (text[3] - '0');
  const int day = (text[4] - '0') * 10 + (text[5] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

}  // namespace

int mrz_check_digit(std::string_view field) {
  static const int weights[3] = {7, 3, 1};
  int sum = 0;
  for (size_t i = 0; i < field.size(); ++i) {
    const int value = mrz_value(field[i]);
    if (value < 0) return -1;
    sum += value * weights[i % 3];
  }
  return sum % 10;
}

std::string mrz_information(const MrzKey& key) {
  std::string number;
  for (char c : key.document_number) number += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  if (number.empty() || number.size() > 22 || mrz_check_digit(number) < 0)
    throw std::invalid_argument("the document number must be letters, digits or '<' (up to 22)");
  while (number.size() < 9) number += '<';
  if (!is_yymmdd(key.date_of_birth)) throw std::invalid_argument("the date of birth must be YYMMDD");
  if (!is_yymmdd(key.date_of_expiry)) throw std::invalid_argument("the date of expiry must be YYMMDD");
  return number + std::to_string(mrz_check_digit(number)) + key.date_of_birth +
         std::to_string(mrz_check_digit(key.date_of_birth)) + key.date_of_expiry +
         std::to_string(mrz_check_digit(key.date_of_expiry));
}

Bytes bac_key_seed(const MrzKey& key) {
  return slice(sha1(bytes_of(mrz_information(key))), 0, 16);
}

BacKeys bac_keys(const MrzKey& key) {
  Bytes seed = bac_key_seed(key);
  BacKeys keys{derive_key(seed, 1, SmCipher::TripleDes, 16), derive_key(seed, 2, SmCipher::TripleDes, 16)};
  wipe(seed);
  return keys;
}

Bytes bac_authentication_data(const BacKeys& keys, ByteView rnd_ic, ByteView rnd_ifd, ByteView k_ifd) {
  if (rnd_ic.size() != 8 || rnd_ifd.size() != 8 || k_ifd.size() != 16)
    throw std::invalid_argument("BAC: RND.IC and RND.IFD are 8 bytes, K.IFD 16");
  const Bytes s = concat({rnd_ifd, rnd_ic, k_ifd});
  const Bytes e_ifd = des3_cbc(true, keys.k_enc, Bytes(8, 0), s);
  const Bytes m_ifd = retail_mac(keys.k_mac, pad(e_ifd, 8));
  return concat({e_ifd, m_ifd});
}

SessionKeys bac_session_keys(const BacKeys& keys, ByteView card_answer, ByteView rnd_ic, ByteView rnd_ifd,
                             ByteView k_ifd) {
  if (card_answer.size() != 40)
    throw ChipError(ChipErrorKind::AccessDenied,
                    "MUTUAL AUTHENTICATE answer of " + std::to_string(card_answer.size()) + " bytes");
  const ByteView e_ic = card_answer.subspan(0, 32);
  const ByteView m_ic = card_answer.subspan(32, 8);
  const Bytes expected_mac = retail_mac(keys.k_mac, pad(e_ic, 8));
  if (CRYPTO_memcmp(expected_mac.data(), m_ic.data(), 8) != 0)
    throw ChipError(ChipErrorKind::AccessDenied, "the card's BAC cryptogram has a wrong MAC");
  Bytes r = des3_cbc(false, keys.k_enc, Bytes(8, 0), e_ic);
  // R = RND.IC || RND.IFD || K.IC: the card must echo both nonces.
  if (CRYPTO_memcmp(r.data(), rnd_ic.data(), 8) != 0 || CRYPTO_memcmp(r.data() + 8, rnd_ifd.data(), 8) != 0)
    throw ChipError(ChipErrorKind::AccessDenied, "the card's BAC cryptogram does not echo the nonces");
  Bytes seed(16);
  for (size_t i = 0; i < 16; ++i) seed[i] = k_ifd[i] ^ r[16 + i];
  SessionKeys session;
  session.cipher = SmCipher::TripleDes;
  session.k_enc = derive_key(seed, 1, SmCipher::TripleDes, 16);
  session.k_mac = derive_key(seed, 2, SmCipher::TripleDes, 16);
  session.ssc = concat({rnd_ic.subspan(4, 4), rnd_ifd.subspan(4, 4)});
  wipe(seed);
  wipe(r);
  return session;
}

}  // namespace mc::idcard
