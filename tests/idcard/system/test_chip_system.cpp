// kioskctl chip read against a real pcscd, vsmartcard's virtual reader and an emulated CCCD chip written
// in the test's own Python (card_fixture.hpp): PACE with the CAN, BAC with the MRZ, the fallback a CCCD
// forces, passive authentication verified / failed / CSCA unknown, wrong keys refused by the card, and
// the reader service over PC/SC noticing cards come and go.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include "card_fixture.hpp"
#include "mc/idcard/reader_service.hpp"

using json = nlohmann::json;
using namespace mc::idcard;
using namespace mc::idcard::test;

namespace {

struct Cards {
  std::string standard, bac_only, cccd_no_pace_mrz, altered_dg13, jpeg2000;
  std::string trust_dir, other_trust_dir, config, other_config;
};

// Every card of the suite, made once; each has its own test CSCA (a new key per make_test_card run).
const Cards& cards() {
  static const Cards made = [] {
    CardFixture& fixture = CardFixture::instance();
    Cards c;
    c.standard = fixture.make_card("standard");
    c.bac_only = fixture.make_card("bac-only", "--no-pace");
    c.cccd_no_pace_mrz = fixture.make_card("cccd", "--refuse-pace-mrz");
    c.altered_dg13 = fixture.make_card("altered", "--alter-dg 13");
    c.jpeg2000 = fixture.make_card("jpeg2000", "--jpeg2000 --p256");
    // The kiosk trusts every test CSCA but one ("other" is a separate card's CSCA only).
    c.trust_dir = fixture.dir() + "/trust";
    std::filesystem::create_directories(c.trust_dir);
    for (const auto& dir : {c.standard, c.bac_only, c.cccd_no_pace_mrz, c.altered_dg13, c.jpeg2000})
      std::filesystem::copy_file(dir + "/csca.pem",
                                 c.trust_dir + "/" + std::filesystem::path(dir).filename().string() + ".pem");
    c.other_trust_dir = fixture.dir() + "/other-trust";
    std::filesystem::create_directories(c.other_trust_dir);
    std::filesystem::copy_file(fixture.make_card("other") + "/csca.pem", c.other_trust_dir + "/other.pem");
    c.config = fixture.dir() + "/kiosk.toml";
    std::ofstream(c.config) << "data_dir = \"" << fixture.dir() << "/var\"\n[idcard]\ncsca_dir = \"" << c.trust_dir
                            << "\"\ncard_wait_s = 10\n";
    c.other_config = fixture.dir() + "/kiosk-other.toml";
    std::ofstream(c.other_config) << "data_dir = \"" << fixture.dir() << "/var\"\n[idcard]\ncsca_dir = \""
                                  << c.other_trust_dir << "\"\ncard_wait_s = 10\n";
    return c;
  }();
  return made;
}

CommandResult kioskctl(const std::string& config, const std::string& arguments, bool merge_stderr = false) {
  return run_command(std::string(MC_KIOSKCTL_PATH) + " --config " + config + " " + arguments, merge_stderr);
}

json read_json(const std::string& config, const std::string& arguments) {
  const CommandResult result = kioskctl(config, "chip read --json " + arguments, true);
  const auto start = result.out.find('{');  // stderr lines (logs) come before the JSON line
  if (start == std::string::npos) throw std::runtime_error("kioskctl printed no JSON:\n" + result.out);
  return json::parse(result.out.substr(start));
}

const std::string kCan = "012345";                   // the last 6 digits of 001199012345
const std::string kMrz = "199012345,990315,390315";  // document number, birth, expiry

}  // namespace

