#pragma once
// The logical data structure of the ID card's chip (ICAO 9303-10): EF.COM, DG1 (the MRZ), DG2 (the face),
// DG13 (Việt Nam's own fields: name with diacritics, origin, residence, parents...), DG15 (the active
// authentication key). Every parser checks each tag and length it relies on and throws
// ChipError(MalformedData) naming what broke; none reads past its input.
#include <map>
#include <optional>
#include <string>
#include <vector>
#include "mc/core/datetime.hpp"
#include "mc/core/identity.hpp"
#include "mc/idcard/bac.hpp"
#include "mc/idcard/bytes.hpp"

namespace mc::idcard {

// The LDS tag of data group n (0x61 DG1, 0x75 DG2, 0x6D DG13 ...), and back (0 for an unknown tag).
uint8_t data_group_tag(int number);
int data_group_number(uint8_t tag);

struct EfCom {
  std::string lds_version;       // "0107"
  std::string unicode_version;   // "040000"
  std::vector<int> data_groups;  // from the tag list, in order
  bool lists(int data_group) const;
};
EfCom parse_ef_com(ByteView file);

// DG1: the machine readable zone. The ID card uses TD1 (3 lines of 30); TD2 and TD3 are accepted too.
struct Mrz {
  std::string format;  // "TD1", "TD2", "TD3"
  std::string document_code;
  std::string issuing_state;
  std::string document_number;  // without filler '<' at the end
  std::string optional_data_1;  // TD1: on the CCCD the 12-digit ID number
  std::string date_of_birth;    // YYMMDD
  char sex = '<';               // 'M', 'F' or '<'
  std::string date_of_expiry;   // YYMMDD
  std::string nationality;
  std::string optional_data_2;
  std::string primary_identifier;               // surname, '<' as spaces
  std::string secondary_identifier;             // given names
  std::vector<std::string> check_digit_errors;  // names of fields whose check digit is wrong
  MrzKey access_key() const;                    // for BAC
};
Mrz parse_dg1(ByteView file);
// The MRZ text itself (TD1: 90 characters): DG1 bytes to characters, checked against the MRZ alphabet.
Mrz parse_mrz_text(std::string_view text);

// DG2: the first face image of the first biometric information template (ISO/IEC 19794-5 inside 7816-11).
enum class ImageFormat { Jpeg, Jpeg2000 };
const char* image_format_name(ImageFormat format);  // "jpeg", "jpeg2000"
struct FaceImageData {
  ImageFormat format = ImageFormat::Jpeg;
  Bytes encoded;  // the image file as stored (JPEG or JPEG 2000)
  int width = 0;  // as the record header states
  int height = 0;
};
FaceImageData parse_dg2(ByteView file);

// DG13 of the Vietnamese ID card: 6D { 30 { INTEGER version, OID, SET { SEQUENCE { INTEGER n, value } } } }.
// The meaning of each n is kept in one table (dg13_layout()), checked against public parsers.
enum class Dg13Value { Text, Date, TextPair, TextInSequence };
struct Dg13FieldSpec {
  int number;
  const char* key;  // "full_name", "place_of_origin" ...
  Dg13Value value;
  const char* note;  // what the sources say
};
const std::vector<Dg13FieldSpec>& dg13_layout();

struct Dg13 {
  std::map<std::string, std::string> text;  // key -> NFC text, as on the card
  std::vector<int> unknown_fields;          // numbers not in the layout (kept out of the result)
};
Dg13 parse_dg13(ByteView file);
// "15/03/1999" or "15031999"; nullopt for anything else ("Không thời hạn" on a card without expiry).
std::optional<Date> parse_dg13_date(std::string_view text);

// DG15: the active authentication public key (SubjectPublicKeyInfo DER).
Bytes parse_dg15(ByteView file);
// DG14: the SecurityInfos DER inside tag 6E.
Bytes dg14_security_infos(ByteView file);

// The holder as read from the chip: DG13 when the card has it (Vietnamese names with diacritics), DG1 else.
struct ChipIdentity {
  std::string id_number;  // 12 digits
  std::string full_name;
  std::optional<Date> date_of_birth;
  Sex sex = Sex::Unknown;
  std::string nationality;
  std::string ethnicity;
  std::string religion;
  std::string place_of_origin;
  std::string place_of_residence;
  std::string identifying_marks;
  std::optional<Date> issue_date;
  std::optional<Date> expiry_date;
  std::string expiry_text;  // as written when it is not a date ("Không thời hạn")
  std::string father_name;
  std::string mother_name;
  std::string spouse_name;
  std::string old_id_number;
  std::string document_number;        // from the MRZ
  std::vector<std::string> warnings;  // fields that could not be read as expected (no personal data)

  CitizenIdentity to_citizen() const;  // what the QR path also fills: the journey's prefill
};
ChipIdentity make_identity(const Mrz& mrz, const std::optional<Dg13>& dg13);

}  // namespace mc::idcard
