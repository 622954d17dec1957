#pragma once
// The kiosk's command line:
//   kiosk [--role citizen|staff|display] [--config FILE] [--windowed] [--size WxH]
//         [--screenshot FILE --frames N] [--test-hooks DIR]
#include <string>

#include "ui/kiosk_app.hpp"

namespace mc::platform {

struct Options {
  ui::Role role = ui::Role::Citizen;
  std::string config_path;
  bool windowed = false;
  int width = 0, height = 0;  // 0: the display's size (full screen) or a portrait development window
  std::string screenshot;     // write one screenshot after `frames` frames, then exit
  int frames = 3;
  std::string test_hooks;  // see test_hooks.hpp
};

// Throws std::runtime_error with the reason for a bad command line; exits 0 after printing --help.
Options parse_options(int argc, char** argv);
void print_usage();

}  // namespace mc::platform
