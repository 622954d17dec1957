// Parsers of what the chip holds: TLV, EF.COM, DG1 (MRZ), DG2, DG13, EF.SOD's security object. Each
// malformed input must give ChipError(MalformedData), never a crash or a read past the end (the fuzz
// targets in tests/fuzz push the same parsers much further).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include "card_files.hpp"
#include "mc/idcard/errors.hpp"
#include "mc/idcard/lds.hpp"
#include "mc/idcard/passive_auth.hpp"
#include "mc/idcard/tlv.hpp"

using namespace mc::idcard;
using namespace mc::idcard::test;

namespace {
bool malformed_error(const std::function<void()>& action) {
  try {
    action();
  } catch (const ChipError& error) {
    return error.kind() == ChipErrorKind::MalformedData;
  }
  return false;
}
}  // namespace

TEST_CASE("TLV: tags, lengths and every way a header can lie", "[idcard][tlv]") {
  const Bytes com = from_hex("60145F0104303130375F36063034303030305C026175");
  const Tlv outer = read_single(com, 0x60, "EF.COM");
  CHECK(outer.value.size() == 0x14);
  CHECK(outer.constructed());
  const auto inner = read_tlvs(outer.value);
  REQUIRE(inner.size() == 3);
  CHECK(inner[0].tag == 0x5F01);
  CHECK(inner[2].tag == 0x5C);
  CHECK(tlv_total_length(from_hex("7F618203E8")) == 0x3E8 + 5);
  CHECK_FALSE(tlv_total_length(from_hex("7F")));
  CHECK_FALSE(tlv_total_length(from_hex("6182")));
  const Bytes long_value = make_tlv(0x5F1F, Bytes(200, 0));
  CHECK(to_hex(slice(long_value, 0, 4)) == "5F1F81C8");
  CHECK(long_value.size() == 204);
  CHECK(malformed_error([] { read_tlv(from_hex("6105AABB")); }));      // value runs past the end
  CHECK(malformed_error([] { read_tlv(from_hex("6180")); }));          // indefinite length
  CHECK(malformed_error([] { read_tlv(from_hex("618501020304")); }));  // 5 length bytes
  CHECK(malformed_error([] { read_tlv(from_hex("5F")); }));            // tag cut off
  CHECK(malformed_error([] { read_tlv(from_hex("5FFFFFFF01")); }));    // tag longer than 3 bytes
  CHECK(malformed_error([] { read_tlv(from_hex("00")); }));            // padding is not a tag
  CHECK(malformed_error([] { read_tlv({}); }));
  CHECK(malformed_error([] { read_single(from_hex("610100FF"), 0x61, "DG1"); }));  // trailing byte
  CHECK(malformed_error([] { read_single(from_hex("620100"), 0x61, "DG1"); }));    // wrong tag
  CHECK(malformed_error([] { read_tlvs(from_hex("0101AA02")); }));                 // second TLV cut off
}

TEST_CASE("DER helpers: OIDs and small integers", "[idcard][tlv]") {
  const Bytes pace = der::oid_from_string("0.4.0.127.0.7.2.2.4.2.2");
  CHECK(to_hex(pace) == "04007F00070202040202");
  CHECK(der::oid_to_string(pace) == "0.4.0.127.0.7.2.2.4.2.2");
  CHECK(der::oid_to_string(der::oid_from_string("2.16.840.1.101.3.4.2.1")) == "2.16.840.1.101.3.4.2.1");
  CHECK(malformed_error([] { der::oid_to_string(from_hex("2B8F")); }));  // last arc cut off
  CHECK(der::small_integer(read_tlv(from_hex("020100")), "n") == 0);
  CHECK(der::small_integer(read_tlv(from_hex("020300FFFF")), "n") == 0xFFFF);
  CHECK(malformed_error([] { der::small_integer(read_tlv(from_hex("0201FF")), "n"); }));  // negative
  CHECK(malformed_error([] { der::small_integer(read_tlv(from_hex("0200")), "n"); }));    // empty
  CHECK(malformed_error([] { der::small_integer(read_tlv(from_hex("040101")), "n"); }));  // not INTEGER
}

TEST_CASE("EF.COM lists its data groups, an unknown tag is refused", "[idcard][lds]") {
  const EfCom com = parse_ef_com(from_hex("60165F0104303130375F36063034303030305C0461756D6E"));
  CHECK(com.lds_version == "0107");
  CHECK(com.unicode_version == "040000");
  CHECK(com.data_groups == std::vector<int>{1, 2, 13, 14});
  CHECK(com.lists(13));
  CHECK_FALSE(com.lists(3));
  CHECK(malformed_error([] { parse_ef_com(from_hex("60145F0104303130375F36063034303030305C026199")); }));
  CHECK(malformed_error([] { parse_ef_com(from_hex("600E5F0104303130375F3606303430303030")); }));  // no 5C
}

