#pragma once
// The chip reader off the UI thread: start(key) waits for a card on the reader, reads it and keeps the
// result; the UI polls status() each frame (on_change wakes it up). The result, face included, lives
// only in memory and wipe() destroys it (the idle wipe and the end of a session call it).
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include "mc/idcard/chip_reader.hpp"
#include "mc/idcard/errors.hpp"

namespace mc::idcard {

// Where cards come from: PC/SC in the kiosk, an emulated card in unit tests.
class CardSource {
 public:
  virtual ~CardSource() = default;
  // A card to read, waiting up to `timeout`; nullptr on timeout or after cancel_wait().
  virtual std::unique_ptr<CardTransport> wait_for_card(std::chrono::milliseconds timeout) = 0;
  // Waits until the card last returned has left; false on timeout or cancel.
  virtual bool wait_for_removal(std::chrono::milliseconds timeout) = 0;
  virtual void cancel_wait() = 0;  // from another thread
};
// PC/SC: the first reader whose name contains `reader` (any when empty). Throws ChipError(NoReader)
// when pcscd is unreachable.
std::unique_ptr<CardSource> make_pcsc_source(const std::string& reader);

class ChipReaderService {
 public:
  struct Settings {
    std::chrono::milliseconds card_wait{60000};
    bool read_face = true;
  };
  enum class Phase { Idle, WaitingForCard, Reading, Done, Failed };
  struct Status {
    Phase phase = Phase::Idle;
    ReadProgress progress;
    std::optional<ChipErrorKind> error;  // set in Failed
    std::string error_detail;            // technical, for logs
    bool card_present = false;           // false again once the card leaves after a read
    uint64_t request = 0;                // changes with every start()
  };

  // make_source is called on the worker thread (a PC/SC context belongs to its thread).
  ChipReaderService(std::function<std::unique_ptr<CardSource>()> make_source, TrustStore trust, Settings settings,
                    std::function<void()> on_change = {});
  ~ChipReaderService();
  ChipReaderService(const ChipReaderService&) = delete;
  ChipReaderService& operator=(const ChipReaderService&) = delete;

  void start(AccessKey key);  // replaces a read in progress
  void cancel();              // back to Idle
  void wipe();                // cancel, and destroy the result and the key
  Status status() const;
  std::shared_ptr<const ChipReadResult> result() const;  // in Done
  // Blocks until the phase is Done or Failed, or the timeout passes (for tools and tests).
  Status wait_until_finished(std::chrono::milliseconds timeout) const;

 private:
  void run();
  void notify();
  void set_status(const std::function<void(Status&)>& change);

  std::function<std::unique_ptr<CardSource>()> make_source_;
  TrustStore trust_;
  Settings settings_;
  std::function<void()> on_change_;

  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  Status status_;
  std::optional<AccessKey> pending_;
  std::shared_ptr<const ChipReadResult> result_;
  bool stopping_ = false;
  bool cancel_ = false;
  CardSource* source_ = nullptr;  // the worker's, for cancel_wait()
  std::thread worker_;
};

}  // namespace mc::idcard
