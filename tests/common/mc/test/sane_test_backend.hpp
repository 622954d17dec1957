#pragma once
// SANE's own `test` backend as the document scanner of a test (STACK.md): a private SANE_CONFIG_DIR whose
// dll.conf lists only `test`, with the stock test.conf widened to A4 (its glass is 200 mm by default).
// Devices test:0 and test:1. The backend simulates errors and feeders through its own options
// (read-return-value=SANE_STATUS_JAMMED, source=Automatic Document Feeder: empty after 10 pages...).
// SANE reads its configuration once per process: call use_sane_test_backend() before the first scan.
#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace mc::test {

inline const std::string& use_sane_test_backend() {
  static const std::string dir = [] {
    namespace fs = std::filesystem;
    const fs::path path = fs::temp_directory_path() / ("mc-sane-test-" + std::to_string(::getpid()));
    fs::create_directories(path);
    std::ofstream(path / "dll.conf") << "test\n";
    std::ifstream stock("/etc/sane.d/test.conf");
    std::ofstream conf(path / "test.conf");
    std::string line;
    while (std::getline(stock, line)) {
      if (line.rfind("geometry_max", 0) == 0) line = "geometry_max 300.0";
      conf << line << "\n";
    }
    ::setenv("SANE_CONFIG_DIR", path.c_str(), 1);
    return path.string();
  }();
  return dir;
}

}  // namespace mc::test
