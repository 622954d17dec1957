#pragma once
// Secure messaging of ICAO 9303-11 §9.8 (3DES or AES): the send sequence counter, the command's DO'87'
// (encrypted data) and DO'97' (Le), the response's DO'87' and DO'99' (status), and DO'8E' (the MAC over
// the padded SSC and data objects) both ways. The terminal side is what the kiosk runs; the card side
// (unprotect_command / protect_response) lets a test card answer like a chip.
#include "mc/idcard/apdu.hpp"
#include "mc/idcard/crypto.hpp"

namespace mc::idcard {

struct SessionKeys {
  SmCipher cipher = SmCipher::TripleDes;
  Bytes k_enc;
  Bytes k_mac;
  Bytes ssc;  // 8 bytes for 3DES, 16 for AES
};

class SecureMessaging {
 public:
  explicit SecureMessaging(SessionKeys keys);
  ~SecureMessaging();
  SecureMessaging(const SecureMessaging&) = delete;
  SecureMessaging& operator=(const SecureMessaging&) = delete;

  // Terminal side. protect() increments the SSC and returns the protected command; unprotect() increments
  // it again, checks DO'8E' and returns the plain data and the status word from DO'99'. A response that is
  // only an error status word (the card dropped secure messaging) comes back as that status word.
  // Throws ChipError(SecureMessaging) on a wrong MAC or broken data objects.
  Bytes protect(const CommandApdu& command);
  ResponseApdu unprotect(ByteView response);

  // Card side, for emulated cards in tests.
  CommandApdu unprotect_command(ByteView command);
  Bytes protect_response(const ResponseApdu& response);

  const Bytes& ssc() const { return keys_.ssc; }
  size_t block_size() const { return keys_.cipher == SmCipher::Aes ? 16 : 8; }

 private:
  void increment_ssc();
  Bytes encrypt(ByteView padded);
  Bytes decrypt(ByteView ciphertext);
  Bytes mac(ByteView data);  // over pad(SSC || data), 8 bytes
  Bytes iv();

  SessionKeys keys_;
};

}  // namespace mc::idcard
