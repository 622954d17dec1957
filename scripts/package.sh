#!/usr/bin/env bash
# Builds the Debian package mot-cua-kiosk_<version>_amd64.deb from this tree with CPack (the same as
# `cmake --build build --target package`) and prints its path on the last line.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh" build
"$root/scripts/build.sh" "$root/build" >&2
cmake --build "$root/build" --target package >&2
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$root/build/CMakeCache.txt")
echo "$root/build/packages/mot-cua-kiosk_${version}_amd64.deb"
