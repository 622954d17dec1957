#!/usr/bin/env bash
# The first README command: set up, build, start the reference one-stop server on loopback,
# and start the kiosk on its embedded defaults pointed at it. Extra arguments go to the kiosk.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh" build
# Only what the kiosk needs, so the build packages suffice (scripts/check_packages.py keeps this true). A tree
# that scripts/test.sh configured keeps its tests (the test packages are installed then).
"$root/scripts/build.sh" "$root/build" -DMC_BUILD_TESTS=OFF -DMC_BUILD_BENCH=OFF -- kiosk kioskctl onestop-server
exec "$root/scripts/start-kiosk.sh" "$root/build" "$@"
