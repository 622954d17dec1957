#pragma once
// A scan read once: classified, the ID card parsed, the dossier code extracted. The kiosk routes the
// result (mc::ScanReading) to the citizen's journey or to staff mode, whatever scanner it came from.
#include <string_view>

#include "mc/core/scan.hpp"

namespace mc::scanner {

ScanReading read_scan(std::string_view text);

}  // namespace mc::scanner
