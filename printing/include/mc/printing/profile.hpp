#pragma once
// Printer profiles: assets/printers/<name>.json. What the paper and the printer can do, so one
// build drives an 80 mm Epson and a no-name 58 mm printer alike.
//
// {
//   "name": "generic-80", "description": "...",
//   "paper_width_mm": 80, "dpi": 203, "print_width_dots": 576, "margin_dots": 8,
//   "native_qr": false,            // GS ( k works on this model (else the QR is sent as raster)
//   "cut": "partial",              // partial | full | none
//   "max_strip_rows": 256,         // rows per GS v 0 command, 1..256 (printer input buffers)
//   "feed_before_cut_dots": 96,    // paper between the print head and the cutter
//   "status_query": true,          // answers DLE EOT (else the state is Unknown and we print anyway)
//   "body_px": 22, "small_px": 18, "heading_px": 28, "title_px": 30, "qr_module_dots": 5
// }
#include <string>

namespace mc::printing {

enum class CutMode { None, Partial, Full };

struct PrinterProfile {
  std::string name = "generic-80";
  std::string description;
  int paper_width_mm = 80;
  int dpi = 203;
  int print_width_dots = 576;
  int margin_dots = 8;
  bool native_qr = false;
  CutMode cut = CutMode::Partial;
  int max_strip_rows = 256;
  int feed_before_cut_dots = 96;
  bool status_query = true;
  int body_px = 22;
  int small_px = 18;
  int heading_px = 26;
  int title_px = 30;
  int qr_module_dots = 5;

  // Throws std::runtime_error naming the file and the key when the profile is missing or invalid.
  static PrinterProfile load(const std::string& assets_dir, const std::string& name);
  // Same checks on JSON text (source names the file in messages).
  static PrinterProfile parse(const std::string& json_text, const std::string& source);
};

}  // namespace mc::printing
