#include "mc/core/restart_request.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace mc {

namespace fs = std::filesystem;

void request_restart(const Config& config, std::string_view reason, int64_t now_unix) {
  std::error_code ec;
  if (!fs::is_directory(config.data_dir, ec))
    throw std::runtime_error("no data directory " + config.data_dir + ": no kiosk has run here yet");
  const std::string target = config.path_in_data(kRestartRequestName);
  const std::string temp = target + ".tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    std::string one_line(reason);
    for (char& c : one_line)
      if (c == '\n' || c == '\r') c = ' ';
    out << now_unix << " " << one_line << "\n";
    if (!out) throw std::runtime_error("cannot write " + temp);
  }
  fs::rename(temp, target, ec);
  if (ec) throw std::runtime_error("cannot write " + target + ": " + ec.message());
}

std::optional<RestartRequest> pending_restart(const Config& config, int64_t started_unix) {
  std::ifstream in(config.path_in_data(kRestartRequestName));
  if (!in) return std::nullopt;
  RestartRequest request;
  if (!(in >> request.requested_at_unix)) return std::nullopt;
  std::getline(in >> std::ws, request.reason);
  if (request.requested_at_unix < started_unix) return std::nullopt;
  return request;
}

void clear_restart_request(const Config& config) {
  std::error_code ec;
  fs::remove(config.path_in_data(kRestartRequestName), ec);
}

RestartWatch::RestartWatch(Config config, int64_t started_unix, int64_t check_ms)
    : config_(std::move(config)), started_unix_(started_unix), check_ms_(std::max<int64_t>(1, check_ms)) {
  std::ifstream in(config_.path_in_data(kRestartRequestName));
  int64_t requested_at = 0;
  if (in && (in >> requested_at) && requested_at < started_unix_) clear_restart_request(config_);
}

bool RestartWatch::due(int64_t now_ms, bool idle) {
  if (!idle || ms_until_check(now_ms) > 0) return false;
  last_check_ms_ = now_ms;
  auto request = pending_restart(config_, started_unix_);
  if (!request) return false;
  clear_restart_request(config_);
  honoured_ = std::move(request);
  return true;
}

int64_t RestartWatch::ms_until_check(int64_t now_ms) const {
  if (!last_check_ms_) return 0;
  return std::max<int64_t>(0, *last_check_ms_ + check_ms_ - now_ms);
}

}  // namespace mc
