#!/usr/bin/env bash
# Runs each libFuzzer target of a clang fuzz tree for a few seconds from its seeds and the kept regressions,
# and prints executions per second. A crash fails the run; its input is copied to fuzz/regressions/<name>/
# (commit it: the replay_<name> unit test then runs it in every build).
#   run_fuzzers.sh FUZZ_BUILD_DIR [SECONDS_PER_TARGET]
set -euo pipefail
build=$1
seconds=${2:-10}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
failed=0
printf '%-16s %10s %12s %8s %s\n' target runs "execs/s" corpus result
while read -r name seeds; do
  [[ -n $name ]] || continue
  mkdir -p "$work/$name/corpus" "$work/$name/artifacts" "$here/regressions/$name"
  # Files given as seeds are copied in; directories are read as they are.
  dirs=()
  for seed in $seeds; do
    if [[ -d $seed ]]; then dirs+=("$seed"); else cp "$seed" "$work/$name/corpus/"; fi
  done
  log=$work/$name/log
  status=ok
  # -rss_limit_mb: an input that makes the parser hold gigabytes is a finding too.
  if ! "$build/fuzz/fuzz_$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 -max_len=65536 \
      -print_final_stats=1 -artifact_prefix="$work/$name/artifacts/" \
      "$work/$name/corpus" "${dirs[@]}" "$here/regressions/$name" >"$log" 2>&1; then
    status=CRASH
    failed=1
    for artifact in "$work/$name/artifacts"/*; do
      [[ -e $artifact ]] || continue
      cp "$artifact" "$here/regressions/$name/"
      echo "fuzz_$name: kept $(basename "$artifact") in fuzz/regressions/$name/" >&2
    done
    tail -40 "$log" >&2
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  corpus=$(find "$work/$name/corpus" -type f | wc -l)
  printf '%-16s %10s %12s %8s %s\n' "$name" "${runs:-?}" "${rate:-?}" "$corpus" "$status"
done <"$build/fuzz/seeds.txt"
exit $failed
