#include "mc/sync/heartbeat.hpp"

#include "mc/core/datetime.hpp"

namespace mc::sync {

nlohmann::json heartbeat_fields(const HeartbeatInfo& info) {
  return {{"KioskId", info.kiosk_id},
          {"Version", info.version},
          {"QueueDepth", info.queue_depth},
          {"Quarantined", info.quarantined},
          {"PrinterState", info.printer_state},
          {"LastSync", info.last_sync_unix ? LocalDateTime::from_unix(*info.last_sync_unix).compact() : std::string()},
          {"SentAt", LocalDateTime::from_unix(info.sent_at_unix).compact()}};
}

}  // namespace mc::sync
