#include "mc/core/service_state.hpp"

#include <algorithm>

namespace mc {

const char* configuration_state_name(ConfigurationState state) {
  switch (state) {
    case ConfigurationState::Demo:
      return "demo";
    case ConfigurationState::Production:
      return "production";
    case ConfigurationState::Broken:
      return "broken";
  }
  return "broken";
}

std::vector<std::string> configuration_problems(const ConfigLoadResult& loaded) {
  std::vector<std::string> problems;
  for (const auto& issue : loaded.issues) problems.push_back(loaded.source + ": " + issue.key + ": " + issue.reason);
  for (const auto& blocker : production_blockers(loaded))
    problems.push_back(loaded.source + ": " + blocker.key + " " + blocker.reason);
  return problems;
}

ConfigurationState configuration_state(const ConfigLoadResult& loaded) {
  if (!configuration_problems(loaded).empty()) return ConfigurationState::Broken;
  if (!loaded.from_file || loaded.config.demo) return ConfigurationState::Demo;
  return ConfigurationState::Production;
}

ServiceGate::ServiceGate(ConfigurationState state, std::vector<std::string> reasons)
    : state_(state), closed_(state == ConfigurationState::Broken), reasons_(std::move(reasons)) {
  if (closed_ && reasons_.empty()) reasons_.push_back("the configuration did not load cleanly");
}

ServiceGate ServiceGate::from(const ConfigLoadResult& loaded) {
  return ServiceGate(configuration_state(loaded), configuration_problems(loaded));
}

ServiceGate::ServiceGate(const ServiceGate& other) : state_(other.state_) {
  std::lock_guard lock(other.mutex_);
  closed_ = other.closed_;
  reasons_ = other.reasons_;
}

ServiceGate& ServiceGate::operator=(const ServiceGate& other) {
  if (this == &other) return *this;
  std::scoped_lock lock(mutex_, other.mutex_);
  state_ = other.state_;
  closed_ = other.closed_;
  reasons_ = other.reasons_;
  return *this;
}

bool ServiceGate::in_service() const {
  std::lock_guard lock(mutex_);
  return !closed_;
}

void ServiceGate::close(std::string reason) {
  std::lock_guard lock(mutex_);
  if (closed_ && std::find(reasons_.begin(), reasons_.end(), reason) != reasons_.end()) return;
  if (!closed_) reasons_.clear();
  closed_ = true;
  reasons_.push_back(std::move(reason));
}

std::vector<std::string> ServiceGate::reasons() const {
  std::lock_guard lock(mutex_);
  return closed_ ? reasons_ : std::vector<std::string>{};
}

}  // namespace mc
