#include <catch2/catch.hpp>

#include "mc/scanner/cccd.hpp"

using namespace mc;
using namespace mc::scanner;

namespace {
const std::string kValid = "001099012345||Nguyễn Văn A|15031999|Nam|Số 1 Đường ABC, Phường X, TP Z|10052021";

// What a keyboard-wedge scanner or a Latin-1 terminal makes of UTF-8: each byte read as Windows-1252
// (bytes undefined there as the Latin-1 control character), then written out again as UTF-8.
std::string double_encode(const std::string& utf8) {
  static const char32_t cp1252[32] = {0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                      0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,   0x017D, 0x8F,
                                      0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                      0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};
  std::string out;
  for (unsigned char byte : utf8) {
    char32_t cp = byte >= 0x80 && byte < 0xA0 ? cp1252[byte - 0x80] : byte;
    if (cp < 0x80) {
      out += char(cp);
    } else if (cp < 0x800) {
      out += char(0xC0 | (cp >> 6));
      out += char(0x80 | (cp & 0x3F));
    } else {
      out += char(0xE0 | (cp >> 12));
      out += char(0x80 | ((cp >> 6) & 0x3F));
      out += char(0x80 | (cp & 0x3F));
    }
  }
  return out;
}

bool has_warning_about(const CccdParse& parsed, const std::string& english_word) {
  for (const auto& w : parsed.warnings)
    if (w.en.find(english_word) != std::string::npos) return true;
  return false;
}
}  // namespace

TEST_CASE("cccd: the seven fields of a valid card", "[unit]") {
  const auto parsed = parse_cccd(kValid);
  REQUIRE(parsed.ok());
  CHECK_FALSE(parsed.error);
  CHECK(parsed.warnings.empty());
  CHECK_FALSE(parsed.repaired_encoding);
  const auto& p = *parsed.identity;
  CHECK(p.id_number == "001099012345");
  CHECK(p.old_id_number.empty());
  CHECK(p.full_name == "Nguyễn Văn A");
  CHECK(p.date_of_birth->iso() == "1999-03-15");
  CHECK(p.sex == Sex::Male);
  CHECK(p.address == "Số 1 Đường ABC, Phường X, TP Z");
  CHECK(p.issue_date->iso() == "2021-05-10");
}

TEST_CASE("cccd: old ID present, female, upper case name, CRLF from a serial scanner", "[unit]") {
  const auto parsed = parse_cccd("079301012345|123456789|TRẦN THỊ BÍCH NGỌC|02112001|Nữ|Ấp 3, Xã Y|25122022\r\n");
  REQUIRE(parsed.ok());
  CHECK(parsed.warnings.empty());
  CHECK(parsed.identity->old_id_number == "123456789");
  CHECK(parsed.identity->full_name == "TRẦN THỊ BÍCH NGỌC");
  CHECK(parsed.identity->sex == Sex::Female);
}

TEST_CASE("cccd: extra trailing fields of card variants are tolerated", "[unit]") {
  const auto parsed = parse_cccd(kValid + "|something|else");
  REQUIRE(parsed.ok());
  CHECK(parsed.identity->issue_date->iso() == "2021-05-10");
}

TEST_CASE("cccd: empty address is accepted", "[unit]") {
  const auto parsed = parse_cccd("001099012345||Nguyễn Văn A|15031999|Nam||10052021");
  REQUIRE(parsed.ok());
  CHECK(parsed.identity->address.empty());
}

TEST_CASE("cccd: decomposed (NFD) text comes out NFC", "[unit]") {
  // "Nguyễn" with e + circumflex + tilde as combining marks.
  const auto parsed = parse_cccd("001099012345||Nguye\xCC\x82\xCC\x83n Văn A|15031999|Nam|x|10052021");
  REQUIRE(parsed.ok());
  CHECK(parsed.identity->full_name == "Nguyễn Văn A");
}

