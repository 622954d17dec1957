#pragma once
// Basic Access Control (ICAO 9303-11 §4.3): the document basic access keys from the MRZ data, the
// EXTERNAL AUTHENTICATE cryptogram, and the session keys and send sequence counter that follow.
#include <string>
#include <string_view>
#include "mc/idcard/secure_messaging.hpp"

namespace mc::idcard {

// The three MRZ fields BAC needs, as printed in the MRZ: dates YYMMDD, document number without its
// check digit ('<' filler allowed).
struct MrzKey {
  std::string document_number;
  std::string date_of_birth;
  std::string date_of_expiry;
};

// ICAO 9303-3 §4.9 check digit (weights 7-3-1; '<' counts 0, A–Z 10–35); -1 for a character outside the MRZ set.
int mrz_check_digit(std::string_view field);
// Document number + check, birth date + check, expiry date + check ("L898902C<369080619406236").
// Throws std::invalid_argument naming the field that is not MRZ-shaped.
std::string mrz_information(const MrzKey& key);

struct BacKeys {
  Bytes k_enc;
  Bytes k_mac;
};
BacKeys bac_keys(const MrzKey& key);
Bytes bac_key_seed(const MrzKey& key);  // first 16 bytes of SHA-1(MRZ information)

// Terminal side of MUTUAL AUTHENTICATE: E_IFD || M_IFD from RND.IC (the card's challenge) and the
// terminal's RND.IFD and K.IFD.
Bytes bac_authentication_data(const BacKeys& keys, ByteView rnd_ic, ByteView rnd_ifd, ByteView k_ifd);
// Checks the card's answer (E_IC || M_IC) and derives the session keys and SSC. Throws
// ChipError(AccessDenied) when the MAC or the echoed nonces are wrong (a card that knows other keys).
SessionKeys bac_session_keys(const BacKeys& keys, ByteView card_answer, ByteView rnd_ic, ByteView rnd_ifd,
                             ByteView k_ifd);

}  // namespace mc::idcard
