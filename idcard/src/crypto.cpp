#include "mc/idcard/crypto.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <map>
#include <memory>
#include <stdexcept>
#include "mc/idcard/errors.hpp"

namespace mc::idcard {

namespace {

struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
struct CipherFree {
  void operator()(EVP_CIPHER* cipher) const { EVP_CIPHER_free(cipher); }
};

// One-shot block cipher without padding; throws std::runtime_error on a library failure (a bug, not input).
Bytes run_cipher(const char* name, bool encrypt, ByteView key, ByteView iv, ByteView data) {
  std::unique_ptr<EVP_CIPHER, CipherFree> cipher(EVP_CIPHER_fetch(nullptr, name, nullptr));
  if (!cipher) throw std::runtime_error(std::string("OpenSSL has no cipher ") + name);
  const int block = EVP_CIPHER_get_block_size(cipher.get());
  if (block > 1 && data.size() % static_cast<size_t>(block) != 0)
    throw std::runtime_error(std::string(name) + ": data is not a whole number of blocks");
  if (static_cast<int>(key.size()) != EVP_CIPHER_get_key_length(cipher.get()))
    throw std::runtime_error(std::string(name) + ": wrong key length");
  std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree> ctx(EVP_CIPHER_CTX_new());
  if (!ctx || EVP_CipherInit_ex2(ctx.get(), cipher.get(), key.data(), iv.empty() ? nullptr : iv.data(), encrypt ? 1 : 0,
                                 nullptr) != 1)
    throw std::runtime_error(std::string(name) + ": init failed");
  EVP_CIPHER_CTX_set_padding(ctx.get(), 0);
  Bytes out(data.size() + static_cast<size_t>(block));
  int written = 0, final_written = 0;
  if (EVP_CipherUpdate(ctx.get(), out.data(), &written, data.data(), static_cast<int>(data.size())) != 1 ||
      EVP_CipherFinal_ex(ctx.get(), out.data() + written, &final_written) != 1)
    throw std::runtime_error(std::string(name) + ": cipher failed");
  out.resize(static_cast<size_t>(written + final_written));
  return out;
}

const char* aes_name(size_t key_length, const char* mode) {
  static const std::map<std::pair<size_t, std::string>, const char*> names = {
      {{16, "CBC"}, "AES-128-CBC"}, {{24, "CBC"}, "AES-192-CBC"}, {{32, "CBC"}, "AES-256-CBC"},
      {{16, "ECB"}, "AES-128-ECB"}, {{24, "ECB"}, "AES-192-ECB"}, {{32, "ECB"}, "AES-256-ECB"}};
  auto it = names.find({key_length, mode});
  if (it == names.end()) throw std::runtime_error("AES: key of " + std::to_string(key_length) + " bytes");
  return it->second;
}

// Single DES as two-key 3DES with K1 = K2 (E(K1) D(K1) E(K1) = E(K1)): single DES lives in OpenSSL 3's
// legacy provider, which a kiosk should not need to load.
Bytes single_des_key(ByteView key8) {
  return concat({key8, key8});
}

void set_odd_parity(Bytes& key) {
  for (auto& b : key) {
    int ones = 0;
    for (int bit = 1; bit < 8; ++bit) ones += (b >> bit) & 1;
    b = static_cast<uint8_t>((b & 0xFE) | (ones % 2 == 0 ? 1 : 0));
  }
}

}  // namespace

Bytes digest(const std::string& algorithm, ByteView data) {
  EVP_MD* md = EVP_MD_fetch(nullptr, algorithm.c_str(), nullptr);
  if (!md) throw std::runtime_error("OpenSSL has no digest " + algorithm);
  Bytes out(static_cast<size_t>(EVP_MD_get_size(md)));
  unsigned int length = 0;
  const int ok = EVP_Digest(data.data(), data.size(), out.data(), &length, md, nullptr);
  EVP_MD_free(md);
  if (ok != 1) throw std::runtime_error("digest failed");
  out.resize(length);
  return out;
}

Bytes sha1(ByteView data) {
  return digest("SHA1", data);
}
Bytes sha256(ByteView data) {
  return digest("SHA256", data);
}

std::optional<std::string> digest_name_for_oid(const std::string& oid) {
  static const std::map<std::string, std::string> names = {
      {"1.3.14.3.2.26", "SHA1"},
      {"2.16.840.1.101.3.4.2.4", "SHA224"},
      {"2.16.840.1.101.3.4.2.1", "SHA256"},
      {"2.16.840.1.101.3.4.2.2", "SHA384"},
      {"2.16.840.1.101.3.4.2.3", "SHA512"},
  };
  auto it = names.find(oid);
  if (it == names.end()) return std::nullopt;
  return it->second;
}

Bytes des3_cbc(bool encrypt, ByteView key16, ByteView iv8, ByteView data) {
  return run_cipher("DES-EDE-CBC", encrypt, key16, iv8, data);
}

Bytes aes_cbc(bool encrypt, ByteView key, ByteView iv16, ByteView data) {
  return run_cipher(aes_name(key.size(), "CBC"), encrypt, key, iv16, data);
}

Bytes aes_ecb_encrypt(ByteView key, ByteView block16) {
  return run_cipher(aes_name(key.size(), "ECB"), true, key, {}, block16);
}

Bytes retail_mac(ByteView key16, ByteView padded) {
  if (key16.size() != 16) throw std::runtime_error("retail MAC: key must be 16 bytes");
  if (padded.empty() || padded.size() % 8 != 0) throw std::runtime_error("retail MAC: data must be padded to 8 bytes");
  // CBC with single DES under K1 over all blocks but the last; the last block goes through 3DES (E K1,
  // D K2, E K1), which is exactly the final transformation of MAC algorithm 3.
  Bytes chain(8, 0);
  const size_t head = padded.size() - 8;
  if (head > 0) {
    const Bytes k1 = single_des_key(key16.subspan(0, 8));
    const Bytes cbc = run_cipher("DES-EDE-CBC", true, k1, chain, padded.subspan(0, head));
    chain.assign(cbc.end() - 8, cbc.end());
  }
  Bytes last(padded.end() - 8, padded.end());
  for (size_t i = 0; i < 8; ++i) last[i] ^= chain[i];
  return run_cipher("DES-EDE-ECB", true, key16, {}, last);
}

Bytes aes_cmac(ByteView key, ByteView data) {
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "CMAC", nullptr);
  if (!mac) throw std::runtime_error("OpenSSL has no CMAC");
  EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(mac);
  std::string cipher_name = aes_name(key.size(), "CBC");
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, cipher_name.data(), 0),
                         OSSL_PARAM_construct_end()};
  Bytes out(16);
  size_t length = 0;
  const bool ok = ctx && EVP_MAC_init(ctx, key.data(), key.size(), params) == 1 &&
                  EVP_MAC_update(ctx, data.data(), data.size()) == 1 &&
                  EVP_MAC_final(ctx, out.data(), &length, out.size()) == 1;
  EVP_MAC_CTX_free(ctx);
  EVP_MAC_free(mac);
  if (!ok) throw std::runtime_error("AES-CMAC failed");
  out.resize(length);
  return out;
}

