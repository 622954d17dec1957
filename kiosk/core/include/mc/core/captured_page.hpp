#pragma once
// A page of a citizen's document as the kiosk's document scanner captured it (số hóa hồ sơ), in the form
// the rest of the kiosk handles: the JPEG that goes into the document's PDF, and a small picture for the
// screen so no view ever decodes a JPEG. Produced by the capture module (capture/), held by the journey
// until the dossier is submitted or the citizen's session is wiped, turned into one PDF per document.
//
// Also: why a capture failed, as the journey and the views need to know it (the scanner module maps
// SANE's status codes onto these).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>
#include "mc/core/localized.hpp"

namespace mc {

struct CapturedPage {
  std::vector<uint8_t> jpeg;  // baseline JPEG, as embedded in the PDF
  int width = 0, height = 0;  // pixels
  int dpi = 0;
  bool colour = false;  // false: 8-bit grey
  // The page scaled down for the screen: RGB, 8 bits a channel, rows packed.
  int preview_width = 0, preview_height = 0;
  std::vector<uint8_t> preview_rgb;

  // Overwrites the bytes (the page is the citizen's document), then frees them.
  void scrub();
};

// One document of the dossier at the journey's capture step: the pages scanned so far, or skipped (the
// citizen brings it on paper).
struct CapturedDocument {
  std::string code;  // the catalog's document code (mã thành phần hồ sơ), "TP2"
  std::vector<CapturedPage> pages;
  bool skipped = false;

  void scrub();  // every page
};

// Why a page could not be captured. The first five are the scanner's own states (SANE status codes).
enum class CaptureFailure {
  Missing,       // no scanner configured, not found, or no permission (sane_open failed)
  Busy,          // SANE_STATUS_DEVICE_BUSY
  Jammed,        // SANE_STATUS_JAMMED
  NoPaper,       // SANE_STATUS_NO_DOCS: nothing on the glass / in the feeder
  CoverOpen,     // SANE_STATUS_COVER_OPEN
  Disconnected,  // SANE_STATUS_IO_ERROR (unplugged, cable, power) or EOF mid-page
  Cancelled,     // the kiosk cancelled it (the citizen left, the idle wipe)
  LowStorage,    // the data directory is within its reserve: no room for more documents
  Failed,        // anything else (unsupported mode, out of memory, a backend bug)
};
const char* capture_failure_name(CaptureFailure failure);  // "missing", "busy", ... (logs, test hooks)
// What the citizen is told (i18n keys capture.failure.*).
LocalizedText capture_failure_message(CaptureFailure failure);
// True when trying again now cannot help: the scanner is gone or broken, or there is no room.
// (Jammed, no paper, cover open and busy are things a person can fix at once.)
bool capture_failure_is_lasting(CaptureFailure failure);

}  // namespace mc
