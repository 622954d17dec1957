// The kiosk's camera and serial scanners, wired as the app wires them (ScanDevices -> ScanRouter -> Journey):
// a camera fed through the FrameGrabber interface the V4L2 camera implements, showing frames of an ID card
// QR made by qrencode (an independent encoder), and a serial scanner on a real pseudo-terminal writing what
// a serial scanner sends (the payload's UTF-8 bytes and CR LF). Both reach the identify step.
#include <catch2/catch.hpp>

#include <pty.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <thread>

#include "mc/core/journey.hpp"
#include "mc/core/staff_console.hpp"
#include "mc/scanner/decode.hpp"
#include "mc/scanner/sources.hpp"
#include "scan_devices.hpp"
#include "scan_router.hpp"

namespace fs = std::filesystem;

namespace {

const std::string kCard = "001099012345||Nguyễn Văn A|15031999|Nam|Số 1 Đường ABC, Phường X, TP Z|10052021";
const std::string kOtherCard = "079185001234||Trần Thị B|01021985|Nữ|Số 2 Đường DEF, Phường Y, TP W|05062022";

struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device random;
    path = fs::temp_directory_path() / ("mc-scan-devices-" + std::to_string(random()) + std::to_string(random()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// qrencode's PNG of `text`, as a camera frame.
mc::scanner::GrayImage qrencode_frame(const TempDir& dir, const std::string& text, const std::string& name) {
  const fs::path text_file = dir.path / (name + ".txt"), png = dir.path / (name + ".png");
  {
    std::ofstream out(text_file, std::ios::binary);
    out << text;
  }
  const std::string command =
      "qrencode -8 -s 6 -m 4 -o '" + png.string() + "' -r '" + text_file.string() + "' 2>/dev/null";
  REQUIRE(std::system(command.c_str()) == 0);
  std::string error;
  auto image = mc::scanner::load_image(png.string(), error);
  REQUIRE(image);
  return *image;
}

// A camera that shows the first card, is unplugged, fails to open once, comes back and shows the second card.
class PluggedCamera : public mc::scanner::FrameGrabber {
 public:
  PluggedCamera(mc::scanner::GrayImage first, mc::scanner::GrayImage second)
      : first_(std::move(first)), second_(std::move(second)) {}
  bool open(std::string& error) override {
    ++opens;
    if (opens == 2) {
      error = "No such device";
      return false;
    }
    frame_ = 0;
    return true;
  }
  std::optional<mc::scanner::GrayImage> grab(int, std::string& error) override {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ++frame_;
    if (opens == 1) {
      if (frame_ <= 10) return first_;
      if (!unplug) return first_;  // held in view until the test unplugs the camera
      error = "No such device";
      return std::nullopt;
    }
    return second_;
  }
  void close() override {}
  std::atomic<int> opens{0};
  std::atomic<bool> unplug{false};

 private:
  mc::scanner::GrayImage first_, second_;
  int frame_ = 0;
};

struct Kiosk {
  TempDir dir;
  mc::Catalog catalog;
  mc::Config config;
  mc::Database db{(dir.path / "kiosk.db").string()};
  mc::Journey journey;
  mc::StaffConsole staff;
  mc::app::ScanRouter router{journey, staff};
  std::atomic<int> wakes{0};

  static mc::Catalog load_catalog() {
    std::vector<mc::CatalogIssue> issues;
    return mc::Catalog::load_dir(std::string(MC_TEST_ASSETS_DIR) + "/catalog", issues);
  }
  Kiosk()
      : catalog(load_catalog()),
        journey(
            catalog, [](const mc::SubmitDraft&) { return mc::SubmitOutcome{}; },
            [](const std::string&) { return mc::DossierStatusView{}; }),
        staff(db, config, mc::system_clock(), {}) {
    journey.start();
    REQUIRE(journey.choose_procedure("1.002820"));
    journey.next();
    REQUIRE(journey.screen() == mc::Screen::Identify);
  }
  // What the app's loop does each round: take the devices' codes and route them.
  bool pump_until(mc::app::ScanDevices& devices, const std::function<bool()>& done) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);  // a loaded CI machine
    while (std::chrono::steady_clock::now() < give_up) {
      for (const auto& scan : devices.poll()) router.route(scan.text, scan.source);
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }
};

}  // namespace

TEST_CASE("camera scanner: an ID card in view fills the identify step, unplugged and back, it reads again",
          "[app][scan][camera]") {
  Kiosk k;
  auto grabber =
      std::make_unique<PluggedCamera>(qrencode_frame(k.dir, kCard, "card"), qrencode_frame(k.dir, kOtherCard, "other"));
  PluggedCamera* camera = grabber.get();
  mc::scanner::CameraOptions options;
  options.device = "test-camera";
  options.retry_interval_ms = 50;
  mc::app::ScanDevices devices(std::make_unique<mc::scanner::CameraSource>(options, std::move(grabber)), nullptr,
                               [&k] { ++k.wakes; });
  devices.start();

  REQUIRE(k.pump_until(devices, [&] { return k.journey.identity_from_card(); }));
  CHECK(k.journey.screen() == mc::Screen::Identify);
  CHECK(k.journey.identify_fields().id_number == "001099012345");
  CHECK(k.journey.identify_fields().full_name == "Nguyễn Văn A");
  CHECK(k.wakes > 0);  // the UI loop was woken, not left to find the code on its next timeout

  // Unplugged: the camera is reopened (the first try fails) and the next card is read.
  camera->unplug = true;
  REQUIRE(k.pump_until(devices, [&] { return k.journey.identify_fields().id_number == "079185001234"; }));
  CHECK(k.journey.identify_fields().full_name == "Trần Thị B");
  CHECK(camera->opens >= 3);
  devices.stop();
  CHECK_FALSE(devices.camera_status().vi.empty());
}

TEST_CASE("serial scanner: an ID card sent over a real pty fills the identify step", "[app][scan][serial]") {
  Kiosk k;
  int master = -1, slave = -1;
  char name[256];
  REQUIRE(::openpty(&master, &slave, name, nullptr, nullptr) == 0);
  mc::scanner::SerialOptions options;
  options.device = name;
  options.retry_interval_ms = 50;
  mc::app::ScanDevices devices(nullptr, std::make_unique<mc::scanner::SerialSource>(options), [&k] { ++k.wakes; });
  devices.start();
  // The payload's UTF-8 bytes, in two writes as a USB-serial adapter delivers them, then CR LF.
  const std::string line = kCard + "\r\n";
  REQUIRE(::write(master, line.data(), 20) == 20);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  REQUIRE(::write(master, line.data() + 20, line.size() - 20) == ssize_t(line.size() - 20));

  REQUIRE(k.pump_until(devices, [&] { return k.journey.identity_from_card(); }));
  CHECK(k.journey.identify_fields().full_name == "Nguyễn Văn A");
  CHECK(k.journey.identify_fields().address == "Số 1 Đường ABC, Phường X, TP Z");
  CHECK(k.wakes > 0);
  devices.stop();
  ::close(master);
  ::close(slave);
}
