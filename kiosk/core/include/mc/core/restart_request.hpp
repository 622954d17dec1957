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

// The kiosk's side: looks for a request at most every check_ms (one stat of a small file), and says it is
// due only while the kiosk is idle (the caller decides what idle is: the attract screen, no staff session,
// no print job). A request older than the kiosk's start is removed at construction: it is already done.
class RestartWatch {
 public:
  RestartWatch(Config config, int64_t started_unix, int64_t check_ms = 5000);
  // True once a request newer than the start is there and idle is true; the request is then removed.
  bool due(int64_t now_ms, bool idle);
  // Milliseconds until the next look (for the event loop's wake-up); 0 when due() would look now.
  int64_t ms_until_check(int64_t now_ms) const;
  const std::optional<RestartRequest>& honoured() const { return honoured_; }  // what due() acted on

 private:
  Config config_;
  int64_t started_unix_;
  int64_t check_ms_;
  std::optional<int64_t> last_check_ms_;
  std::optional<RestartRequest> honoured_;
};

}  // namespace mc
