#include "test_hooks.hpp"

#include <filesystem>
#include <fstream>

namespace mc::platform {

TestHooks::TestHooks(std::string dir) : dir_(std::move(dir)) {
  if (!dir_.empty()) std::filesystem::create_directories(dir_);
}

TestHooks::Command TestHooks::poll(int64_t now_ms) {
  Command command;
  if (!enabled() || now_ms - last_poll_ms_ < kPollMs) return command;
  last_poll_ms_ = now_ms;
  const std::string path = dir_ + "/command";
  std::ifstream in(path);
  if (!in) return command;
  std::string line;
  std::getline(in, line);
  in.close();
  std::filesystem::remove(path);
  if (line.rfind("screenshot ", 0) == 0) {
    command.kind = Command::Kind::Screenshot;
    command.path = line.substr(11);
  } else if (line == "quit") {
    command.kind = Command::Kind::Quit;
  }
  return command;
}

void TestHooks::screenshot_done(const std::string& path, bool ok) {
  std::ofstream(dir_ + "/command.done") << (ok ? "ok " : "failed ") << path << "\n";
}

void TestHooks::write_widgets(const std::string& lines) {
  if (!enabled()) return;
  // Written aside and renamed: a reader never sees half a file.
  const std::string tmp = dir_ + "/widgets.txt.tmp";
  std::ofstream(tmp) << lines;
  std::error_code ec;
  std::filesystem::rename(tmp, dir_ + "/widgets.txt", ec);
}

}  // namespace mc::platform
