#include <catch2/catch.hpp>

#include "mc/core/scan.hpp"
#include "mc/scanner/classify.hpp"

using namespace mc::scanner;

namespace {
// Built with Python's binascii.crc_hqx(data, 0xFFFF) (CRC-16/CCITT-FALSE), independent of our code.
const std::string kVietQr =
    "00020101021238570010A00000072701270006970436011300110123456780208QRIBFTTA530370454061350005802VN6236"
    "0832000.00.15.G12-260305-1007 LE PHI6304DF2D";
}  // namespace

TEST_CASE("classify: ID card, health-insurance card, receipt, VietQR, URL, other", "[unit]") {
  CHECK(classify("001099012345||Nguyễn Văn A|15031999|Nam|Số 1|10052021") == ScanKind::IdCard);
  CHECK(classify("001099012345||Nguyễn Văn A") == ScanKind::IdCard);  // too short, but the parser says why
  CHECK(classify("GD4797920012345|4e677579e1bb856e2056c4836e2041|01/01/1990|1|4861204e6f69|79-001") ==
        ScanKind::HealthInsuranceCard);
  CHECK(classify("000.00.15.G12-260305-1007") == ScanKind::Receipt);
  CHECK(classify("  000.00.15.G12-260305-1007\r\n") == ScanKind::Receipt);
  CHECK(classify("\xEF\xBB\xBF"
                 "001099012345||Nguyễn Văn A|15031999|Nam|x|10052021") == ScanKind::IdCard);
  CHECK(classify(kVietQr) == ScanKind::VietQr);
  CHECK(classify("https://dichvucong.gov.vn/p/home/dvc-trang-chu.html") == ScanKind::Url);
  CHECK(classify("HTTP://EXAMPLE.VN") == ScanKind::Url);
  CHECK(classify("hello") == ScanKind::Other);
  CHECK(classify("") == ScanKind::Other);
  CHECK(classify("javascript:alert(1)") == ScanKind::Other);
  CHECK(classify("https://a.vn/x y") == ScanKind::Other);  // a space cannot be in a URL
  CHECK(std::string(scan_kind_name(ScanKind::HealthInsuranceCard)) == "health_insurance_card");
}

TEST_CASE("classify: receipt QR as a tracking URL, in the query or the path, percent-encoded", "[unit]") {
  CHECK(classify("https://motcua.example.gov.vn/tra-cuu?ma=000.00.15.G12-260305-1007") == ScanKind::Receipt);
  CHECK(mc::dossier_code_in_scan("https://motcua.example.gov.vn/tra-cuu?lang=vi&ma=000.00.15.G12-260305-1007#top") ==
        "000.00.15.G12-260305-1007");
  CHECK(mc::dossier_code_in_scan("https://motcua.example.gov.vn/ho-so/000.00.15.G12-260305-1007") ==
        "000.00.15.G12-260305-1007");
  CHECK(mc::dossier_code_in_scan("https://x.vn/t?ma=000.00.15.G12%2D260305%2D1007") == "000.00.15.G12-260305-1007");
  CHECK_FALSE(mc::dossier_code_in_scan("https://x.vn/t?ma=000.00.15.G12-261305-1007"));  // month 13
  CHECK_FALSE(mc::dossier_code_in_scan("000.00.15.G12-260305-1007 extra"));
  CHECK(classify("https://x.vn/t?ma=nothing") == ScanKind::Url);
}

TEST_CASE("vietqr: CRC-16/CCITT-FALSE check value and the fields", "[unit]") {
  CHECK(crc16_ccitt_false("123456789") == 0x29B1);  // the catalogued check value of this CRC
  const auto qr = parse_vietqr(kVietQr);
  REQUIRE(qr);
  CHECK(qr->dynamic);
  CHECK(qr->bank_bin == "970436");
  CHECK(qr->account == "0011012345678");
  CHECK(qr->service == "QRIBFTTA");
  CHECK(qr->amount_vnd == 135000);
  CHECK(qr->purpose == "000.00.15.G12-260305-1007 LE PHI");
}

TEST_CASE("vietqr: a wrong CRC, a non-NAPAS EMVCo code, or broken lengths are not VietQR", "[unit]") {
  std::string bad_crc = kVietQr;
  bad_crc.back() = 'E';
  CHECK_FALSE(parse_vietqr(bad_crc));
  CHECK(classify(bad_crc) == ScanKind::Other);
  std::string changed_amount = kVietQr;
  changed_amount.replace(changed_amount.find("135000"), 6, "935000");  // tampered amount, same CRC
  CHECK_FALSE(parse_vietqr(changed_amount));
  CHECK_FALSE(parse_vietqr("000201010211"));
  CHECK_FALSE(parse_vietqr("0002010102115802VN6304ABCD"));
}
