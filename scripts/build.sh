#!/usr/bin/env bash
# Configures and builds one build tree.
# Usage: scripts/build.sh BUILD_DIR [cmake args...] [-- TARGET...]
#   The cmake args configure a new tree; an existing one keeps its settings, except that -DMC_BUILD_TESTS=ON
#   (and other ON switches) are applied to it. No targets: everything.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=$1; shift
args=() targets=()
while (($#)); do
  if [[ $1 == -- ]]; then shift; targets=("$@"); break; fi
  args+=("$1"); shift
done
jobs=$(nproc 2>/dev/null || echo 2)
if [[ ! -f "$build_dir/build.ninja" ]]; then
  cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${args[@]}" >/dev/null
else
  # Turning a part on is safe (setup.sh has installed what it needs); turning one off would undo the
  # other README command's tree.
  on=()
  for arg in "${args[@]}"; do [[ $arg == -D*=OFF ]] || on+=("$arg"); done
  cmake "$build_dir" "${on[@]}" >/dev/null
fi
if ((${#targets[@]})); then
  cmake --build "$build_dir" -j "$jobs" --target "${targets[@]}"
else
  cmake --build "$build_dir" -j "$jobs"
fi