TEST_CASE("cccd: fewer than seven fields is refused with the count, in Vietnamese and English", "[unit]") {
  const auto parsed = parse_cccd("001099012345||Nguyễn Văn A|15031999|Nam|x");
  REQUIRE_FALSE(parsed.ok());
  REQUIRE(parsed.error);
  CHECK(parsed.error->vi.find("6 trường") != std::string::npos);
  CHECK(parsed.error->en.find("6 fields") != std::string::npos);
}

TEST_CASE("cccd: dates must be real calendar dates", "[unit]") {
  for (const char* bad : {"31021999", "29022001", "00011999", "15131999", "1503199", "15-03-1999", "abcdefgh"}) {
    CAPTURE(bad);
    const auto parsed = parse_cccd(std::string("001099012345||Nguyễn Văn A|") + bad + "|Nam|x|10052021");
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error->en.find("date of birth") != std::string::npos);
  }
  const auto leap = parse_cccd("001100012345||Nguyễn Văn A|29022000|Nam|x|10052021");
  REQUIRE(leap.ok());
  CHECK(leap.identity->date_of_birth->iso() == "2000-02-29");
  const auto issued = parse_cccd("001099012345||Nguyễn Văn A|15031999|Nam|x|31042021");
  REQUIRE_FALSE(issued.ok());
  CHECK(issued.error->en.find("issue date") != std::string::npos);
}

TEST_CASE("cccd: a bad ID number or sex is refused, and the reason does not repeat the data", "[unit]") {
  for (const char* id : {"00109901234", "0010990123456", "00109901234X", ""}) {
    CAPTURE(id);
    const auto parsed = parse_cccd(std::string(id) + "||Nguyễn Văn A|15031999|Nam|x|10052021");
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error->en.find("12 digits") != std::string::npos);
  }
  const auto sex = parse_cccd("001099012345||Nguyễn Văn A|15031999|Khác|x|10052021");
  REQUIRE_FALSE(sex.ok());
  CHECK(sex.error->en.find("sex") != std::string::npos);
  const auto name = parse_cccd("001099012345|| |15031999|Nam|x|10052021");
  REQUIRE_FALSE(name.ok());
  CHECK(name.error->vi.find("Nguyễn") == std::string::npos);
}

TEST_CASE("cccd: ID digits that disagree with birth date or sex are warnings, not refusals", "[unit]") {
  SECTION("century digit says 2000s (2), born 1999") {
    const auto parsed = parse_cccd("001299012345||Nguyễn Văn A|15031999|Nam|x|10052021");
    REQUIRE(parsed.ok());
    CHECK(has_warning_about(parsed, "century"));
    CHECK_FALSE(has_warning_about(parsed, "sex digit"));
  }
  SECTION("sex digit says female (1), card says Nam") {
    const auto parsed = parse_cccd("001199012345||Nguyễn Văn A|15031999|Nam|x|10052021");
    REQUIRE(parsed.ok());
    CHECK(has_warning_about(parsed, "sex digit"));
    CHECK_FALSE(has_warning_about(parsed, "century"));
  }
  SECTION("birth-year digits 98, born 1999") {
    const auto parsed = parse_cccd("001098012345||Nguyễn Văn A|15031999|Nam|x|10052021");
    REQUIRE(parsed.ok());
    REQUIRE(parsed.warnings.size() == 1);
    CHECK(has_warning_about(parsed, "birth-year"));
    CHECK_FALSE(parsed.warnings[0].vi.empty());
  }
  SECTION("female born 2005: digit 3, year 05, no warning") {
    const auto parsed = parse_cccd("046305012345||Lê Thị B|01012005|Nữ|x|10052021");
    REQUIRE(parsed.ok());
    CHECK(parsed.warnings.empty());
  }
}

TEST_CASE("cccd: U+FFFD from a scanner that lost the diacritics is refused with the reason", "[unit]") {
  const auto parsed = parse_cccd("001099012345||Nguy\xEF\xBF\xBDn V\xEF\xBF\xBDn A|15031999|Nam|x|10052021");
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error->en.find("garbled") != std::string::npos);
  CHECK_FALSE(parsed.error->vi.empty());
}

