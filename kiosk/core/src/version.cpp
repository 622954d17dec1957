#include "mc/core/version.hpp"

#ifndef MC_VERSION
#error "MC_VERSION is set for this file by kiosk/core/CMakeLists.txt"
#endif

namespace mc {

const char* software_version() {
  return MC_VERSION;
}

}  // namespace mc
