// ICAO Doc 9303 Part 11 (8th edition, 2021), Appendix G.1: the worked example of PACE with ECDH generic
// mapping on brainpoolP256r1 and AES-128 (MRZ password T22000129 / 640812 / 101031). Every value and APDU
// is from that appendix; the same transcript is used by public independent implementations we checked
// against (gmrtd's pace tests, jcexpress' IcaoAppendixG1PaceTest, dmrtd's PACE tests).
#include <catch2/catch.hpp>

#include <deque>
#include "mc/idcard/access_control.hpp"
#include "mc/idcard/errors.hpp"
#include "mc/idcard/security_infos.hpp"

using namespace mc::idcard;

namespace {

const std::string kOid = "0.4.0.127.0.7.2.2.4.2.2";  // id-PACE-ECDH-GM-AES-CBC-CMAC-128
const Bytes kCardAccess = from_hex("31143012060A04007F0007020204020202010202010D");
const Bytes kMapPrivateIfd = from_hex("7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99");
const Bytes kMapPublicIfd = from_hex(
    "047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E"
    "544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D");
const Bytes kMapPrivateIc = from_hex("498FF49756F2DC1587840041839A85982BE7761D14715FB091EFA7BCE9058560");
const Bytes kMapPublicIc = from_hex(
    "04824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F57"
    "30D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54");
const Bytes kSharedH = from_hex(
    "0460332EF2450B5D247EF6D3868397D398852ED6E8CAF6FFEEF6BF85CA57057FD5"
    "0840CA7415BAF3E43BD414D35AA4608B93A2CAF3A4E3EA4E82C9C13D03EB7181");
const Bytes kMappedG = from_hex(
    "048CED63C91426D4F0EB1435E7CB1D74A46723A0AF21C89634F65A9AE87A9265E2"
    "8C879506743F8611AC33645C5B985C80B5F09A0B83407C1B6A4D857AE76FE522");
const Bytes kDhPrivateIfd = from_hex("A73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595");
const Bytes kDhPublicIfd = from_hex(
    "042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C"
    "3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB36462");
const Bytes kDhPrivateIc = from_hex("107CF58696EF6155053340FD633392BA81909DF7B9706F226F32086C7AFF974A");
const Bytes kDhPublicIc = from_hex(
    "049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB"
    "7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F094");
const std::string kSharedSecret = "28768D20701247DAE81804C9E780EDE582A9996DB4A315020B2733197DB84925";

// Replays the card's side of the appendix and checks every command the terminal sends, byte for byte.
class ScriptedCard : public CardTransport {
 public:
  void expect(const std::string& command, const std::string& response) {
    script_.push_back({from_hex(command), from_hex(response)});
  }
  Bytes transmit(ByteView command) override {
    REQUIRE_FALSE(script_.empty());
    auto [expected, response] = script_.front();
    script_.pop_front();
    CHECK(to_hex(command) == to_hex(expected));
    return response;
  }
  bool finished() const { return script_.empty(); }

 private:
  std::deque<std::pair<Bytes, Bytes>> script_;
};

}  // namespace

TEST_CASE("G.1: EF.CardAccess offers ECDH-GM with AES-128 on brainpoolP256r1", "[idcard][icao][pace]") {
  const SecurityInfos infos = parse_security_infos(kCardAccess);
  REQUIRE(infos.pace.size() == 1);
  CHECK(infos.pace[0].protocol == kOid);
  CHECK(infos.pace[0].version == 2);
  CHECK(infos.pace[0].parameter_id == 13);
  const auto chosen = choose_pace(infos);
  REQUIRE(chosen);
  CHECK(chosen->protocol == kOid);
}

