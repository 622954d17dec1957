#include "mc/idcard/lds.hpp"

#include <algorithm>
#include "mc/core/text.hpp"
#include "mc/idcard/errors.hpp"
#include "mc/idcard/tlv.hpp"

namespace mc::idcard {

namespace {

const std::pair<int, uint8_t> kDataGroupTags[] = {
    {1, 0x61}, {2, 0x75},  {3, 0x63},  {4, 0x76},  {5, 0x65},  {6, 0x66},  {7, 0x67},  {8, 0x68},
    {9, 0x69}, {10, 0x6A}, {11, 0x6B}, {12, 0x6C}, {13, 0x6D}, {14, 0x6E}, {15, 0x6F}, {16, 0x70}};

std::string printable(ByteView value, const char* what) {
  std::string text(value.begin(), value.end());
  for (unsigned char c : text)
    if (c < 0x20 || c > 0x7E) malformed(std::string(what) + ": not printable ASCII");
  return text;
}

bool is_mrz_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<';
}

std::string strip_filler(std::string_view text) {
  size_t end = text.size();
  while (end > 0 && text[end - 1] == '<') --end;
  return std::string(text.substr(0, end));
}

std::string mrz_name(std::string_view text) {
  std::string out = strip_filler(text);
  std::replace(out.begin(), out.end(), '<', ' ');
  return out;
}

void check(Mrz& mrz, const char* field, std::string_view data, char digit) {
  const int expected = mrz_check_digit(data);
  // A '<' check digit is allowed only for an empty optional field.
  if (digit == '<' && strip_filler(data).empty()) return;
  if (expected < 0 || digit != static_cast<char>('0' + expected)) mrz.check_digit_errors.push_back(field);
}

uint32_t read_be(ByteView data, size_t offset, size_t length) {
  uint32_t value = 0;
  for (size_t i = 0; i < length; ++i) value = value << 8 | data[offset + i];
  return value;
}

}  // namespace

uint8_t data_group_tag(int number) {
  for (auto [dg, tag] : kDataGroupTags)
    if (dg == number) return tag;
  return 0;
}

int data_group_number(uint8_t tag) {
  for (auto [dg, known] : kDataGroupTags)
    if (known == tag) return dg;
  return 0;
}

bool EfCom::lists(int data_group) const {
  return std::find(data_groups.begin(), data_groups.end(), data_group) != data_groups.end();
}

EfCom parse_ef_com(ByteView file) {
  const Tlv com = read_single(file, 0x60, "EF.COM");
  const std::vector<Tlv> fields = read_tlvs(com.value);
  EfCom out;
  out.lds_version = printable(require_tag(fields, 0x5F01, "EF.COM").value, "EF.COM LDS version");
  out.unicode_version = printable(require_tag(fields, 0x5F36, "EF.COM").value, "EF.COM Unicode version");
  for (uint8_t tag : require_tag(fields, 0x5C, "EF.COM").value) {
    const int number = data_group_number(tag);
    if (number == 0) malformed("EF.COM lists an unknown data group tag " + tag_name(tag));
    out.data_groups.push_back(number);
  }
  return out;
}

MrzKey Mrz::access_key() const {
  return {document_number, date_of_birth, date_of_expiry};
}

