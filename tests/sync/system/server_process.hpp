#pragma once
// Starts the reference onestop-server (docs/protocol.md) as a child process on a free loopback port and
// stops it (by its own PID) when the test ends.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <httplib.h>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace mc::sync::testing {

class ServerProcess {
 public:
  explicit ServerProcess(std::vector<std::string> args) {
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
    args.insert(args.begin(), ONESTOP_SERVER_BIN);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(pipe_fds[1], STDOUT_FILENO);
      ::close(pipe_fds[0]);
      ::close(pipe_fds[1]);
      std::vector<char*> argv;
      for (auto& arg : args) argv.push_back(arg.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(pipe_fds[1]);
    out_ = ::fdopen(pipe_fds[0], "r");
    char line[256] = {};
    if (!out_ || !std::fgets(line, sizeof line, out_)) {
      stop();
      throw std::runtime_error("onestop-server did not start (" + std::string(ONESTOP_SERVER_BIN) + ")");
    }
    std::string text(line);
    auto colon = text.rfind(':');
    if (text.rfind("listening on ", 0) != 0 || colon == std::string::npos) {
      stop();
      throw std::runtime_error("unexpected first line from onestop-server: " + text);
    }
    port_ = std::stoi(text.substr(colon + 1));
  }
  ~ServerProcess() { stop(); }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/api"; }

  // GET /admin/dossiers
  nlohmann::json dossiers() const {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(60, 0);
    auto answer = client.Get("/admin/dossiers");
    if (!answer || answer->status != 200) throw std::runtime_error("GET /admin/dossiers failed");
    return nlohmann::json::parse(answer->body);
  }

  void stop() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      ::waitpid(pid_, &status, 0);
      pid_ = -1;
    }
    if (out_) {
      std::fclose(out_);
      out_ = nullptr;
    }
  }

 private:
  pid_t pid_ = -1;
  FILE* out_ = nullptr;
  int port_ = 0;
};

}  // namespace mc::sync::testing
