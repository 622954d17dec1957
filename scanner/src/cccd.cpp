#include "mc/scanner/cccd.hpp"

#include <algorithm>

#include "mc/core/text.hpp"
#include "mc/scanner/classify.hpp"

namespace mc::scanner {

namespace {

constexpr size_t kMaxPayloadBytes = 4096;  // the real payload is ~150 bytes; anything huge is not a card

// Windows-1252 code points for bytes 0x80..0x9F (0 where the byte is undefined there and decoders fall
// back to the Latin-1 control character).
constexpr char32_t kCp1252High[32] = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                      0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                      0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

// The byte a Latin-1 / CP1252 decoder turned into this code point, or -1.
int byte_for(char32_t cp) {
  if (cp < 0x100) return int(cp);
  for (int i = 0; i < 32; ++i)
    if (kCp1252High[i] == cp) return 0x80 + i;
  return -1;
}

bool is_vietnamese_letter(char32_t cp) {
  static constexpr std::u32string_view kLatin1 = U"ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý";
  if (kLatin1.find(cp) != std::u32string_view::npos) return true;
  switch (cp) {
    case 0x0102:
    case 0x0103:  // Ă ă
    case 0x0110:
    case 0x0111:  // Đ đ
    case 0x0128:
    case 0x0129:  // Ĩ ĩ
    case 0x0168:
    case 0x0169:  // Ũ ũ
    case 0x01A0:
    case 0x01A1:  // Ơ ơ
    case 0x01AF:
    case 0x01B0:  // Ư ư
      return true;
    default:
      break;
  }
  return cp >= 0x1EA0 && cp <= 0x1EF9;  // Ạ ... ỹ
}

// Printable ASCII plus Vietnamese letters and the dashes/quotes an address may carry (text already NFC).
bool is_vietnamese_text(std::u32string_view text) {
  return std::all_of(text.begin(), text.end(), [](char32_t cp) {
    return (cp >= 0x20 && cp < 0x7F) || is_vietnamese_letter(cp) || cp == 0x2013 || cp == 0x2014 || cp == 0x2018 ||
           cp == 0x2019;
  });
}

std::optional<std::string> reencode_as_bytes(std::string_view text) {
  std::string bytes;
  for (char32_t cp : to_u32(text)) {
    const int b = byte_for(cp);
    if (b < 0) return std::nullopt;
    bytes += char(b);
  }
  if (!is_valid_utf8(bytes)) return std::nullopt;
  return bytes;
}

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Trims and turns runs of white space into one space.
std::string tidy(std::string_view text) {
  std::string out;
  bool pending_space = false;
  for (char c : trim(text)) {
    if (c == ' ' || c == '\t') {
      pending_space = true;
      continue;
    }
    if (pending_space && !out.empty()) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

LocalizedText text(std::string vi, std::string en) {
  return LocalizedText{std::move(vi), std::move(en)};
}

}  // namespace

bool has_mojibake_marks(std::string_view input) {
  const std::u32string cps = to_u32(input);
  for (size_t i = 0; i + 1 < cps.size(); ++i) {
    // A UTF-8 lead byte (C2..F4) seen as Latin-1 (Â..ô), followed by a continuation byte (80..BF) seen
    // as Latin-1/CP1252 (¡, », ‘, ‡, €...). Real Vietnamese never has a letter followed by such a sign.
    if (cps[i] < 0xC2 || cps[i] > 0xF4) continue;
    const int next = byte_for(cps[i + 1]);
    if (next >= 0x80 && next <= 0xBF) return true;
  }
  return false;
}

std::optional<std::string> repair_mojibake(std::string_view input) {
  if (!has_mojibake_marks(input)) return std::nullopt;
  std::string current(input);
  for (int round = 0; round < 2 && has_mojibake_marks(current); ++round) {
    auto repaired = reencode_as_bytes(current);
    if (!repaired) return std::nullopt;
    current = std::move(*repaired);
  }
  if (has_mojibake_marks(current)) return std::nullopt;
  std::string nfc = to_nfc(current);
  if (!is_vietnamese_text(to_u32(nfc))) return std::nullopt;
  return nfc;
}

CccdParse parse_cccd(std::string_view payload) {
  CccdParse result;
  auto refuse = [&result](std::string vi, std::string en) {
    result.error = text(std::move(vi), std::move(en));
    result.identity.reset();
    return result;
  };

  std::string body = trim(payload);
  if (body.rfind("\xEF\xBB\xBF", 0) == 0) body = trim(std::string_view(body).substr(3));  // UTF-8 BOM
  if (body.empty()) return refuse("Mã QR không có nội dung.", "The QR code is empty.");
  if (body.size() > kMaxPayloadBytes)
    return refuse("Mã QR quá dài, không phải mã trên thẻ căn cước.",
                  "The code is far too long to be the ID card QR code.");
  if (!is_valid_utf8(body))
    return refuse("Mã đọc được bị lỗi mã hóa ký tự (không phải UTF-8). Vui lòng quét lại thẻ bằng camera của kiosk.",
                  "The scanned text is garbled (not valid UTF-8). Please scan the card again with the kiosk camera.");
  if (body.find("\xEF\xBF\xBD") != std::string::npos)
    return refuse(
        "Máy quét đã làm hỏng dấu tiếng Việt (có ký tự lỗi �). Vui lòng quét lại thẻ bằng camera của kiosk "
        "hoặc báo cán bộ kiểm tra cài đặt máy quét.",
        "The scanner garbled the Vietnamese letters (replacement characters �). Please scan the card again with "
        "the kiosk camera, or ask staff to check the scanner's settings.");
  if (std::any_of(body.begin(), body.end(), [](char c) { return (c >= 0 && c < 0x20 && c != '\t') || c == 0x7F; }))
    return refuse("Mã đọc được có ký tự điều khiển lạ, không phải mã trên thẻ căn cước.",
                  "The scanned text contains control characters; it is not the ID card QR code.");
  if (has_mojibake_marks(body)) {
    auto repaired = repair_mojibake(body);
    if (!repaired)
      return refuse(
          "Máy quét đã làm sai dấu tiếng Việt (ví dụ \"Ã¡\" thay cho \"á\") và không thể sửa tự động. Vui lòng "
          "quét lại thẻ bằng camera của kiosk hoặc báo cán bộ kiểm tra cài đặt máy quét.",
          "The scanner mis-encoded the Vietnamese letters (e.g. \"Ã¡\" for \"á\") and it cannot be repaired. "
          "Please scan the card again with the kiosk camera, or ask staff to check the scanner's settings.");
    body = std::move(*repaired);
    result.repaired_encoding = true;
    result.warnings.push_back(
        text("Dấu tiếng Việt do máy quét gửi sai mã hóa đã được sửa tự động; vui lòng kiểm tra "
             "lại họ tên và địa chỉ.",
             "The scanner sent the Vietnamese letters in the wrong encoding; they were repaired "
             "automatically. Please check the name and address."));
  }
  if (looks_like_health_insurance_card(body))
    return refuse("Đây là mã trên thẻ bảo hiểm y tế (BHYT). Vui lòng quét mã QR trên thẻ căn cước công dân (CCCD).",
                  "This is a health insurance (BHYT) card. Please scan the QR code on your citizen ID card (CCCD) "
                  "instead.");

  body = to_nfc(body);
  const std::vector<std::string> fields = split(body, '|');
  if (fields.size() < 7)
    return refuse("Mã QR không phải của thẻ căn cước: chỉ có " + std::to_string(fields.size()) +
                      " trường thông tin, cần ít nhất 7. Vui lòng quét mã QR trên thẻ căn cước công dân.",
                  "This is not an ID card QR code: it has " + std::to_string(fields.size()) +
                      " fields, at least 7 are needed. Please scan the QR code on your citizen ID card.");

  CitizenIdentity person;
  person.id_number = trim(fields[0]);
  if (person.id_number.size() != 12 || !all_digits(person.id_number))
    return refuse("Số định danh cá nhân trên mã QR không hợp lệ (phải có đúng 12 chữ số).",
                  "The personal ID number in the QR code is invalid (it must be exactly 12 digits).");
  person.old_id_number = trim(fields[1]);
  if (!person.old_id_number.empty() && (person.old_id_number.size() != 9 || !all_digits(person.old_id_number)))
    result.warnings.push_back(text("Số CMND cũ trên mã QR không có dạng 9 chữ số; vui lòng kiểm tra.",
                                   "The old ID (CMND) number in the QR code is not 9 digits; please check it."));
  person.full_name = tidy(fields[2]);
  if (person.full_name.empty()) return refuse("Mã QR thiếu họ và tên.", "The QR code has no full name.");
  if (std::any_of(person.full_name.begin(), person.full_name.end(), [](char c) { return c >= '0' && c <= '9'; }))
    result.warnings.push_back(text("Họ và tên trên mã QR có chữ số; vui lòng kiểm tra.",
                                   "The full name in the QR code contains digits; please check it."));
  const auto birth = Date::parse_ddmmyyyy(trim(fields[3]));
  if (!birth)
    return refuse("Ngày sinh trên mã QR không hợp lệ (cần dạng NgàyThángNăm DDMMYYYY và là ngày có thật).",
                  "The date of birth in the QR code is invalid (DDMMYYYY, a real calendar date).");
  person.date_of_birth = birth;
  const auto sex = parse_sex(trim(fields[4]));
  if (!sex || *sex == Sex::Unknown)
    return refuse("Giới tính trên mã QR không đọc được (cần \"Nam\" hoặc \"Nữ\").",
                  "The sex in the QR code is not readable (\"Nam\" or \"Nữ\" expected).");
  person.sex = *sex;
  person.address = tidy(fields[5]);
  const auto issued = Date::parse_ddmmyyyy(trim(fields[6]));
  if (!issued)
    return refuse("Ngày cấp thẻ trên mã QR không hợp lệ (cần dạng DDMMYYYY và là ngày có thật).",
                  "The card's issue date in the QR code is invalid (DDMMYYYY, a real calendar date).");
  person.issue_date = issued;

  // Cross-checks. The law only guarantees "12 digits", so these are warnings for staff, never refusals.
  if (*birth > *issued)
    result.warnings.push_back(text("Ngày sinh trên mã QR sau ngày cấp thẻ; vui lòng kiểm tra.",
                                   "The date of birth in the QR code is after the card's issue date; please check."));
  const int century_sex_digit = person.id_number[3] - '0';
  const int century = 1900 + (century_sex_digit / 2) * 100;
  const Sex digit_sex = century_sex_digit % 2 == 0 ? Sex::Male : Sex::Female;
  if (birth->year / 100 * 100 != century)
    result.warnings.push_back(
        text("Chữ số thế kỷ trong số định danh không khớp với năm sinh; vui lòng kiểm tra.",
             "The century digit of the ID number does not match the year of birth; please check."));
  if (digit_sex != person.sex)
    result.warnings.push_back(text("Chữ số giới tính trong số định danh không khớp với giới tính; vui lòng kiểm tra.",
                                   "The sex digit of the ID number does not match the sex on the card; please check."));
  const int year_digits = (person.id_number[4] - '0') * 10 + (person.id_number[5] - '0');
  if (year_digits != birth->year % 100)
    result.warnings.push_back(
        text("Hai chữ số năm sinh trong số định danh không khớp với ngày sinh; vui lòng kiểm tra.",
             "The birth-year digits of the ID number do not match the date of birth; please check."));
  result.identity = std::move(person);
  return result;
}

}  // namespace mc::scanner