Mrz parse_mrz_text(std::string_view text) {
  for (char c : text)
    if (!is_mrz_char(c)) malformed("DG1: a character outside the MRZ alphabet");
  Mrz mrz;
  if (text.size() == 90) {  // TD1: 3 x 30
    mrz.format = "TD1";
    mrz.document_code = strip_filler(text.substr(0, 2));
    mrz.issuing_state = strip_filler(text.substr(2, 3));
    std::string number(text.substr(5, 9));
    std::string optional1(text.substr(15, 15));
    char number_check = text[14];
    // A document number longer than 9: its check digit position holds '<' and the rest continues in the
    // optional data, ending with the real check digit (9303-5 §4.2.2 note j).
    if (number_check == '<' && optional1[0] != '<') {
      const size_t end = std::min(optional1.find('<'), optional1.size());
      const std::string rest = optional1.substr(0, end);
      number += rest.substr(0, rest.size() - 1);
      number_check = rest.back();
      optional1 = end < optional1.size() ? optional1.substr(end + 1) : "";
    }
    check(mrz, "document_number", number, number_check);
    mrz.document_number = strip_filler(number);
    mrz.optional_data_1 = strip_filler(optional1);
    mrz.date_of_birth = std::string(text.substr(30, 6));
    check(mrz, "date_of_birth", mrz.date_of_birth, text[36]);
    mrz.sex = text[37];
    mrz.date_of_expiry = std::string(text.substr(38, 6));
    check(mrz, "date_of_expiry", mrz.date_of_expiry, text[44]);
    mrz.nationality = strip_filler(text.substr(45, 3));
    mrz.optional_data_2 = strip_filler(text.substr(48, 11));
    const std::string composite = std::string(text.substr(5, 25)) + std::string(text.substr(30, 7)) +
                                  std::string(text.substr(38, 7)) + std::string(text.substr(48, 11));
    check(mrz, "composite", composite, text[59]);
    const std::string_view names = text.substr(60, 30);
    const size_t split = names.find("<<");
    mrz.primary_identifier = mrz_name(names.substr(0, split));
    mrz.secondary_identifier = split == std::string_view::npos ? "" : mrz_name(names.substr(split + 2));
  } else if (text.size() == 88 || text.size() == 72) {  // TD3 (2 x 44) or TD2 (2 x 36)
    const size_t line = text.size() / 2;
    mrz.format = text.size() == 88 ? "TD3" : "TD2";
    mrz.document_code = strip_filler(text.substr(0, 2));
    mrz.issuing_state = strip_filler(text.substr(2, 3));
    const std::string_view names = text.substr(5, line - 5);
    const size_t split = names.find("<<");
    mrz.primary_identifier = mrz_name(names.substr(0, split));
    mrz.secondary_identifier = split == std::string_view::npos ? "" : mrz_name(names.substr(split + 2));
    const std::string_view second = text.substr(line);
    mrz.document_number = strip_filler(second.substr(0, 9));
    check(mrz, "document_number", second.substr(0, 9), second[9]);
    mrz.nationality = strip_filler(second.substr(10, 3));
    mrz.date_of_birth = std::string(second.substr(13, 6));
    check(mrz, "date_of_birth", mrz.date_of_birth, second[19]);
    mrz.sex = second[20];
    mrz.date_of_expiry = std::string(second.substr(21, 6));
    check(mrz, "date_of_expiry", mrz.date_of_expiry, second[27]);
    mrz.optional_data_1 = strip_filler(second.substr(28, line == 44 ? 14 : 7));
  } else {
    malformed("DG1: an MRZ of " + std::to_string(text.size()) + " characters (TD1 has 90)");
  }
  if (mrz.sex != 'M' && mrz.sex != 'F' && mrz.sex != '<') malformed("DG1: sex is not M, F or <");
  return mrz;
}

Mrz parse_dg1(ByteView file) {
  const Tlv dg1 = read_single(file, 0x61, "DG1");
  const std::vector<Tlv> fields = read_tlvs(dg1.value);
  const Tlv& mrz = require_tag(fields, 0x5F1F, "DG1");
  return parse_mrz_text(std::string(mrz.value.begin(), mrz.value.end()));
}

const char* image_format_name(ImageFormat format) {
  return format == ImageFormat::Jpeg ? "jpeg" : "jpeg2000";
}

