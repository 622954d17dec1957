#pragma once
// The files of a test ID card, made the way a Vietnamese CCCD chip holds them: EF.CardAccess (PACE),
// EF.COM, DG1 (TD1 MRZ), DG2 (a synthetic face, JPEG or JPEG 2000), DG13 (the Vietnamese fields),
// optional DG14/DG15, and EF.SOD signed by a test document signer. The holder is invented.
#include <map>
#include <optional>
#include <string>
#include "mc/idcard/bytes.hpp"
#include "test_pki.hpp"

namespace mc::idcard::test {

struct CardHolder {
  std::string id_number = "001199012345";
  std::string full_name = "Trần Thị Bích Ngọc";
  std::string date_of_birth = "15/03/1999";
  std::string sex = "Nữ";
  std::string nationality = "Việt Nam";
  std::string ethnicity = "Kinh";
  std::string religion = "Không";
  std::string place_of_origin = "Xã Đông Hội, Huyện Đông Anh, Hà Nội";
  std::string place_of_residence = "Số 1 Đường ABC, Phường X, TP Z";
  std::string identifying_marks = "Nốt ruồi C:1cm trên trước đầu lông mày phải";
  std::string issue_date = "10/05/2024";
  std::string expiry_date = "15/03/2039";
  std::string father_name = "Trần Văn Bình";
  std::string mother_name = "Lê Thị Cúc";
  std::string spouse_name;  // empty: entry 14 left out
  std::string old_id_number = "012345678";
  std::string entry_16 = "3A5F00C2D1E4B789";  // real cards carry an unexplained 16-hex-digit value here
  // MRZ: the CCCD puts the last 9 digits of the ID number as document number, the 12 digits in the
  // optional data, dates as YYMMDD.
  std::string mrz_surname = "TRAN";
  std::string mrz_given_names = "THI BICH NGOC";
  std::string mrz_date_of_birth = "990315";
  std::string mrz_date_of_expiry = "390315";
  char mrz_sex = 'F';
  std::string document_number() const { return id_number.substr(3); }
  std::string can() const { return id_number.substr(6); }
};

struct CardOptions {
  bool jpeg2000_face = false;
  int face_width = 240, face_height = 320;
  bool with_pace = true;                                  // EF.CardAccess with ECDH-GM
  int pace_parameter_id = 13;                             // brainpoolP256r1
  std::string pace_protocol = "0.4.0.127.0.7.2.2.4.2.2";  // ECDH-GM-AES-128
  bool with_dg15 = false;  // an active authentication key (EC P-256, or RSA-1024 with aa_rsa)
  bool aa_rsa = false;
  bool with_dg14 = false;
  std::optional<int> alter_data_group;  // flip one byte in this DG after signing EF.SOD
};

struct CardFiles {
  std::map<uint16_t, Bytes> files;  // by file identifier (0x011C, 0x011E, 0x0101 ...)
  CardHolder holder;
  std::string aa_private_key_pem;  // the chip's secret for INTERNAL AUTHENTICATE (with_dg15)
  std::string mrz_text() const;
};

CardFiles build_card_files(const CardHolder& holder, const CardOptions& options, const TestPki& pki);
// The DG13 bytes alone (also used by the parser tests).
Bytes build_dg13(const CardHolder& holder);
std::string build_td1_mrz(const CardHolder& holder);
Bytes synthetic_face_jpeg(int width, int height);
Bytes synthetic_face_jpeg2000(int width, int height);
// Writes every file as <dir>/<FID hex>.bin plus card.json (keys for the emulator) and csca.pem.
void write_card_directory(const CardFiles& card, const CardOptions& options, const TestPki& pki,
                          const std::string& dir);

}  // namespace mc::idcard::test