TEST_CASE("G.1: password key and nonce", "[idcard][icao][pace]") {
  const std::string mrz = mrz_information({"T22000129", "640812", "101031"});
  CHECK(mrz == "T22000129364081251010318");
  const Bytes k = pace_password_secret(PacePassword::Mrz, mrz);
  CHECK(to_hex(k) == "7E2D2A41C74EA0B38CD36F863939BFA8E9032AAD");
  const Bytes k_pi = derive_key(k, 3, SmCipher::Aes, 16);
  CHECK(to_hex(k_pi) == "89DED1B26624EC1E634C1989302849DD");
  CHECK(to_hex(aes_cbc(false, k_pi, Bytes(16, 0), from_hex("95A3A016522EE98D01E76CB6B98B42C3"))) ==
        "3F00C4D39D153F2B2A214A078D899B22");
}

TEST_CASE("G.1: generic mapping, key agreement, session keys and tokens", "[idcard][icao][pace]") {
  const auto curve = EcCurve::standard(13);
  REQUIRE(curve);
  CHECK(curve->name() == "brainpoolP256r1");
  CHECK(curve->public_key(kMapPrivateIfd) == kMapPublicIfd);
  CHECK(curve->public_key(kMapPrivateIc) == kMapPublicIc);
  // H is the same point from both sides.
  CHECK(curve->multiply(kMapPrivateIfd, kMapPublicIc) == kSharedH);
  CHECK(curve->multiply(kMapPrivateIc, kMapPublicIfd) == kSharedH);
  const Bytes nonce = from_hex("3F00C4D39D153F2B2A214A078D899B22");
  const EcCurve mapped = curve->map_generic(nonce, kMapPrivateIfd, kMapPublicIc);
  CHECK(mapped.generator() == kMappedG);
  CHECK(curve->map_generic(nonce, kMapPrivateIc, kMapPublicIfd).generator() == kMappedG);
  CHECK(mapped.public_key(kDhPrivateIfd) == kDhPublicIfd);
  CHECK(mapped.public_key(kDhPrivateIc) == kDhPublicIc);
  const Bytes shared = mapped.shared_secret(kDhPrivateIfd, kDhPublicIc);
  CHECK(to_hex(shared) == kSharedSecret);
  CHECK(to_hex(mapped.shared_secret(kDhPrivateIc, kDhPublicIfd)) == kSharedSecret);
  const Bytes k_enc = derive_key(shared, 1, SmCipher::Aes, 16);
  const Bytes k_mac = derive_key(shared, 2, SmCipher::Aes, 16);
  CHECK(to_hex(k_enc) == "F5F0E35C0D7161EE6724EE513A0D9A7F");
  CHECK(to_hex(k_mac) == "FE251C7858B356B24514B3BD5F4297D1");
  CHECK(to_hex(pace_public_key_data(kOid, kDhPublicIc)) ==
        "7F494F060A04007F000702020402028641049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65D"
        "F6DB7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F094");
  CHECK(to_hex(pace_auth_token(SmCipher::Aes, k_mac, kOid, kDhPublicIc)) == "C2B0BD78D94BA866");
  CHECK(to_hex(pace_auth_token(SmCipher::Aes, k_mac, kOid, kDhPublicIfd)) == "3ABB9674BCE93C08");
}

namespace {
void script_g1(ScriptedCard& card, const std::string& card_token) {
  card.expect("0022C1A412800A04007F0007020204020283010184010D", "9000");
  card.expect("10860000027C0000", "7C12801095A3A016522EE98D01E76CB6B98B42C39000");
  card.expect("10860000457C438141" + to_hex(kMapPublicIfd) + "00", "7C438241" + to_hex(kMapPublicIc) + "9000");
  card.expect("10860000457C438341" + to_hex(kDhPublicIfd) + "00", "7C438441" + to_hex(kDhPublicIc) + "9000");
  card.expect("008600000C7C0A8508C2B0BD78D94BA86600", "7C0A8608" + card_token + "9000");
}

TerminalRandom g1_terminal() {
  TerminalRandom random;
  auto keys = std::make_shared<std::deque<Bytes>>(std::deque<Bytes>{kMapPrivateIfd, kDhPrivateIfd});
  random.ec_private_key = [keys](const EcCurve&) {
    Bytes key = keys->front();
    keys->pop_front();
    return key;
  };
  return random;
}
}  // namespace

