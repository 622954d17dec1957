#pragma once
// Whether this kiosk may serve citizens (take dossiers, issue queue tickets), decided in the core so that
// every path that takes a dossier or a ticket asks the same question, and the view only draws the answer.
//
// A configuration is in one of three states:
//   Demo        no configuration file (the embedded defaults, for development and the README), or a file
//               with `demo = true`: serves, and says on screen and in the log that it is a demo;
//   Production  a file that loaded cleanly: serves;
//   Broken      a file that did not load cleanly (syntax error, bad value, unreadable) or a production file
//               without an explicit kiosk.slot: never falls back to the defaults, serves nobody.
// While running, the kiosk can also go out of service: when the one-stop server reports that a dossier
// code this kiosk issued already belongs to another dossier (two kiosks on one kiosk.slot).
#include <mutex>
#include <string>
#include <vector>
#include "mc/core/config.hpp"

namespace mc {

enum class ConfigurationState { Demo, Production, Broken };
const char* configuration_state_name(ConfigurationState state);  // "demo" / "production" / "broken"

ConfigurationState configuration_state(const ConfigLoadResult& loaded);
// Why a Broken configuration cannot serve, one line each, for staff and the log: key and reason, never
// personal data (a configuration holds none). Empty for Demo and Production.
std::vector<std::string> configuration_problems(const ConfigLoadResult& loaded);

// Thread-safe: the sync thread closes it, the UI thread reads it every frame.
class ServiceGate {
 public:
  explicit ServiceGate(ConfigurationState state = ConfigurationState::Production,
                       std::vector<std::string> reasons = {});
  static ServiceGate from(const ConfigLoadResult& loaded);
  ServiceGate(const ServiceGate& other);
  ServiceGate& operator=(const ServiceGate& other);

  ConfigurationState configuration() const { return state_; }
  bool demo() const { return state_ == ConfigurationState::Demo; }
  // False: take no dossier and issue no ticket; the citizen screen shows "out of service".
  bool in_service() const;
  // Goes out of service for the rest of this run (the kiosk keeps it across restarts through its queue).
  void close(std::string reason);
  // Why it is out of service (for staff and the log); empty while in service.
  std::vector<std::string> reasons() const;

 private:
  ConfigurationState state_;
  mutable std::mutex mutex_;
  bool closed_ = false;
  std::vector<std::string> reasons_;
};

}  // namespace mc
