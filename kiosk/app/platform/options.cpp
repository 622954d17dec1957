#include "options.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <stdexcept>

namespace mc::platform {

void print_usage() {
  std::cerr << "usage: kiosk [--role citizen|staff|display] [--config FILE] [--windowed] [--size WxH]\n"
               "             [--screenshot FILE --frames N] [--test-hooks DIR]\n";
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
      return argv[++i];
    };
    if (a == "--role") {
      const std::string r = value();
      if (r == "citizen")
        o.role = ui::Role::Citizen;
      else if (r == "staff")
        o.role = ui::Role::Staff;
      else if (r == "display")
        o.role = ui::Role::Display;
      else
        throw std::runtime_error("--role must be citizen, staff or display");
    } else if (a == "--config") {
      o.config_path = value();
    } else if (a == "--windowed") {
      o.windowed = true;
    } else if (a == "--size") {
      const std::string v = value();
      if (std::sscanf(v.c_str(), "%dx%d", &o.width, &o.height) != 2 || o.width < 200 || o.height < 200)
        throw std::runtime_error("--size must look like 1080x1920");
    } else if (a == "--screenshot") {
      o.screenshot = value();
    } else if (a == "--frames") {
      o.frames = std::max(1, std::atoi(value().c_str()));
    } else if (a == "--test-hooks") {
      o.test_hooks = value();
    } else if (a == "--help" || a == "-h") {
      print_usage();
      std::exit(0);
    } else {
      throw std::runtime_error("unknown option " + a);
    }
  }
  if (o.role == ui::Role::Staff) o.windowed = true;  // the counter terminal is a normal window
  return o;
}

}  // namespace mc::platform
