// The reader service runs the read on its own thread; the UI only polls status() and takes result().
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include "card_files.hpp"
#include "emulated_card.hpp"
#include "mc/idcard/reader_service.hpp"

using namespace mc::idcard;
using namespace mc::idcard::test;
using namespace std::chrono_literals;

namespace {

const TestPki& pki() {
  static const TestPki instance("Service CSCA");
  return instance;
}

// Hands out one emulated card after `delay`, like a citizen putting the card on the reader.
class FakeSource : public CardSource {
 public:
  FakeSource(std::shared_ptr<std::atomic<bool>> present, CardFiles files)
      : present_(std::move(present)), files_(std::move(files)) {}
  std::unique_ptr<CardTransport> wait_for_card(std::chrono::milliseconds timeout) override {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
      if (*present_) return std::make_unique<EmulatedCard>(files_);
      std::this_thread::sleep_for(5ms);
    }
    return nullptr;
  }
  bool wait_for_removal(std::chrono::milliseconds timeout) override {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
      if (!*present_) return true;
      std::this_thread::sleep_for(5ms);
    }
    return false;
  }
  void cancel_wait() override {}

 private:
  std::shared_ptr<std::atomic<bool>> present_;
  CardFiles files_;
};

struct Fixture {
  std::shared_ptr<std::atomic<bool>> present = std::make_shared<std::atomic<bool>>(false);
  std::atomic<int> changes{0};
  std::unique_ptr<ChipReaderService> service;
  explicit Fixture(std::chrono::milliseconds wait = 5000ms) {
    TrustStore trust;
    trust.add_pem(pki().csca_pem());
    CardFiles files = build_card_files({}, {}, pki());
    auto presence = present;
    service = std::make_unique<ChipReaderService>(
        [presence, files] { return std::make_unique<FakeSource>(presence, files); }, std::move(trust),
        ChipReaderService::Settings{wait, true}, [this] { ++changes; });
  }
};

}  // namespace

TEST_CASE("The service waits for the card, reads it off the calling thread and keeps the result", "[idcard][service]") {
  Fixture f;
  f.service->start({CardHolder{}.can(), std::nullopt});
  CHECK(f.service->status().phase == ChipReaderService::Phase::WaitingForCard);
  std::this_thread::sleep_for(50ms);
  CHECK(f.service->status().phase == ChipReaderService::Phase::WaitingForCard);  // no card yet
  *f.present = true;
  const auto status = f.service->wait_until_finished(10s);
  REQUIRE(status.phase == ChipReaderService::Phase::Done);
  CHECK(status.card_present);
  CHECK(status.progress.fraction == 1.0);
  const auto result = f.service->result();
  REQUIRE(result);
  CHECK(result->identity.full_name == "Trần Thị Bích Ngọc");
  CHECK(result->passive_auth.status == PassiveAuthStatus::Verified);
  CHECK(result->face.has_value());
  CHECK(f.changes > 2);
  // The card leaves the reader: the service notices.
  *f.present = false;
  for (int i = 0; i < 200 && f.service->status().card_present; ++i) std::this_thread::sleep_for(10ms);
  CHECK_FALSE(f.service->status().card_present);
  // The idle wipe destroys the result, face included.
  f.service->wipe();
  CHECK_FALSE(f.service->result());
  CHECK(f.service->status().phase == ChipReaderService::Phase::Idle);
}

TEST_CASE("The service reports a refused key and a card that never came", "[idcard][service]") {
  SECTION("wrong CAN") {
    Fixture f;
    *f.present = true;
    f.service->start({"000000", std::nullopt});
    const auto status = f.service->wait_until_finished(10s);
    CHECK(status.phase == ChipReaderService::Phase::Failed);
    CHECK(status.error == ChipErrorKind::AccessDenied);
    CHECK_FALSE(f.service->result());
  }
  SECTION("no card within the wait") {
    Fixture f(200ms);
    f.service->start({CardHolder{}.can(), std::nullopt});
    const auto status = f.service->wait_until_finished(10s);
    CHECK(status.phase == ChipReaderService::Phase::Failed);
    CHECK(status.error == ChipErrorKind::NoCard);
  }
}

TEST_CASE("Cancel and a new start replace the read in progress", "[idcard][service]") {
  Fixture f;
  f.service->start({"000000", std::nullopt});
  f.service->cancel();
  CHECK(f.service->status().phase == ChipReaderService::Phase::Idle);
  f.service->start({CardHolder{}.can(), std::nullopt});
  *f.present = true;
  const auto status = f.service->wait_until_finished(10s);
  CHECK(status.phase == ChipReaderService::Phase::Done);
  // Destroying the service while it waits for the card to leave must not hang (ctest's timeout would say).
  f.service.reset();
}
