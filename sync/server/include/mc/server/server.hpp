#pragma once
// onestop-server: the reference one-stop endpoint the kiosk develops and tests against. It speaks
// docs/protocol.md (the national portal's one-stop integration) and adds fault injection and a few
// admin routes for tests and demos.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>
#include "mc/core/catalog.hpp"
#include "mc/core/datetime.hpp"
#include "mc/server/faults.hpp"

namespace mc::server {

struct UserAccount {
  std::string username;
  std::string password;
  std::vector<std::string> agencies;  // dstcode values allowed; empty = any well-formed agency code
};

inline constexpr const char* kDemoUsername = "kiosk";
inline constexpr const char* kDemoPassword = "kiosk-demo";
inline constexpr int kDefaultPort = 8787;  // the kiosk config's default server.url

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = kDefaultPort;           // 0 = any free port
  std::string db_path = ":memory:";  // ":memory:" = nothing kept after the server stops
  std::string catalog_dir;           // empty: <source tree>/assets/catalog
  std::vector<UserAccount> users = {{kDemoUsername, kDemoPassword, {}}};
  int64_t session_ttl_s = 1800;
  int64_t status_pace_s = 60;  // 0 = statuses never move
  double fail_rate = 0;
  std::vector<FaultMode> fail_modes = {FaultMode::Http500, FaultMode::Http503, FaultMode::Drop, FaultMode::Garbage};
  int latency_ms = 0;
  int retry_after_s = 1;
  uint64_t seed = 1;
  std::string base = "/api";
  bool verbose = false;  // log every request (never bodies)
  Clock clock = system_clock();
};

std::string default_catalog_dir();

struct CliResult {
  ServerOptions options;
  bool show_help = false;
  std::string error;  // non-empty: print it and exit with status 2
};
CliResult parse_cli(const std::vector<std::string>& args);  // args without the program name
std::string cli_help();

// [[user]] username = "...", password = "...", agencies = ["000.00.15.G12", ...] (optional).
std::optional<std::vector<UserAccount>> load_users_toml(const std::string& path, std::string& error);

class OnestopServer {
 public:
  // Opens the database and loads the catalog; throws std::runtime_error with the reason.
  explicit OnestopServer(ServerOptions options);
  ~OnestopServer();
  OnestopServer(const OnestopServer&) = delete;
  OnestopServer& operator=(const OnestopServer&) = delete;

  int bind();                  // binds host:port (port 0: a free one) and returns the port; throws on failure
  void run();                  // serves until stop(); call bind() first
  void start_in_background();  // bind() + run() on a thread (tests)
  void stop();                 // safe from any thread; joins the background thread if any
  int port() const;

  const std::vector<CatalogIssue>& catalog_issues() const;
  size_t catalog_size() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mc::server
