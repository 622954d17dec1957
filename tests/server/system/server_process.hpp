#pragma once
// The real onestop-server binary on a free loopback port with the real catalog (the process handling is the
// shared mc::test::ServerProcess), and the HTTP helpers the server system tests drive it with.
#include <csignal>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "mc/test/server_process.hpp"

namespace mc::test {

inline constexpr const char* kAgency = "000.00.15.G12";

// "--port 0 --catalog-dir assets/catalog" and whatever a test adds.
class ServerUnderTest : public ServerProcess {
 public:
  explicit ServerUnderTest(std::vector<std::string> extra_args)
      : ServerProcess(ONESTOP_SERVER_BIN, with_defaults(std::move(extra_args))) {}

  httplib::Client client() const {
    // A server told to drop connections must fail the request, not kill the test with SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);
    httplib::Client client("127.0.0.1", port());
    client.set_connection_timeout(5);
    client.set_read_timeout(10);
    return client;
  }

 private:
  static std::vector<std::string> with_defaults(std::vector<std::string> extra_args) {
    std::vector<std::string> args = {"--port", "0", "--catalog-dir", std::string(MC_TEST_ASSETS_DIR) + "/catalog"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    return args;
  }
};

inline httplib::Headers agency_header() {
  return {{"dstcode", kAgency}};
}

// POST JSON; the parsed body (or a JSON null when it is not JSON) and the status.
struct Answer {
  int status = 0;  // 0: no HTTP answer at all
  httplib::Error error = httplib::Error::Success;
  std::string body;
  nlohmann::json json;  // null when body is not JSON
  std::string retry_after;
};

inline Answer post(httplib::Client& client, const std::string& path, const nlohmann::json& body,
                   const httplib::Headers& headers = agency_header()) {
  Answer answer;
  auto result = client.Post(path.c_str(), headers, body.dump(), "application/json");
  if (!result) {
    answer.error = result.error();
    return answer;
  }
  answer.status = result->status;
  answer.body = result->body;
  answer.retry_after = result->get_header_value("Retry-After");
  answer.json = nlohmann::json::parse(answer.body, nullptr, /*allow_exceptions=*/false);
  if (answer.json.is_discarded()) answer.json = nullptr;
  return answer;
}

inline nlohmann::json get_json(httplib::Client& client, const std::string& path) {
  auto result = client.Get(path.c_str());
  if (!result || result->status != 200) throw std::runtime_error("GET " + path + " failed");
  return nlohmann::json::parse(result->body);
}

inline std::string login(httplib::Client& client) {
  auto answer = post(client, "/api/auth", {{"username", "kiosk"}, {"password", "kiosk-demo"}});
  if (answer.status != 200 || !answer.json.is_object()) throw std::runtime_error("login failed: " + answer.body);
  return answer.json["session"];
}

inline nlohmann::json call(const std::string& session, const std::string& service, nlohmann::json fields = {}) {
  if (fields.is_null()) fields = nlohmann::json::object();
  fields["session"] = session;
  fields["madonvi"] = kAgency;
  fields["service"] = service;
  return fields;
}

}  // namespace mc::test
