#pragma once
// SecurityInfos (ICAO 9303-11 §9.2), the SET that EF.CardAccess and DG14 carry: which PACE protocols and
// domain parameters the chip offers, and its chip and active authentication information.
#include <optional>
#include <string>
#include <vector>
#include "mc/idcard/bytes.hpp"

namespace mc::idcard {

struct PaceInfo {
  std::string protocol;  // OID, e.g. 0.4.0.127.0.7.2.2.4.2.2 (ECDH-GM-AES-128)
  int version = 0;
  std::optional<int> parameter_id;
};

struct ChipAuthenticationInfo {
  std::string protocol;
  int version = 0;
  std::optional<int> key_id;
};

struct ActiveAuthenticationInfo {
  int version = 0;
  std::string signature_algorithm;  // OID (ECDSA with SHA-…); absent for RSA
};

struct SecurityInfos {
  std::vector<PaceInfo> pace;
  std::vector<ChipAuthenticationInfo> chip_authentication;
  int chip_authentication_public_keys = 0;
  std::optional<ActiveAuthenticationInfo> active_authentication;
  std::vector<std::string> other_protocols;  // recognised by nothing here; kept for diagnostics
};

// Parses the DER SET of SecurityInfo. Unknown entries are kept in other_protocols (9303-11 §9.2: an
// inspection system may discard them); a broken structure throws ChipError(MalformedData).
SecurityInfos parse_security_infos(ByteView der);

// The PACEInfo this kiosk would run (ECDH generic mapping on a standardized curve it supports), preferring
// the strongest cipher; nullopt when the card offers none of them.
std::optional<PaceInfo> choose_pace(const SecurityInfos& infos);

}  // namespace mc::idcard
