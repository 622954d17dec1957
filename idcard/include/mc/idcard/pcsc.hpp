#pragma once
// PC/SC through pcsc-lite (pcscd): readers, waiting for a card, the connection to it. Any CCID contactless
// reader works this way. A context belongs to the thread that uses it; cancel() may be called from any
// thread to end a wait.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>
#include "mc/idcard/apdu.hpp"

namespace mc::idcard {

class PcscCard;

class PcscContext {
 public:
  // Throws ChipError(NoReader) when pcscd cannot be reached.
  PcscContext();
  ~PcscContext();
  PcscContext(const PcscContext&) = delete;
  PcscContext& operator=(const PcscContext&) = delete;

  std::vector<std::string> readers();
  // The first reader whose name contains `wanted` (every reader when empty) that holds a card. Waits up
  // to `timeout` for one, noticing readers plugged in meanwhile; nullopt on timeout or cancel().
  std::optional<std::string> wait_for_card(const std::string& wanted, std::chrono::milliseconds timeout);
  // True once the card has left `reader` (or the reader is gone); false on timeout or cancel().
  bool wait_for_removal(const std::string& reader, std::chrono::milliseconds timeout);
  void cancel();
  // Throws ChipError(NoCard / Communication).
  std::unique_ptr<PcscCard> connect(const std::string& reader);

 private:
  long context_ = 0;  // SCARDCONTEXT
};

class PcscCard : public CardTransport {
 public:
  ~PcscCard() override;
  Bytes transmit(ByteView command) override;
  const Bytes& atr() const { return atr_; }
  const std::string& reader() const { return reader_; }

 private:
  friend class PcscContext;
  PcscCard(long card, unsigned long protocol, std::string reader, Bytes atr);
  long card_;
  unsigned long protocol_;
  std::string reader_;
  Bytes atr_;
};

}  // namespace mc::idcard
