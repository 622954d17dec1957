#pragma once
// The kiosk's heartbeat (docs/protocol.md, "Heartbeat"): a small health report sent by the sync engine
// while online, so an IT officer sees the fleet without opening a shell on each kiosk. It carries no
// personal data: kiosk id, software version, queue figures, printer state and the last sync time.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include "mc/core/version.hpp"

namespace mc::sync {

// The software version (the CMake project version, e.g. "0.1.0"): mc/core/version.hpp.
using mc::software_version;

struct HeartbeatInfo {
  std::string kiosk_id;
  std::string version = software_version();
  int queue_depth = 0;  // queued + sending
  int quarantined = 0;
  std::string printer_state = "unknown";  // mc::printing::printer_state_name(), or "unknown"
  std::optional<int64_t> last_sync_unix;  // newest dossier taken by the server
  int64_t sent_at_unix = 0;
};

// The body fields without the session: {"KioskId", "Version", "QueueDepth", "Quarantined",
// "PrinterState", "LastSync" ("yyyyMMddHHmmss" in +07:00, "" when never), "SentAt"}.
nlohmann::json heartbeat_fields(const HeartbeatInfo& info);

}  // namespace mc::sync
