#pragma once
// "Finish and restart": a request to a running kiosk to restart at its next attract screen, never in the
// middle of a citizen's journey. The Debian package's postinst makes one after an upgrade
// (`kioskctl restart --when-idle`); the kiosk exits at the attract screen and systemd starts the new version.
//
// The request is a small file, <data_dir>/restart-request ("<unix time> <reason>"), written atomically. A
// kiosk ignores (and removes) a request older than its own start: that one is already done.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include "mc/core/config.hpp"

namespace mc {

inline constexpr const char* kRestartRequestName = "restart-request";

struct RestartRequest {
  int64_t requested_at_unix = 0;
  std::string reason;  // e.g. "upgrade from 0.1.0"; no personal data
};

// Throws std::runtime_error naming the file when it cannot be written (no data directory: nothing runs).
void request_restart(const Config& config, std::string_view reason, int64_t now_unix);
// The request in force for a kiosk started at started_unix: nullopt when there is none or it is older.
std::optional<RestartRequest> pending_restart(const Config& config, int64_t started_unix);
void clear_restart_request(const Config& config);

}  // namespace mc
