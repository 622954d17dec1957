#pragma once
// An ID card chip emulated in memory, for unit tests of the whole read: the card side of BAC, PACE
// (ECDH generic mapping) and secure messaging over the files of card_files.hpp. Hooks let a test make it
// misbehave: tamper with answers, disappear mid-read, refuse PACE with the MRZ as CCCD chips do.
#include <functional>
#include <memory>
#include <optional>
#include "card_files.hpp"
#include "mc/idcard/apdu.hpp"
#include "mc/idcard/pace.hpp"
#include "mc/idcard/secure_messaging.hpp"

namespace mc::idcard::test {

class EmulatedCard : public CardTransport {
 public:
  explicit EmulatedCard(CardFiles card);
  ~EmulatedCard() override;
  Bytes transmit(ByteView command) override;

  // Called with each plain answer before secure messaging wraps it; may change data or status.
  std::function<void(const CommandApdu& command, ResponseApdu& answer)> tamper;
  // After this many APDUs the card is gone: transmit() throws ChipError(CardRemoved).
  std::optional<int> remove_after;
  // CCCD chips answer MSE:Set AT with the MRZ password with 6982 (PACE only with the CAN).
  bool refuse_pace_with_mrz = false;
  // INTERNAL AUTHENTICATE signs with another key than DG15's (a clone that copied the files).
  bool clone = false;
  // Answer with a wrong MAC from this protected APDU on (counted from the first protected one).
  std::optional<int> corrupt_mac_from;
  int apdu_count() const { return apdus_; }
  bool secure_messaging_active() const { return sm_ != nullptr; }

 private:
  ResponseApdu handle(const CommandApdu& command);
  ResponseApdu select(const CommandApdu& command);
  ResponseApdu read_binary(const CommandApdu& command);
  ResponseApdu bac_authenticate(const CommandApdu& command);
  ResponseApdu pace_set(const CommandApdu& command);
  ResponseApdu pace_step(const CommandApdu& command);
  ResponseApdu internal_authenticate(const CommandApdu& command);

  CardFiles card_;
  bool application_selected_ = false;
  std::optional<uint16_t> selected_file_;
  Bytes challenge_;
  std::unique_ptr<SecureMessaging> sm_;
  int apdus_ = 0;
  int protected_apdus_ = 0;
  struct PaceState;
  std::unique_ptr<PaceState> pace_;
};

}  // namespace mc::idcard::test