TEST_CASE("DG1: the TD1 MRZ of a CCCD, check digits included", "[idcard][lds]") {
  const CardHolder holder;
  const std::string text = build_td1_mrz(holder);
  REQUIRE(text.size() == 90);
  const Mrz mrz = parse_mrz_text(text);
  CHECK(mrz.format == "TD1");
  CHECK(mrz.document_code == "ID");
  CHECK(mrz.issuing_state == "VNM");
  CHECK(mrz.document_number == "199012345");
  CHECK(mrz.optional_data_1 == "001199012345");
  CHECK(mrz.date_of_birth == "990315");
  CHECK(mrz.sex == 'F');
  CHECK(mrz.date_of_expiry == "390315");
  CHECK(mrz.nationality == "VNM");
  CHECK(mrz.primary_identifier == "TRAN");
  CHECK(mrz.secondary_identifier == "THI BICH NGOC");
  CHECK(mrz.check_digit_errors.empty());

  std::string damaged = text;
  damaged[36] = damaged[36] == '9' ? '0' : '9';  // the birth date's check digit
  const Mrz bad = parse_mrz_text(damaged);
  CHECK(bad.check_digit_errors == std::vector<std::string>{"date_of_birth", "composite"});
  CHECK(malformed_error([&] { parse_mrz_text(text.substr(0, 89)); }));
  CHECK(malformed_error([&] { parse_mrz_text(std::string(text).replace(20, 1, "a")); }));
}

TEST_CASE("DG1: the ICAO 9303-5 TD1 specimen with a long document number", "[idcard][lds]") {
  // ICAO Doc 9303 Part 5, Appendix B (document number of 12 characters continued in the optional data).
  const std::string specimen =
      "I<UTOD23145890<7349<<<<<<<<<<<"
      "3407127M9507122UTO<<<<<<<<<<<2"
      "STEVENSON<<PETER<JOHN<<<<<<<<<";
  const Mrz mrz = parse_mrz_text(specimen);
  CHECK(mrz.document_number == "D23145890734");
  CHECK(mrz.date_of_birth == "340712");
  CHECK(mrz.primary_identifier == "STEVENSON");
  CHECK(mrz.secondary_identifier == "PETER JOHN");
  CHECK(mrz.check_digit_errors.empty());
  CHECK(mrz_information(mrz.access_key()) == "D23145890734934071279507122");
}

TEST_CASE("DG13: every field of the layout, with Vietnamese text in NFC", "[idcard][lds][dg13]") {
  CardHolder holder;
  holder.spouse_name = "Phạm Quốc Việt";
  const Dg13 dg13 = parse_dg13(build_dg13(holder));
  CHECK(dg13.text.at("id_number") == "001199012345");
  CHECK(dg13.text.at("full_name") == "Trần Thị Bích Ngọc");
  CHECK(dg13.text.at("date_of_birth") == "15/03/1999");
  CHECK(dg13.text.at("sex") == "Nữ");
  CHECK(dg13.text.at("place_of_origin") == "Xã Đông Hội, Huyện Đông Anh, Hà Nội");
  CHECK(dg13.text.at("father_name") == "Trần Văn Bình");
  CHECK(dg13.text.at("mother_name") == "Lê Thị Cúc");
  CHECK(dg13.text.at("spouse_name") == "Phạm Quốc Việt");
  CHECK(dg13.text.at("old_id_number") == "012345678");
  CHECK(dg13.unknown_fields.empty());  // entry 16 is known-unknown, not reported
  CHECK(dg13_layout().size() == 15);
}

TEST_CASE("DG13: decomposed text becomes NFC, a card without expiry keeps its words", "[idcard][lds][dg13]") {
  CardHolder holder;
  holder.full_name = "Tra\xCC\x82\xCC\x80n Thi\xCC\xA3";  // "Trần Thị" with combining marks
  holder.expiry_date = "Không thời hạn";
  const ChipIdentity identity = make_identity(parse_mrz_text(build_td1_mrz(holder)), parse_dg13(build_dg13(holder)));
  CHECK(identity.full_name == "Trần Thị");
  CHECK_FALSE(identity.expiry_date);
  CHECK(identity.expiry_text == "Không thời hạn");
}

TEST_CASE("DG13: dates in both written forms", "[idcard][lds][dg13]") {
  CHECK(parse_dg13_date("15/03/1999") == mc::Date::from_ymd(1999, 3, 15));
  CHECK(parse_dg13_date("15031999") == mc::Date::from_ymd(1999, 3, 15));
  CHECK_FALSE(parse_dg13_date("31/02/1999"));
  CHECK_FALSE(parse_dg13_date("1999-03-15"));
  CHECK_FALSE(parse_dg13_date(""));
}

TEST_CASE("DG13: an old ID number only in entry 16 is taken when it is one", "[idcard][lds][dg13]") {
  // Entry 15 absent; one public profile reports the old ID number in entry 16, real samples show a
  // 16-hex-digit value there. Only a 9- or 12-digit number is taken.
  CardHolder holder;
  holder.old_id_number.clear();
  holder.entry_16 = "012345678";
  CHECK(parse_dg13(build_dg13(holder)).text.at("old_id_number") == "012345678");
  holder.entry_16 = "3A5F00C2D1E4B789";
  CHECK_FALSE(parse_dg13(build_dg13(holder)).text.count("old_id_number"));
  holder.old_id_number = "111222333";
  holder.entry_16 = "012345678";
  CHECK(parse_dg13(build_dg13(holder)).text.at("old_id_number") == "111222333");  // entry 15 wins
}