FaceImageData parse_dg2(ByteView file) {
  const Tlv dg2 = read_single(file, 0x75, "DG2");
  const Tlv group = read_single(dg2.value, 0x7F61, "DG2 biometric information group");
  const std::vector<Tlv> members = read_tlvs(group.value);
  const Tlv& count = require_tag(members, 0x02, "DG2 group");
  if (count.value.size() != 1 || count.value[0] == 0) malformed("DG2: the number of face instances is not 1..255");
  const Tlv& bit = require_tag(members, 0x7F60, "DG2 group");
  const std::vector<Tlv> template_fields = read_tlvs(bit.value);
  const Tlv* block = find_tag(template_fields, 0x5F2E);
  if (!block) block = find_tag(template_fields, 0x7F2E);
  if (!block) malformed("DG2: no biometric data block (5F2E or 7F2E)");
  const ByteView data = block->value;

  // ISO/IEC 19794-5 facial record: general header (14 bytes), facial information (20), feature points
  // (8 each), image information (12), image data.
  if (data.size() < 14 + 20 + 12) malformed("DG2: facial record shorter than its headers");
  if (!(data[0] == 'F' && data[1] == 'A' && data[2] == 'C' && data[3] == 0))
    malformed("DG2: the biometric data block is not an ISO 19794-5 facial record");
  const uint32_t record_length = read_be(data, 8, 4);
  if (record_length > data.size() || record_length < 14 + 20 + 12)
    malformed("DG2: facial record length " + std::to_string(record_length) + " does not fit its block");
  if (read_be(data, 12, 2) == 0) malformed("DG2: facial record with no face");
  const size_t face = 14;
  const uint32_t face_length = read_be(data, face, 4);
  if (face_length < 20 + 12 || face_length > record_length - face)
    malformed("DG2: face block length " + std::to_string(face_length) + " does not fit the record");
  const size_t feature_points = read_be(data, face + 4, 2);
  const size_t image_info = face + 20 + feature_points * 8;
  if (image_info + 12 > face + face_length) malformed("DG2: feature points run past the face block");
  FaceImageData image;
  const uint8_t data_type = data[image_info + 1];
  image.width = static_cast<int>(read_be(data, image_info + 2, 2));
  image.height = static_cast<int>(read_be(data, image_info + 4, 2));
  const size_t image_start = image_info + 12;
  const size_t image_end = face + face_length;
  image.encoded.assign(data.begin() + static_cast<std::ptrdiff_t>(image_start),
                       data.begin() + static_cast<std::ptrdiff_t>(image_end));
  const Bytes& e = image.encoded;
  const bool jpeg = e.size() >= 3 && e[0] == 0xFF && e[1] == 0xD8 && e[2] == 0xFF;
  const bool jp2 = e.size() >= 12 && e[0] == 0 && e[1] == 0 && e[2] == 0 && e[3] == 0x0C && e[4] == 'j' && e[5] == 'P';
  const bool j2k = e.size() >= 4 && e[0] == 0xFF && e[1] == 0x4F && e[2] == 0xFF && e[3] == 0x51;
  if (jpeg) {
    image.format = ImageFormat::Jpeg;
  } else if (jp2 || j2k) {
    image.format = ImageFormat::Jpeg2000;
  } else {
    malformed("DG2: the face image is neither JPEG nor JPEG 2000 (image data type " + std::to_string(data_type) + ")");
  }
  return image;
}

const std::vector<Dg13FieldSpec>& dg13_layout() {
  // Numbers of DG13 entries on the Vietnamese ID card. Sources: NghiaLio/NFC_CCCD_Reader
  // (lib/src/data/parser/nfc_dg13_parser.dart, decoded from real cards), a public VN-CCCD-2024 ICAO
  // document profile, and DOMAIN.md §1. They agree on 1–14; for the old ID number NghiaLio's parser
  // (observed samples) says 15 and calls 16 an unexplained 16-hex-digit value, the profile says 16: we
  // read 15 and accept an entry 16 that is a 9- or 12-digit number only when 15 is absent.
  static const std::vector<Dg13FieldSpec> layout = {
      {1, "id_number", Dg13Value::Text, "số định danh, 12 digits"},
      {2, "full_name", Dg13Value::Text, "họ và tên, with diacritics"},
      {3, "date_of_birth", Dg13Value::Date, "dd/mm/yyyy"},
      {4, "sex", Dg13Value::Text, "Nam / Nữ"},
      {5, "nationality", Dg13Value::Text, "Việt Nam"},
      {6, "ethnicity", Dg13Value::Text, "dân tộc"},
      {7, "religion", Dg13Value::Text, "tôn giáo"},
      {8, "place_of_origin", Dg13Value::Text, "quê quán"},
      {9, "place_of_residence", Dg13Value::Text, "nơi thường trú"},
      {10, "identifying_marks", Dg13Value::Text, "đặc điểm nhận dạng"},
      {11, "issue_date", Dg13Value::Date, "ngày cấp"},
      {12, "expiry_date", Dg13Value::Date, "có giá trị đến, or text such as Không thời hạn"},
      {13, "father_name|mother_name", Dg13Value::TextPair, "SEQUENCE { father, mother }"},
      {14, "spouse_name", Dg13Value::TextInSequence, "SEQUENCE { spouse }, absent when single"},
      {15, "old_id_number", Dg13Value::Text, "số CMND cũ (9 digits), when the holder had one"},
  };
  return layout;
}

