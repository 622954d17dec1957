#pragma once
// Where the bytes go: a device file (/dev/usb/lp0), raw TCP (port 9100), a CUPS raw queue, or the
// virtual printer that writes the ESC/POS bytes and a PNG preview to a folder (the default).
// Transports never throw: failures come back as SendResult / PrinterState.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>
#include "mc/core/config.hpp"
#include "mc/printing/bitmap.hpp"
#include "mc/printing/escpos.hpp"

namespace mc::printing {

struct PrintJobInfo {
  std::string name = "job";         // file-name friendly: "receipt-000.00.15.G12-260305-1007"
  const Bitmap* preview = nullptr;  // the picture the bytes print (the virtual printer saves it)
};

struct SendResult {
  bool ok = false;
  PrinterState state = PrinterState::Unknown;  // what went wrong when !ok
  std::string detail;                          // technical detail for logs and staff (no personal data)
  std::string preview_png;                     // virtual printer: the PNG written
  std::string escpos_file;                     // virtual printer: the .escpos written
};

class Transport {
 public:
  virtual ~Transport() = default;
  virtual std::string describe() const = 0;  // "tcp 192.168.1.50:9100"
  virtual SendResult send(const std::vector<uint8_t>& bytes, const PrintJobInfo& job = {}) = 0;
  // DLE EOT 1..4 when the transport can read; Unknown when it cannot ask.
  virtual PrinterState query_status() = 0;
};

// printer.transport: virtual | device | tcp | cups. Unknown names and "cups" without libcups give a
// transport whose every call fails with a clear detail (never a throw).
std::unique_ptr<Transport> make_transport(const Config& config);
std::unique_ptr<Transport> make_virtual_transport(const std::string& output_dir);
std::unique_ptr<Transport> make_device_transport(const std::string& device_path, int timeout_ms);
std::unique_ptr<Transport> make_tcp_transport(const std::string& host, int port, int timeout_ms);
std::unique_ptr<Transport> make_cups_transport(const std::string& queue);
bool cups_available();

// The virtual printer folder: printer.output_dir, or <data_dir>/printer. Its files hold whole receipts
// (name, address, phone): they are written mode 0600 in a 0700 folder, and purged with the queue's
// personal data.
std::string virtual_output_dir(const Config& config);
// Removes the virtual printer's .escpos and .png files last written before older_than_unix; returns how
// many (dry_run: would remove). The folder missing counts as nothing to do.
int purge_virtual_printer_output(const std::string& dir, int64_t older_than_unix, bool dry_run = false);

}  // namespace mc::printing
