// The whole read against a card emulated in memory (tests/idcard/common): access control, every file,
// passive authentication, and what happens when the card or the key is wrong.
#include <catch2/catch.hpp>

#include <atomic>
#include "card_files.hpp"
#include "emulated_card.hpp"
#include "mc/idcard/chip_reader.hpp"
#include "mc/idcard/errors.hpp"
#include "mc/idcard/face_image.hpp"

using namespace mc::idcard;
using namespace mc::idcard::test;

namespace {

const TestPki& pki() {
  static const TestPki instance("Test CSCA");
  return instance;
}

TrustStore trusted() {
  TrustStore store;
  store.add_pem(pki().csca_pem());
  return store;
}

CardFiles card(CardOptions options = {}, CardHolder holder = {}) {
  return build_card_files(holder, options, pki());
}

AccessKey can_key(const std::string& can = CardHolder{}.can()) {
  return {can, std::nullopt};
}
AccessKey mrz_key() {
  const CardHolder holder;
  return {"", MrzKey{holder.document_number(), holder.mrz_date_of_birth, holder.mrz_date_of_expiry}};
}

ChipErrorKind error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const ChipError& error) {
    return error.kind();
  }
  FAIL("no ChipError");
  return ChipErrorKind::Communication;
}

}  // namespace

TEST_CASE("PACE with the CAN reads every field, the face, and verifies the chip", "[idcard][read]") {
  EmulatedCard chip(card());
  std::vector<ReadProgress> progress;
  ReadOptions options;
  options.on_progress = [&progress](const ReadProgress& p) { progress.push_back(p); };
  const ChipReadResult result = read_chip(chip, can_key(), trusted(), options);

  CHECK(result.protocol == AccessProtocol::Pace);
  CHECK(result.protocol_details == "ECDH-GM AES-128 brainpoolP256r1 with CAN");
  const ChipIdentity& who = result.identity;
  CHECK(who.id_number == "001199012345");
  CHECK(who.full_name == "Trần Thị Bích Ngọc");
  CHECK(who.date_of_birth == mc::Date::from_ymd(1999, 3, 15));
  CHECK(who.sex == mc::Sex::Female);
  CHECK(who.nationality == "Việt Nam");
  CHECK(who.ethnicity == "Kinh");
  CHECK(who.religion == "Không");
  CHECK(who.place_of_origin == "Xã Đông Hội, Huyện Đông Anh, Hà Nội");
  CHECK(who.place_of_residence == "Số 1 Đường ABC, Phường X, TP Z");
  CHECK(who.identifying_marks == "Nốt ruồi C:1cm trên trước đầu lông mày phải");
  CHECK(who.issue_date == mc::Date::from_ymd(2024, 5, 10));
  CHECK(who.expiry_date == mc::Date::from_ymd(2039, 3, 15));
  CHECK(who.father_name == "Trần Văn Bình");
  CHECK(who.mother_name == "Lê Thị Cúc");
  CHECK(who.spouse_name.empty());
  CHECK(who.old_id_number == "012345678");
  CHECK(who.warnings.empty());
  CHECK(result.mrz.document_number == "199012345");
  CHECK(result.mrz.check_digit_errors.empty());

  REQUIRE(result.face);
  CHECK(result.face->format == ImageFormat::Jpeg);
  const DecodedImage face = decode_face(*result.face);
  CHECK(face.width == 240);
  CHECK(face.height == 320);

  CHECK(result.passive_auth.status == PassiveAuthStatus::Verified);
  CHECK(result.passive_auth.digest_algorithm == "SHA256");
  CHECK(result.passive_auth.signer_subject.find("Test CSCA Document Signer") != std::string::npos);
  CHECK(result.passive_auth.csca_subject.find("CN=Test CSCA") != std::string::npos);
  CHECK(result.passive_auth.data_groups.size() == 3);  // DG1, DG2, DG13
  CHECK(result.data_groups_listed == std::vector<int>{1, 2, 13});

  REQUIRE_FALSE(progress.empty());
  CHECK(progress.back().stage == ReadStage::Done);
  CHECK(progress.back().fraction == 1.0);
  for (size_t i = 1; i < progress.size(); ++i) CHECK(progress[i].fraction >= progress[i - 1].fraction);
}

