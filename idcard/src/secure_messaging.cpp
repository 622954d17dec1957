#include "mc/idcard/secure_messaging.hpp"

#include <openssl/crypto.h>
#include "mc/idcard/errors.hpp"
#include "mc/idcard/tlv.hpp"

namespace mc::idcard {

namespace {

[[noreturn]] void sm_error(const std::string& detail) {
  throw ChipError(ChipErrorKind::SecureMessaging, detail);
}

Bytes le_bytes(size_t le, bool extended) {
  if (!extended) return {static_cast<uint8_t>(le == 256 ? 0 : le)};
  const size_t value = le == 65536 ? 0 : le;
  return {static_cast<uint8_t>(value >> 8), static_cast<uint8_t>(value)};
}

size_t le_from_bytes(ByteView value) {
  if (value.size() == 1) return value[0] == 0 ? 256 : value[0];
  if (value.size() == 2) {
    const size_t le = static_cast<size_t>(value[0] << 8 | value[1]);
    return le == 0 ? 65536 : le;
  }
  malformed("DO'97' of " + std::to_string(value.size()) + " bytes");
}

}  // namespace

SecureMessaging::SecureMessaging(SessionKeys keys) : keys_(std::move(keys)) {
  const size_t expected_ssc = keys_.cipher == SmCipher::Aes ? 16 : 8;
  if (keys_.ssc.size() != expected_ssc) throw std::invalid_argument("SSC must be one cipher block long");
}

SecureMessaging::~SecureMessaging() {
  wipe(keys_.k_enc);
  wipe(keys_.k_mac);
}

void SecureMessaging::increment_ssc() {
  for (size_t i = keys_.ssc.size(); i-- > 0;)
    if (++keys_.ssc[i] != 0) break;
}

Bytes SecureMessaging::iv() {
  if (keys_.cipher == SmCipher::TripleDes) return Bytes(8, 0);
  return aes_ecb_encrypt(keys_.k_enc, keys_.ssc);  // 9303-11 §9.8.6.1: IV = E(KSenc, SSC)
}

Bytes SecureMessaging::encrypt(ByteView padded) {
  return keys_.cipher == SmCipher::Aes ? aes_cbc(true, keys_.k_enc, iv(), padded)
                                       : des3_cbc(true, keys_.k_enc, iv(), padded);
}

Bytes SecureMessaging::decrypt(ByteView ciphertext) {
  if (ciphertext.empty() || ciphertext.size() % block_size() != 0)
    sm_error("encrypted data of " + std::to_string(ciphertext.size()) + " bytes is not whole cipher blocks");
  return keys_.cipher == SmCipher::Aes ? aes_cbc(false, keys_.k_enc, iv(), ciphertext)
                                       : des3_cbc(false, keys_.k_enc, iv(), ciphertext);
}

Bytes SecureMessaging::mac(ByteView data) {
  const Bytes input = pad(concat({keys_.ssc, data}), block_size());
  if (keys_.cipher == SmCipher::Aes) return slice(aes_cmac(keys_.k_mac, input), 0, 8);
  return retail_mac(keys_.k_mac, input);
}

Bytes SecureMessaging::protect(const CommandApdu& command) {
  if ((command.cla & 0x0C) != 0) throw std::invalid_argument("command is already protected");
  const Bytes header{static_cast<uint8_t>(command.cla | 0x0C), command.ins, command.p1, command.p2};
  const bool odd_ins = (command.ins & 1) != 0;
  increment_ssc();  // before encrypting: the AES IV is E(KSenc, SSC) of this command
  Bytes do87;
  if (!command.data.empty()) {
    const Bytes encrypted = encrypt(pad(command.data, block_size()));
    // Odd INS (data already in BER-TLV) uses DO'85' without the padding-content indicator.
    do87 = odd_ins ? make_tlv(0x85, encrypted) : make_tlv(0x87, concat({Bytes{0x01}, encrypted}));
  }
  const bool extended_le = command.le && *command.le > 256;
  Bytes do97;
  if (command.le) do97 = make_tlv(0x97, le_bytes(*command.le, extended_le));
  const Bytes cc = mac(concat({pad(header, block_size()), do87, do97}));
  const Bytes body = concat({do87, do97, make_tlv(0x8E, cc)});

  CommandApdu out;
  out.cla = header[0];
  out.ins = command.ins;
  out.p1 = command.p1;
  out.p2 = command.p2;
  out.data = body;
  const bool extended = body.size() > 255 || extended_le;
  out.le = extended ? 65536 : 256;
  Bytes encoded = out.encode();
  // encode() picks the short form for a short body even when Le must be extended: force it.
  if (extended && body.size() <= 255) {
    encoded = {out.cla, out.ins, out.p1, out.p2, 0x00, 0x00, static_cast<uint8_t>(body.size())};
    encoded.insert(encoded.end(), body.begin(), body.end());
    encoded.push_back(0x00);
    encoded.push_back(0x00);
  }
  return encoded;
}

ResponseApdu SecureMessaging::unprotect(ByteView raw) {
  ResponseApdu response = ResponseApdu::parse(raw);
  if (response.data.empty()) {
    // 9303-11 §9.8.4: a plain status word means the card aborted secure messaging; pass the error on.
    increment_ssc();
    if (response.sw == 0x9000) sm_error("a success without DO'99' and DO'8E'");
    return response;
  }
  const std::vector<Tlv> objects = read_tlvs(response.data);
  const Tlv* do87 = nullptr;
  const Tlv* do99 = nullptr;
  const Tlv* do8e = nullptr;
  size_t mac_end = 0;  // bytes of response data covered by the MAC
  for (const auto& object : objects) {
    if (do8e) sm_error("data object " + tag_name(object.tag) + " after DO'8E'");
    switch (object.tag) {
      case 0x85:
      case 0x87:
        if (do87 || do99) sm_error("misplaced encrypted data object");
        do87 = &object;
        break;
      case 0x99:
        if (do99) sm_error("two DO'99'");
        do99 = &object;
        break;
      case 0x8E:
        do8e = &object;
        mac_end = static_cast<size_t>(object.encoded.data() - response.data.data());
        break;
      default:
        sm_error("unexpected data object " + tag_name(object.tag));
    }
  }
  if (!do8e) sm_error("response without DO'8E'");
  if (!do99) sm_error("response without DO'99'");
  if (do99->value.size() != 2) sm_error("DO'99' is not two bytes");
  if (do8e->value.size() != 8) sm_error("DO'8E' is not eight bytes");

  increment_ssc();
  const Bytes expected = mac(ByteView(response.data).subspan(0, mac_end));
  if (CRYPTO_memcmp(expected.data(), do8e->value.data(), 8) != 0) sm_error("response MAC does not verify");

  ResponseApdu plain;
  plain.sw = static_cast<uint16_t>(do99->value[0] << 8 | do99->value[1]);
  if (do87) {
    ByteView encrypted = do87->value;
    if (do87->tag == 0x87) {
      if (encrypted.empty() || encrypted[0] != 0x01) sm_error("DO'87' without padding indicator 01");
      encrypted = encrypted.subspan(1);
    }
    const Bytes decrypted = decrypt(encrypted);
    plain.data = unpad(decrypted);
  }
  return plain;
}

CommandApdu SecureMessaging::unprotect_command(ByteView raw) {
  const CommandApdu wrapped = CommandApdu::parse(raw);
  if ((wrapped.cla & 0x0C) != 0x0C) sm_error("command without secure messaging");
  const std::vector<Tlv> objects = read_tlvs(wrapped.data);
  const Tlv* do87 = nullptr;
  const Tlv* do97 = nullptr;
  const Tlv* do8e = nullptr;
  size_t mac_end = 0;
  for (const auto& object : objects) {
    if (do8e) sm_error("data object after DO'8E'");
    if (object.tag == 0x85 || object.tag == 0x87) {
      do87 = &object;
    } else if (object.tag == 0x97) {
      do97 = &object;
    } else if (object.tag == 0x8E) {
      do8e = &object;
      mac_end = static_cast<size_t>(object.encoded.data() - wrapped.data.data());
    } else {
      sm_error("unexpected data object " + tag_name(object.tag));
    }
  }
  if (!do8e || do8e->value.size() != 8) sm_error("command without an 8-byte DO'8E'");
  const Bytes header{wrapped.cla, wrapped.ins, wrapped.p1, wrapped.p2};
  increment_ssc();
  const Bytes expected = mac(concat({pad(header, block_size()), ByteView(wrapped.data).subspan(0, mac_end)}));
  if (CRYPTO_memcmp(expected.data(), do8e->value.data(), 8) != 0) sm_error("command MAC does not verify");
  CommandApdu plain;
  plain.cla = static_cast<uint8_t>(wrapped.cla & ~0x0C);
  plain.ins = wrapped.ins;
  plain.p1 = wrapped.p1;
  plain.p2 = wrapped.p2;
  if (do87) {
    ByteView encrypted = do87->value;
    if (do87->tag == 0x87) {
      if (encrypted.empty() || encrypted[0] != 0x01) sm_error("DO'87' without padding indicator 01");
      encrypted = encrypted.subspan(1);
    }
    plain.data = unpad(decrypt(encrypted));
  }
  if (do97) plain.le = le_from_bytes(do97->value);
  return plain;
}

Bytes SecureMessaging::protect_response(const ResponseApdu& response) {
  increment_ssc();
  Bytes do87;
  if (!response.data.empty()) do87 = make_tlv(0x87, concat({Bytes{0x01}, encrypt(pad(response.data, block_size()))}));
  const Bytes do99 = make_tlv(0x99, Bytes{static_cast<uint8_t>(response.sw >> 8), static_cast<uint8_t>(response.sw)});
  const Bytes cc = mac(concat({do87, do99}));
  ResponseApdu out;
  out.data = concat({do87, do99, make_tlv(0x8E, cc)});
  out.sw = response.sw;
  return out.encode();
}

}  // namespace mc::idcard
