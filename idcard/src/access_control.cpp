#include "mc/idcard/access_control.hpp"

#include <openssl/crypto.h>
#include "mc/idcard/errors.hpp"
#include "mc/idcard/tlv.hpp"

namespace mc::idcard {

namespace {

bool is_wrong_password(uint16_t sw) {
  return sw == 0x6300 || (sw & 0xFFF0) == 0x63C0 || sw == 0x6982;
}

[[noreturn]] void refused(const char* step, uint16_t sw) {
  if (sw == 0x63C0 || sw == 0x6983)
    throw ChipError(ChipErrorKind::AccessBlocked, std::string(step) + ": " + describe_status(sw));
  if (is_wrong_password(sw))
    throw ChipError(ChipErrorKind::AccessDenied, std::string(step) + ": " + describe_status(sw));
  throw ChipError(ChipErrorKind::Communication, std::string(step) + " refused: " + describe_status(sw));
}

// GENERAL AUTHENTICATE: 7C { tag data } in, 7C { answer_tag ... } out. `last` clears command chaining.
Bytes general_authenticate(ChipSession& session, uint32_t tag, ByteView data, uint32_t answer_tag, bool last,
                           const char* step) {
  const Bytes inner = data.empty() && tag == 0 ? Bytes{} : make_tlv(tag, data);
  const CommandApdu command{static_cast<uint8_t>(last ? 0x00 : 0x10), 0x86, 0x00, 0x00, make_tlv(0x7C, inner), 256};
  const ResponseApdu response = session.send(command);
  if (!response.ok()) refused(step, response.sw);
  const Tlv outer = read_single(response.data, 0x7C, step);
  const std::vector<Tlv> objects = read_tlvs(outer.value);
  const Tlv& answer = require_tag(objects, answer_tag, step);
  return Bytes(answer.value.begin(), answer.value.end());
}

}  // namespace

void perform_bac(ChipSession& session, const MrzKey& key, const TerminalRandom& random) {
  const BacKeys keys = bac_keys(key);
  const ResponseApdu challenge = session.send({0x00, 0x84, 0x00, 0x00, {}, 8});
  if (!challenge.ok() || challenge.data.size() != 8)
    throw ChipError(ChipErrorKind::Communication, "GET CHALLENGE: " + describe_status(challenge.sw) + ", " +
                                                      std::to_string(challenge.data.size()) + " bytes");
  Bytes rnd_ifd = random.bytes(8);
  Bytes k_ifd = random.bytes(16);
  const Bytes data = bac_authentication_data(keys, challenge.data, rnd_ifd, k_ifd);
  const ResponseApdu answer = session.send({0x00, 0x82, 0x00, 0x00, data, 40});
  if (!answer.ok()) refused("MUTUAL AUTHENTICATE", answer.sw);
  SessionKeys session_keys = bac_session_keys(keys, answer.data, challenge.data, rnd_ifd, k_ifd);
  wipe(k_ifd);
  session.start_secure_messaging(std::move(session_keys));
}

void perform_pace(ChipSession& session, const PaceInfo& info, PacePassword type, std::string_view password,
                  const TerminalRandom& random) {
  const auto protocol = pace_protocol(info.protocol);
  if (!protocol || !is_supported(*protocol))
    throw ChipError(ChipErrorKind::Unsupported, "PACE protocol " + info.protocol + " is not ECDH generic mapping");
  if (!info.parameter_id) throw ChipError(ChipErrorKind::Unsupported, "PACE without standardized domain parameters");
  const auto curve = EcCurve::standard(*info.parameter_id);
  if (!curve)
    throw ChipError(ChipErrorKind::Unsupported, "PACE domain parameters " + std::to_string(*info.parameter_id));

  // MSE:Set AT — protocol, password reference, domain parameters.
  Bytes set_at =
      concat({make_tlv(0x80, der::oid_from_string(info.protocol)), make_tlv(0x83, Bytes{static_cast<uint8_t>(type)})});
  set_at = concat({set_at, make_tlv(0x84, Bytes{static_cast<uint8_t>(*info.parameter_id)})});
  const ResponseApdu mse = session.send({0x00, 0x22, 0xC1, 0xA4, set_at, std::nullopt});
  // 63CX here is a warning with the retry counter; only 63C0 (blocked) stops us. Any other refusal means
  // this password type or protocol is not allowed (CCCD chips answer 6982 to PACE with the MRZ): the
  // caller may fall back to BAC.
  if (mse.sw == 0x63C0 || mse.sw == 0x6983)
    throw ChipError(ChipErrorKind::AccessBlocked, "MSE:Set AT: " + describe_status(mse.sw));
  if (!mse.ok() && (mse.sw & 0xFFF0) != 0x63C0)
    throw ChipError(ChipErrorKind::Unsupported, "MSE:Set AT refused: " + describe_status(mse.sw));

  // 1. Encrypted nonce, decrypted with K_pi = KDF(f(password), 3) and a zero IV.
  Bytes secret = pace_password_secret(type, password);
  Bytes k_pi = derive_key(secret, 3, protocol->cipher, protocol->key_length);
  wipe(secret);
  const Bytes z = general_authenticate(session, 0, {}, 0x80, false, "GENERAL AUTHENTICATE (nonce)");
  const size_t block = protocol->cipher == SmCipher::Aes ? 16 : 8;
  if (z.empty() || z.size() % block != 0) malformed("PACE nonce of " + std::to_string(z.size()) + " bytes");
  Bytes nonce =
      protocol->cipher == SmCipher::Aes ? aes_cbc(false, k_pi, Bytes(16, 0), z) : des3_cbc(false, k_pi, Bytes(8, 0), z);
  wipe(k_pi);

  // 2. Generic mapping.
  Bytes map_private = random.ec_private_key(*curve);
  const Bytes map_public = curve->public_key(map_private);
  const Bytes card_map_public =
      general_authenticate(session, 0x81, map_public, 0x82, false, "GENERAL AUTHENTICATE (mapping)");
  if (card_map_public == map_public) malformed("the card echoed the terminal's mapping key");
  const EcCurve mapped = curve->map_generic(nonce, map_private, card_map_public);
  wipe(nonce);
  wipe(map_private);

  // 3. Key agreement on the mapped generator.
  Bytes agreement_private = random.ec_private_key(mapped);
  const Bytes agreement_public = mapped.public_key(agreement_private);
  const Bytes card_public =
      general_authenticate(session, 0x83, agreement_public, 0x84, false, "GENERAL AUTHENTICATE (key agreement)");
  if (card_public == agreement_public) malformed("the card echoed the terminal's ephemeral key");
  Bytes shared = mapped.shared_secret(agreement_private, card_public);
  wipe(agreement_private);
  SessionKeys keys;
  keys.cipher = protocol->cipher;
  keys.k_enc = derive_key(shared, 1, protocol->cipher, protocol->key_length);
  keys.k_mac = derive_key(shared, 2, protocol->cipher, protocol->key_length);
  keys.ssc = Bytes(block, 0);
  wipe(shared);

  // 4. Mutual authentication: each side MACs the other's ephemeral public key.
  const Bytes our_token = pace_auth_token(protocol->cipher, keys.k_mac, info.protocol, card_public);
  const Bytes card_token =
      general_authenticate(session, 0x85, our_token, 0x86, true, "GENERAL AUTHENTICATE (mutual authentication)");
  const Bytes expected = pace_auth_token(protocol->cipher, keys.k_mac, info.protocol, agreement_public);
  if (card_token.size() != 8 || CRYPTO_memcmp(card_token.data(), expected.data(), 8) != 0)
    throw ChipError(ChipErrorKind::AccessDenied, "the card's PACE token does not verify");
  session.start_secure_messaging(std::move(keys));
}

}  // namespace mc::idcard
