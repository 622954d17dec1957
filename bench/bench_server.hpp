#pragma once
// The benchmarks that drain a queue to the reference onestop-server (bench_queue, bench_drain) find its binary
// here; they start and stop it with the tests' mc::test::ServerProcess (tests/common).
#include <filesystem>
#include <string>

namespace mc::bench {

// The given path, else onestop-server next to the benchmark or in ../sync/server/ of its build tree; empty
// when none is there.
inline std::string find_server(const std::string& given, const char* argv0) {
  namespace fs = std::filesystem;
  if (!given.empty()) return given;
  const fs::path self = fs::absolute(argv0).parent_path();
  for (const fs::path& candidate : {self / "onestop-server", self / ".." / "sync" / "server" / "onestop-server"})
    if (fs::exists(candidate)) return candidate.string();
  return {};
}

}  // namespace mc::bench
