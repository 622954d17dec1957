#pragma once
// One class per citizen screen (ImHex's one class per view), each in its own file, all listed once in
// make_citizen_screens() (screens.cpp). A screen draws the journey's state for its mc::Screen inside the
// scrolling content area and turns taps into journey calls; the header, footer, keyboard and idle
// warning around it are KioskUi's. See kiosk/app/README.md, "Adding a screen".
#include <memory>
#include <vector>

#include "../view_context.hpp"

namespace mc::ui {

// The footer's buttons on a screen: back, cancel (wipe and start again), and the main action.
struct Footer {
  bool shown = true;
  bool back = true;
  bool cancel = true;
  const char* next_key = nullptr;  // i18n key of the main action's label; nullptr: none
};

class CitizenScreen {
 public:
  virtual ~CitizenScreen() = default;
  virtual Screen screen() const = 0;
  virtual Footer footer() const = 0;
  // The footer for the journey's state now (a screen whose buttons change with it overrides this).
  virtual Footer footer_for(const Journey& journey) const {
    (void)journey;
    return footer();
  }
  virtual void draw(const ViewContext& v) = 0;
  // The journey entered this screen (or a new form step): forget per-visit view state.
  virtual void on_enter() {}
};

// Every citizen screen, one per mc::Screen value.
std::vector<std::unique_ptr<CitizenScreen>> make_citizen_screens();

}  // namespace mc::ui
