#include <toml++/toml.h>
#include <charconv>
#include <cstdlib>
#include <random>

#include "mc/core/dossier_code.hpp"
#include "mc/server/server.hpp"

namespace mc::server {

std::string default_catalog_dir() {
  if (const char* assets = std::getenv("MC_ASSETS_DIR"); assets && *assets) return std::string(assets) + "/catalog";
  return std::string(MC_SOURCE_DIR) + "/assets/catalog";
}

std::string cli_help() {
  return R"(onestop-server: reference one-stop endpoint (docs/protocol.md) for developing and testing the kiosk.

Usage: onestop-server [options]

  --host ADDR            address to bind (default 127.0.0.1; loopback only unless you mean it)
  --port N               TCP port (default 8787, the kiosk's default server.url); 0 = any free port
  --base PATH            URL prefix of /auth, /integration, /heartbeat (default /api)
  --db FILE              SQLite file for received dossiers (default: in memory, lost at exit)
  --catalog-dir DIR      procedure catalog served by LayDanhSachTTHC / LayThuTuc and used to check
                         MaTTHC (default $MC_ASSETS_DIR/catalog, else the source tree's assets/catalog)
  --users FILE           accounts, TOML: [[user]] username = "..", password = "..",
                         agencies = ["000.00.15.G12"] (optional; without it any well-formed agency code).
                         Default: the demo account kiosk / kiosk-demo, any well-formed agency code
  --session-ttl-s N      session lifetime in seconds (default 1800); an expired session gets HTTP 401
  --status-pace-s N      seconds per status step 1 -> 2 -> 4 -> 9 -> 10 (default 60; 0 = never move)
  --fail-rate F          share 0..1 of /auth and /integration requests that fail (default 0)
  --fail-modes LIST      comma-separated from 500,503,drop,garbage (default all four)
  --retry-after-s N      Retry-After seconds on injected 500/503 answers (default 1)
  --latency-ms N         delay added to every request (default 0)
  --seed N               seed of the fault dice (default: random, printed on stderr)
  --verbose              log every request line (never bodies: they carry personal data)
  --help                 this text

The first line on stdout is "listening on HOST:PORT". SIGINT or SIGTERM stop the server cleanly.
Admin routes: GET /admin/dossiers[?MaHoSo=CODE], GET /admin/stats, GET /admin/heartbeats.
)";
}

namespace {
template <class T>
bool parse_integer(const std::string& text, T& out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}
}  // namespace

CliResult parse_cli(const std::vector<std::string>& args) {
  CliResult result;
  ServerOptions& options = result.options;
  bool seed_given = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& flag = args[i];
    if (flag == "--help" || flag == "-h") {
      result.show_help = true;
      return result;
    }
    if (flag == "--verbose") {
      options.verbose = true;
      continue;
    }
    if (i + 1 >= args.size()) {
      result.error = flag.starts_with("--") ? flag + " needs a value" : "unexpected argument '" + flag + "'";
      return result;
    }
    const std::string& value = args[++i];
    const auto bad = [&](const std::string& why) {
      result.error = flag + ": " + why + ", got '" + value + "'";
      return result;
    };
    if (flag == "--host") {
      options.host = value;
    } else if (flag == "--port") {
      if (!parse_integer(value, options.port) || options.port < 0 || options.port > 65535)
        return bad("must be a port number 0..65535");
    } else if (flag == "--base") {
      if (!value.starts_with('/') || value.ends_with('/')) return bad("must start with '/' and not end with one");
      options.base = value;
    } else if (flag == "--db") {
      options.db_path = value;
    } else if (flag == "--catalog-dir") {
      options.catalog_dir = value;
    } else if (flag == "--users") {
      std::string error;
      auto users = load_users_toml(value, error);
      if (!users) {
        result.error = "--users: " + error;
        return result;
      }
      options.users = std::move(*users);
    } else if (flag == "--session-ttl-s") {
      if (!parse_integer(value, options.session_ttl_s) || options.session_ttl_s < 1)
        return bad("must be a whole number of seconds >= 1");
    } else if (flag == "--status-pace-s") {
      if (!parse_integer(value, options.status_pace_s) || options.status_pace_s < 0)
        return bad("must be a whole number of seconds >= 0");
    } else if (flag == "--fail-rate") {
      char* end = nullptr;
      options.fail_rate = std::strtod(value.c_str(), &end);
      if (value.empty() || *end != '\0' || !(options.fail_rate >= 0 && options.fail_rate <= 1))
        return bad("must be a number from 0 to 1");
    } else if (flag == "--fail-modes") {
      std::string error;
      auto modes = parse_fault_modes(value, error);
      if (!modes) return bad(error);
      options.fail_modes = *modes;
    } else if (flag == "--latency-ms") {
      if (!parse_integer(value, options.latency_ms) || options.latency_ms < 0 || options.latency_ms > 600000)
        return bad("must be milliseconds 0..600000");
    } else if (flag == "--retry-after-s") {
      if (!parse_integer(value, options.retry_after_s) || options.retry_after_s < 0)
        return bad("must be a whole number of seconds >= 0");
    } else if (flag == "--seed") {
      if (!parse_integer(value, options.seed)) return bad("must be a non-negative whole number");
      seed_given = true;
    } else {
      result.error = "unknown option '" + flag + "' (see --help)";
      return result;
    }
  }
  if (!seed_given) options.seed = (static_cast<uint64_t>(std::random_device{}()) << 32) ^ std::random_device{}();
  if (options.catalog_dir.empty()) options.catalog_dir = default_catalog_dir();
  return result;
}

std::optional<std::vector<UserAccount>> load_users_toml(const std::string& path, std::string& error) {
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    error = path + ": " + std::string(e.description());
    return std::nullopt;
  }
  const toml::array* list = table["user"].as_array();
  if (!list || list->empty()) {
    error = path + ": no [[user]] entries";
    return std::nullopt;
  }
  std::vector<UserAccount> users;
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string where = path + ": user " + std::to_string(i + 1);
    const toml::table* entry = list->get(i)->as_table();
    if (!entry) {
      error = where + " is not a table";
      return std::nullopt;
    }
    UserAccount user;
    auto username = (*entry)["username"].value<std::string>();
    auto password = (*entry)["password"].value<std::string>();
    if (!username || username->empty() || !password || password->empty()) {
      error = where + ": username and password must be non-empty strings";
      return std::nullopt;
    }
    user.username = *username;
    user.password = *password;
    if (auto node = (*entry)["agencies"]; node) {
      const toml::array* agencies = node.as_array();
      if (!agencies) {
        error = where + ": agencies must be a list of agency codes";
        return std::nullopt;
      }
      for (const auto& item : *agencies) {
        auto code = item.value<std::string>();
        if (!code || !is_valid_agency_code(*code)) {
          error = where + ": agencies must hold agency codes such as 000.00.15.G12";
          return std::nullopt;
        }
        user.agencies.push_back(*code);
      }
    }
    users.push_back(std::move(user));
  }
  return users;
}

}  // namespace mc::server
