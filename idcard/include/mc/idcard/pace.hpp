#pragma once
// PACE (ICAO 9303-11 §4.4) with ECDH generic mapping: the password key from the CAN or the MRZ, the
// encrypted nonce, the mapping to a new generator G~ = s·G + H, the ephemeral key agreement on G~, the
// session keys and the authentication tokens. The elliptic-curve arithmetic is OpenSSL's (libcrypto).
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include "mc/idcard/secure_messaging.hpp"

namespace mc::idcard {

enum class PaceMapping { Generic, Integrated, ChipAuthentication };

// What a PACE protocol OID (id-PACE-ECDH-GM-AES-CBC-CMAC-128 ...) stands for.
struct PaceProtocol {
  std::string oid;
  bool elliptic = true;  // ECDH (else DH)
  PaceMapping mapping = PaceMapping::Generic;
  SmCipher cipher = SmCipher::Aes;
  size_t key_length = 16;
};
std::optional<PaceProtocol> pace_protocol(const std::string& oid);
// The protocols this kiosk runs: ECDH with generic mapping, any cipher.
bool is_supported(const PaceProtocol& protocol);

enum class PacePassword : uint8_t { Mrz = 1, Can = 2 };
// K = f(π): SHA-1 of the MRZ information, or the CAN's digits as they are (9303-11 §4.4.3.1).
Bytes pace_password_secret(PacePassword type, std::string_view password);

// An elliptic curve group from the standardized domain parameters of 9303-11 §9.5.1 (ids 8–18: NIST
// P-192…P-521 and brainpoolP192r1…P512r1), or one with a mapped generator.
class EcCurve {
 public:
  static std::optional<EcCurve> standard(int parameter_id);
  static bool is_standard_id_supported(int parameter_id);
  ~EcCurve();
  EcCurve(const EcCurve&);
  EcCurve& operator=(const EcCurve&);

  const std::string& name() const;
  size_t field_size() const;  // bytes of one coordinate
  // 04 || X || Y of private·G.
  Bytes public_key(ByteView private_key) const;
  Bytes random_private_key() const;             // uniform in [1, order)
  bool is_valid_point(ByteView encoded) const;  // on the curve, not infinity, in the prime-order subgroup
  // private·other (the encoded point H of generic mapping); throws ChipError(MalformedData) for a bad point.
  Bytes multiply(ByteView private_key, ByteView other_public) const;
  // x-coordinate of private·other, field_size() bytes (the ECDH shared secret of §4.4.3.4).
  Bytes shared_secret(ByteView private_key, ByteView other_public) const;
  // The same curve with generator G~ = nonce·G + private·other_public (generic mapping, §4.4.3.3.1).
  EcCurve map_generic(ByteView nonce, ByteView private_key, ByteView other_public) const;
  Bytes generator() const;  // encoded

 private:
  struct Impl;
  explicit EcCurve(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

// The authentication token of §4.4.3.4: MAC(KSmac, 7F49 { 06 OID, 86 public point }), 8 bytes.
Bytes pace_auth_token(SmCipher cipher, ByteView k_mac, const std::string& protocol_oid, ByteView public_point);
Bytes pace_public_key_data(const std::string& protocol_oid, ByteView public_point);  // the 7F49 object

}  // namespace mc::idcard
