#include "mc/core/restart_request.hpp"

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

}  // namespace mc
