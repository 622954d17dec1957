#include "emulated_card.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include "mc/idcard/bac.hpp"
#include "mc/idcard/chip_session.hpp"
#include "mc/idcard/errors.hpp"
#include "mc/idcard/tlv.hpp"

namespace mc::idcard::test {

struct EmulatedCard::PaceState {
  std::string protocol;
  PaceProtocol algorithm;
  PacePassword password = PacePassword::Can;
  std::optional<EcCurve> curve;
  std::optional<EcCurve> mapped;
  Bytes nonce;
  Bytes map_private;
  Bytes dh_private;
  Bytes dh_public;
  Bytes terminal_dh_public;
  SessionKeys keys;
  int step = 0;
};

EmulatedCard::EmulatedCard(CardFiles card) : card_(std::move(card)) {}
EmulatedCard::~EmulatedCard() = default;

Bytes EmulatedCard::transmit(ByteView raw) {
  ++apdus_;
  if (remove_after && apdus_ > *remove_after) throw ChipError(ChipErrorKind::CardRemoved, "emulated card removed");
  if (sm_ && (raw.size() >= 1 && (raw[0] & 0x0C) == 0x0C)) {
    CommandApdu plain;
    try {
      plain = sm_->unprotect_command(raw);
    } catch (const ChipError&) {
      sm_.reset();  // a chip drops its session keys on a secure messaging error
      return ResponseApdu{{}, 0x6988}.encode();
    }
    ResponseApdu answer = handle(plain);
    if (tamper) tamper(plain, answer);
    ++protected_apdus_;
    Bytes wrapped = sm_->protect_response(answer);
    if (corrupt_mac_from && protected_apdus_ >= *corrupt_mac_from) wrapped[wrapped.size() - 3] ^= 0x01;
    return wrapped;
  }
  if (sm_) {
    sm_.reset();  // a plain command ends secure messaging
    return ResponseApdu{{}, 0x6987}.encode();
  }
  const CommandApdu command = CommandApdu::parse(raw);
  ResponseApdu answer = handle(command);
  if (tamper) tamper(command, answer);
  return answer.encode();
}

ResponseApdu EmulatedCard::handle(const CommandApdu& command) {
  switch (command.ins) {
    case 0xA4:
      return select(command);
    case 0xB0:
      return read_binary(command);
    case 0x84:
      challenge_ = random_bytes(8);
      return {challenge_, 0x9000};
    case 0x82:
      return bac_authenticate(command);
    case 0x22:
      return pace_set(command);
    case 0x86:
      return pace_step(command);
    case 0x88:
      return internal_authenticate(command);
  }
  return {{}, 0x6D00};
}

ResponseApdu EmulatedCard::select(const CommandApdu& command) {
  if (command.p1 == 0x04) {
    if (command.data != kEmrtdAid) return {{}, 0x6A82};
    application_selected_ = true;
    selected_file_.reset();
    return {{}, 0x9000};
  }
  if (command.p1 == 0x02 && command.data.size() == 2) {
    const uint16_t fid = static_cast<uint16_t>(command.data[0] << 8 | command.data[1]);
    if (!card_.files.count(fid)) return {{}, 0x6A82};
    // EF.CardAccess lives in the master file and is readable without access control.
    if (fid != fid::kCardAccess && (!application_selected_ || !sm_)) return {{}, 0x6982};
    selected_file_ = fid;
    return {{}, 0x9000};
  }
  return {{}, 0x6A86};
}

ResponseApdu EmulatedCard::read_binary(const CommandApdu& command) {
  if (!selected_file_) return {{}, 0x6986};
  const Bytes& file = card_.files.at(*selected_file_);
  const size_t offset = static_cast<size_t>((command.p1 & 0x7F) << 8 | command.p2);
  if (offset > file.size()) return {{}, 0x6B00};
  const size_t wanted = command.le.value_or(256);
  const size_t count = std::min(wanted, file.size() - offset);
  ResponseApdu answer{slice(file, offset, count), static_cast<uint16_t>(count < wanted ? 0x6282 : 0x9000)};
  return answer;
}

ResponseApdu EmulatedCard::bac_authenticate(const CommandApdu& command) {
  if (challenge_.size() != 8 || command.data.size() != 40) return {{}, 0x6700};
  const BacKeys keys =
      bac_keys({card_.holder.document_number(), card_.holder.mrz_date_of_birth, card_.holder.mrz_date_of_expiry});
  const ByteView e_ifd = ByteView(command.data).subspan(0, 32);
  const Bytes mac = retail_mac(keys.k_mac, pad(e_ifd, 8));
  if (CRYPTO_memcmp(mac.data(), command.data.data() + 32, 8) != 0) return {{}, 0x6300};
  const Bytes s = des3_cbc(false, keys.k_enc, Bytes(8, 0), e_ifd);
  if (!std::equal(s.begin() + 8, s.begin() + 16, challenge_.begin())) return {{}, 0x6300};
  const Bytes rnd_ifd = slice(s, 0, 8);
  const Bytes k_ifd = slice(s, 16, 16);
  const Bytes k_ic = random_bytes(16);
  // The card's answer is the terminal's computation with the roles swapped.
  const Bytes answer = bac_authentication_data(keys, rnd_ifd, challenge_, k_ic);
  SessionKeys session = bac_session_keys(keys, answer, challenge_, rnd_ifd, k_ifd);
  sm_ = std::make_unique<SecureMessaging>(std::move(session));
  challenge_.clear();
  return {answer, 0x9000};
}

ResponseApdu EmulatedCard::pace_set(const CommandApdu& command) {
  if (command.p1 != 0xC1 || command.p2 != 0xA4) return {{}, 0x6A86};
  if (!card_.files.count(fid::kCardAccess)) return {{}, 0x6D00};
  const std::vector<Tlv> fields = read_tlvs(command.data);
  const Tlv* oid = find_tag(fields, 0x80);
  const Tlv* password = find_tag(fields, 0x83);
  const Tlv* parameters = find_tag(fields, 0x84);
  if (!oid || !password || password->value.size() != 1) return {{}, 0x6A80};
  auto state = std::make_unique<PaceState>();
  state->protocol = der::oid_to_string(oid->value);
  const auto algorithm = pace_protocol(state->protocol);
  if (!algorithm || !is_supported(*algorithm)) return {{}, 0x6A80};
  state->algorithm = *algorithm;
  state->password = static_cast<PacePassword>(password->value[0]);
  if (state->password == PacePassword::Mrz && refuse_pace_with_mrz) return {{}, 0x6982};
  if (state->password != PacePassword::Mrz && state->password != PacePassword::Can) return {{}, 0x6A88};
  state->curve = EcCurve::standard(parameters && parameters->value.size() == 1 ? parameters->value[0] : 13);
  if (!state->curve) return {{}, 0x6A80};
  pace_ = std::move(state);
  return {{}, 0x9000};
}

ResponseApdu EmulatedCard::pace_step(const CommandApdu& command) {
  if (!pace_) return {{}, 0x6985};
  PaceState& state = *pace_;
  const Tlv outer = read_single(command.data, 0x7C, "GENERAL AUTHENTICATE");
  const std::vector<Tlv> objects = read_tlvs(outer.value);
  const size_t block = state.algorithm.cipher == SmCipher::Aes ? 16 : 8;
  switch (state.step) {
    case 0: {
      const std::string password =
          state.password == PacePassword::Can
              ? card_.holder.can()
              : mrz_information(
                    {card_.holder.document_number(), card_.holder.mrz_date_of_birth, card_.holder.mrz_date_of_expiry});
      const Bytes k_pi = derive_key(pace_password_secret(state.password, password), 3, state.algorithm.cipher,
                                    state.algorithm.key_length);
      state.nonce = random_bytes(block);
      const Bytes z = state.algorithm.cipher == SmCipher::Aes ? aes_cbc(true, k_pi, Bytes(16, 0), state.nonce)
                                                              : des3_cbc(true, k_pi, Bytes(8, 0), state.nonce);
      state.step = 1;
      return {make_tlv(0x7C, make_tlv(0x80, z)), 0x9000};
    }
    case 1: {
      const Tlv* terminal = find_tag(objects, 0x81);
      if (!terminal) return {{}, 0x6A80};
      state.map_private = state.curve->random_private_key();
      const Bytes map_public = state.curve->public_key(state.map_private);
      state.mapped = state.curve->map_generic(state.nonce, state.map_private, terminal->value);
      state.step = 2;
      return {make_tlv(0x7C, make_tlv(0x82, map_public)), 0x9000};
    }
    case 2: {
      const Tlv* terminal = find_tag(objects, 0x83);
      if (!terminal) return {{}, 0x6A80};
      state.terminal_dh_public.assign(terminal->value.begin(), terminal->value.end());
      state.dh_private = state.mapped->random_private_key();
      state.dh_public = state.mapped->public_key(state.dh_private);
      const Bytes shared = state.mapped->shared_secret(state.dh_private, state.terminal_dh_public);
      state.keys.cipher = state.algorithm.cipher;
      state.keys.k_enc = derive_key(shared, 1, state.algorithm.cipher, state.algorithm.key_length);
      state.keys.k_mac = derive_key(shared, 2, state.algorithm.cipher, state.algorithm.key_length);
      state.keys.ssc = Bytes(block, 0);
      state.step = 3;
      return {make_tlv(0x7C, make_tlv(0x84, state.dh_public)), 0x9000};
    }
    case 3: {
      const Tlv* token = find_tag(objects, 0x85);
      const Bytes expected = pace_auth_token(state.algorithm.cipher, state.keys.k_mac, state.protocol, state.dh_public);
      if (!token || token->value.size() != 8 || !std::equal(expected.begin(), expected.end(), token->value.begin())) {
        pace_.reset();
        return {{}, 0x6300};  // a wrong CAN or MRZ: the terminal's token does not verify
      }
      const Bytes ours =
          pace_auth_token(state.algorithm.cipher, state.keys.k_mac, state.protocol, state.terminal_dh_public);
      sm_ = std::make_unique<SecureMessaging>(state.keys);
      pace_.reset();
      return {make_tlv(0x7C, make_tlv(0x86, ours)), 0x9000};
    }
  }
  return {{}, 0x6985};
}

ResponseApdu EmulatedCard::internal_authenticate(const CommandApdu& command) {
  if (!sm_) return {{}, 0x6982};
  if (card_.aa_private_key_pem.empty() || command.data.size() != 8) return {{}, 0x6A80};
  EVP_PKEY* key = nullptr;
  if (clone) {
    key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  } else {
    BIO* bio = BIO_new_mem_buf(card_.aa_private_key_pem.data(), static_cast<int>(card_.aa_private_key_pem.size()));
    key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
  }
  Bytes signature;
  if (EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA) {
    // ISO/IEC 9796-2 scheme 1 with SHA-1: 6A || M1 || SHA-1(M1 || challenge) || BC, then the raw private operation.
    const size_t k = static_cast<size_t>(EVP_PKEY_get_size(key));
    const Bytes m1 = random_bytes(k - 22);
    const Bytes f = concat({Bytes{0x6A}, m1, sha1(concat({m1, command.data})), Bytes{0xBC}});
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(key, nullptr);
    EVP_PKEY_sign_init(ctx);
    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_NO_PADDING);
    size_t length = k;
    signature.resize(k);
    EVP_PKEY_sign(ctx, signature.data(), &length, f.data(), f.size());
    signature.resize(length);
    EVP_PKEY_CTX_free(ctx);
  } else {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    size_t length = 0;
    EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key);
    EVP_DigestSign(ctx, nullptr, &length, command.data.data(), command.data.size());
    Bytes der(length);
    EVP_DigestSign(ctx, der.data(), &length, command.data.data(), command.data.size());
    EVP_MD_CTX_free(ctx);
    const unsigned char* cursor = der.data();
    ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(length));
    signature.resize(64);
    BN_bn2binpad(ECDSA_SIG_get0_r(sig), signature.data(), 32);
    BN_bn2binpad(ECDSA_SIG_get0_s(sig), signature.data() + 32, 32);
    ECDSA_SIG_free(sig);
  }
  EVP_PKEY_free(key);
  return {signature, 0x9000};
}

}  // namespace mc::idcard::test
