// The raw TCP transport (port 9100) against listeners on loopback: one that prints, one that never
// answers, one that reports paper out.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>

#include "mc/printing/printing.hpp"
#include "sample.hpp"

using namespace mc::printing;
using namespace mc::printing::testing;

namespace {

// A fake network printer. status: the byte answered to DLE EOT n (missing: no answer at all).
class FakePrinter {
 public:
  explicit FakePrinter(std::map<int, uint8_t> status) : status_(std::move(status)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;  // any free port
    REQUIRE(::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::listen(listen_fd_, 8) == 0);
    socklen_t length = sizeof address;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~FakePrinter() {
    stop_ = true;
    thread_.join();
    ::close(listen_fd_);
  }
  int port() const { return port_; }
  std::vector<uint8_t> received() {
    std::lock_guard<std::mutex> guard(mutex_);
    return received_;
  }
  int connections() const { return connections_; }

 private:
  void serve() {
    while (!stop_) {
      pollfd pfd{listen_fd_, POLLIN, 0};
      if (::poll(&pfd, 1, 50) <= 0) continue;
      int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) continue;
      ++connections_;
      std::vector<uint8_t> pending;
      while (!stop_) {
        pollfd client{fd, POLLIN, 0};
        if (::poll(&client, 1, 50) <= 0) continue;
        uint8_t buffer[4096];
        ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n <= 0) break;
        {
          std::lock_guard<std::mutex> guard(mutex_);
          received_.insert(received_.end(), buffer, buffer + n);
        }
        pending.insert(pending.end(), buffer, buffer + n);
        // Answer real-time status requests (a job's raster may contain the same bytes: the transport
        // only asks on a connection of its own, before the job).
        for (;;) {
          size_t i = 0;
          while (i + 2 < pending.size() && !(pending[i] == 0x10 && pending[i + 1] == 0x04)) ++i;
          if (i + 2 >= pending.size()) {
            // Keep a possible split request for the next read.
            if (pending.size() > 2) pending.erase(pending.begin(), pending.end() - 2);
            break;
          }
          auto it = status_.find(pending[i + 2]);
          if (it != status_.end()) (void)!::write(fd, &it->second, 1);
          pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(i) + 3);
        }
      }
      ::close(fd);
    }
  }

  std::map<int, uint8_t> status_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::mutex mutex_;
  std::vector<uint8_t> received_;
};

mc::Config tcp_config(int port, int timeout_ms) {
  mc::Config config = sample_config();
  config.printer.transport = "tcp";
  config.printer.host = "127.0.0.1";
  config.printer.port = port;
  config.printer.timeout_ms = timeout_ms;
  return config;
}

bool contains(const std::vector<uint8_t>& haystack, const std::vector<uint8_t>& needle) {
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) != haystack.end();
}

}  // namespace

TEST_CASE("TCP printer that is ready receives the whole job", "[printing][system][tcp]") {
  FakePrinter printer({{1, 0x12}, {2, 0x12}, {3, 0x12}, {4, 0x12}});
  ReceiptPrinter receipts(tcp_config(printer.port(), 2000));
  CHECK(receipts.state() == PrinterState::Ready);
  PrintOutcome outcome = receipts.print_receipt(sample_dossier(), kCopyForFiler);
  INFO(outcome.detail);
  REQUIRE(outcome.printed);
  CHECK(outcome.state == PrinterState::Ready);
  // The job itself: rendered and encoded exactly as the encoder does it.
  auto expected = encode_escpos(
      render_receipt(sample_dossier(), tcp_config(printer.port(), 2000), receipts.profile(), receipts.wording(), 2),
      receipts.profile());
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!contains(printer.received(), expected) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK(contains(printer.received(), expected));
}

TEST_CASE("TCP printer that never answers times out with a clear state", "[printing][system][tcp]") {
  FakePrinter silent({});  // accepts, reads, never says a word
  ReceiptPrinter receipts(tcp_config(silent.port(), 400));
  auto start = std::chrono::steady_clock::now();
  PrintOutcome outcome = receipts.print_receipt(sample_dossier());
  auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK_FALSE(outcome.printed);
  CHECK(outcome.state == PrinterState::Offline);
  CHECK(outcome.message.vi.find("không phản hồi") != std::string::npos);
  CHECK(outcome.message.en.find("does not respond") != std::string::npos);
  CHECK(elapsed < std::chrono::seconds(5));  // bounded by the timeout, not hung
  CHECK(receipts.state() == PrinterState::Offline);
}

TEST_CASE("TCP printer that reports paper out is not sent the job", "[printing][system][tcp]") {
  // n=1 offline, n=2 stopped by paper end, n=4 paper not present.
  FakePrinter empty({{1, 0x12 | 0x08}, {2, 0x12 | 0x20}, {3, 0x12}, {4, 0x12 | 0x60}});
  ReceiptPrinter receipts(tcp_config(empty.port(), 2000));
  CHECK(receipts.state() == PrinterState::PaperOut);
  PrintOutcome outcome = receipts.print_receipt(sample_dossier());
  CHECK_FALSE(outcome.printed);
  CHECK(outcome.state == PrinterState::PaperOut);
  CHECK(outcome.message.vi.find("hết giấy") != std::string::npos);
  // Only status questions went over the wire: no raster.
  auto received = empty.received();
  CHECK_FALSE(contains(received, {0x1D, 'v', '0'}));
}

TEST_CASE("TCP printer that is not there is offline quickly", "[printing][system][tcp]") {
  int port;
  {
    FakePrinter gone({});
    port = gone.port();
  }  // closed: connections are refused now
  ReceiptPrinter receipts(tcp_config(port, 500));
  PrintOutcome outcome = receipts.print_test_page();
  CHECK_FALSE(outcome.printed);
  CHECK(outcome.state == PrinterState::Offline);
  auto transport = make_tcp_transport("127.0.0.1", port, 500);
  SendResult sent = transport->send({0x1B, '@'});
  CHECK_FALSE(sent.ok);
  CHECK(sent.detail.find("cannot connect") != std::string::npos);
}
