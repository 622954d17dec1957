// ThongTinKhac.XacThucChip (docs/protocol.md): sent only when the applicant was read from the chip.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include "fixtures.hpp"
#include "mc/sync/outbox.hpp"

using namespace mc;
using namespace mc::sync;
using namespace mc::sync::testing;

TEST_CASE("the record says how the chip verified the applicant, and only when it was read", "[record][chip]") {
  TempDir dir;
  Config config = test_config(dir.str());
  Catalog catalog = test_catalog();
  WorkingCalendar calendar{HolidayTable{}};
  auto outbox = Outbox::open(config);
  Intake intake(*outbox, catalog, calendar, config, fixed_clock(kMonday0900));

  SubmitRequest request = test_request();
  request.chip_check = {ChipVerification::Verified, "PACE", kMonday0900 - 120};
  const auto chip = intake.submit(request);
  REQUIRE(chip.accepted);
  CHECK(chip.dossier.chip_check.status == ChipVerification::Verified);
  auto record = nlohmann::json::parse(outbox->find(chip.dossier.code)->record_json);
  auto other = nlohmann::json::parse(record["ThongTinKhac"].get<std::string>());
  CHECK(other["XacThucChip"]["KetQua"] == "verified");
  CHECK(other["XacThucChip"]["PhuongThuc"] == "PACE");
  CHECK(other["XacThucChip"]["ThoiDiem"] == "20260302085800");
  // The stored dossier keeps the mark for reprints and staff mode.
  CHECK(outbox->find(chip.dossier.code)->dossier.chip_check == request.chip_check);

  const auto typed = intake.submit(test_request());
  REQUIRE(typed.accepted);
  auto typed_other = nlohmann::json::parse(
      nlohmann::json::parse(outbox->find(typed.dossier.code)->record_json)["ThongTinKhac"].get<std::string>());
  CHECK_FALSE(typed_other.contains("XacThucChip"));
}
