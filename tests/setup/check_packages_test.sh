#!/usr/bin/env bash
# scripts/check_packages.py passes on this tree, and fails on copies of it that drifted the ways a fresh
# machine would notice: a test package missing from setup.sh, a new find_package without a package, and
# `bash scripts/run.sh` configuring the tests (the original bug: Catch2 required, catch2 not installed).
#   check_packages_test.sh SOURCE_DIR
set -euo pipefail
src=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

python3 "$src/scripts/check_packages.py" "$src" || fail "the tree itself is not in step (see above)"
python3 "$src/scripts/check_packages.py" --no-dpkg "$src" >/dev/null || fail "the check without dpkg disagrees"

copy() {  # a fresh copy of what the check reads
  rm -rf "$work/tree" && mkdir -p "$work/tree"
  (cd "$src" && tar --exclude='./build*' --exclude='./.git' --exclude='./var' --exclude='./docs' --exclude='./assets' \
    -cf - .) | tar -xf - -C "$work/tree"
}
expect_drift() {  # $1: what the message must say
  if python3 "$work/tree/scripts/check_packages.py" --no-dpkg "$work/tree" >"$work/out.txt" 2>&1; then
    fail "the check missed: $1"
  fi
  grep -q "$1" "$work/out.txt" || { cat "$work/out.txt" >&2; fail "the check did not name: $1"; }
}

copy
sed -i 's/^\(  catch2 \)/  /' "$work/tree/scripts/setup.sh"
expect_drift "catch2 (find_package Catch2"

copy
printf 'find_package(Foo REQUIRED)\n' >>"$work/tree/cmake/Dependencies.cmake"
expect_drift "find_package Foo is not in scripts/packages.map"

copy
sed -i 's/-DMC_BUILD_TESTS=OFF//' "$work/tree/scripts/run.sh"
sed -i 's/option(MC_BUILD_TESTS "Build the Catch2 tests" OFF)/option(MC_BUILD_TESTS "Build the Catch2 tests" ON)/' \
  "$work/tree/CMakeLists.txt"
expect_drift "Catch2 is needed by \`bash scripts/run.sh\`"

copy
printf 'zbarimg --raw x.png\nnewtool --version\n' >>"$work/tree/tests/e2e/lib.sh"
expect_drift "program newtool is not in scripts/packages.map"
echo "PASS: setup.sh covers the requirements; the check catches each kind of drift"
