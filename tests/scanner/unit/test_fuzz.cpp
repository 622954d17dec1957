// At least 100,000 random and mutated inputs through the ID card parser and the classifier: no crash, no
// hang, no sanitizer report (this also runs under ASan+UBSan), and the results keep their promises.
#include <catch2/catch.hpp>
#include <random>

#include "mc/core/text.hpp"
#include "mc/scanner/cccd.hpp"
#include "mc/core/scan.hpp"
#include "mc/scanner/classify.hpp"

using namespace mc::scanner;

namespace {

const std::vector<std::string> kSeeds = {
    "001099012345||Nguyễn Văn A|15031999|Nam|Số 1 Đường ABC, Phường X, TP Z|10052021",
    "079301012345|123456789|TRẦN THỊ BÍCH NGỌC|02112001|Nữ|Ấp 3, Xã Y|25122022|extra",
    "001099012345||Nguyá»…n VÄƒn A|15031999|Nam|Sá»‘ 1|10052021",
    "GD4797920012345|4e677579e1bb856e2056c4836e2041|01/01/1990|1|4861204e6f69|79-001|01/01/2024",
    "000.00.15.G12-260305-1007",
    "https://motcua.example.gov.vn/tra-cuu?ma=000.00.15.G12-260305-1007",
    "00020101021238570010A00000072701270006970436011300110123456780208QRIBFTTA530370454061350005802VN6236"
    "0832000.00.15.G12-260305-1007 LE PHI6304DF2D",
};

const std::vector<std::string> kTokens = {"|",
                                          "||",
                                          "0",
                                          "1",
                                          "9",
                                          "12",
                                          "001099012345",
                                          "15031999",
                                          "29022000",
                                          "31022001",
                                          "Nam",
                                          "Nữ",
                                          "Ã",
                                          "¡",
                                          "»",
                                          "‡",
                                          "…",
                                          "Ä",
                                          "‘",
                                          "\xEF\xBF\xBD",
                                          "\xC3",
                                          "\xE1\xBB",
                                          "\x80",
                                          "\xFF",
                                          "ễ",
                                          "Đ",
                                          "e\xCC\x82\xCC\x83",
                                          " ",
                                          "\r\n",
                                          "\t",
                                          "%",
                                          "%2D",
                                          "?ma=",
                                          "https://",
                                          "/",
                                          "-",
                                          ".",
                                          "000201",
                                          "A000000727",
                                          "6304",
                                          "38",
                                          std::string(1, '\0'),
                                          "\xEF\xBB\xBF"};

bool check_promises(const std::string& input) {
  const CccdParse parsed = parse_cccd(input);
  // Exactly one of identity / error.
  REQUIRE(parsed.identity.has_value() != parsed.error.has_value());
  if (parsed.identity) {
    const auto& p = *parsed.identity;
    REQUIRE(p.id_number.size() == 12);
    REQUIRE(p.date_of_birth);
    REQUIRE(p.issue_date);
    REQUIRE(p.sex != mc::Sex::Unknown);
    REQUIRE(mc::is_valid_utf8(p.full_name));
    REQUIRE(mc::is_valid_utf8(p.address));
    REQUIRE(p.full_name.find('|') == std::string::npos);
    REQUIRE(p.full_name.find("\xEF\xBF\xBD") == std::string::npos);
  } else {
    REQUIRE_FALSE(parsed.error->vi.empty());
    REQUIRE_FALSE(parsed.error->en.empty());
  }
  const ScanKind kind = classify(input);
  REQUIRE(scan_kind_name(kind) != nullptr);
  if (kind == ScanKind::VietQr) REQUIRE(parse_vietqr(input));
  if (kind == ScanKind::Receipt) REQUIRE(mc::dossier_code_in_scan(input));
  if (auto repaired = repair_mojibake(input)) REQUIRE(mc::is_valid_utf8(*repaired));
  return parsed.ok();
}

}  // namespace

TEST_CASE("fuzz: 100,000 random and mutated inputs through parse_cccd and classify", "[unit]") {
  std::mt19937 rng(20261122);
  auto pick = [&](size_t n) { return size_t(std::uniform_int_distribution<size_t>(0, n - 1)(rng)); };
  int accepted = 0, refused = 0;
  for (int i = 0; i < 100000; ++i) {
    std::string input;
    switch (i % 4) {
      case 0: {  // random bytes
        const size_t length = pick(160);
        for (size_t k = 0; k < length; ++k) input += char(pick(256));
        break;
      }
      case 1: {  // random tokens
        const size_t count = pick(40);
        for (size_t k = 0; k < count; ++k) input += kTokens[pick(kTokens.size())];
        break;
      }
      default: {  // mutations of real-looking payloads
        input = kSeeds[pick(kSeeds.size())];
        const size_t edits = 1 + pick(4);
        for (size_t k = 0; k < edits && !input.empty(); ++k) {
          const size_t at = pick(input.size());
          switch (pick(5)) {
            case 0:
              input[at] = char(pick(256));
              break;
            case 1:
              input.erase(at, 1 + pick(8));
              break;
            case 2:
              input.insert(at, kTokens[pick(kTokens.size())]);
              break;
            case 3:
              input = input.substr(0, at);
              break;
            default:
              input.insert(at, input.substr(at, pick(20)));
              break;
          }
        }
      }
    }
    (check_promises(input) ? accepted : refused)++;
  }
  // The mutations must actually reach both outcomes, or the fuzzing proves little.
  CHECK(accepted > 1000);
  CHECK(refused > 10000);
}
