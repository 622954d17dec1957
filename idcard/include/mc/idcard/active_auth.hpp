#pragma once
// Active authentication (ICAO 9303-11 §6.1): the chip signs a challenge with the private key whose public
// half is in DG15, proving it is the chip that was issued and not a copy of its files. RSA keys sign with
// ISO/IEC 9796-2 scheme 1 (message recovery); EC keys with ECDSA, plain r||s (BSI TR-03111), hashed with
// the algorithm DG14's ActiveAuthenticationInfo names.
#include <optional>
#include <string>
#include "mc/idcard/chip_session.hpp"

namespace mc::idcard {

enum class ActiveAuthStatus { NotOffered, Verified, Failed };
const char* active_auth_status_name(ActiveAuthStatus status);  // "not_offered", "verified", "failed"

struct ActiveAuthResult {
  ActiveAuthStatus status = ActiveAuthStatus::NotOffered;
  std::string reason;  // technical, no personal data
};

// Checks `signature` of `challenge` with the DG15 key (SubjectPublicKeyInfo DER). `ecdsa_hash` is the
// OpenSSL digest name for EC keys (from DG14; SHA-256 when DG14 does not say).
ActiveAuthResult verify_active_authentication(ByteView public_key_info, ByteView challenge, ByteView signature,
                                              const std::string& ecdsa_hash = "SHA256");
// INTERNAL AUTHENTICATE with a fresh 8-byte challenge over the open session, then the check above.
ActiveAuthResult perform_active_authentication(ChipSession& session, ByteView public_key_info,
                                               const std::string& ecdsa_hash = "SHA256");
// The OpenSSL digest name for an ActiveAuthenticationInfo signatureAlgorithm OID (ecdsa-plain-SHA*).
std::optional<std::string> ecdsa_plain_hash(const std::string& oid);

}  // namespace mc::idcard
