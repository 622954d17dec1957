#include "mc/scanner/cccd.hpp"

#include <algorithm>

#include "mc/core/messages.hpp"
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
  static constexpr std::u32string_view kLatin1 = U"ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý";  // i18n-exempt: letters
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
  auto refuse = [&result](LocalizedText reason) {
    result.error = std::move(reason);
    result.identity.reset();
    return result;
  };

  std::string body = trim(payload);
  if (body.rfind("\xEF\xBB\xBF", 0) == 0) body = trim(std::string_view(body).substr(3));  // UTF-8 BOM
  if (body.empty()) return refuse(message("cccd.empty"));
  if (body.size() > kMaxPayloadBytes)
    return refuse(message("cccd.too_long"));
  if (!is_valid_utf8(body))
    return refuse(message("cccd.not_utf8"));
  if (body.find("\xEF\xBF\xBD") != std::string::npos)
    return refuse(message("cccd.replacement_chars"));
  if (std::any_of(body.begin(), body.end(), [](char c) { return (c >= 0 && c < 0x20 && c != '\t') || c == 0x7F; }))
    return refuse(message("cccd.control_chars"));
  if (has_mojibake_marks(body)) {
    auto repaired = repair_mojibake(body);
    if (!repaired)
      return refuse(message("cccd.mojibake"));
    body = std::move(*repaired);
    result.repaired_encoding = true;
    result.warnings.push_back(
        message("cccd.mojibake_repaired"));
  }
  if (looks_like_health_insurance_card(body))
    return refuse(message("cccd.health_card"));

  body = to_nfc(body);
  const std::vector<std::string> fields = split(body, '|');
  if (fields.size() < 7)
    return refuse(message("cccd.too_few_fields", {{"n", std::to_string(fields.size())}}));

  CitizenIdentity person;
  person.id_number = trim(fields[0]);
  if (person.id_number.size() != 12 || !all_digits(person.id_number))
    return refuse(message("cccd.bad_id_number"));
  person.old_id_number = trim(fields[1]);
  if (!person.old_id_number.empty() && (person.old_id_number.size() != 9 || !all_digits(person.old_id_number)))
    result.warnings.push_back(message("cccd.old_id_number"));
  person.full_name = tidy(fields[2]);
  if (person.full_name.empty()) return refuse(message("cccd.no_name"));
  if (std::any_of(person.full_name.begin(), person.full_name.end(), [](char c) { return c >= '0' && c <= '9'; }))
    result.warnings.push_back(message("cccd.name_has_digits"));
  const auto birth = Date::parse_ddmmyyyy(trim(fields[3]));
  if (!birth)
    return refuse(message("cccd.bad_date_of_birth"));
  person.date_of_birth = birth;
  const auto sex = parse_sex(trim(fields[4]));
  if (!sex || *sex == Sex::Unknown)
    return refuse(message("cccd.bad_sex"));
  person.sex = *sex;
  person.address = tidy(fields[5]);
  const auto issued = Date::parse_ddmmyyyy(trim(fields[6]));
  if (!issued)
    return refuse(message("cccd.bad_issue_date"));
  person.issue_date = issued;

  // Cross-checks. The law only guarantees "12 digits", so these are warnings for staff, never refusals.
  if (*birth > *issued)
    result.warnings.push_back(message("cccd.birth_after_issue"));
  const int century_sex_digit = person.id_number[3] - '0';
  const int century = 1900 + (century_sex_digit / 2) * 100;
  const Sex digit_sex = century_sex_digit % 2 == 0 ? Sex::Male : Sex::Female;
  if (birth->year / 100 * 100 != century)
    result.warnings.push_back(
        message("cccd.century_mismatch"));
  if (digit_sex != person.sex)
    result.warnings.push_back(message("cccd.sex_digit_mismatch"));
  const int year_digits = (person.id_number[4] - '0') * 10 + (person.id_number[5] - '0');
  if (year_digits != birth->year % 100)
    result.warnings.push_back(
        message("cccd.year_mismatch"));
  result.identity = std::move(person);
  return result;
}

}  // namespace mc::scanner