namespace {

std::string dg13_text(const Tlv& value, int number) {
  if (value.tag != der::kUtf8String && value.tag != der::kPrintableString && value.tag != der::kIa5String)
    malformed("DG13 entry " + std::to_string(number) + ": not a string (tag " + tag_name(value.tag) + ")");
  const std::string text(value.value.begin(), value.value.end());
  if (!is_valid_utf8(text)) malformed("DG13 entry " + std::to_string(number) + ": not valid UTF-8");
  for (unsigned char c : text)
    if (c < 0x20 && c != '\n') malformed("DG13 entry " + std::to_string(number) + ": control characters");
  return to_nfc(trim(text));
}

bool all_digits(std::string_view text, size_t length) {
  return text.size() == length && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::optional<Date> parse_dg13_date(std::string_view text) {
  std::string digits;
  if (text.size() == 10 && text[2] == '/' && text[5] == '/') {
    digits = std::string(text.substr(0, 2)) + std::string(text.substr(3, 2)) + std::string(text.substr(6, 4));
  } else {
    digits = std::string(text);
  }
  if (!all_digits(digits, 8)) return std::nullopt;
  return Date::parse_ddmmyyyy(digits);
}

Dg13 parse_dg13(ByteView file) {
  const Tlv dg13 = read_single(file, 0x6D, "DG13");
  const Tlv content = read_single(dg13.value, der::kSequence, "DG13 content");
  const std::vector<Tlv> parts = read_tlvs(content.value);
  const Tlv* set = find_tag(parts, der::kSet);
  if (!set) malformed("DG13: no SET of entries");
  Dg13 out;
  std::string entry_16;
  for (const Tlv& entry : read_tlvs(set->value)) {
    if (entry.tag != der::kSequence) malformed("DG13: an entry is not a SEQUENCE");
    const std::vector<Tlv> items = read_tlvs(entry.value);
    if (items.empty()) malformed("DG13: an empty entry");
    const int number = der::small_integer(items[0], "DG13 entry number");
    if (items.size() < 2) continue;  // declared but empty: nothing to read
    if (number == 16) {
      if (items[1].tag == der::kUtf8String || items[1].tag == der::kPrintableString) entry_16 = dg13_text(items[1], 16);
      continue;
    }
    const auto spec = std::find_if(dg13_layout().begin(), dg13_layout().end(),
                                   [number](const Dg13FieldSpec& field) { return field.number == number; });
    if (spec == dg13_layout().end()) {
      out.unknown_fields.push_back(number);
      continue;
    }
    if (out.text.count(spec->key) || (number == 13 && out.text.count("father_name")))
      malformed("DG13: entry " + std::to_string(number) + " appears twice");
    switch (spec->value) {
      case Dg13Value::Text:
      case Dg13Value::Date:
        if (items.size() != 2) malformed("DG13 entry " + std::to_string(number) + ": more than one value");
        out.text[spec->key] = dg13_text(items[1], number);
        break;
      case Dg13Value::TextPair: {
        if (items[1].tag != der::kSequence) malformed("DG13 entry 13: parents are not a SEQUENCE");
        const std::vector<Tlv> names = read_tlvs(items[1].value);
        if (names.size() > 2) malformed("DG13 entry 13: more than two parents");
        if (names.size() >= 1) out.text["father_name"] = dg13_text(names[0], number);
        if (names.size() == 2) out.text["mother_name"] = dg13_text(names[1], number);
        break;
      }
      case Dg13Value::TextInSequence: {
        if (items[1].tag != der::kSequence) malformed("DG13 entry 14: spouse is not a SEQUENCE");
        const std::vector<Tlv> names = read_tlvs(items[1].value);
        if (names.size() > 1) malformed("DG13 entry 14: more than one spouse");
        if (names.size() == 1) out.text[spec->key] = dg13_text(names[0], number);
        break;
      }
    }
  }
  if (!out.text.count("old_id_number") && (all_digits(entry_16, 9) || all_digits(entry_16, 12)))
    out.text["old_id_number"] = entry_16;
  return out;
}

Bytes parse_dg15(ByteView file) {
  const Tlv dg15 = read_single(file, 0x6F, "DG15");
  const Tlv key = read_single(dg15.value, der::kSequence, "DG15 SubjectPublicKeyInfo");
  return Bytes(key.encoded.begin(), key.encoded.end());
}

Bytes dg14_security_infos(ByteView file) {
  const Tlv dg14 = read_single(file, 0x6E, "DG14");
  return Bytes(dg14.value.begin(), dg14.value.end());
}

CitizenIdentity ChipIdentity::to_citizen() const {
  CitizenIdentity person;
  person.id_number = id_number;
  person.old_id_number = old_id_number;
  person.full_name = full_name;
  person.date_of_birth = date_of_birth;
  person.sex = sex;
  person.address = place_of_residence;
  person.issue_date = issue_date;
  return person;
}

ChipIdentity make_identity(const Mrz& mrz, const std::optional<Dg13>& dg13) {
  ChipIdentity identity;
  identity.document_number = mrz.document_number;
  auto text = [&](const char* key) -> std::string {
    if (!dg13) return "";
    auto it = dg13->text.find(key);
    return it == dg13->text.end() ? "" : it->second;
  };
  identity.id_number = text("id_number");
  if (identity.id_number.empty() && all_digits(mrz.optional_data_1, 12)) identity.id_number = mrz.optional_data_1;
  if (!identity.id_number.empty() && !all_digits(identity.id_number, 12)) {
    identity.warnings.push_back("id_number is not 12 digits");
  }
  identity.full_name = text("full_name");
  if (identity.full_name.empty()) {
    // The MRZ holds the name without diacritics: better than nothing, and the citizen checks it.
    identity.full_name = trim(mrz.primary_identifier + " " + mrz.secondary_identifier);
    if (dg13) identity.warnings.push_back("DG13 has no full name; the MRZ name has no diacritics");
  }
  const std::string dob = text("date_of_birth");
  if (!dob.empty()) {
    identity.date_of_birth = parse_dg13_date(dob);
    if (!identity.date_of_birth) identity.warnings.push_back("date_of_birth is not a date");
  }
  const std::string sex = text("sex");
  if (!sex.empty()) {
    identity.sex = parse_sex(sex).value_or(Sex::Unknown);
    if (identity.sex == Sex::Unknown) identity.warnings.push_back("sex is neither Nam nor Nữ");
  } else if (mrz.sex == 'M' || mrz.sex == 'F') {
    identity.sex = mrz.sex == 'M' ? Sex::Male : Sex::Female;
  }
  identity.nationality = text("nationality");
  if (identity.nationality.empty()) identity.nationality = mrz.nationality;
  identity.ethnicity = text("ethnicity");
  identity.religion = text("religion");
  identity.place_of_origin = text("place_of_origin");
  identity.place_of_residence = text("place_of_residence");
  identity.identifying_marks = text("identifying_marks");
  const std::string issued = text("issue_date");
  if (!issued.empty()) {
    identity.issue_date = parse_dg13_date(issued);
    if (!identity.issue_date) identity.warnings.push_back("issue_date is not a date");
  }
  identity.expiry_text = text("expiry_date");
  if (!identity.expiry_text.empty()) identity.expiry_date = parse_dg13_date(identity.expiry_text);
  identity.father_name = text("father_name");
  identity.mother_name = text("mother_name");
  identity.spouse_name = text("spouse_name");
  identity.old_id_number = text("old_id_number");
  if (!identity.old_id_number.empty() && !all_digits(identity.old_id_number, 9) &&
      !all_digits(identity.old_id_number, 12)) {
    identity.warnings.push_back("old_id_number is not 9 or 12 digits; left out");
    identity.old_id_number.clear();
  }
  return identity;
}

}  // namespace mc::idcard