Bytes pad(ByteView data, size_t block_size) {
  Bytes out(data.begin(), data.end());
  out.push_back(0x80);
  while (out.size() % block_size != 0) out.push_back(0x00);
  return out;
}

Bytes unpad(ByteView data) {
  size_t end = data.size();
  while (end > 0 && data[end - 1] == 0x00) --end;
  if (end == 0 || data[end - 1] != 0x80)
    throw ChipError(ChipErrorKind::SecureMessaging, "decrypted data has no ISO 9797-1 padding");
  return Bytes(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(end - 1));
}

Bytes derive_key(ByteView shared_secret, uint32_t counter, SmCipher cipher, size_t key_length) {
  const Bytes input =
      concat({shared_secret, Bytes{static_cast<uint8_t>(counter >> 24), static_cast<uint8_t>(counter >> 16),
                                   static_cast<uint8_t>(counter >> 8), static_cast<uint8_t>(counter)}});
  if (cipher == SmCipher::TripleDes) {
    Bytes key = slice(sha1(input), 0, 16);
    set_odd_parity(key);
    return key;
  }
  if (key_length == 16) return slice(sha1(input), 0, 16);
  if (key_length == 24 || key_length == 32) return slice(sha256(input), 0, key_length);
  throw std::runtime_error("KDF: AES key of " + std::to_string(key_length) + " bytes");
}

Bytes random_bytes(size_t count) {
  Bytes out(count);
  if (count && RAND_bytes(out.data(), static_cast<int>(count)) != 1) throw std::runtime_error("RAND_bytes failed");
  return out;
}

}  // namespace mc::idcard
