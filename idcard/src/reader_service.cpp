#include "mc/idcard/reader_service.hpp"

#include "mc/core/log.hpp"
#include "mc/idcard/pcsc.hpp"

namespace mc::idcard {

namespace {

class PcscSource : public CardSource {
 public:
  explicit PcscSource(std::string reader) : reader_(std::move(reader)) {}
  std::unique_ptr<CardTransport> wait_for_card(std::chrono::milliseconds timeout) override {
    const auto name = context_.wait_for_card(reader_, timeout);
    if (!name) return nullptr;
    last_reader_ = *name;
    return context_.connect(*name);
  }
  bool wait_for_removal(std::chrono::milliseconds timeout) override {
    return last_reader_.empty() || context_.wait_for_removal(last_reader_, timeout);
  }
  void cancel_wait() override { context_.cancel(); }

 private:
  PcscContext context_;
  std::string reader_;
  std::string last_reader_;
};

void wipe_key(AccessKey& key) {
  std::fill(key.can.begin(), key.can.end(), '\0');
  key.can.clear();
  key.mrz.reset();
}

}  // namespace

std::unique_ptr<CardSource> make_pcsc_source(const std::string& reader) {
  return std::make_unique<PcscSource>(reader);
}

ChipReaderService::ChipReaderService(std::function<std::unique_ptr<CardSource>()> make_source, TrustStore trust,
                                     Settings settings, std::function<void()> on_change)
    : make_source_(std::move(make_source)),
      trust_(std::move(trust)),
      settings_(settings),
      on_change_(std::move(on_change)),
      worker_([this] { run(); }) {}

ChipReaderService::~ChipReaderService() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    cancel_ = true;
    if (source_) source_->cancel_wait();
  }
  changed_.notify_all();
  worker_.join();
}

void ChipReaderService::notify() {
  changed_.notify_all();
  if (on_change_) on_change_();
}

void ChipReaderService::set_status(const std::function<void(Status&)>& change) {
  {
    std::lock_guard lock(mutex_);
    change(status_);
  }
  notify();
}

void ChipReaderService::start(AccessKey key) {
  {
    std::lock_guard lock(mutex_);
    pending_ = std::move(key);
    cancel_ = true;  // ends a read or wait in progress; the worker then takes the new request
    if (source_) source_->cancel_wait();
    result_.reset();
    ++status_.request;
    status_.phase = Phase::WaitingForCard;
    status_.progress = {};
    status_.error.reset();
    status_.error_detail.clear();
  }
  notify();
}

void ChipReaderService::cancel() {
  {
    std::lock_guard lock(mutex_);
    if (pending_) wipe_key(*pending_);
    pending_.reset();
    cancel_ = true;
    if (source_) source_->cancel_wait();
    ++status_.request;
    status_.phase = Phase::Idle;
    status_.progress = {};
  }
  notify();
}

void ChipReaderService::wipe() {
  cancel();
  std::lock_guard lock(mutex_);
  result_.reset();
  status_.error.reset();
  status_.error_detail.clear();
}

ChipReaderService::Status ChipReaderService::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

std::shared_ptr<const ChipReadResult> ChipReaderService::result() const {
  std::lock_guard lock(mutex_);
  return result_;
}

ChipReaderService::Status ChipReaderService::wait_until_finished(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, timeout,
                    [this] { return status_.phase == Phase::Done || status_.phase == Phase::Failed || stopping_; });
  return status_;
}

void ChipReaderService::run() {
  std::unique_ptr<CardSource> source;
  for (;;) {
    AccessKey key;
    uint64_t request = 0;
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [this] { return stopping_ || pending_.has_value(); });
      if (stopping_) {
        source_ = nullptr;
        return;
      }
      key = std::move(*pending_);
      pending_.reset();
      cancel_ = false;
      request = status_.request;
    }
    auto still_current = [this, request] {
      std::lock_guard lock(mutex_);
      return !cancel_ && !stopping_ && status_.request == request;
    };
    auto fail = [&](ChipErrorKind kind, const std::string& detail) {
      std::lock_guard lock(mutex_);
      if (status_.request != request) return;
      status_.phase = Phase::Failed;
      status_.error = kind;
      status_.error_detail = detail;
    };
    try {
      if (!source) {
        source = make_source_();
        std::lock_guard lock(mutex_);
        source_ = source.get();
      }
      // Wait in short slices: a cancel that lands between two PC/SC waits must not wait out the minute.
      std::unique_ptr<CardTransport> card;
      const auto wait_until = std::chrono::steady_clock::now() + settings_.card_wait;
      while (!card && still_current() && std::chrono::steady_clock::now() < wait_until) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(wait_until - std::chrono::steady_clock::now());
        card = source->wait_for_card(std::min(left, std::chrono::milliseconds(500)));
      }
      if (!card) {
        if (still_current()) fail(ChipErrorKind::NoCard, "no card within the wait");
        wipe_key(key);
        notify();
        continue;
      }
      set_status([request](Status& s) {
        if (s.request != request) return;
        s.phase = Phase::Reading;
        s.card_present = true;
      });
      ReadOptions options;
      options.read_face = settings_.read_face;
      options.should_cancel = [&still_current] { return !still_current(); };
      options.on_progress = [this, request](const ReadProgress& progress) {
        set_status([&](Status& s) {
          if (s.request == request) s.progress = progress;
        });
      };
      auto result = std::make_shared<ChipReadResult>(read_chip(*card, key, trust_, options));
      wipe_key(key);
      card.reset();
      log_info("idcard", std::string("chip read over ") + access_protocol_name(result->protocol) + ": " +
                             passive_auth_status_name(result->passive_auth.status) + ", " +
                             std::to_string(static_cast<int>(result->times.total_ms)) + " ms, " +
                             std::to_string(result->apdus) + " APDUs, ID " + mask_id(result->identity.id_number));
      {
        std::lock_guard lock(mutex_);
        if (status_.request == request) {
          result_ = std::move(result);
          status_.phase = Phase::Done;
        }
      }
      notify();
      // Notice when the card leaves (the UI may say "you can take your card").
      while (still_current()) {
        if (source->wait_for_removal(std::chrono::milliseconds(1000))) {
          set_status([request](Status& s) {
            if (s.request == request) s.card_present = false;
          });
          break;
        }
      }
    } catch (const ChipError& error) {
      wipe_key(key);
      if (error.kind() != ChipErrorKind::Cancelled) {
        log_warn("idcard", std::string("chip read failed: ") + error_kind_name(error.kind()) + ": " + error.what());
        fail(error.kind(), error.what());
      }
      if (error.kind() == ChipErrorKind::NoReader) {
        std::lock_guard lock(mutex_);
        source_ = nullptr;
        source.reset();  // pcscd may come back: make a new context next time
      }
      notify();
    } catch (const std::exception& error) {
      wipe_key(key);
      log_error("idcard", std::string("chip read failed: ") + error.what());
      fail(ChipErrorKind::Communication, error.what());
      notify();
    }
  }
}

}  // namespace mc::idcard
