#include "mc/idcard/active_auth.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <map>
#include <memory>
#include "mc/idcard/crypto.hpp"
#include "mc/idcard/errors.hpp"

namespace mc::idcard {

namespace {

struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* ctx) const { EVP_PKEY_CTX_free(ctx); }
};

ActiveAuthResult failed(std::string reason) {
  ERR_clear_error();
  return {ActiveAuthStatus::Failed, std::move(reason)};
}

// ISO/IEC 9796-2 scheme 1: F = 6A || M1 || H(M1 || M2) || trailer, with M2 the challenge.
ActiveAuthResult verify_rsa(EVP_PKEY* key, ByteView challenge, ByteView signature) {
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(EVP_PKEY_CTX_new(key, nullptr));
  if (!ctx || EVP_PKEY_verify_recover_init(ctx.get()) != 1 ||
      EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_NO_PADDING) != 1)
    return failed("RSA: cannot set up recovery");
  Bytes recovered(static_cast<size_t>(EVP_PKEY_get_size(key)));
  size_t length = recovered.size();
  if (EVP_PKEY_verify_recover(ctx.get(), recovered.data(), &length, signature.data(), signature.size()) != 1)
    return failed("RSA: the signature does not decrypt under the DG15 key");
  recovered.resize(length);
  if (recovered.size() < 2 + 20 || recovered[0] != 0x6A) return failed("RSA: no ISO 9796-2 header");
  std::string hash;
  size_t trailer = 1;
  if (recovered.back() == 0xBC) {
    hash = "SHA1";
  } else if (recovered.back() == 0xCC) {
    static const std::map<uint8_t, std::string> ids = {
        {0x38, "SHA224"}, {0x34, "SHA256"}, {0x36, "SHA384"}, {0x35, "SHA512"}};
    auto it = ids.find(recovered[recovered.size() - 2]);
    if (it == ids.end()) return failed("RSA: unknown hash in the ISO 9796-2 trailer");
    hash = it->second;
    trailer = 2;
  } else {
    return failed("RSA: no ISO 9796-2 trailer");
  }
  const size_t hash_length = digest(hash, {}).size();
  if (recovered.size() < 1 + hash_length + trailer) return failed("RSA: recovered block too short");
  const ByteView m1 = ByteView(recovered).subspan(1, recovered.size() - 1 - hash_length - trailer);
  const ByteView d = ByteView(recovered).subspan(1 + m1.size(), hash_length);
  const Bytes expected = digest(hash, concat({m1, challenge}));
  if (CRYPTO_memcmp(expected.data(), d.data(), hash_length) != 0) return failed("RSA: the signed hash differs");
  return {ActiveAuthStatus::Verified, "RSA ISO 9796-2 signature of the challenge verifies with DG15 (" + hash + ")"};
}

ActiveAuthResult verify_ec(EVP_PKEY* key, ByteView challenge, ByteView signature, const std::string& hash) {
  // Plain r || s (each the size of the group order) to DER for OpenSSL.
  if (signature.empty() || signature.size() % 2 != 0 || signature.size() > 2 * 66)
    return failed("ECDSA: a plain signature of " + std::to_string(signature.size()) + " bytes");
  const size_t half = signature.size() / 2;
  ECDSA_SIG* sig = ECDSA_SIG_new();
  BIGNUM* r = BN_bin2bn(signature.data(), static_cast<int>(half), nullptr);
  BIGNUM* s = BN_bin2bn(signature.data() + half, static_cast<int>(half), nullptr);
  ECDSA_SIG_set0(sig, r, s);
  unsigned char* der = nullptr;
  const int der_length = i2d_ECDSA_SIG(sig, &der);
  ECDSA_SIG_free(sig);
  if (der_length <= 0) return failed("ECDSA: cannot encode the signature");
  EVP_MD* md = EVP_MD_fetch(nullptr, hash.c_str(), nullptr);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const int ok = md && ctx && EVP_DigestVerifyInit(ctx, nullptr, md, nullptr, key) == 1
                     ? EVP_DigestVerify(ctx, der, static_cast<size_t>(der_length), challenge.data(), challenge.size())
                     : -1;
  EVP_MD_CTX_free(ctx);
  EVP_MD_free(md);
  OPENSSL_free(der);
  if (ok != 1) return failed("ECDSA: the signature of the challenge does not verify with DG15");
  return {ActiveAuthStatus::Verified, "ECDSA signature of the challenge verifies with DG15 (" + hash + ")"};
}

}  // namespace

const char* active_auth_status_name(ActiveAuthStatus status) {
  switch (status) {
    case ActiveAuthStatus::Verified:
      return "verified";
    case ActiveAuthStatus::Failed:
      return "failed";
    case ActiveAuthStatus::NotOffered:
      break;
  }
  return "not_offered";
}

std::optional<std::string> ecdsa_plain_hash(const std::string& oid) {
  static const std::map<std::string, std::string> names = {{"0.4.0.127.0.7.1.1.4.1.1", "SHA1"},
                                                           {"0.4.0.127.0.7.1.1.4.1.2", "SHA224"},
                                                           {"0.4.0.127.0.7.1.1.4.1.3", "SHA256"},
                                                           {"0.4.0.127.0.7.1.1.4.1.4", "SHA384"},
                                                           {"0.4.0.127.0.7.1.1.4.1.5", "SHA512"}};
  auto it = names.find(oid);
  if (it == names.end()) return std::nullopt;
  return it->second;
}

ActiveAuthResult verify_active_authentication(ByteView public_key_info, ByteView challenge, ByteView signature,
                                              const std::string& ecdsa_hash) {
  const unsigned char* cursor = public_key_info.data();
  std::unique_ptr<EVP_PKEY, PkeyFree> key(d2i_PUBKEY(nullptr, &cursor, static_cast<long>(public_key_info.size())));
  if (!key) return failed("DG15 holds no public key OpenSSL can read");
  if (EVP_PKEY_get_base_id(key.get()) == EVP_PKEY_RSA) return verify_rsa(key.get(), challenge, signature);
  if (EVP_PKEY_get_base_id(key.get()) == EVP_PKEY_EC) return verify_ec(key.get(), challenge, signature, ecdsa_hash);
  return failed("DG15 key is neither RSA nor EC");
}

ActiveAuthResult perform_active_authentication(ChipSession& session, ByteView public_key_info,
                                               const std::string& ecdsa_hash) {
  const Bytes challenge = random_bytes(8);
  const ResponseApdu answer = session.send({0x00, 0x88, 0x00, 0x00, challenge, 256});
  if (!answer.ok()) return failed("INTERNAL AUTHENTICATE refused: " + describe_status(answer.sw));
  return verify_active_authentication(public_key_info, challenge, answer.data, ecdsa_hash);
}

}  // namespace mc::idcard