TEST_CASE("G.1: the terminal's APDUs of the whole PACE run, byte for byte", "[idcard][icao][pace]") {
  ScriptedCard card;
  script_g1(card, "3ABB9674BCE93C08");
  ChipSession session(card);
  const auto info = choose_pace(parse_security_infos(kCardAccess));
  REQUIRE(info);
  perform_pace(session, *info, PacePassword::Mrz, mrz_information({"T22000129", "640812", "101031"}), g1_terminal());
  CHECK(card.finished());
  CHECK(session.secure());
}

TEST_CASE("G.1: a card token that does not verify is a refused password", "[idcard][pace]") {
  ScriptedCard card;
  script_g1(card, "3ABB9674BCE93C09");
  ChipSession session(card);
  const auto info = choose_pace(parse_security_infos(kCardAccess));
  try {
    perform_pace(session, *info, PacePassword::Mrz, mrz_information({"T22000129", "640812", "101031"}), g1_terminal());
    FAIL("a wrong card token was accepted");
  } catch (const ChipError& error) {
    CHECK(error.kind() == ChipErrorKind::AccessDenied);
  }
  CHECK_FALSE(session.secure());
}

TEST_CASE("PACE refuses points off the curve and echoed keys", "[idcard][pace]") {
  const auto curve = EcCurve::standard(13);
  Bytes off_curve = kMapPublicIc;
  off_curve.back() ^= 1;
  CHECK_FALSE(curve->is_valid_point(off_curve));
  CHECK_THROWS_AS(curve->multiply(kMapPrivateIfd, off_curve), ChipError);
  CHECK_THROWS_AS(curve->multiply(kMapPrivateIfd, from_hex("0400")), ChipError);
  CHECK_THROWS_AS(curve->multiply(kMapPrivateIfd, Bytes{}), ChipError);
  // A compressed point is not allowed in PACE.
  CHECK_FALSE(curve->is_valid_point(concat({Bytes{0x02}, slice(kMapPublicIc, 1, 32)})));
}

TEST_CASE("Standardized domain parameters: brainpool and NIST curves", "[idcard][pace]") {
  for (int id : {8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18}) {
    const auto curve = EcCurve::standard(id);
    REQUIRE(curve);
    const Bytes a = curve->random_private_key();
    const Bytes b = curve->random_private_key();
    CHECK(curve->shared_secret(a, curve->public_key(b)) == curve->shared_secret(b, curve->public_key(a)));
  }
  CHECK_FALSE(EcCurve::standard(0));  // MODP group (DH): not an elliptic curve
  CHECK_FALSE(EcCurve::standard(19));
}

TEST_CASE("PACE protocol OIDs", "[idcard][pace]") {
  auto gm128 = pace_protocol("0.4.0.127.0.7.2.2.4.2.2");
  REQUIRE(gm128);
  CHECK(is_supported(*gm128));
  CHECK(gm128->key_length == 16);
  auto gm256 = pace_protocol("0.4.0.127.0.7.2.2.4.2.4");
  REQUIRE(gm256);
  CHECK(gm256->key_length == 32);
  auto gm3des = pace_protocol("0.4.0.127.0.7.2.2.4.2.1");
  REQUIRE(gm3des);
  CHECK(gm3des->cipher == SmCipher::TripleDes);
  auto im = pace_protocol("0.4.0.127.0.7.2.2.4.4.2");
  REQUIRE(im);
  CHECK_FALSE(is_supported(*im));
  CHECK_FALSE(pace_protocol("0.4.0.127.0.7.2.2.4.2.9"));
  CHECK_FALSE(pace_protocol("1.2.3"));
}
