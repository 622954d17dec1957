#pragma once
// The identify step's chip reader (issue 16), without UI: it reads the ID card's chip on the reader
// service's thread with the CAN taken from the ID number the citizen typed or scanned (the CCCD's CAN is
// its last 6 digits), and hands what it read to the journey on the UI thread. The last result, face
// included, stays in memory only until wipe() (a new citizen, the idle wipe).
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "mc/core/config.hpp"
#include "mc/core/journey.hpp"
#include "mc/idcard/reader_service.hpp"

namespace mc::app {

// What the chip's passive (and, when offered, active) authentication means for the dossier's mark.
ChipCheck chip_check_of(const idcard::ChipReadResult& result, int64_t read_at_unix);

class ChipReading {
 public:
  // wake: called from the reader thread when the status changes (the event loop leaves its wait).
  ChipReading(const Config& config, std::function<void()> wake);
  ~ChipReading();

  // pcscd answers and a reader matching idcard.reader is plugged in; looked at again every few seconds.
  bool available() const { return available_; }
  void refresh_availability(int64_t now_ms);

  // Starts waiting for the card; false (and nothing started) when the ID number is not 12 digits.
  bool start_with_id_number(const std::string& id_number);
  // Staff mode: the ID number or the 6-digit CAN; the result is shown to the officer only, never given
  // to the citizen's journey.
  bool start_for_staff(const std::string& number);
  void cancel();
  void wipe();
  idcard::ChipReaderService::Status status() const;
  // UI thread, every round: a read that finished since the last call goes to the journey (like a scan).
  // True when it did.
  bool apply_to(Journey& journey, int64_t now_unix);
  std::shared_ptr<const idcard::ChipReadResult> last_result() const;

 private:
  std::string reader_;
  std::unique_ptr<idcard::ChipReaderService> service_;
  uint64_t applied_request_ = 0;
  uint64_t journey_request_ = 0;  // the read the identify step started (0: none)
  bool available_ = false;
  int64_t next_check_ms_ = 0;
};

}  // namespace mc::app
