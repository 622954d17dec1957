#include "mc/idcard/pace.hpp"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <map>
#include <stdexcept>
#include "mc/idcard/errors.hpp"
#include "mc/idcard/tlv.hpp"

namespace mc::idcard {

namespace {

constexpr const char* kPaceOidPrefix = "0.4.0.127.0.7.2.2.4.";

struct BnFree {
  void operator()(BIGNUM* bn) const { BN_clear_free(bn); }
};
struct BnCtxFree {
  void operator()(BN_CTX* ctx) const { BN_CTX_free(ctx); }
};
struct GroupFree {
  void operator()(EC_GROUP* group) const { EC_GROUP_free(group); }
};
struct PointFree {
  void operator()(EC_POINT* point) const { EC_POINT_clear_free(point); }
};
using BnPtr = std::unique_ptr<BIGNUM, BnFree>;
using BnCtxPtr = std::unique_ptr<BN_CTX, BnCtxFree>;
using GroupPtr = std::unique_ptr<EC_GROUP, GroupFree>;
using PointPtr = std::unique_ptr<EC_POINT, PointFree>;

[[noreturn]] void openssl_failure(const char* what) {
  throw std::runtime_error(std::string("EC: ") + what + " failed");
}

BnPtr to_bn(ByteView bytes) {
  BnPtr bn(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
  if (!bn) openssl_failure("BN_bin2bn");
  return bn;
}

Bytes from_bn(const BIGNUM* bn, size_t length) {
  Bytes out(length);
  if (BN_bn2binpad(bn, out.data(), static_cast<int>(length)) < 0) openssl_failure("BN_bn2binpad");
  return out;
}

struct NamedCurve {
  int nid;
  const char* name;
};

const std::map<int, NamedCurve>& standard_curves() {
  // ICAO 9303-11 §9.5.1, standardized domain parameters (ids 0–2 are MODP groups for DH).
  static const std::map<int, NamedCurve> curves = {
      {8, {NID_X9_62_prime192v1, "NIST P-192"}},
      {9, {NID_brainpoolP192r1, "brainpoolP192r1"}},
      {10, {NID_secp224r1, "NIST P-224"}},
      {11, {NID_brainpoolP224r1, "brainpoolP224r1"}},
      {12, {NID_X9_62_prime256v1, "NIST P-256"}},
      {13, {NID_brainpoolP256r1, "brainpoolP256r1"}},
      {14, {NID_brainpoolP320r1, "brainpoolP320r1"}},
      {15, {NID_secp384r1, "NIST P-384"}},
      {16, {NID_brainpoolP384r1, "brainpoolP384r1"}},
      {17, {NID_brainpoolP512r1, "brainpoolP512r1"}},
      {18, {NID_secp521r1, "NIST P-521"}},
  };
  return curves;
}

}  // namespace

struct EcCurve::Impl {
  GroupPtr group;
  std::string name;
  size_t field_size = 0;
};

EcCurve::EcCurve(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
EcCurve::~EcCurve() = default;
EcCurve::EcCurve(const EcCurve&) = default;
EcCurve& EcCurve::operator=(const EcCurve&) = default;

bool EcCurve::is_standard_id_supported(int parameter_id) {
  return standard_curves().count(parameter_id) != 0;
}

std::optional<EcCurve> EcCurve::standard(int parameter_id) {
  auto it = standard_curves().find(parameter_id);
  if (it == standard_curves().end()) return std::nullopt;
  auto impl = std::make_shared<Impl>();
  impl->group.reset(EC_GROUP_new_by_curve_name(it->second.nid));
  if (!impl->group) return std::nullopt;  // a curve this OpenSSL build lacks
  impl->name = it->second.name;
  impl->field_size = static_cast<size_t>((EC_GROUP_get_degree(impl->group.get()) + 7) / 8);
  return EcCurve(impl);
}

const std::string& EcCurve::name() const {
  return impl_->name;
}
size_t EcCurve::field_size() const {
  return impl_->field_size;
}

namespace {

PointPtr decode_point(const EC_GROUP* group, ByteView encoded, BN_CTX* ctx) {
  PointPtr point(EC_POINT_new(group));
  if (!point) openssl_failure("EC_POINT_new");
  // Only uncompressed points (04 || X || Y) are allowed in PACE.
  if (encoded.empty() || encoded[0] != 0x04 ||
      EC_POINT_oct2point(group, point.get(), encoded.data(), encoded.size(), ctx) != 1)
    malformed("an elliptic-curve point that is not an uncompressed point of the curve");
  if (EC_POINT_is_at_infinity(group, point.get()) || EC_POINT_is_on_curve(group, point.get(), ctx) != 1)
    malformed("an elliptic-curve point off the curve");
  return point;
}

Bytes encode_point(const EC_GROUP* group, const EC_POINT* point, BN_CTX* ctx) {
  const size_t length = EC_POINT_point2oct(group, point, POINT_CONVERSION_UNCOMPRESSED, nullptr, 0, ctx);
  if (length == 0) openssl_failure("EC_POINT_point2oct");
  Bytes out(length);
  EC_POINT_point2oct(group, point, POINT_CONVERSION_UNCOMPRESSED, out.data(), out.size(), ctx);
  return out;
}

BnPtr checked_scalar(const EC_GROUP* group, ByteView private_key) {
  BnPtr k = to_bn(private_key);
  const BIGNUM* order = EC_GROUP_get0_order(group);
  if (BN_is_zero(k.get()) || BN_cmp(k.get(), order) >= 0) throw std::invalid_argument("EC private key out of range");
  return k;
}

}  // namespace

Bytes EcCurve::public_key(ByteView private_key) const {
  BnCtxPtr ctx(BN_CTX_new());
  BnPtr k = checked_scalar(impl_->group.get(), private_key);
  PointPtr point(EC_POINT_new(impl_->group.get()));
  if (!point || EC_POINT_mul(impl_->group.get(), point.get(), k.get(), nullptr, nullptr, ctx.get()) != 1)
    openssl_failure("EC_POINT_mul");
  return encode_point(impl_->group.get(), point.get(), ctx.get());
}

Bytes EcCurve::random_private_key() const {
  const BIGNUM* order = EC_GROUP_get0_order(impl_->group.get());
  BnPtr k(BN_new());
  do {
    if (!k || BN_priv_rand_range(k.get(), order) != 1) openssl_failure("BN_priv_rand_range");
  } while (BN_is_zero(k.get()));
  return from_bn(k.get(), static_cast<size_t>(BN_num_bytes(order)));
}

bool EcCurve::is_valid_point(ByteView encoded) const {
  BnCtxPtr ctx(BN_CTX_new());
  try {
    PointPtr point = decode_point(impl_->group.get(), encoded, ctx.get());
    // All supported curves have cofactor 1, so a point on the curve is in the prime-order group.
    return true;
  } catch (const ChipError&) {
    return false;
  }
}

Bytes EcCurve::multiply(ByteView private_key, ByteView other_public) const {
  BnCtxPtr ctx(BN_CTX_new());
  PointPtr other = decode_point(impl_->group.get(), other_public, ctx.get());
  BnPtr k = checked_scalar(impl_->group.get(), private_key);
  PointPtr result(EC_POINT_new(impl_->group.get()));
  if (!result || EC_POINT_mul(impl_->group.get(), result.get(), nullptr, other.get(), k.get(), ctx.get()) != 1)
    openssl_failure("EC_POINT_mul");
  if (EC_POINT_is_at_infinity(impl_->group.get(), result.get())) malformed("ECDH gave the point at infinity");
  return encode_point(impl_->group.get(), result.get(), ctx.get());
}

Bytes EcCurve::shared_secret(ByteView private_key, ByteView other_public) const {
  const Bytes point = multiply(private_key, other_public);
  return slice(point, 1, impl_->field_size);
}

EcCurve EcCurve::map_generic(ByteView nonce, ByteView private_key, ByteView other_public) const {
  BnCtxPtr ctx(BN_CTX_new());
  const EC_GROUP* group = impl_->group.get();
  PointPtr other = decode_point(group, other_public, ctx.get());
  BnPtr k = checked_scalar(group, private_key);
  BnPtr s = to_bn(nonce);
  // G~ = s·G + k·PK (EC_POINT_mul computes n·G + m·Q in one call).
  PointPtr mapped(EC_POINT_new(group));
  if (!mapped || EC_POINT_mul(group, mapped.get(), s.get(), other.get(), k.get(), ctx.get()) != 1)
    openssl_failure("EC_POINT_mul");
  if (EC_POINT_is_at_infinity(group, mapped.get())) malformed("generic mapping gave the point at infinity");

  BnPtr p(BN_new()), a(BN_new()), b(BN_new()), x(BN_new()), y(BN_new());
  if (EC_GROUP_get_curve(group, p.get(), a.get(), b.get(), ctx.get()) != 1) openssl_failure("EC_GROUP_get_curve");
  if (EC_POINT_get_affine_coordinates(group, mapped.get(), x.get(), y.get(), ctx.get()) != 1)
    openssl_failure("EC_POINT_get_affine_coordinates");
  auto impl = std::make_shared<Impl>();
  impl->group.reset(EC_GROUP_new_curve_GFp(p.get(), a.get(), b.get(), ctx.get()));
  if (!impl->group) openssl_failure("EC_GROUP_new_curve_GFp");
  PointPtr generator(EC_POINT_new(impl->group.get()));
  if (!generator ||
      EC_POINT_set_affine_coordinates(impl->group.get(), generator.get(), x.get(), y.get(), ctx.get()) != 1)
    openssl_failure("EC_POINT_set_affine_coordinates");
  if (EC_GROUP_set_generator(impl->group.get(), generator.get(), EC_GROUP_get0_order(group),
                             EC_GROUP_get0_cofactor(group)) != 1)
    openssl_failure("EC_GROUP_set_generator");
  impl->name = impl_->name + " (mapped)";
  impl->field_size = impl_->field_size;
  return EcCurve(impl);
}

Bytes EcCurve::generator() const {
  BnCtxPtr ctx(BN_CTX_new());
  return encode_point(impl_->group.get(), EC_GROUP_get0_generator(impl_->group.get()), ctx.get());
}

std::optional<PaceProtocol> pace_protocol(const std::string& oid) {
  const std::string prefix = kPaceOidPrefix;
  if (oid.rfind(prefix, 0) != 0) return std::nullopt;
  const std::string rest = oid.substr(prefix.size());  // "2.2"
  static const std::map<std::string, std::pair<bool, PaceMapping>> families = {
      {"1", {false, PaceMapping::Generic}},
      {"2", {true, PaceMapping::Generic}},
      {"3", {false, PaceMapping::Integrated}},
      {"4", {true, PaceMapping::Integrated}},
      {"6", {true, PaceMapping::ChipAuthentication}}};
  const auto dot = rest.find('.');
  if (dot == std::string::npos) return std::nullopt;
  auto family = families.find(rest.substr(0, dot));
  if (family == families.end()) return std::nullopt;
  PaceProtocol protocol;
  protocol.oid = oid;
  protocol.elliptic = family->second.first;
  protocol.mapping = family->second.second;
  const std::string cipher = rest.substr(dot + 1);
  if (cipher == "1") {
    protocol.cipher = SmCipher::TripleDes;
    protocol.key_length = 16;
  } else if (cipher == "2" || cipher == "3" || cipher == "4") {
    protocol.cipher = SmCipher::Aes;
    protocol.key_length = cipher == "2" ? 16 : cipher == "3" ? 24 : 32;
  } else {
    return std::nullopt;
  }
  if (protocol.mapping == PaceMapping::ChipAuthentication && protocol.cipher == SmCipher::TripleDes)
    return std::nullopt;
  return protocol;
}

bool is_supported(const PaceProtocol& protocol) {
  return protocol.elliptic && protocol.mapping == PaceMapping::Generic;
}

Bytes pace_password_secret(PacePassword type, std::string_view password) {
  if (type == PacePassword::Can) return bytes_of(password);
  return sha1(bytes_of(password));
}

Bytes pace_public_key_data(const std::string& protocol_oid, ByteView public_point) {
  const Bytes inner = concat({make_tlv(0x06, der::oid_from_string(protocol_oid)), make_tlv(0x86, public_point)});
  return make_tlv(0x7F49, inner);
}

Bytes pace_auth_token(SmCipher cipher, ByteView k_mac, const std::string& protocol_oid, ByteView public_point) {
  const Bytes input = pace_public_key_data(protocol_oid, public_point);
  if (cipher == SmCipher::Aes) return slice(aes_cmac(k_mac, input), 0, 8);
  return retail_mac(k_mac, pad(input, 8));
}

}  // namespace mc::idcard