TEST_CASE("kioskctl chip read over PACE with the CAN: masked fields, face, verified", "[idcard][system]") {
  CardFixture::instance().insert(cards().standard);
  const json out = read_json(cards().config, "--can " + kCan);
  CHECK(out["ok"] == true);
  CHECK(out["reader"].get<std::string>().find("Virtual PCD") == 0);
  CHECK(out["access"] == "PACE");
  CHECK(out["access_details"] == "ECDH-GM AES-128 brainpoolP256r1 with CAN");
  CHECK(out["masked"] == true);
  CHECK(out["identity"]["id_number"] == "001*******45");
  CHECK(out["identity"]["full_name"] == "T*** T*** B*** N***");
  CHECK(out["identity"]["date_of_birth"] == "**/**/1999");
  CHECK(out["identity"]["place_of_residence"] == "<30 chars>");
  CHECK(out["identity"]["sex"] == "Nữ");
  CHECK(out["face"]["format"] == "jpeg");
  CHECK(out["face"]["width"] == 240);
  CHECK(out["passive_authentication"]["status"] == "verified");
  CHECK(out["passive_authentication"]["message"] == "Đã xác thực chip");
  CHECK(out["passive_authentication"]["data_groups"].size() == 3);
  // The chip answered every APDU of the read (none refused).
  CHECK(CardFixture::instance().stats()["refusals"].empty());

  // --reveal shows what the chip holds, Vietnamese diacritics intact; the default text output hides it.
  const json revealed = read_json(cards().config, "--can " + kCan + " --reveal");
  CHECK(revealed["identity"]["full_name"] == "Trần Thị Bích Ngọc");
  CHECK(revealed["identity"]["id_number"] == "001199012345");
  CHECK(revealed["identity"]["place_of_origin"] == "Xã Đông Hội, Huyện Đông Anh, Hà Nội");
  CHECK(revealed["identity"]["father_name"] == "Trần Văn Bình");
  const CommandResult text = kioskctl(cards().config, "chip read --can " + kCan);
  CHECK(text.status == 0);
  CHECK(text.out.find("Đã xác thực chip") != std::string::npos);
  CHECK(text.out.find("Trần") == std::string::npos);
  CHECK(text.out.find("001199012345") == std::string::npos);
}

TEST_CASE("kioskctl chip read over BAC with the MRZ data", "[idcard][system]") {
  SECTION("a card without PACE") {
    CardFixture::instance().insert(cards().bac_only);
    const json out = read_json(cards().config, "--mrz " + kMrz);
    CHECK(out["access"] == "BAC");
    CHECK(out["passive_authentication"]["status"] == "verified");
  }
  SECTION("a CCCD that refuses PACE with the MRZ (6982) is read over BAC") {
    CardFixture::instance().insert(cards().cccd_no_pace_mrz);
    const json out = read_json(cards().config, "--mrz " + kMrz);
    CHECK(out["access"] == "BAC");
    CHECK(out["notes"][0].get<std::string>().find("6982") != std::string::npos);
    CHECK(CardFixture::instance().stats()["refusals"][0].get<std::string>().find("6982") == 0);
    CHECK(out["passive_authentication"]["status"] == "verified");
  }
}

TEST_CASE("Passive authentication over PC/SC: an altered data group fails, an unknown CSCA is said",
          "[idcard][system]") {
  SECTION("DG13 changed after signing") {
    CardFixture::instance().insert(cards().altered_dg13);
    const CommandResult result = kioskctl(cards().config, "chip read --can " + kCan);
    CHECK(result.status == 1);
    CHECK(result.out.find("Xác thực chip không thành công") != std::string::npos);
    CHECK(result.out.find("[failed]") != std::string::npos);
    CHECK(result.out.find("DG13") != std::string::npos);
  }
  SECTION("the kiosk does not trust the card's CSCA") {
    CardFixture::instance().insert(cards().standard);
    const json out = read_json(cards().other_config, "--can " + kCan + " --lang en");
    CHECK(out["passive_authentication"]["status"] == "csca_unknown");
    CHECK(out["passive_authentication"]["message"].get<std::string>().find("issuer is unknown") != std::string::npos);
    const CommandResult text = kioskctl(cards().other_config, "chip read --can " + kCan);
    CHECK(text.status == 1);
    CHECK(text.out.find("chưa xác định được cơ quan cấp") != std::string::npos);
  }
}

