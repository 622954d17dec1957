#include "scan_devices.hpp"

#include "mc/core/log.hpp"

namespace mc::app {

namespace {

std::unique_ptr<scanner::CameraSource> camera_from(const Config& config) {
  if (config.scanner.camera_device.empty()) return nullptr;
  scanner::CameraOptions options;
  options.device = config.scanner.camera_device;
  return std::make_unique<scanner::CameraSource>(options);
}

std::unique_ptr<scanner::SerialSource> serial_from(const Config& config) {
  if (config.scanner.serial_device.empty()) return nullptr;
  scanner::SerialOptions options;
  options.device = config.scanner.serial_device;
  options.baud = config.scanner.serial_baud;
  return std::make_unique<scanner::SerialSource>(options);
}

}  // namespace

ScanDevices::ScanDevices(const Config& config, std::function<void()> wake)
    : ScanDevices(camera_from(config), serial_from(config), std::move(wake)) {}

ScanDevices::ScanDevices(std::unique_ptr<scanner::CameraSource> camera, std::unique_ptr<scanner::SerialSource> serial,
                         std::function<void()> wake)
    : camera_(std::move(camera)), serial_(std::move(serial)) {
  if (camera_) camera_->events().set_on_event(wake);
  if (serial_) serial_->events().set_on_event(wake);
}

ScanDevices::~ScanDevices() {
  stop();
}

void ScanDevices::start() {
  if (camera_) camera_->start();
  if (serial_) serial_->start();
}

void ScanDevices::stop() {
  if (camera_) camera_->stop();
  if (serial_) serial_->stop();
}

void ScanDevices::take(std::vector<scanner::SourceEvent> events, const char* source, LocalizedText& status,
                       std::vector<Scan>& out) {
  for (auto& event : events) {
    if (event.kind == scanner::SourceEvent::Kind::Code) {
      out.push_back({std::move(event.code.text), source});
    } else {
      // The sources log their own failures; the latest status is kept for staff mode.
      status = std::move(event.message);
    }
  }
}

std::vector<ScanDevices::Scan> ScanDevices::poll() {
  std::vector<Scan> out;
  if (camera_) take(camera_->poll(), "camera", camera_status_, out);
  if (serial_) take(serial_->poll(), "serial", serial_status_, out);
  return out;
}

}  // namespace mc::app
