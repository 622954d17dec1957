#pragma once
// The kiosk's document scanner through SANE (Scanner Access Now Easy: every flatbed and document feeder
// Linux supports). One page per scan_page() call, on the caller's thread (the app runs it on a worker,
// never the UI thread), with progress and cancel. SANE's status codes become mc::CaptureFailure so the
// journey can tell "the paper jammed" from "the scanner is gone".
//
// Options are looked up by name, never by index (they differ between backends): mode, depth, resolution,
// tl-x/tl-y/br-x/br-y (millimetres, clamped to what the device can do), plus any `name=value` from the
// configuration (scanner.document_options, e.g. "source=Automatic Document Feeder").
//
// A batch stays open between pages (a feeder keeps its paper) until end_batch(), close(), or an error.
// SANE is not thread-safe: the library is used by one scanner object at a time in a process.
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>
#include "mc/capture/raster.hpp"
#include "mc/core/captured_page.hpp"

namespace mc::capture {

struct PageSize {
  double width_mm = 210, height_mm = 297;
};
// "a4", "a5", "letter", "legal" (scanner.document_page_size); nullopt for anything else.
std::optional<PageSize> page_size_named(std::string_view name);

struct ScanSettings {
  std::string device;  // SANE device name: "test:0", "epson2:libusb:001:004", "net:host:genesys:..."
  int dpi = 200;
  bool colour = false;
  PageSize page;
  std::vector<std::pair<std::string, std::string>> options;  // extra SANE options by name
};
// "name=value" items of scanner.document_options; throws std::invalid_argument for an item without '='.
std::vector<std::pair<std::string, std::string>> parse_option_list(const std::vector<std::string>& items);

struct CaptureError : std::runtime_error {
  CaptureFailure failure;
  CaptureError(CaptureFailure kind, const std::string& detail) : std::runtime_error(detail), failure(kind) {}
};

// SANE_STATUS_* as a CaptureFailure (status GOOD maps to Failed: callers only ask for errors).
CaptureFailure failure_of_sane_status(int sane_status);

struct ScannerInfo {
  std::string name, vendor, model, type;
};
// sane_get_devices (may take seconds: backends probe USB and the network).
std::vector<ScannerInfo> list_scanners();

// Called with the share of the page read so far (0..1), or -1 when the device does not say how long the
// page is (a hand scanner). From the scanning thread.
using ProgressFn = std::function<void(double)>;

class DocumentScanner {
 public:
  explicit DocumentScanner(ScanSettings settings);
  ~DocumentScanner();
  DocumentScanner(const DocumentScanner&) = delete;
  DocumentScanner& operator=(const DocumentScanner&) = delete;

  const ScanSettings& settings() const { return settings_; }

  // Opens the device if needed, sets the options (colour or grey for this page) and reads one page.
  // Throws CaptureError. A lasting failure (missing, disconnected, failed) also closes the device, so the
  // next call opens it afresh (a scanner plugged back in works again).
  Raster scan_page(bool colour, const ProgressFn& progress = {});

  // From any thread: stops the page being read as soon as the backend allows (scan_page then throws
  // CaptureError{Cancelled}).
  void cancel();
  // Ends a feeder batch (sane_cancel after the last page).
  void end_batch();
  void close();
  bool is_open() const { return handle_ != nullptr; }
  int last_dpi() const { return last_dpi_; }  // the resolution the device actually used

 private:
  void open();
  void apply_options(bool colour);
  Raster read_page(const ProgressFn& progress);

  ScanSettings settings_;
  void* handle_ = nullptr;  // SANE_Handle
  bool batch_open_ = false;
  int last_dpi_ = 0;
  std::atomic<bool> cancelled_{false};
  std::mutex cancel_mutex_;  // cancel() from another thread vs close()
};

// The whole path of one page: scan, whiten the paper, encode the JPEG, make the screen's preview.
// Throws CaptureError.
CapturedPage capture_page(DocumentScanner& scanner, bool colour, const ProgressFn& progress = {});
// The same from a raster already in memory (the benchmark and `kioskctl document scan` share it).
CapturedPage captured_page_of(Raster page);

// Preview size the kiosk shows (fits a page in a third of a portrait screen, or the large view).
inline constexpr int kPreviewMaxWidth = 600;
inline constexpr int kPreviewMaxHeight = 848;

}  // namespace mc::capture
