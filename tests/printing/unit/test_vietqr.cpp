#include <catch2/catch.hpp>

#include "mc/printing/vietqr.hpp"

using namespace mc::printing;

TEST_CASE("CRC-16/CCITT-FALSE has the catalogue check value", "[printing][vietqr]") {
  CHECK(crc16_ccitt_false("123456789") == 0x29B1);
  CHECK(crc16_ccitt_false("") == 0xFFFF);
}

// Public examples (subiz/vietqr README and tests, duyquoc1508/napas-qr README): complete strings
// with the CRC that banks' apps accept.
TEST_CASE("VietQR payloads reproduce the public examples byte for byte", "[printing][vietqr]") {
  // subiz/vietqr: dynamic, VietinBank 970415, 120,000 VND, "ủng hộ lũ lụt" folded to ASCII.
  CHECK(vietqr_payload("970415", "0011001932418", 120000, "ủng hộ lũ lụt") ==
        "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN"
        "62170813ung ho lu lut6304C15C");
  // subiz/vietqr (older README): static, no amount, no purpose.
  CHECK(vietqr_payload("970423", "0099999999", 0, "") ==
        "00020101021138540010A00000072701240006970423011000999999990208QRIBFTTA53037045802VN6304CBB4");
  // subiz/vietqr README, second example: a 19-character account and a 25-character purpose.
  CHECK(vietqr_payload("970422", "0023457923442ASDFLJ", 40123, "chuyen khoan alsdkf laksj") ==
        "00020101021238630010A0000007270133000697042201190023457923442ASDFLJ0208QRIBFTTA53037045405401235802VN"
        "62290825chuyen khoan alsdkf laksj6304E5DB");
}

TEST_CASE("VietQR CRC check accepts the public examples and rejects a changed digit", "[printing][vietqr]") {
  // duyquoc1508/napas-qr README (it also carries a bill number, sub-field 01 of 62).
  const std::string napas =
      "00020101021238530010A0000007270123000697041601092245284790208QRIBFTTA53037045405100005802VN"
      "62340107NPS68690819TRANSFER TO SOMEONE6304AC13";
  CHECK(vietqr_crc_ok(napas));
  std::string tampered = napas;
  tampered[60] = tampered[60] == '1' ? '2' : '1';
  CHECK_FALSE(vietqr_crc_ok(tampered));
  CHECK(vietqr_crc_ok(vietqr_payload("970415", "0011001932418", 135000, "000.00.15.G12-260302-1007")));
}

TEST_CASE("VietQR purpose is ASCII without diacritics and fits field 08", "[printing][vietqr]") {
  CHECK(vietqr_ascii("Đóng lệ phí GPLX") == "Dong le phi GPLX");
  CHECK(vietqr_ascii("ỦNG HỘ đồng bào") == "UNG HO dong bao");
  CHECK(vietqr_ascii("000.00.15.G12-260302-1007") == "000.00.15.G12-260302-1007");
  CHECK(vietqr_ascii("a ₫ b") == "a  b");
  CHECK(vietqr_ascii(std::string(40, 'x')).size() == 25);
  // The dossier code is exactly 25 characters: it goes in whole.
  std::string payload = vietqr_payload("970415", "0011001932418", 135000, "000.00.15.G12-260302-1007");
  CHECK(payload.find("62290825000.00.15.G12-260302-10076304") != std::string::npos);
}

TEST_CASE("VietQR rejects a bad BIN or account with a reason", "[printing][vietqr]") {
  CHECK_THROWS_WITH(vietqr_payload("97041", "123", 0, ""), Catch::Contains("6 digits"));
  CHECK_THROWS_WITH(vietqr_payload("97041A", "123", 0, ""), Catch::Contains("6 digits"));
  CHECK_THROWS_WITH(vietqr_payload("970415", "", 0, ""), Catch::Contains("account"));
  CHECK_THROWS_WITH(vietqr_payload("970415", "12345678901234567890", 0, ""), Catch::Contains("account"));
  CHECK_THROWS_WITH(vietqr_payload("970415", "123", -5, ""), Catch::Contains("amount"));
}
