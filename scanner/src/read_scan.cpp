#include "mc/scanner/read_scan.hpp"

#include "mc/scanner/cccd.hpp"
#include "mc/scanner/classify.hpp"

namespace mc::scanner {

ScanReading read_scan(std::string_view text) {
  ScanReading reading;
  switch (classify(text)) {
    case ScanKind::IdCard: {
      CccdParse parsed = parse_cccd(text);
      if (parsed.ok()) {
        reading.kind = ScanReading::Kind::IdCard;
        reading.identity = std::move(parsed.identity);
      } else {
        reading.kind = ScanReading::Kind::UnreadableIdCard;
        reading.problem = std::move(parsed.error);
      }
      break;
    }
    case ScanKind::HealthInsuranceCard:
      reading.kind = ScanReading::Kind::HealthInsuranceCard;
      break;
    case ScanKind::Receipt:
      reading.kind = ScanReading::Kind::Receipt;
      reading.dossier_code = dossier_code_in_scan(text).value_or("");
      reading.lookup_code = lookup_code_in_scan(text).value_or("");
      break;
    case ScanKind::VietQr:
    case ScanKind::Url:
    case ScanKind::Other:
      break;
  }
  return reading;
}

}  // namespace mc::scanner
