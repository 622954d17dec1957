#include "mc/printing/escpos.hpp"

#include <algorithm>
#include <string>

#include "mc/core/messages.hpp"

namespace mc::printing {

namespace {

constexpr uint8_t ESC = 0x1B, GS = 0x1D, DLE = 0x10, EOT = 0x04;

void append(std::vector<uint8_t>& out, std::initializer_list<uint8_t> bytes) {
  out.insert(out.end(), bytes);
}

// GS v 0: rows [first, last) of the bitmap, 1 bit per dot, MSB = leftmost dot.
void append_raster(std::vector<uint8_t>& out, const Bitmap& bitmap, int first, int last, int max_rows) {
  const int bytes_per_row = (bitmap.width + 7) / 8;
  for (int top = first; top < last; top += max_rows) {
    int rows = std::min(max_rows, last - top);
    append(out, {GS, 'v', '0', 0, static_cast<uint8_t>(bytes_per_row & 0xFF), static_cast<uint8_t>(bytes_per_row >> 8),
                 static_cast<uint8_t>(rows & 0xFF), static_cast<uint8_t>(rows >> 8)});
    for (int y = top; y < top + rows; ++y) {
      for (int byte = 0; byte < bytes_per_row; ++byte) {
        uint8_t bits = 0;
        for (int bit = 0; bit < 8; ++bit) {
          int x = byte * 8 + bit;
          if (x < bitmap.width && bitmap.black(x, y)) bits |= static_cast<uint8_t>(0x80 >> bit);
        }
        out.push_back(bits);
      }
    }
  }
}

// GS ( k: model 2, module size, error correction M, store, print; centred with ESC a 1.
void append_native_qr(std::vector<uint8_t>& out, const QrRegion& region) {
  append(out, {ESC, 'a', 1});
  append(out, {GS, '(', 'k', 4, 0, 49, 65, 50, 0});
  append(out, {GS, '(', 'k', 3, 0, 49, 67, static_cast<uint8_t>(std::clamp(region.module_dots, 1, 16))});
  append(out, {GS, '(', 'k', 3, 0, 49, 69, 49});
  size_t length = region.payload.size() + 3;
  append(out, {GS, '(', 'k', static_cast<uint8_t>(length & 0xFF), static_cast<uint8_t>(length >> 8), 49, 80, 48});
  out.insert(out.end(), region.payload.begin(), region.payload.end());
  append(out, {GS, '(', 'k', 3, 0, 49, 81, 48});
  append(out, {ESC, 'a', 0});
}

}  // namespace

std::vector<uint8_t> encode_escpos(const Bitmap& bitmap, const PrinterProfile& profile) {
  std::vector<uint8_t> out;
  out.reserve(static_cast<size_t>((bitmap.width + 7) / 8) * bitmap.height + 64);
  append(out, {ESC, '@'});
  int max_rows = std::clamp(profile.max_strip_rows, 1, 256);
  int y = 0;
  if (profile.native_qr) {
    std::vector<QrRegion> regions = bitmap.qr_regions;
    std::sort(regions.begin(), regions.end(), [](const auto& a, const auto& b) { return a.top < b.top; });
    for (const QrRegion& region : regions) {
      // The GS ( k payload length field is 16 bits; anything odd is left as raster.
      if (region.top < y || region.top + region.height > bitmap.height || region.payload.size() > 7000) continue;
      append_raster(out, bitmap, y, region.top, max_rows);
      append_native_qr(out, region);
      y = region.top + region.height;
    }
  }
  append_raster(out, bitmap, y, bitmap.height, max_rows);
  if (profile.feed_before_cut_dots > 0)
    append(out, {ESC, 'J', static_cast<uint8_t>(std::min(profile.feed_before_cut_dots, 255))});
  if (profile.cut == CutMode::Partial) append(out, {GS, 'V', 1});
  if (profile.cut == CutMode::Full) append(out, {GS, 'V', 0});
  return out;
}

const char* printer_state_name(PrinterState state) {
  switch (state) {
    case PrinterState::Ready:
      return "ready";
    case PrinterState::PaperNearEnd:
      return "paper_near_end";
    case PrinterState::PaperOut:
      return "paper_out";
    case PrinterState::CoverOpen:
      return "cover_open";
    case PrinterState::Offline:
      return "offline";
    case PrinterState::Unknown:
      return "unknown";
  }
  return "unknown";
}

LocalizedText printer_state_label(PrinterState state) {
  return message(std::string("printer_state.") + printer_state_name(state));
}

bool can_print(PrinterState state) {
  return state == PrinterState::Ready || state == PrinterState::PaperNearEnd || state == PrinterState::Unknown;
}

std::vector<uint8_t> status_request(int n) {
  return {DLE, EOT, static_cast<uint8_t>(n)};
}

bool is_status_byte(uint8_t byte) {
  return (byte & 0x93) == 0x12;
}

PrinterState decode_status(std::optional<uint8_t> printer, std::optional<uint8_t> offline_cause,
                           std::optional<uint8_t> error_cause, std::optional<uint8_t> paper_sensor) {
  auto valid = [](const std::optional<uint8_t>& byte) { return byte && is_status_byte(*byte); };
  if (!valid(printer) && !valid(offline_cause) && !valid(error_cause) && !valid(paper_sensor))
    return PrinterState::Offline;
  // Most specific first: the roll sensor and the offline cause say why the printer stopped.
  if (valid(paper_sensor) && (*paper_sensor & 0x60)) return PrinterState::PaperOut;     // bits 5,6: no paper
  if (valid(offline_cause) && (*offline_cause & 0x20)) return PrinterState::PaperOut;   // bit 5: stopped, paper end
  if (valid(offline_cause) && (*offline_cause & 0x04)) return PrinterState::CoverOpen;  // bit 2: cover open
  // Cutter, mechanical or unrecoverable errors: staff must look at the printer.
  if (valid(error_cause) && (*error_cause & 0x6C)) return PrinterState::Offline;
  if (valid(offline_cause) && (*offline_cause & 0x40)) return PrinterState::Offline;     // bit 6: error
  if (valid(printer) && (*printer & 0x08)) return PrinterState::Offline;                 // bit 3: offline
  if (valid(paper_sensor) && (*paper_sensor & 0x0C)) return PrinterState::PaperNearEnd;  // bits 2,3
  return PrinterState::Ready;
}

}  // namespace mc::printing
