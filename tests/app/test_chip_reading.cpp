// The identify step's chip reader without UI (kiosk/app/chip_reading.hpp): what the chip's checks mean
// for the dossier's mark, and the reader being offered only when PC/SC has one.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <thread>
#include "chip_reading.hpp"

using namespace mc;
using namespace mc::idcard;

TEST_CASE("The dossier's mark follows passive and active authentication", "[app][chip]") {
  ChipReadResult result;
  result.protocol = AccessProtocol::Pace;
  result.passive_auth.status = PassiveAuthStatus::Verified;
  ChipCheck check = app::chip_check_of(result, 1772416800);
  CHECK(check.status == ChipVerification::Verified);
  CHECK(check.access == "PACE");
  CHECK(check.read_at == 1772416800);
  result.passive_auth.status = PassiveAuthStatus::CscaUnknown;
  CHECK(app::chip_check_of(result, 0).status == ChipVerification::CscaUnknown);
  result.passive_auth.status = PassiveAuthStatus::Failed;
  CHECK(app::chip_check_of(result, 0).status == ChipVerification::Failed);
  // No EF.SOD: nothing vouches for the data.
  result.passive_auth.status = PassiveAuthStatus::NotChecked;
  CHECK(app::chip_check_of(result, 0).status == ChipVerification::Failed);
  // Genuine files on a chip that cannot sign with the DG15 key: a clone.
  result.passive_auth.status = PassiveAuthStatus::Verified;
  result.active_auth.status = ActiveAuthStatus::Failed;
  CHECK(app::chip_check_of(result, 0).status == ChipVerification::Failed);
  result.protocol = AccessProtocol::Bac;
  result.active_auth.status = ActiveAuthStatus::Verified;
  CHECK(app::chip_check_of(result, 0).access == "BAC");
}

TEST_CASE("Without pcscd the chip reader is not offered, and a read needs the 12-digit ID number", "[app][chip]") {
  // A socket nobody listens on: this process's PC/SC client can never reach a pcscd.
  setenv("PCSCLITE_CSOCK_NAME", "/nonexistent/mc-test/pcscd.comm", 1);
  Config config;
  config.idcard.card_wait_s = 5;
  app::ChipReading reading(config, [] {});
  reading.refresh_availability(0);
  CHECK_FALSE(reading.available());
  CHECK_FALSE(reading.start_with_id_number("12345"));
  CHECK_FALSE(reading.start_with_id_number("00119901234X"));
  CHECK(reading.status().phase == ChipReaderService::Phase::Idle);
  // A well-formed number starts the wait; with no pcscd it fails and says there is no reader.
  CHECK(reading.start_with_id_number("001199012345"));
  for (int i = 0; i < 200 && reading.status().phase == ChipReaderService::Phase::WaitingForCard; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK(reading.status().phase == ChipReaderService::Phase::Failed);
  CHECK(reading.status().error == ChipErrorKind::NoReader);
  reading.wipe();
  CHECK(reading.status().phase == ChipReaderService::Phase::Idle);
}