TEST_CASE("BAC with the MRZ data on a card without PACE", "[idcard][read]") {
  CardOptions options;
  options.with_pace = false;
  EmulatedCard chip(card(options));
  const ChipReadResult result = read_chip(chip, mrz_key(), trusted());
  CHECK(result.protocol == AccessProtocol::Bac);
  CHECK(result.identity.full_name == "Trần Thị Bích Ngọc");
  CHECK(result.passive_auth.status == PassiveAuthStatus::Verified);
}

TEST_CASE("A CCCD that refuses PACE with the MRZ is read over BAC", "[idcard][read]") {
  EmulatedCard chip(card());
  chip.refuse_pace_with_mrz = true;
  const ChipReadResult result = read_chip(chip, mrz_key(), trusted());
  CHECK(result.protocol == AccessProtocol::Bac);
  REQUIRE_FALSE(result.notes.empty());
  CHECK(result.notes.front().find("6982") != std::string::npos);
  CHECK(result.passive_auth.status == PassiveAuthStatus::Verified);
}

TEST_CASE("PACE with the MRZ when the card allows it", "[idcard][read]") {
  EmulatedCard chip(card());
  const ChipReadResult result = read_chip(chip, mrz_key(), trusted());
  CHECK(result.protocol == AccessProtocol::Pace);
  CHECK(result.protocol_details.find("with MRZ") != std::string::npos);
}

TEST_CASE("A wrong CAN or MRZ is refused by the card, and said so", "[idcard][read]") {
  SECTION("wrong CAN over PACE") {
    EmulatedCard chip(card());
    CHECK(error_of([&] { read_chip(chip, can_key("999999"), trusted()); }) == ChipErrorKind::AccessDenied);
    CHECK_FALSE(chip.secure_messaging_active());
  }
  SECTION("wrong birth date over BAC") {
    CardOptions options;
    options.with_pace = false;
    EmulatedCard chip(card(options));
    AccessKey key = mrz_key();
    key.mrz->date_of_birth = "990316";
    CHECK(error_of([&] { read_chip(chip, key, trusted()); }) == ChipErrorKind::AccessDenied);
  }
  SECTION("no key at all") {
    EmulatedCard chip(card());
    CHECK(error_of([&] { read_chip(chip, {}, trusted()); }) == ChipErrorKind::NeedCan);
  }
  SECTION("only a CAN for a card that has only BAC") {
    CardOptions options;
    options.with_pace = false;
    EmulatedCard chip(card(options));
    CHECK(error_of([&] { read_chip(chip, can_key(), trusted()); }) == ChipErrorKind::NeedMrz);
  }
}

TEST_CASE("Passive authentication: altered data group, unknown CSCA", "[idcard][read][pa]") {
  SECTION("one byte of DG13 changed after signing") {
    CardOptions options;
    options.alter_data_group = 13;
    EmulatedCard chip(card(options));
    const ChipReadResult result = read_chip(chip, can_key(), trusted());
    CHECK(result.passive_auth.status == PassiveAuthStatus::Failed);
    CHECK(result.passive_auth.reason.find("DG13") != std::string::npos);
  }
  SECTION("DG2 changed") {
    CardOptions options;
    options.alter_data_group = 2;
    EmulatedCard chip(card(options));
    CHECK(read_chip(chip, can_key(), trusted()).passive_auth.status == PassiveAuthStatus::Failed);
  }
  SECTION("another country's CSCA in the trust store") {
    EmulatedCard chip(card());
    TrustStore other;
    other.add_pem(TestPki("Other CSCA").csca_pem());
    const ChipReadResult result = read_chip(chip, can_key(), other);
    CHECK(result.passive_auth.status == PassiveAuthStatus::CscaUnknown);
  }
  SECTION("an empty trust store") {
    EmulatedCard chip(card());
    CHECK(read_chip(chip, can_key(), TrustStore()).passive_auth.status == PassiveAuthStatus::CscaUnknown);
  }
  SECTION("EF.SOD signed by a document signer that another CSCA issued, in a store with both") {
    const TestPki impostor("Test CSCA");  // same name, different key: the chain must not verify
    EmulatedCard chip(build_card_files({}, {}, impostor));
    CHECK(read_chip(chip, can_key(), trusted()).passive_auth.status != PassiveAuthStatus::Verified);
  }
  SECTION("certificates checked at a time when they were not yet valid") {
    EmulatedCard chip(card());
    ReadOptions options;
    options.check_time = 946684800;  // 2000-01-01
    const ChipReadResult result = read_chip(chip, can_key(), trusted(), options);
    CHECK(result.passive_auth.status == PassiveAuthStatus::Failed);
    CHECK(result.passive_auth.reason.find("not yet valid") != std::string::npos);
  }
}

