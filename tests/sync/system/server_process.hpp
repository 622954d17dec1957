#pragma once
// The reference onestop-server (docs/protocol.md) for the sync system tests: the test gives the whole
// command line; starting it on a free port and stopping it by its own PID is the shared
// mc::test::ServerProcess (tests/common).
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "mc/test/server_process.hpp"

namespace mc::sync::testing {

class ServerProcess : public mc::test::ServerProcess {
 public:
  explicit ServerProcess(std::vector<std::string> args)
      : mc::test::ServerProcess(ONESTOP_SERVER_BIN, std::move(args)) {}

  // GET /admin/dossiers
  nlohmann::json dossiers() const {
    httplib::Client client("127.0.0.1", port());
    client.set_read_timeout(60, 0);
    auto answer = client.Get("/admin/dossiers");
    if (!answer || answer->status != 200) throw std::runtime_error("GET /admin/dossiers failed");
    return nlohmann::json::parse(answer->body);
  }

  // GET /admin/stats (what the server received, counted)
  nlohmann::json stats() const {
    httplib::Client client("127.0.0.1", port());
    client.set_read_timeout(60, 0);
    auto answer = client.Get("/admin/stats");
    if (!answer || answer->status != 200) throw std::runtime_error("GET /admin/stats failed");
    return nlohmann::json::parse(answer->body);
  }

  // GET /admin/files (uploaded documents: id, dossier, document code, SHA-256, uploads counted)
  nlohmann::json files() const {
    httplib::Client client("127.0.0.1", port());
    client.set_read_timeout(60, 0);
    auto answer = client.Get("/admin/files");
    if (!answer || answer->status != 200) throw std::runtime_error("GET /admin/files failed");
    return nlohmann::json::parse(answer->body);
  }

  // GET /admin/ratings (DongBoDanhGia aggregates)
  nlohmann::json ratings() const {
    httplib::Client client("127.0.0.1", port());
    client.set_read_timeout(60, 0);
    auto answer = client.Get("/admin/ratings");
    if (!answer || answer->status != 200) throw std::runtime_error("GET /admin/ratings failed");
    return nlohmann::json::parse(answer->body);
  }
};

}  // namespace mc::sync::testing
