#!/usr/bin/env bash
# The second README command: set up, build, run every test; then build the unit tests with
# AddressSanitizer + UndefinedBehaviorSanitizer and run them too.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc 2>/dev/null || echo 2)
# Each phase says how long it took: the whole command has a budget of 50 minutes on a 2-core CI machine.
phase_started=$SECONDS
phase() {
  echo "== $* (previous phase: $((SECONDS - phase_started)) s; total so far: $SECONDS s) =="
  phase_started=$SECONDS
}
"$root/scripts/setup.sh" test

phase "build (RelWithDebInfo)"
"$root/scripts/build.sh" "$root/build" -DMC_BUILD_TESTS=ON
phase "build (ASan + UBSan at -O0, the unit tests only)"
"$root/scripts/build.sh" "$root/build-asan" -DMC_BUILD_TESTS=ON -DMC_SANITIZE=ON -DMC_BUILD_UI=OFF \
  -DMC_BUILD_BENCH=OFF -- unit_tests

phase "unit tests under ASan + UBSan"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$root/tests/lsan.supp  # fontconfig's process-long cache (mc_documents)
(cd "$root/build-asan" && ctest -L unit --output-on-failure -j "$jobs")

# libFuzzer needs clang: a third tree that builds only the fuzz targets and the sources they link (not the
# UI, not the tests), each run for a few seconds from its seeds. fuzz/run_fuzzers.sh prints execs/s.
phase "fuzzing (clang + libFuzzer, ${MC_FUZZ_SECONDS:-8} s per target)"
CC=clang CXX=clang++ "$root/scripts/build.sh" "$root/build-fuzz" -DMC_FUZZ=ON -DMC_BUILD_UI=OFF \
  -DMC_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo -- fuzz_targets
"$root/fuzz/run_fuzzers.sh" "$root/build-fuzz" "${MC_FUZZ_SECONDS:-8}"

phase "all tests"
cd "$root/build"
status=0
ctest --output-on-failure -j "$jobs" || status=$?
phase "done"
exit $status
