#pragma once
// Runs external tools (zbarimg, tesseract) for the system tests.
#include <array>
#include <cstdio>
#include <string>

namespace mc::printing::testing {

struct CommandResult {
  int status = -1;
  std::string output;
};

inline CommandResult run_command(const std::string& command) {
  CommandResult result;
  FILE* pipe = ::popen((command + " 2>/dev/null").c_str(), "r");
  if (!pipe) return result;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.output.append(buffer.data(), n);
  result.status = ::pclose(pipe);
  return result;
}

inline bool tool_available(const std::string& name) {
  return run_command("command -v " + name).status == 0;
}

// zbarimg --raw prints one symbol per line.
inline std::vector<std::string> zbar_symbols(const std::string& png) {
  std::vector<std::string> symbols;
  CommandResult result = run_command("zbarimg --quiet --raw -Sdisable -Sqrcode.enable '" + png + "'");
  size_t start = 0;
  while (start < result.output.size()) {
    size_t end = result.output.find('\n', start);
    if (end == std::string::npos) end = result.output.size();
    if (end > start) symbols.push_back(result.output.substr(start, end - start));
    start = end + 1;
  }
  return symbols;
}

}  // namespace mc::printing::testing
