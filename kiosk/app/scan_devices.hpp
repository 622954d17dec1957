#pragma once
// The kiosk's own scanners besides the keyboard wedge: a V4L2 camera (scanner.camera_device) and a serial
// barcode scanner (scanner.serial_device). Each runs and decodes on its own thread (mc_scanner) and is
// retried when it is missing or unplugged, so a camera that disappears and comes back is picked up again.
// The UI thread polls the codes and routes them like the wedge's scans (app::ScanRouter). UI-free.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "mc/core/config.hpp"
#include "mc/scanner/sources.hpp"

namespace mc::app {

class ScanDevices {
 public:
  // From the configuration: a camera and/or a serial scanner when their device is set. `wake` runs on the
  // device threads after each event (it wakes the UI loop).
  ScanDevices(const Config& config, std::function<void()> wake);
  // Given sources (tests: a camera fed through the same FrameGrabber interface as the V4L2 one).
  ScanDevices(std::unique_ptr<scanner::CameraSource> camera, std::unique_ptr<scanner::SerialSource> serial,
              std::function<void()> wake);
  ~ScanDevices();
  ScanDevices(const ScanDevices&) = delete;
  ScanDevices& operator=(const ScanDevices&) = delete;

  void start();
  void stop();
  bool any() const { return camera_ || serial_; }

  struct Scan {
    std::string text;
    const char* source;  // "camera" or "serial"
  };
  // The codes read since the last call, in order. Device status changes are logged and kept for staff.
  std::vector<Scan> poll();
  // The last status of each device ("Camera đã sẵn sàng (/dev/video0)."...), empty when not configured.
  const LocalizedText& camera_status() const { return camera_status_; }
  const LocalizedText& serial_status() const { return serial_status_; }

 private:
  void take(std::vector<scanner::SourceEvent> events, const char* source, LocalizedText& status,
            std::vector<Scan>& out);

  std::unique_ptr<scanner::CameraSource> camera_;
  std::unique_ptr<scanner::SerialSource> serial_;
  LocalizedText camera_status_, serial_status_;
};

}  // namespace mc::app
