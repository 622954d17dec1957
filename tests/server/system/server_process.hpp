#pragma once
// Starts the real onestop-server binary on a free loopback port and stops it again (SIGTERM).
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace mc::test {

inline constexpr const char* kAgency = "000.00.15.G12";

class ServerProcess {
 public:
  explicit ServerProcess(std::vector<std::string> extra_args) {
    std::signal(SIGPIPE, SIG_IGN);
    std::vector<std::string> args = {ONESTOP_SERVER_BIN, "--port", "0", "--catalog-dir",
                                     std::string(MC_TEST_ASSETS_DIR) + "/catalog"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      close(out[0]);
      close(out[1]);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(out[1]);
    stdout_fd_ = out[0];
    first_line_ = read_line(std::chrono::seconds(10));
    std::smatch match;
    static const std::regex listening(R"(^listening on 127\.0\.0\.1:(\d+)$)");
    if (!std::regex_match(first_line_, match, listening))
      throw std::runtime_error("unexpected first line from onestop-server: '" + first_line_ + "'");
    port_ = std::stoi(match[1]);
  }

  ~ServerProcess() {
    if (pid_ > 0) stop();
    if (stdout_fd_ >= 0) close(stdout_fd_);
  }

  // SIGTERM, then the exit status (-1 when it had to be killed).
  int stop() {
    if (pid_ <= 0) return exit_status_;
    kill(pid_, SIGTERM);
    for (int i = 0; i < 500; ++i) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        return exit_status_;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
    exit_status_ = -1;
    return exit_status_;
  }

  int port() const { return port_; }
  const std::string& first_line() const { return first_line_; }

  httplib::Client client() const {
    httplib::Client client("127.0.0.1", port_);
    client.set_connection_timeout(5);
    client.set_read_timeout(10);
    return client;
  }

 private:
  std::string read_line(std::chrono::seconds timeout) {
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd fd{stdout_fd_, POLLIN, 0};
      if (poll(&fd, 1, 100) <= 0) continue;
      char c;
      if (read(stdout_fd_, &c, 1) != 1) break;
      if (c == '\n') return line;
      line += c;
    }
    return line;
  }

  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  int port_ = 0;
  int exit_status_ = -1;
  std::string first_line_;
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
