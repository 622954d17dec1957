#pragma once
// ESC/POS: what we send (initialise, GS v 0 raster strips, feed, cut, optional native QR) and the
// printer's real-time status (DLE EOT) turned into a few states staff can act on.
#include <cstdint>
#include <optional>
#include <vector>
#include "mc/core/localized.hpp"
#include "mc/printing/bitmap.hpp"
#include "mc/printing/profile.hpp"

namespace mc::printing {

// ESC @, then the bitmap as GS v 0 raster strips of at most profile.max_strip_rows (<= 256) rows,
// QR regions as GS ( k when profile.native_qr, ESC J feed to the cutter, GS V partial/full cut.
std::vector<uint8_t> encode_escpos(const Bitmap& bitmap, const PrinterProfile& profile);

enum class PrinterState { Ready, PaperNearEnd, PaperOut, CoverOpen, Offline, Unknown };
const char* printer_state_name(PrinterState state);  // "ready", "paper_near_end", ...
LocalizedText printer_state_label(PrinterState state);
// Whether a job should be sent at all in this state (Ready, PaperNearEnd, Unknown).
bool can_print(PrinterState state);

// DLE EOT n (n = 1 printer, 2 offline cause, 3 error cause, 4 roll paper sensor).
std::vector<uint8_t> status_request(int n);
// A status byte is valid when bits 0 and 7 are 0 and bits 1 and 4 are 1.
bool is_status_byte(uint8_t byte);
// The answers to DLE EOT 1, 2, 3, 4 (nullopt: no answer) -> one state. No answer at all: Offline.
PrinterState decode_status(std::optional<uint8_t> printer, std::optional<uint8_t> offline_cause,
                           std::optional<uint8_t> error_cause, std::optional<uint8_t> paper_sensor);

}  // namespace mc::printing
