// ICAO Doc 9303 Part 11 (8th edition, 2021), Appendix D: the worked example of Basic Access Control and
// secure messaging (MRZ "L898902C<", 690806, 940623), D.2 keys, D.3 mutual authentication, D.4 protected
// APDUs. Every value below is from that appendix; the same values appear in public independent
// implementations we checked against (zienit/icao_examples' BACTest and SMTest, JMRTD's test data).
#include <catch2/catch.hpp>

#include "mc/idcard/bac.hpp"
#include "mc/idcard/errors.hpp"
#include "mc/idcard/secure_messaging.hpp"

using namespace mc::idcard;

namespace {
const MrzKey kIcaoMrz{"L898902C<", "690806", "940623"};
const Bytes kRndIc = from_hex("4608F91988702212");
const Bytes kRndIfd = from_hex("781723860C06C226");
const Bytes kKIfd = from_hex("0B795240CB7049B01C19B33E32804F0B");
const Bytes kCardAnswer = from_hex("46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D7449");

SessionKeys d3_session() {
  return {SmCipher::TripleDes, from_hex("979EC13B1CBFE9DCD01AB0FED307EAE5"),
          from_hex("F1CB1F1FB5ADF208806B89DC579DC1F8"), from_hex("887022120C06C226")};
}
}  // namespace

TEST_CASE("D.2: MRZ information, key seed and document basic access keys", "[idcard][icao][bac]") {
  CHECK(mrz_information(kIcaoMrz) == "L898902C<369080619406236");
  CHECK(to_hex(bac_key_seed(kIcaoMrz)) == "239AB9CB282DAF66231DC5A4DF6BFBAE");
  const BacKeys keys = bac_keys(kIcaoMrz);
  CHECK(to_hex(keys.k_enc) == "AB94FDECF2674FDFB9B391F85D7F76F2");
  CHECK(to_hex(keys.k_mac) == "7962D9ECE03D1ACD4C76089DCE131543");
}

TEST_CASE("D.2: a document number longer than nine characters keeps all of them", "[idcard][icao][bac]") {
  CHECK(mrz_information({"D23145890734", "340712", "950712"}) == "D23145890734934071279507122");
}

TEST_CASE("MRZ check digits and malformed MRZ fields", "[idcard][bac]") {
  CHECK(mrz_check_digit("L898902C<") == 3);
  CHECK(mrz_check_digit("690806") == 1);
  CHECK(mrz_check_digit("ab") == -1);
  CHECK_THROWS_AS(mrz_information({"L898902C<", "691306", "940623"}), std::invalid_argument);  // month 13
  CHECK_THROWS_AS(mrz_information({"L898-902", "690806", "940623"}), std::invalid_argument);
  CHECK_THROWS_AS(mrz_information({"", "690806", "940623"}), std::invalid_argument);
}

TEST_CASE("D.3: EXTERNAL AUTHENTICATE data, the card's answer and the session keys", "[idcard][icao][bac]") {
  const BacKeys keys = bac_keys(kIcaoMrz);
  CHECK(to_hex(bac_authentication_data(keys, kRndIc, kRndIfd, kKIfd)) ==
        "72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A7");
  const SessionKeys session = bac_session_keys(keys, kCardAnswer, kRndIc, kRndIfd, kKIfd);
  CHECK(to_hex(session.k_enc) == "979EC13B1CBFE9DCD01AB0FED307EAE5");
  CHECK(to_hex(session.k_mac) == "F1CB1F1FB5ADF208806B89DC579DC1F8");
  CHECK(to_hex(session.ssc) == "887022120C06C226");
}

TEST_CASE("D.3: a card answer under other keys is refused as a wrong key", "[idcard][bac]") {
  const BacKeys wrong = bac_keys({"L898902C<", "690806", "940624"});
  try {
    bac_session_keys(wrong, kCardAnswer, kRndIc, kRndIfd, kKIfd);
    FAIL("a wrong key was accepted");
  } catch (const ChipError& error) {
    CHECK(error.kind() == ChipErrorKind::AccessDenied);
  }
  // Right keys, but the card did not echo our nonce (a replayed answer).
  const BacKeys keys = bac_keys(kIcaoMrz);
  CHECK_THROWS_AS(bac_session_keys(keys, kCardAnswer, kRndIc, from_hex("781723860C06C227"), kKIfd), ChipError);
}

