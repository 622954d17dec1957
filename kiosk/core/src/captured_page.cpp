#include "mc/core/captured_page.hpp"

#include <sodium.h>

#include "mc/core/messages.hpp"

namespace mc {

namespace {
void scrub_bytes(std::vector<uint8_t>& bytes) {
  if (!bytes.empty()) sodium_memzero(bytes.data(), bytes.size());
  bytes.clear();
  bytes.shrink_to_fit();
}
}  // namespace

void CapturedPage::scrub() {
  scrub_bytes(jpeg);
  scrub_bytes(preview_rgb);
  width = height = dpi = preview_width = preview_height = 0;
}

void CapturedDocument::scrub() {
  for (auto& page : pages) page.scrub();
  pages.clear();
}

const char* capture_failure_name(CaptureFailure failure) {
  switch (failure) {
    case CaptureFailure::Missing:
      return "missing";
    case CaptureFailure::Busy:
      return "busy";
    case CaptureFailure::Jammed:
      return "jammed";
    case CaptureFailure::NoPaper:
      return "no_paper";
    case CaptureFailure::CoverOpen:
      return "cover_open";
    case CaptureFailure::Disconnected:
      return "disconnected";
    case CaptureFailure::Cancelled:
      return "cancelled";
    case CaptureFailure::LowStorage:
      return "low_storage";
    case CaptureFailure::Failed:
      return "failed";
  }
  return "failed";
}

LocalizedText capture_failure_message(CaptureFailure failure) {
  return message(std::string("capture.failure.") + capture_failure_name(failure));
}

bool capture_failure_is_lasting(CaptureFailure failure) {
  return failure == CaptureFailure::Missing || failure == CaptureFailure::Disconnected ||
         failure == CaptureFailure::LowStorage || failure == CaptureFailure::Failed;
}

}  // namespace mc
