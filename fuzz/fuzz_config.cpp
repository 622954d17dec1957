// libFuzzer target: the configuration loader (kiosk.toml): every key, value and syntax error.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mc/core/config.hpp"
#include "mc/core/service_state.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  mc::ConfigLoadResult loaded = mc::parse_config(text, "fuzz.toml");
  loaded.from_file = true;
  (void)mc::configuration_state(loaded);
  (void)mc::config_warnings(loaded.config);
  return 0;
}
