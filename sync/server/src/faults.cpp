#include "mc/server/faults.hpp"

#include "mc/core/text.hpp"

namespace mc::server {

const char* fault_mode_name(FaultMode mode) {
  switch (mode) {
    case FaultMode::Http500:
      return "500";
    case FaultMode::Http503:
      return "503";
    case FaultMode::Drop:
      return "drop";
    case FaultMode::Garbage:
      return "garbage";
  }
  return "?";
}

std::optional<std::vector<FaultMode>> parse_fault_modes(const std::string& text, std::string& error) {
  std::vector<FaultMode> modes;
  for (const auto& raw : split(text, ',')) {
    const std::string item = trim(raw);
    if (item == "500")
      modes.push_back(FaultMode::Http500);
    else if (item == "503")
      modes.push_back(FaultMode::Http503);
    else if (item == "drop")
      modes.push_back(FaultMode::Drop);
    else if (item == "garbage")
      modes.push_back(FaultMode::Garbage);
    else {
      error = "unknown fault mode '" + item + "' (expected 500, 503, drop, garbage)";
      return std::nullopt;
    }
  }
  if (modes.empty()) {
    error = "no fault mode given (expected a list of 500, 503, drop, garbage)";
    return std::nullopt;
  }
  return modes;
}

FaultInjector::FaultInjector(double rate, std::vector<FaultMode> modes, uint64_t seed)
    : rate_(rate), modes_(std::move(modes)), random_(seed) {}

std::optional<Fault> FaultInjector::roll() {
  if (rate_ <= 0 || modes_.empty()) return std::nullopt;
  std::lock_guard lock(mutex_);
  // Always draw the same number of values, so one request's fault never shifts the next one's dice.
  const uint64_t chance = random_();
  const uint64_t mode = random_();
  const uint64_t phase = random_();
  const uint64_t variant = random_();
  const double unit = static_cast<double>(chance >> 11) * 0x1.0p-53;
  if (unit >= rate_) return std::nullopt;
  return Fault{modes_[mode % modes_.size()], phase % 2 ? FaultPhase::AfterProcessing : FaultPhase::BeforeProcessing,
               static_cast<int>(variant % 2)};
}

}  // namespace mc::server
