#!/usr/bin/env bash
# The first README command: set up, build, start the reference one-stop server on loopback,
# and start the kiosk on its embedded defaults pointed at it. Extra arguments go to the kiosk.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh" build
"$root/scripts/build.sh" "$root/build"
exec "$root/scripts/start-kiosk.sh" "$root/build" "$@"
