// Camera and serial sources without real hardware: a pseudo-terminal stands in for a serial scanner, a
// scripted frame grabber for a camera, and a device path that does not exist for an unplugged one.
#include <fcntl.h>
#include <pty.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "mc/scanner/sources.hpp"
#include "render.hpp"

using namespace mc::scanner;
using Kind = SourceEvent::Kind;

namespace {

// Collects events until `done` says so or the deadline passes (generous: CI machines are slow and shared).
std::vector<SourceEvent> collect(EventQueue& queue, const std::function<bool(const std::vector<SourceEvent>&)>& done,
                                 int deadline_ms = 5000) {
  std::vector<SourceEvent> all;
  const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(deadline_ms);
  while (!done(all) && std::chrono::steady_clock::now() < end)
    for (auto& e : queue.wait_take_all(50)) all.push_back(std::move(e));
  return all;
}

size_t count_kind(const std::vector<SourceEvent>& events, Kind kind) {
  return size_t(std::count_if(events.begin(), events.end(), [kind](const auto& e) { return e.kind == kind; }));
}

std::vector<std::string> codes(const std::vector<SourceEvent>& events) {
  std::vector<std::string> out;
  for (const auto& e : events)
    if (e.kind == Kind::Code) out.push_back(e.code.text);
  return out;
}

void write_all(int fd, const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    REQUIRE(n > 0);
    done += size_t(n);
  }
}

const std::string kPayload = "001099012345||Nguyễn Văn A|15031999|Nam|Số 1 Đường ABC, Phường X, TP Z|10052021";

}  // namespace

TEST_CASE("serial: UTF-8 lines from a pseudo-terminal, CR, LF and CRLF, split writes", "[unit]") {
  int master = -1, slave = -1;
  char name[256] = {};
  REQUIRE(::openpty(&master, &slave, name, nullptr, nullptr) == 0);
  SerialSource source(SerialOptions{name, 115200, 100, 8192, 0});
  source.start();
  auto ready = collect(source.events(), [](const auto& all) { return count_kind(all, Kind::Connected) > 0; });
  REQUIRE(count_kind(ready, Kind::Connected) == 1);
  CHECK(source.connected());

  const std::string half = kPayload.substr(0, 20);  // a line may arrive in pieces (cut inside a character too)
  write_all(master, half);
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  write_all(master, kPayload.substr(20) + "\r\n");
  write_all(master, "000.00.15.G12-260305-1007\r");
  write_all(master, "\nABC\n\n");
  const auto events = collect(source.events(), [](const auto& all) { return codes(all).size() >= 3; });
  CHECK(codes(events) == std::vector<std::string>{kPayload, "000.00.15.G12-260305-1007", "ABC"});
  for (const auto& e : events)
    if (e.kind == Kind::Code) CHECK(e.code.format == "Serial");
  source.stop();
  ::close(master);
  ::close(slave);
}

TEST_CASE("serial: an over-long line is dropped with a warning, the next line still arrives", "[unit]") {
  int master = -1, slave = -1;
  char name[256] = {};
  REQUIRE(::openpty(&master, &slave, name, nullptr, nullptr) == 0);
  SerialSource source(SerialOptions{name, 9600, 100, 64, 0});
  source.start();
  collect(source.events(), [](const auto& all) { return count_kind(all, Kind::Connected) > 0; });
  write_all(master, std::string(200, 'x') + "\nOK-AFTER\n");
  const auto events = collect(source.events(), [](const auto& all) { return !codes(all).empty(); });
  CHECK(codes(events) == std::vector<std::string>{"OK-AFTER"});
  CHECK(count_kind(events, Kind::Warning) == 1);
  source.stop();
  ::close(master);
  ::close(slave);
}

TEST_CASE("serial: unplugged (pty closed) is reported, retried, and never crashes", "[unit]") {
  int master = -1, slave = -1;
  char name[256] = {};
  REQUIRE(::openpty(&master, &slave, name, nullptr, nullptr) == 0);
  SerialSource source(SerialOptions{name, 9600, 50, 8192, 0});
  source.start();
  collect(source.events(), [](const auto& all) { return count_kind(all, Kind::Connected) > 0; });
  ::close(slave);
  ::close(master);  // the "device" goes away
  const auto events = collect(source.events(), [](const auto& all) {
    return count_kind(all, Kind::Disconnected) > 0 && count_kind(all, Kind::Unavailable) > 0;
  });
  CHECK(count_kind(events, Kind::Disconnected) == 1);
  CHECK(count_kind(events, Kind::Unavailable) == 1);
  CHECK_FALSE(source.connected());
  const int attempts = source.open_attempts();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(source.open_attempts() > attempts);  // still retrying
  source.stop();
}

TEST_CASE("serial: a missing device and a non-tty file are reported with the reason and retried", "[unit]") {
  SerialSource missing(SerialOptions{"/dev/ttyMC-no-such-device", 9600, 30, 8192, 0});
  missing.start();
  auto events = collect(missing.events(), [&](const auto&) { return missing.open_attempts() >= 4; });
  missing.stop();
  for (auto& e : missing.poll()) events.push_back(e);
  REQUIRE(count_kind(events, Kind::Unavailable) == 1);  // reported once per reason, not per attempt
  CHECK(events[0].message.en.find("No such file") != std::string::npos);
  CHECK(events[0].message.vi.find("đang thử lại") != std::string::npos);

  SerialSource not_tty(SerialOptions{"/dev/null", 9600, 30, 8192, 0});
  not_tty.start();
  events = collect(not_tty.events(), [](const auto& all) { return !all.empty(); });
  not_tty.stop();
  REQUIRE_FALSE(events.empty());
  CHECK(events[0].kind == Kind::Unavailable);
  CHECK(events[0].message.en.find("not a serial device") != std::string::npos);
}