TEST_CASE("D.4: SELECT EF.COM and two READ BINARY under 3DES secure messaging", "[idcard][icao][sm]") {
  SecureMessaging sm(d3_session());
  // SELECT EF.COM: 00 A4 02 0C 02 011E
  CHECK(to_hex(sm.protect({0x00, 0xA4, 0x02, 0x0C, from_hex("011E"), std::nullopt})) ==
        "0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800");
  CHECK(to_hex(sm.ssc()) == "887022120C06C227");
  ResponseApdu select = sm.unprotect(from_hex("990290008E08FA855A5D4C50A8ED9000"));
  CHECK(select.sw == 0x9000);
  CHECK(select.data.empty());
  CHECK(to_hex(sm.ssc()) == "887022120C06C228");

  // READ BINARY of the first four bytes: 00 B0 0000 04
  CHECK(to_hex(sm.protect({0x00, 0xB0, 0x00, 0x00, {}, 4})) == "0CB000000D9701048E08ED6705417E96BA5500");
  ResponseApdu head = sm.unprotect(from_hex("8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000"));
  CHECK(head.sw == 0x9000);
  CHECK(to_hex(head.data) == "60145F01");

  // READ BINARY of the remaining 18 bytes from offset 4: 00 B0 0004 12
  CHECK(to_hex(sm.protect({0x00, 0xB0, 0x00, 0x04, {}, 0x12})) == "0CB000040D9701128E082EA28A70F3C7B53500");
  ResponseApdu rest =
      sm.unprotect(from_hex("871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000"));
  CHECK(to_hex(rest.data) == "04303130365F36063034303030305C026175");
  CHECK(to_hex(sm.ssc()) == "887022120C06C22C");
}

TEST_CASE("Secure messaging refuses a response with a wrong MAC or missing data objects", "[idcard][sm]") {
  SECTION("one bit of the MAC flipped") {
    SecureMessaging sm(d3_session());
    sm.protect({0x00, 0xA4, 0x02, 0x0C, from_hex("011E"), std::nullopt});
    CHECK_THROWS_AS(sm.unprotect(from_hex("990290008E08FA855A5D4C50A8EC9000")), ChipError);
  }
  SECTION("encrypted data changed under a correct-looking frame") {
    SecureMessaging sm(d3_session());
    sm.protect({0x00, 0xA4, 0x02, 0x0C, from_hex("011E"), std::nullopt});
    sm.protect({0x00, 0xB0, 0x00, 0x00, {}, 4});
    // The ICAO response for this step, one ciphertext byte altered: the MAC no longer covers it.
    CHECK_THROWS_AS(sm.unprotect(from_hex("8709019FF0EC34F9922652990290008E08AD55CC17140B2DED9000")), ChipError);
  }
  SECTION("no DO'99'") {
    SecureMessaging sm(d3_session());
    sm.protect({0x00, 0xA4, 0x02, 0x0C, from_hex("011E"), std::nullopt});
    CHECK_THROWS_AS(sm.unprotect(from_hex("8E08FA855A5D4C50A8ED9000")), ChipError);
  }
  SECTION("a bare error status word passes through as the card's refusal") {
    SecureMessaging sm(d3_session());
    sm.protect({0x00, 0xA4, 0x02, 0x0C, from_hex("0107"), std::nullopt});
    CHECK(sm.unprotect(from_hex("6A82")).sw == 0x6A82);
  }
  SECTION("a bare 9000 is not accepted as a protected success") {
    SecureMessaging sm(d3_session());
    sm.protect({0x00, 0xA4, 0x02, 0x0C, from_hex("011E"), std::nullopt});
    CHECK_THROWS_AS(sm.unprotect(from_hex("9000")), ChipError);
  }
}

TEST_CASE("Card-side secure messaging round-trips with the terminal side (3DES and AES)", "[idcard][sm]") {
  for (SmCipher cipher : {SmCipher::TripleDes, SmCipher::Aes}) {
    SessionKeys keys = cipher == SmCipher::Aes
                           ? SessionKeys{SmCipher::Aes, from_hex("F5F0E35C0D7161EE6724EE513A0D9A7F"),
                                         from_hex("FE251C7858B356B24514B3BD5F4297D1"), Bytes(16, 0)}
                           : d3_session();
    SecureMessaging terminal(keys);
    SecureMessaging card(keys);
    for (size_t length : {0u, 1u, 15u, 16u, 17u, 223u}) {
      CommandApdu command{0x00, 0xD6, 0x00, 0x00, Bytes(length, 0x5A), std::nullopt};
      if (length == 0) command = {0x00, 0xB0, 0x01, 0x02, {}, 223};
      const CommandApdu received = card.unprotect_command(terminal.protect(command));
      CHECK(received.ins == command.ins);
      CHECK(received.data == command.data);
      CHECK(received.le == command.le);
      const ResponseApdu answer{Bytes(length, 0xA5), 0x9000};
      const ResponseApdu back = terminal.unprotect(card.protect_response(answer));
      CHECK(back.data == answer.data);
      CHECK(back.sw == 0x9000);
    }
  }
}
