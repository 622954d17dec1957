#pragma once
// The one-stop server's status codes mapped to the kiosk's (DOMAIN.md §2), through a table in
// assets/sync/status_maps/<name>.json (server.status_map): systems differ (OpenCPS names its statuses, some
// flows fold several codes into one), so the mapping is data, validated on load, never assumed.
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include "mc/core/config.hpp"
#include "mc/core/dossier.hpp"

namespace mc::sync {

// A status map file that cannot be used. what(): "<path>: <where>: <reason>", naming the file and the entry.
struct StatusMapError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class StatusMap {
 public:
  // "1" -> 1 ... "10" -> 10: the national portal's own codes.
  static StatusMap identity();
  // Throws StatusMapError (or mc::JsonFileError for an unreadable file, naming it).
  static StatusMap load(const std::string& path);
  // <assets>/sync/status_maps/<config.server.status_map>.json
  static std::string path_for(const Config& config);
  static StatusMap load_for(const Config& config) { return load(path_for(config)); }

  // nullopt: a code the table does not know (the caller keeps what it had and logs the code, which is not
  // personal data).
  std::optional<DossierStatus> to_kiosk(std::string_view server_code) const;
  const std::string& name() const { return name_; }
  size_t size() const { return map_.size(); }

 private:
  std::string name_;
  std::map<std::string, DossierStatus, std::less<>> map_;
};

}  // namespace mc::sync