TEST_CASE("A JPEG 2000 face decodes with libopenjp2", "[idcard][read]") {
  CardOptions options;
  options.jpeg2000_face = true;
  EmulatedCard chip(card(options));
  const ChipReadResult result = read_chip(chip, can_key(), trusted());
  REQUIRE(result.face);
  CHECK(result.face->format == ImageFormat::Jpeg2000);
  const DecodedImage face = decode_face(*result.face);
  CHECK(face.width == 240);
  CHECK(face.height == 320);
  // The middle of the picture is the skin-coloured face, not the blue-grey background.
  const size_t middle = (static_cast<size_t>(face.height) / 2 * face.width + face.width / 2) * 4;
  CHECK(face.rgba[middle] > face.rgba[middle + 2]);
  CHECK(result.passive_auth.status == PassiveAuthStatus::Verified);
}

TEST_CASE("Other PACE parameters: 3DES, NIST P-256, AES-256 on P-384 and brainpoolP512r1", "[idcard][read][pace]") {
  const std::vector<std::pair<std::string, int>> variants = {{"0.4.0.127.0.7.2.2.4.2.1", 13},
                                                             {"0.4.0.127.0.7.2.2.4.2.2", 12},
                                                             {"0.4.0.127.0.7.2.2.4.2.3", 16},
                                                             {"0.4.0.127.0.7.2.2.4.2.4", 15},
                                                             {"0.4.0.127.0.7.2.2.4.2.4", 17}};
  for (const auto& [protocol, parameter_id] : variants) {
    CAPTURE(protocol, parameter_id);
    CardOptions options;
    options.pace_protocol = protocol;
    options.pace_parameter_id = parameter_id;
    EmulatedCard chip(card(options));
    ReadOptions read;
    read.read_face = false;
    const ChipReadResult result = read_chip(chip, can_key(), trusted(), read);
    CHECK(result.protocol == AccessProtocol::Pace);
    CHECK(result.passive_auth.status == PassiveAuthStatus::Verified);
    CHECK_FALSE(result.face);
  }
}

