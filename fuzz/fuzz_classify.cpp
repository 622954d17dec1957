// libFuzzer target: the scan classifier (ID card, health-insurance card, receipt code, VietQR, URL).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mc/scanner/classify.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)mc::scanner::scan_kind_name(mc::scanner::classify(text));
  (void)mc::scanner::find_dossier_code(text);
  (void)mc::scanner::parse_vietqr(text);
  return 0;
}