TEST_CASE("A wrong CAN or MRZ: the card refuses, then the officer reads why", "[idcard][system]") {
  SECTION("wrong CAN over PACE") {
    CardFixture::instance().insert(cards().standard);
    const CommandResult result = kioskctl(cards().config, "chip read --can 012346", true);
    CHECK(result.status == 1);
    CHECK(result.out.find("Thẻ từ chối số đã nhập") != std::string::npos);
    CHECK(result.out.find("access_denied") != std::string::npos);
    const json stats = CardFixture::instance().stats();
    REQUIRE(stats["refusals"].size() == 1);
    CHECK(stats["refusals"][0].get<std::string>().find("6300 PACE") == 0);  // the card said no first
    // The card is still readable with the right CAN afterwards.
    CHECK(read_json(cards().config, "--can " + kCan)["passive_authentication"]["status"] == "verified");
  }
  SECTION("wrong date of birth over BAC") {
    CardFixture::instance().insert(cards().bac_only);
    const CommandResult result = kioskctl(cards().config, "chip read --mrz 199012345,990316,390315 --lang en", true);
    CHECK(result.status == 1);
    CHECK(result.out.find("The card refused the number entered") != std::string::npos);
    CHECK(CardFixture::instance().stats()["refusals"][0].get<std::string>().find("6300 BAC") == 0);
  }
  SECTION("a CAN for a card that only has BAC") {
    CardFixture::instance().insert(cards().bac_only);
    const CommandResult result = kioskctl(cards().config, "chip read --can " + kCan, true);
    CHECK(result.status == 1);
    CHECK(result.out.find("need_mrz") != std::string::npos);
  }
  SECTION("no card on the reader") {
    CardFixture::instance().remove();
    const CommandResult result = kioskctl(cards().config, "chip read --can " + kCan + " --wait 1", true);
    CHECK(result.status == 1);
    CHECK(result.out.find("Chưa thấy căn cước trên đầu đọc") != std::string::npos);
  }
}

TEST_CASE("Active authentication over PC/SC: the emulated chip signs with its DG15 key", "[idcard][system]") {
  CardFixture::instance().insert(CardFixture::instance().make_card("aa", "--dg14 --dg15"));
  const json out = read_json(cards().config, "--can " + kCan);
  CHECK(out["active_authentication"]["status"] == "verified");
  CHECK(out["passive_authentication"]["data_groups"].size() == 5);
}

TEST_CASE("A JPEG 2000 face on a NIST P-256 card", "[idcard][system]") {
  CardFixture::instance().insert(cards().jpeg2000);
  const json out = read_json(cards().config, "--can " + kCan);
  CHECK(out["access_details"] == "ECDH-GM AES-128 NIST P-256 with CAN");
  CHECK(out["face"]["format"] == "jpeg2000");
  CHECK(out["passive_authentication"]["status"] == "verified");
}

TEST_CASE("The reader service over PC/SC waits for the card, reads it, notices it leave", "[idcard][system]") {
  CardFixture& fixture = CardFixture::instance();
  fixture.remove();
  ChipReaderService service([] { return make_pcsc_source("Virtual PCD"); },
                            TrustStore::load_directory(cards().trust_dir), {std::chrono::seconds(20), true});
  service.start({kCan, std::nullopt});
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(service.status().phase == ChipReaderService::Phase::WaitingForCard);
  fixture.insert(cards().standard);
  const auto status = service.wait_until_finished(std::chrono::seconds(20));
  REQUIRE(status.phase == ChipReaderService::Phase::Done);
  const auto result = service.result();
  REQUIRE(result);
  CHECK(result->identity.full_name == "Trần Thị Bích Ngọc");
  CHECK(result->passive_auth.status == PassiveAuthStatus::Verified);
  CHECK(result->face.has_value());
  fixture.remove();
  for (int i = 0; i < 500 && service.status().card_present; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK_FALSE(service.status().card_present);
  service.wipe();
  CHECK_FALSE(service.result());
}
