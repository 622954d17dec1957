// libFuzzer target: the one-stop client's reading of server answers (mc/sync/answers.hpp), for every call.
// Anything but a TransientError or AuthError escaping is a finding; so is a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mc/sync/answers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace mc::sync;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const mc::JsonLimits limits;
  try {
    (void)read_auth_answer(200, body, {}, limits);
  } catch (const TransientError&) {
  } catch (const AuthError&) {
  }
  try {
    (void)read_heartbeat_answer(200, body, {}, limits);
  } catch (const TransientError&) {
  }
  try {
    if (auto result = read_integration_answer("TraCuuHoSo", 200, body, {}, limits)) {
      try {
        (void)read_lookup_result(*result, "000.00.15.G12-260302-1001");
      } catch (const TransientError&) {
      }
      try {
        (void)read_push_results(*result, result->size());
      } catch (const TransientError&) {
      }
    }
  } catch (const TransientError&) {
  }
  return 0;
}
