#pragma once
// The symmetric primitives of ICAO 9303-11 on OpenSSL 3 (libcrypto): hashes, two-key 3DES and AES in CBC,
// the DES retail MAC (ISO/IEC 9797-1 MAC algorithm 3) and AES-CMAC, ISO/IEC 9797-1 padding method 2, and
// the key derivation function of 9303-11 §9.7.1. No padding is ever added implicitly: callers pad.
#include <optional>
#include <string>
#include "mc/idcard/bytes.hpp"

namespace mc::idcard {

enum class SmCipher { TripleDes, Aes };

Bytes sha1(ByteView data);
Bytes sha256(ByteView data);
// Hash by OpenSSL name ("SHA1", "SHA224", "SHA256", "SHA384", "SHA512").
Bytes digest(const std::string& algorithm, ByteView data);
// OpenSSL name of a hash algorithm OID (as EF.SOD names them), or nullopt for one we do not accept.
std::optional<std::string> digest_name_for_oid(const std::string& oid);

// Two-key triple DES (K1 K2 K1) in CBC mode; data a multiple of 8 bytes.
Bytes des3_cbc(bool encrypt, ByteView key16, ByteView iv8, ByteView data);
// AES-128/192/256 (by key length) in CBC mode; data a multiple of 16 bytes.
Bytes aes_cbc(bool encrypt, ByteView key, ByteView iv16, ByteView data);
Bytes aes_ecb_encrypt(ByteView key, ByteView block16);
// ISO/IEC 9797-1 MAC algorithm 3 with DES (the "retail MAC"), over data already padded to 8 bytes.
Bytes retail_mac(ByteView key16, ByteView padded);
// AES-CMAC (NIST SP 800-38B), full 16 bytes.
Bytes aes_cmac(ByteView key, ByteView data);

// ISO/IEC 9797-1 padding method 2: 0x80 then zeros up to the block size (always adds at least one byte).
Bytes pad(ByteView data, size_t block_size);
// Removes method-2 padding; throws ChipError(SecureMessaging) when there is none.
Bytes unpad(ByteView data);

// KDF(K, c) of 9303-11 §9.7.1: SHA-1 for 3DES and AES-128, SHA-256 for AES-192/256. 3DES keys get
// odd DES parity, as the worked examples print them. c = 1 encryption, 2 MAC, 3 PACE password.
Bytes derive_key(ByteView shared_secret, uint32_t counter, SmCipher cipher, size_t key_length);

Bytes random_bytes(size_t count);  // from OpenSSL's CSPRNG

}  // namespace mc::idcard