TEST_CASE("A card that leaves, lies or is cancelled stops the read with the right reason", "[idcard][read]") {
  SECTION("removed while the face is read") {
    EmulatedCard chip(card());
    chip.remove_after = 30;
    CHECK(error_of([&] { read_chip(chip, can_key(), trusted()); }) == ChipErrorKind::CardRemoved);
  }
  SECTION("a response MAC that does not verify") {
    EmulatedCard chip(card());
    chip.corrupt_mac_from = 3;
    CHECK(error_of([&] { read_chip(chip, can_key(), trusted()); }) == ChipErrorKind::SecureMessaging);
  }
  SECTION("DG1 declares more bytes than an ID card holds") {
    EmulatedCard chip(card());
    chip.tamper = [](const CommandApdu& command, ResponseApdu& answer) {
      if (command.ins == 0xB0 && command.p1 == 0 && command.p2 == 0 && answer.data.size() >= 4 &&
          answer.data[0] == 0x61) {
        answer.data[1] = 0x83;
        answer.data[2] = 0x7F;
        answer.data[3] = 0xFF;
      }
    };
    CHECK(error_of([&] { read_chip(chip, can_key(), trusted()); }) == ChipErrorKind::MalformedData);
  }
  SECTION("READ BINARY answers more bytes than asked") {
    EmulatedCard chip(card());
    chip.tamper = [&chip](const CommandApdu& command, ResponseApdu& answer) {
      if (chip.secure_messaging_active() && command.ins == 0xB0 && command.p2 != 0)
        answer.data.resize(answer.data.size() + 10, 0x00);
    };
    CHECK(error_of([&] { read_chip(chip, can_key(), trusted()); }) == ChipErrorKind::MalformedData);
  }
  SECTION("cancelled by the kiosk") {
    EmulatedCard chip(card());
    std::atomic<int> polls{0};
    ReadOptions options;
    options.should_cancel = [&polls] { return ++polls > 12; };
    CHECK(error_of([&] { read_chip(chip, can_key(), trusted(), options); }) == ChipErrorKind::Cancelled);
  }
  SECTION("a card without the eMRTD application") {
    CardOptions options;
    options.with_pace = false;
    EmulatedCard chip(card(options));
    chip.tamper = [](const CommandApdu& command, ResponseApdu& answer) {
      if (command.ins == 0xA4 && command.p1 == 0x04) answer.sw = 0x6A82;
    };
    CHECK(error_of([&] { read_chip(chip, mrz_key(), trusted()); }) == ChipErrorKind::NotAnIdCard);
  }
}

TEST_CASE("DG14 and DG15 are read and reported when present", "[idcard][read]") {
  CardOptions options;
  options.with_dg14 = true;
  options.with_dg15 = true;
  EmulatedCard chip(card(options));
  const ChipReadResult result = read_chip(chip, can_key(), trusted());
  CHECK(result.chip_authentication_offered);
  CHECK(result.active_authentication_offered);
  CHECK(result.passive_auth.status == PassiveAuthStatus::Verified);
  CHECK(result.passive_auth.data_groups.size() == 5);
}

TEST_CASE("Active authentication: the chip signs a fresh challenge with the DG15 key", "[idcard][read][aa]") {
  SECTION("ECDSA P-256") {
    CardOptions options;
    options.with_dg14 = true;
    options.with_dg15 = true;
    EmulatedCard chip(card(options));
    const ChipReadResult result = read_chip(chip, can_key(), trusted());
    INFO(result.active_auth.reason);
    CHECK(result.active_auth.status == ActiveAuthStatus::Verified);
    CHECK(result.active_auth.reason.find("ECDSA") != std::string::npos);
  }
  SECTION("RSA with ISO 9796-2 message recovery") {
    CardOptions options;
    options.with_dg15 = true;
    options.aa_rsa = true;
    EmulatedCard chip(card(options));
    const ChipReadResult result = read_chip(chip, can_key(), trusted());
    INFO(result.active_auth.reason);
    CHECK(result.active_auth.status == ActiveAuthStatus::Verified);
    CHECK(result.active_auth.reason.find("9796-2") != std::string::npos);
  }
  SECTION("a clone with the right files but not the chip's key") {
    CardOptions options;
    options.with_dg15 = true;
    EmulatedCard chip(card(options));
    chip.clone = true;
    const ChipReadResult result = read_chip(chip, can_key(), trusted());
    CHECK(result.passive_auth.status == PassiveAuthStatus::Verified);  // copied files pass passive authentication
    CHECK(result.active_auth.status == ActiveAuthStatus::Failed);      // but the clone cannot sign
  }
  SECTION("no DG15: not offered") {
    EmulatedCard chip(card());
    CHECK(read_chip(chip, can_key(), trusted()).active_auth.status == ActiveAuthStatus::NotOffered);
  }
}