TEST_CASE("cccd: invalid UTF-8 bytes are refused", "[unit]") {
  const auto parsed = parse_cccd("001099012345||Nguy\xE1\xBBn|15031999|Nam|x|10052021");
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error->en.find("UTF-8") != std::string::npos);
}

TEST_CASE("cccd: Latin-1/CP1252 double encoding is repaired", "[unit]") {
  const std::string garbled = double_encode(kValid);
  REQUIRE(garbled != kValid);
  CHECK(garbled.find("Nguyá»…n") != std::string::npos);
  const auto parsed = parse_cccd(garbled);
  REQUIRE(parsed.ok());
  CHECK(parsed.repaired_encoding);
  CHECK(has_warning_about(parsed, "repaired"));
  CHECK(parsed.identity->full_name == "Nguyễn Văn A");
  CHECK(parsed.identity->address == "Số 1 Đường ABC, Phường X, TP Z");  // Đ = C4 90: 0x90 undefined in CP1252
}

TEST_CASE("cccd: the classic Ã¡ mojibake and a double-double encoding are repaired", "[unit]") {
  const std::string name = "001099012345||Hoàng Thị Lá|15031999|Nữ|Hà Nội|10052021";
  auto once = parse_cccd(double_encode(name));
  REQUIRE(once.ok());
  CHECK(once.identity->full_name == "Hoàng Thị Lá");
  CHECK(double_encode("á") == "Ã¡");
  auto twice = parse_cccd(double_encode(double_encode(name)));
  REQUIRE(twice.ok());
  CHECK(twice.identity->full_name == "Hoàng Thị Lá");
}

TEST_CASE("cccd: mojibake that cannot be repaired is refused, legitimate Latin-1 letters are not mojibake", "[unit]") {
  // Half repaired: a real "ễ" next to a double-encoded "Ã¡" cannot come from one double encoding.
  const auto mixed = parse_cccd("001099012345||Nguyễn LÃ¡ A|15031999|Nam|x|10052021");
  REQUIRE_FALSE(mixed.ok());
  CHECK(mixed.error->en.find("mis-encoded") != std::string::npos);
  // "NGÃ" is a real Vietnamese name (ngã), with nothing after the Ã that a UTF-8 byte could be.
  const auto real = parse_cccd("001099012345||LÊ VĂN NGÃ|15031999|Nam|x|10052021");
  REQUIRE(real.ok());
  CHECK_FALSE(real.repaired_encoding);
  CHECK_FALSE(has_mojibake_marks("Trần Thị Ánh, Đà Nẵng, Huế, Ấp Ông Bà"));
  CHECK(has_mojibake_marks("Ã¡"));
  CHECK_FALSE(repair_mojibake("Ã©tÃ© Ð¿Ñ€Ð¸"));  // repairs to Cyrillic, not Vietnamese
}

TEST_CASE("cccd: a health-insurance card is refused with a message naming the CCCD", "[unit]") {
  const auto parsed = parse_cccd(
      "GD4797920012345|4e677579e1bb856e2056c4836e2041|01/01/1990|1|536fcc8220312c20c490c6b0e1bb9d6e67|"
      "79-001|01/01/2024|-|4|01/01/2020|abc|-|$");
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error->vi.find("bảo hiểm y tế") != std::string::npos);
  CHECK(parsed.error->vi.find("CCCD") != std::string::npos);
  CHECK(parsed.error->en.find("citizen ID card") != std::string::npos);
}

TEST_CASE("cccd: empty, blank and huge payloads are refused", "[unit]") {
  CHECK_FALSE(parse_cccd("").ok());
  CHECK_FALSE(parse_cccd(" \r\n").ok());
  CHECK_FALSE(parse_cccd(std::string(100000, '|')).ok());
  CHECK_FALSE(parse_cccd(std::string("001099012345||A\0B|15031999|Nam|x|10052021", 40)).ok());
}