TEST_CASE("camera: a missing /dev/videoN is reported once and retried until stopped", "[unit]") {
  CameraSource camera(CameraOptions{"/dev/video-mc-missing", 1280, 720, 30, 1500});
  camera.start();
  auto events = collect(camera.events(), [&](const auto&) { return camera.open_attempts() >= 4; });
  camera.stop();
  for (auto& e : camera.poll()) events.push_back(e);
  CHECK(camera.open_attempts() >= 4);
  REQUIRE(events.size() == 1);
  CHECK(events[0].kind == Kind::Unavailable);
  CHECK(events[0].message.vi.find("/dev/video-mc-missing") != std::string::npos);
  CHECK_FALSE(camera.connected());
  camera.stop();  // twice is fine
}

TEST_CASE("camera: a device that is not a camera (/dev/null) is reported, not crashed on", "[unit]") {
  CameraSource camera(CameraOptions{"/dev/null", 1280, 720, 30, 1500});
  camera.start();
  const auto events = collect(camera.events(), [](const auto& all) { return !all.empty(); });
  camera.stop();
  REQUIRE_FALSE(events.empty());
  CHECK(events[0].kind == Kind::Unavailable);
  // libv4l2 itself refuses it ("Inappropriate ioctl for device"), or our capability check does.
  CHECK(events[0].message.en.find("/dev/null: ") != std::string::npos);
  CHECK((events[0].message.en.find("ioctl") != std::string::npos ||
         events[0].message.en.find("V4L2") != std::string::npos));
}

namespace {
// A camera that shows: nothing, the card for a while, nothing (card taken away), the card again; then
// fails as if unplugged, and comes back.
class ScriptedGrabber : public FrameGrabber {
 public:
  ScriptedGrabber() {
    blank_ = GrayImage{640, 480, std::vector<uint8_t>(640 * 480, 255)};
    card_ = testing::render(ZXing::BarcodeFormat::QRCode, kPayload, 3, 640, 480, 150, 90);
  }
  bool open(std::string& error) override {
    ++opens;
    if (opens == 2) {
      error = "No such device";  // the first reconnection attempt fails
      return false;
    }
    return true;
  }
  std::optional<GrayImage> grab(int, std::string& error) override {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ++frame_;
    if (opens == 1) {
      if (frame_ <= 5) return blank_;
      if (frame_ <= 25) return card_;   // held in view: one report
      if (frame_ <= 60) return blank_;  // taken away for ~350 ms > forget_after_ms
      if (frame_ <= 70) return card_;   // shown again: reported again
      error = "No such device";         // unplugged
      return std::nullopt;
    }
    return frame_ % 2 ? card_ : blank_;  // after reconnecting: the card is in view (flickering detection)
  }
  void close() override {}
  int opens = 0;

 private:
  int frame_ = 0;
  GrayImage blank_, card_;
};
}  // namespace

TEST_CASE("camera: the same code is reported once until it leaves the view, unplug and reconnect", "[unit]") {
  auto grabber = std::make_unique<ScriptedGrabber>();
  CameraSource camera(CameraOptions{"scripted", 640, 480, 20, 200}, std::move(grabber));
  camera.start();
  const auto events = collect(
      camera.events(), [](const auto& all) { return count_kind(all, Kind::Connected) >= 2 && codes(all).size() >= 3; });
  camera.stop();
  CHECK(codes(events) == std::vector<std::string>{kPayload, kPayload, kPayload});
  CHECK(count_kind(events, Kind::Disconnected) == 1);
  CHECK(count_kind(events, Kind::Unavailable) == 1);
  CHECK(count_kind(events, Kind::Connected) == 2);
  // Order: connected, code, code, disconnected, unavailable, connected, code.
  std::vector<Kind> kinds;
  for (const auto& e : events) kinds.push_back(e.kind);
  CHECK(kinds == std::vector<Kind>{Kind::Connected, Kind::Code, Kind::Code, Kind::Disconnected, Kind::Unavailable,
                                   Kind::Connected, Kind::Code});
}

TEST_CASE("repeat suppressor: reported once while in view, again after it was gone long enough", "[unit]") {
  RepeatSuppressor suppressor(1000);
  const DecodedCode a{"QRCode", "A"}, b{"QRCode", "B"};
  CHECK(suppressor.filter({a}, 0).size() == 1);
  CHECK(suppressor.filter({a}, 500).empty());
  CHECK(suppressor.filter({a, b}, 1400).size() == 1);  // a still in view (seen 900 ms ago), b is new
  CHECK(suppressor.filter({}, 2000).empty());
  CHECK(suppressor.filter({a}, 2300).empty());      // last seen at 1400: 900 ms, not yet gone
  CHECK(suppressor.filter({a}, 3400).size() == 1);  // gone 1100 ms: reported again
}
