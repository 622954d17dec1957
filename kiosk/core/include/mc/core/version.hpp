#pragma once
// The software version of this build (the CMake project version, e.g. "0.1.0"; the Debian package has the
// same). It lives alone in kiosk/core/src/version.cpp so that a build differing only in its version (the
// upgrade test's N+1, tests/package/) relinks the same objects instead of compiling the tree again.
namespace mc {

const char* software_version();

}  // namespace mc
