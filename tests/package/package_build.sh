#!/usr/bin/env bash
# Builds the release package (what `cmake --build build --target package` does) and the upgrade test's N+1
# package, and copies both to PACKAGES for the other package tests.
# Usage: package_build.sh BUILD_DIR UPGRADE_TEST_CPACK_CONFIG PACKAGES VERSION NEXT_VERSION
set -euo pipefail
build=$1 next_config=$2 packages=$3 version=$4 next_version=$5
rm -rf "$packages" && mkdir -p "$packages"
cd "$build"
start=$(date +%s%N)
cpack --config CPackConfig.cmake >"$packages/cpack.log" 2>&1 || { cat "$packages/cpack.log"; exit 1; }
cpack --config "$next_config" >"$packages/cpack-next.log" 2>&1 || { cat "$packages/cpack-next.log"; exit 1; }
echo "both packages built in $((($(date +%s%N) - start) / 1000000)) ms"
release="$build/packages/mot-cua-kiosk_${version}_amd64.deb"
next=$(dirname "$next_config")/next-package/mot-cua-kiosk_${next_version}_amd64.deb
for deb in "$release" "$next"; do
  [[ -f $deb ]] || { echo "FAIL: $deb was not written" >&2; ls -la "$(dirname "$deb")" >&2; exit 1; }
  cp "$deb" "$packages/"
  ls -la "$deb"
done
