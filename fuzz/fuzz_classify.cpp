// libFuzzer target: the scan classifier (ID card, health-insurance card, receipt code, VietQR, URL) and the
// one reading of a scan the kiosk routes (mc::scanner::read_scan, with the core's dossier-code extractor).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mc/core/scan.hpp"
#include "mc/scanner/classify.hpp"
#include "mc/scanner/read_scan.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)mc::scanner::scan_kind_name(mc::scanner::classify(text));
  (void)mc::dossier_code_in_scan(text);
  (void)mc::scanner::read_scan(text);
  (void)mc::scanner::parse_vietqr(text);
  return 0;
}
