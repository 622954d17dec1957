// libFuzzer target: the ID-card (CCCD) QR parser, fed whatever a scanner can deliver.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mc/scanner/cccd.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = mc::scanner::parse_cccd(text);
  (void)parsed;
  (void)mc::scanner::repair_mojibake(text);
  (void)mc::scanner::has_mojibake_marks(text);
  return 0;
}
