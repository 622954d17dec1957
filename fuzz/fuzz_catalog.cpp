// libFuzzer target: the catalog/procedure loader, as it reads assets/catalog/*.json and the procedures a
// server hands out (LayDanhSachTTHC's KIOSK entries): JSON within limits, then the procedure and its form.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "mc/core/catalog.hpp"
#include "mc/core/json_bounded.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto json = mc::parse_json_bounded(text);
  if (!json) return 0;
  std::vector<mc::CatalogIssue> issues;
  if (auto procedure = mc::Catalog::parse_procedure(*json, "fuzz.json", issues)) {
    // What a valid procedure turns into must read back (the sync engine stores it that way).
    auto again = mc::Catalog::parse_procedure(mc::Catalog::to_json(*procedure), "again.json", issues);
    if (!again) __builtin_trap();
  }
  return 0;
}
