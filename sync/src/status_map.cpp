#include "mc/sync/status_map.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include "mc/core/json_file.hpp"

namespace mc::sync {

namespace {

bool is_code_text(std::string_view code) {
  if (code.empty() || code.size() > 32) return false;
  for (char c : code)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.')) return false;
  return true;
}

}  // namespace

StatusMap StatusMap::identity() {
  StatusMap map;
  map.name_ = "identity";
  for (int code = 1; code <= 10; ++code) map.map_[std::to_string(code)] = static_cast<DossierStatus>(code);
  return map;
}

std::string StatusMap::path_for(const Config& config) {
  return (std::filesystem::path(config.resolved_assets_dir()) / "sync" / "status_maps" /
          (config.server.status_map + ".json"))
      .string();
}

StatusMap StatusMap::load(const std::string& path) {
  const nlohmann::json json = read_json_file(path, "status map");
  const auto fail = [&](const std::string& where, const std::string& reason) {
    throw StatusMapError(path + ": " + where + ": " + reason);
  };
  if (!json.is_object()) fail("$", "must be a JSON object with \"name\", \"description\" and \"map\"");
  static const std::set<std::string> kKeys = {"name", "description", "map"};
  for (const auto& [key, value] : json.items())
    if (!kKeys.count(key)) fail(key, "unknown key (expected name, description, map)");
  for (const char* key : {"name", "description"})
    if (!json.contains(key) || !json[key].is_string() || json[key].get<std::string>().empty())
      fail(key, "must be a non-empty text");
  if (!json.contains("map") || !json["map"].is_object() || json["map"].empty())
    fail("map", "must be an object from the server's status codes to the kiosk's (1-10)");
  StatusMap map;
  map.name_ = json["name"].get<std::string>();
  for (const auto& [server_code, value] : json["map"].items()) {
    const std::string where = "map.\"" + server_code + "\"";
    if (!is_code_text(server_code)) fail(where, "a server code is 1-32 letters, digits, '_', '-' or '.'");
    if (!value.is_number_integer() || !is_valid_status(value.get<int>()))
      fail(where, "must be one of the kiosk's status codes, a whole number from 1 to 10");
    map.map_[server_code] = static_cast<DossierStatus>(value.get<int>());
  }
  return map;
}

std::optional<DossierStatus> StatusMap::to_kiosk(std::string_view server_code) const {
  auto it = map_.find(server_code);
  if (it == map_.end()) return std::nullopt;
  return it->second;
}

}  // namespace mc::sync
