// System tests: independent tools read what we print. zbarimg decodes the QR codes from the PNG,
// Tesseract (Vietnamese model) reads the words with their diacritics.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "mc/core/text.hpp"
#include "mc/printing/printing.hpp"
#include "sample.hpp"
#include "tools.hpp"

using namespace mc::printing;
using namespace mc::printing::testing;

namespace {

ReceiptWording wording() {
  return ReceiptWording::load(MC_TEST_ASSETS_DIR, "000.00.15.G12");
}

// Words of a text, NFC, upper case, punctuation dropped: "Cấp lại giấy," -> {"CẤP", "LẠI", "GIẤY"}.
std::vector<std::string> words_of(const std::string& text) {
  std::string upper = mc::to_upper(mc::to_nfc(text));
  std::vector<std::string> words;
  std::string word;
  for (char32_t c : mc::to_u32(upper)) {
    bool letter = c > 0x7F || std::isalnum(static_cast<int>(c));
    if (letter) {
      word += mc::to_utf8(c);
    } else if (!word.empty()) {
      words.push_back(word);
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(word);
  return words;
}

bool has_diacritics(const std::string& word) {
  return mc::fold_for_search(word) != mc::to_utf8(mc::to_u32(word)) &&
         std::any_of(word.begin(), word.end(), [](char c) { return c & 0x80; });
}

// How many of the expected words the OCR found exactly (diacritics included), and how many of them
// carry diacritics at all.
struct Match {
  int found = 0, total = 0, diacritic_found = 0, diacritic_total = 0;
};
Match match_words(const std::string& expected, const std::vector<std::string>& ocr_words) {
  Match match;
  for (const std::string& word : words_of(expected)) {
    bool found = std::find(ocr_words.begin(), ocr_words.end(), word) != ocr_words.end();
    ++match.total;
    match.found += found;
    if (has_diacritics(word)) {
      ++match.diacritic_total;
      match.diacritic_found += found;
    }
  }
  return match;
}

// The phrase must appear as consecutive OCR words, exactly (diacritics included).
bool contains_phrase(const std::vector<std::string>& ocr_words, const std::string& phrase) {
  std::vector<std::string> wanted = words_of(phrase);
  return std::search(ocr_words.begin(), ocr_words.end(), wanted.begin(), wanted.end()) != ocr_words.end();
}

}  // namespace

TEST_CASE("zbarimg reads the dossier code and the VietQR from the receipt PNG", "[printing][system]") {
  if (!tool_available("zbarimg")) FAIL("zbarimg is not installed (zbar-tools)");
  std::string dir = temp_dir("zbar");
  auto config = sample_config();
  config.printer.bank_bin = "970415";
  config.printer.bank_account = "0011001932418";
  auto dossier = sample_dossier();
  for (const char* name : {"generic-80", "generic-58"}) {
    auto profile = PrinterProfile::load(MC_TEST_ASSETS_DIR, name);
    std::string png = dir + "/receipt-" + name + ".png";
    REQUIRE(save_png(render_receipt(dossier, config, profile, wording(), 2), png));
    auto symbols = zbar_symbols(png);
    INFO(name);
    CHECK(std::count(symbols.begin(), symbols.end(), dossier.code) == 1);
    CHECK(std::count(symbols.begin(), symbols.end(), vietqr_payload("970415", "0011001932418", 135000, dossier.code)) ==
          1);
  }
  // With a tracking URL the QR holds the URL with the code in it.
  config.printer.tracking_url = "https://dvc.example.gov.vn/tra-cuu?ma={code}";
  std::string png = dir + "/receipt-url.png";
  REQUIRE(save_png(
      render_receipt(dossier, config, PrinterProfile::load(MC_TEST_ASSETS_DIR, "generic-80"), wording(), 1), png));
  auto symbols = zbar_symbols(png);
  CHECK(std::count(symbols.begin(), symbols.end(), "https://dvc.example.gov.vn/tra-cuu?ma=" + dossier.code) == 1);
  std::filesystem::remove_all(dir);
}

TEST_CASE("A VietQR PNG decodes with zbarimg to the same payload", "[printing][system]") {
  if (!tool_available("zbarimg")) FAIL("zbarimg is not installed (zbar-tools)");
  std::string dir = temp_dir("vietqr");
  for (auto payload : {vietqr_payload("970415", "0011001932418", 120000, "ủng hộ lũ lụt"),
                       vietqr_payload("970423", "0099999999", 0, ""),
                       vietqr_payload("970436", "1234567890123", 135000, "000.00.15.G12-260302-1007")}) {
    std::string png = dir + "/vietqr.png";
    REQUIRE(save_png(render_qr(payload, 4), png));
    CHECK(zbar_symbols(png) == std::vector<std::string>{payload});
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("Tesseract reads the title and the procedure name with their diacritics", "[printing][system]") {
  if (!tool_available("tesseract")) FAIL("tesseract is not installed (tesseract-ocr, tesseract-ocr-vie)");
  if (run_command("tesseract --list-langs").output.find("vie") == std::string::npos)
    FAIL("the Vietnamese model is missing (tesseract-ocr-vie)");
  // The comparison itself tells accents apart: unaccented words never count as found.
  REQUIRE(match_words("Cấp lại giấy phép", words_of("Cap lai giay phep")).found == 0);
  REQUIRE(match_words("Cấp lại giấy phép", words_of("cấp LẠI Giấy phép.")).found == 4);
  std::string dir = temp_dir("ocr");
  auto dossier = sample_dossier();
  for (const char* name : {"generic-80", "generic-58"}) {
    auto profile = PrinterProfile::load(MC_TEST_ASSETS_DIR, name);
    Bitmap receipt = render_receipt(dossier, sample_config(), profile, wording(), 2);
    // The title and the request are in the upper half, above the first QR code: OCR only that part
    // (Tesseract takes seconds per page on a busy machine), with the dots doubled for its model.
    REQUIRE_FALSE(receipt.qr_regions.empty());
    Bitmap top(receipt.width, receipt.qr_regions.front().top);
    std::copy_n(receipt.pixels.begin(), top.pixels.size(), top.pixels.begin());
    std::string png = dir + "/receipt.png";
    REQUIRE(save_png(scale_up(top, 2), png));
    std::string text = run_command("OMP_THREAD_LIMIT=1 tesseract '" + png + "' stdout -l vie --psm 4").output;
    auto ocr_words = words_of(text);
    INFO(name << " OCR:\n" << text);
    Match title = match_words("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", ocr_words);
    Match procedure = match_words(dossier.procedure.name.vi, ocr_words);
    // Every word, accents included: a box or a missing mark would fail here.
    CHECK(title.found == title.total);
    CHECK(procedure.found == procedure.total);
    CHECK(title.diacritic_total >= 6);
    CHECK(procedure.diacritic_total >= 4);
    CHECK(contains_phrase(ocr_words, dossier.procedure.name.vi));
    CHECK(contains_phrase(ocr_words, "Độc lập - Tự do - Hạnh phúc"));
    // The citizen's copy opens with what is still to do, and no paper reads as received (issue 13).
    CHECK(contains_phrase(ocr_words, "LÀM TIẾP"));  // "VIỆC CẦN LÀM TIẾP": Tesseract reads the bold CẦN as CÂN
    CHECK(contains_phrase(ocr_words, "cần nộp bản giấy"));
    // And the same words without their accents are not what was read.
    CHECK_FALSE(contains_phrase(ocr_words, "GIAY TIEP NHAN HO SO"));
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("Tesseract reads the chip verification mark under the applicant's name", "[printing][system][chip]") {
  if (!tool_available("tesseract")) FAIL("tesseract is not installed (tesseract-ocr, tesseract-ocr-vie)");
  std::string dir = temp_dir("ocr-chip");
  auto profile = PrinterProfile::load(MC_TEST_ASSETS_DIR, "generic-80");
  auto read_top = [&](const mc::Dossier& dossier) {
    Bitmap receipt = render_receipt(dossier, sample_config(), profile, wording(), 2);
    REQUIRE_FALSE(receipt.qr_regions.empty());
    Bitmap top(receipt.width, receipt.qr_regions.front().top);
    std::copy_n(receipt.pixels.begin(), top.pixels.size(), top.pixels.begin());
    std::string png = dir + "/receipt.png";
    REQUIRE(save_png(scale_up(top, 2), png));
    return words_of(run_command("OMP_THREAD_LIMIT=1 tesseract '" + png + "' stdout -l vie --psm 4").output);
  };
  auto verified = sample_dossier();
  verified.chip_check = {mc::ChipVerification::Verified, "PACE", 1772417100};
  const auto words = read_top(verified);
  CHECK(contains_phrase(words, "đã xác thực chip"));
  CHECK(contains_phrase(words, "PACE"));
  // A dossier whose applicant came from the QR code carries no such line.
  CHECK_FALSE(contains_phrase(read_top(sample_dossier()), "xác thực chip"));
}
