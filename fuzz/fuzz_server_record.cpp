// libFuzzer target: the reference server's reading of a request (onestop-server): the body within limits,
// then the DongBoHoSoMC record and the CapNhatTienDoHoSoMC row validators on whatever it holds.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mc/core/json_bounded.hpp"
#include "mc/server/validator.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto body = mc::parse_json_bounded(text);
  if (!body) return 0;
  auto known = [](std::string_view code) { return code == "1.002820"; };
  const nlohmann::json& records = body->is_object() && body->contains("data") ? (*body)["data"] : *body;
  if (records.is_array()) {
    for (const auto& record : records) {
      (void)mc::server::validate_dossier_record(record, known);
      (void)mc::server::validate_progress_row(record);
    }
  } else {
    (void)mc::server::validate_dossier_record(records, known);
    (void)mc::server::validate_progress_row(records);
  }
  return 0;
}
