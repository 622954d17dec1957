#pragma once
// Where a scan goes, whatever scanner read it (keyboard wedge, camera, serial): to staff mode while it
// is open, else to the citizen's journey. UI-free (mc_app), unit-tested for both paths.
#include <string_view>

#include "mc/core/journey.hpp"
#include "mc/core/service_state.hpp"
#include "mc/core/staff_console.hpp"

namespace mc::app {

class ScanRouter {
 public:
  enum class Outcome {
    Staff,    // staff mode took it (a receipt looked up, or swallowed)
    Citizen,  // the journey took an ID card or a receipt (the view drops its text focus)
    Notice,   // the journey says what it was and why it cannot be used
    Dropped,  // staff mode is on its PIN pad, or the kiosk is out of service: nothing reaches the citizen
  };
  // gate, when given: while it is closed (out of service) the journey gets no scan, so no citizen's data.
  ScanRouter(Journey& journey, StaffConsole& staff, const ServiceGate* gate = nullptr)
      : journey_(journey), staff_(staff), gate_(gate) {}
  // `source` names the scanner in the log ("wedge", "camera", "serial"); the log has the scan's kind and
  // length only, never its content (an ID card carries personal data).
  Outcome route(std::string_view text, std::string_view source);

 private:
  Journey& journey_;
  StaffConsole& staff_;
  const ServiceGate* gate_;
};

}  // namespace mc::app