TEST_CASE("DG13: structural damage is refused", "[idcard][lds][dg13]") {
  const Bytes good = build_dg13(CardHolder{});
  CHECK(malformed_error([&] { parse_dg13(Bytes(good.begin(), good.end() - 1)); }));
  CHECK(malformed_error([] { parse_dg13(from_hex("6D00")); }));
  CHECK(malformed_error([] { parse_dg13(from_hex("6D023000")); }));  // no SET
  // An entry whose value is not a string.
  CHECK(malformed_error([] { parse_dg13(from_hex("6D0C300A020101310530030201020400")); }));
  // Invalid UTF-8 in the name.
  CHECK(malformed_error([] { parse_dg13(from_hex("6D0F300D020101310830060201020C01C3")); }));
  // The same entry twice.
  CHECK(malformed_error([] {
    parse_dg13(
        from_hex("6D17301502010131103007020102"
                 "0C0141"
                 "3007020102"
                 "0C0142"));
  }));
}

TEST_CASE("DG2: image found inside the facial record, lengths that lie are refused", "[idcard][lds][dg2]") {
  const CardFiles files = build_card_files({}, {}, TestPki());
  const Bytes& dg2 = files.files.at(0x0102);
  const FaceImageData face = parse_dg2(dg2);
  CHECK(face.format == ImageFormat::Jpeg);
  CHECK(face.width == 240);
  CHECK(face.height == 320);
  CHECK(face.encoded.size() > 5000);
  CHECK(face.encoded[0] == 0xFF);

  // The facial record length field claims more than the block holds.
  Bytes lying = dg2;
  const std::string fac = "FAC";
  auto record = std::search(lying.begin(), lying.end(), fac.begin(), fac.end());
  REQUIRE(record != lying.end());
  record[8] = 0x7F;
  CHECK(malformed_error([&] { parse_dg2(lying); }));
  // The face block says it has 60000 feature points.
  Bytes points = dg2;
  record = std::search(points.begin(), points.end(), fac.begin(), fac.end());
  record[18] = 0xEA;
  record[19] = 0x60;
  CHECK(malformed_error([&] { parse_dg2(points); }));
  // Not an image at all.
  Bytes not_image = dg2;
  record = std::search(not_image.begin(), not_image.end(), fac.begin(), fac.end());
  record[14 + 20 + 12] = 0x00;
  CHECK(malformed_error([&] { parse_dg2(not_image); }));
  CHECK(malformed_error([] { parse_dg2(from_hex("7503020101")); }));
}

TEST_CASE("EF.SOD's LDSSecurityObject: algorithms and hash lengths checked", "[idcard][pa]") {
  // SEQUENCE { 0, { sha256 }, { { 1, 32 bytes } } }
  const Bytes hash(32, 0xAB);
  Bytes entry = concat({from_hex("020101"), make_tlv(0x04, hash)});
  Bytes lds = make_tlv(0x30, concat({from_hex("020100"), make_tlv(0x30, from_hex("0609608648016503040201")),
                                     make_tlv(0x30, make_tlv(0x30, entry))}));
  const LdsSecurityObject parsed = parse_lds_security_object(lds);
  CHECK(parsed.digest_algorithm == "SHA256");
  CHECK(parsed.hashes.at(1) == hash);
  // A 20-byte hash under SHA-256.
  Bytes short_entry = concat({from_hex("020101"), make_tlv(0x04, Bytes(20, 0))});
  CHECK(malformed_error([&] {
    parse_lds_security_object(
        make_tlv(0x30, concat({from_hex("020100"), make_tlv(0x30, from_hex("0609608648016503040201")),
                               make_tlv(0x30, make_tlv(0x30, short_entry))})));
  }));
  // MD5 is not accepted.
  CHECK(malformed_error([&] {
    parse_lds_security_object(
        make_tlv(0x30, concat({from_hex("020100"), make_tlv(0x30, from_hex("06082A864886F70D0205")),
                               make_tlv(0x30, make_tlv(0x30, entry))})));
  }));
}

TEST_CASE("The CSCA trust store loads PEM and DER files from a directory", "[idcard][pa]") {
  const auto dir = std::filesystem::temp_directory_path() / ("mc-csca-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const TestPki one("CSCA One"), two("CSCA Two");
  std::ofstream(dir / "one.pem") << one.csca_pem();
  const Bytes der = two.csca_der();
  std::ofstream(dir / "two.der", std::ios::binary).write(reinterpret_cast<const char*>(der.data()), der.size());
  std::ofstream(dir / "broken.crt") << "not a certificate";
  std::ofstream(dir / "README.md") << "ignored";
  std::vector<std::string> problems;
  const TrustStore store = TrustStore::load_directory(dir.string(), &problems);
  CHECK(store.size() == 2);
  CHECK(problems == std::vector<std::string>{"broken.crt: not an X.509 certificate"});
  CHECK(TrustStore::load_directory((dir / "missing").string()).size() == 0);
  std::filesystem::remove_all(dir);
}
