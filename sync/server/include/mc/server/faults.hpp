#pragma once
// Fault injection for tests and demos: a share of /auth and /integration requests fails in one of the
// ways a real network and a real ministry server fail. A fault hits either before the request is
// processed, or after it (the dossier is stored but the answer is lost: what exactly-once is about).
#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace mc::server {

enum class FaultMode { Http500, Http503, Drop, Garbage };
const char* fault_mode_name(FaultMode mode);  // "500", "503", "drop", "garbage"
// "500,503,drop,garbage" -> modes; nullopt (with the bad item in `error`) on an unknown name.
std::optional<std::vector<FaultMode>> parse_fault_modes(const std::string& text, std::string& error);

enum class FaultPhase { BeforeProcessing, AfterProcessing };

struct Fault {
  FaultMode mode;
  FaultPhase phase;
  int variant;  // garbage: 0 = HTML page, 1 = truncated JSON
};

// Deterministic for a given seed and request order.
class FaultInjector {
 public:
  FaultInjector(double rate, std::vector<FaultMode> modes, uint64_t seed);
  std::optional<Fault> roll();
  double rate() const { return rate_; }

 private:
  double rate_;
  std::vector<FaultMode> modes_;
  std::mutex mutex_;
  std::mt19937_64 random_;
};

}  // namespace mc::server
