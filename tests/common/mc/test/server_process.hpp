#pragma once
// Runs the reference onestop-server (docs/protocol.md) as a child process for a test or a benchmark: starts
// it, waits for its first stdout line "listening on 127.0.0.1:PORT" (so give it "--port 0" for a free
// port), and stops it again by its own PID. Used by tests/server, tests/sync and bench/bench_queue.
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace mc::test {

class ServerProcess {
 public:
  // binary: the onestop-server program; args: its arguments (without the program name).
  ServerProcess(std::string binary, std::vector<std::string> args) {
    args.insert(args.begin(), std::move(binary));
    int out[2];
    if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
    pid_ = ::fork();
    if (pid_ < 0) {
      ::close(out[0]);
      ::close(out[1]);
      throw std::runtime_error("fork failed");
    }
    if (pid_ == 0) {
      ::dup2(out[1], STDOUT_FILENO);
      ::close(out[0]);
      ::close(out[1]);
      std::vector<char*> argv;
      for (auto& arg : args) argv.push_back(arg.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    stdout_fd_ = out[0];
    first_line_ = read_line(std::chrono::seconds(10));
    static const std::regex listening(R"(^listening on 127\.0\.0\.1:(\d+)$)");
    std::smatch match;
    if (!std::regex_match(first_line_, match, listening)) {
      // The destructor does not run when the constructor throws: do not leave the child behind.
      stop();
      throw std::runtime_error("unexpected first line from onestop-server (" + args[0] + "): '" + first_line_ + "'");
    }
    port_ = std::stoi(match[1]);
  }
  ~ServerProcess() { stop(); }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  const std::string& first_line() const { return first_line_; }
  // The kiosk's sync URL for this server.
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/api"; }

  // SIGTERM, then the exit status (-1 when it had to be killed or died of a signal). Safe to call again.
  int stop() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      exit_status_ = -1;
      bool exited = false;
      // A clean stop takes milliseconds; a server that hangs must not hang the test run.
      for (int i = 0; i < 500 && !exited; ++i) {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
          exited = true;
          exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        } else {
          std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
      }
      if (!exited) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
      }
      pid_ = -1;
    }
    if (stdout_fd_ >= 0) {
      ::close(stdout_fd_);
      stdout_fd_ = -1;
    }
    return exit_status_;
  }

 private:
  std::string read_line(std::chrono::seconds timeout) {
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd fd{stdout_fd_, POLLIN, 0};
      if (::poll(&fd, 1, 100) <= 0) continue;
      char c;
      if (::read(stdout_fd_, &c, 1) != 1) break;
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

}  // namespace mc::test
