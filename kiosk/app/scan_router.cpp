#include "scan_router.hpp"

#include <algorithm>

#include "mc/core/log.hpp"
#include "mc/core/text.hpp"
#include "mc/scanner/read_scan.hpp"

namespace mc::app {

ScanRouter::Outcome ScanRouter::route(std::string_view text, std::string_view source) {
  if (staff_.is_open()) {
    log_info("kiosk", "scan from " + std::string(source) + " in staff mode, " + std::to_string(to_u32(text).size()) +
                          " characters");
    return staff_.on_scan(text) ? Outcome::Staff : Outcome::Dropped;
  }
  if (gate_ && !gate_->in_service()) {
    log_info("kiosk", "scan from " + std::string(source) + " while out of service: dropped");
    return Outcome::Dropped;
  }
  const ScanReading reading = scanner::read_scan(text);
  log_info("kiosk", "scan from " + std::string(source) + ": " + scan_reading_kind_name(reading.kind) + ", " +
                        std::to_string(to_u32(text).size()) + " characters, " +
                        std::to_string(std::count(text.begin(), text.end(), '|')) + " separators");
  journey_.on_scan(reading);
  const bool usable = (reading.kind == ScanReading::Kind::IdCard && reading.identity) ||
                      (reading.kind == ScanReading::Kind::Receipt && !reading.dossier_code.empty());
  return usable ? Outcome::Citizen : Outcome::Notice;
}

}  // namespace mc::app
