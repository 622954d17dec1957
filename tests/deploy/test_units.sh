#!/usr/bin/env bash
# Every unit in assets/deploy: `systemd-analyze verify` reports nothing, `systemd-analyze security` (offline,
# no running manager needed) rates its exposure at most $max_exposure, it carries the sandbox the kiosk
# relies on, and cage is never started with -s (VT switching from any keyboard reaches a login prompt).
#   test_units.sh DEPLOY_DIR
set -euo pipefail
deploy=$1
max_exposure=3.0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v systemd-analyze >/dev/null || fail "systemd-analyze is not installed (package systemd)"

# verify checks that ExecStart's programs exist: stand-ins at the installed paths' names.
mkdir -p "$work/bin"
for program in cage mot-cua-kiosk; do printf '#!/bin/sh\nexit 0\n' >"$work/bin/$program"; chmod +x "$work/bin/$program"; done
units=("$deploy"/*.service)
((${#units[@]})) || fail "no units in $deploy"
for unit in "${units[@]}"; do
  name=$(basename "$unit")
  sed -e "s#/usr/bin/cage#$work/bin/cage#g" -e "s#/usr/bin/mot-cua-kiosk#$work/bin/mot-cua-kiosk#g" "$unit" >"$work/$name"
  out=$(systemd-analyze verify "$work/$name" 2>&1) || fail "$name: systemd-analyze verify failed: $out"
  [[ -z $out ]] || fail "$name: systemd-analyze verify complains: $out"

  security=$(systemd-analyze security --offline=true "$unit" 2>&1) || fail "$name: security: $security"
  exposure=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' <<<"$security")
  [[ -n $exposure ]] || fail "$name: no exposure level in: $security"
  echo "$name: exposure $exposure"
  awk -v e="$exposure" -v m="$max_exposure" 'BEGIN { exit !(e <= m) }' ||
    fail "$name: exposure $exposure is above $max_exposure: $(grep '✗' <<<"$security" | head -20)"

  for directive in NoNewPrivileges=yes ProtectSystem=strict ReadWritePaths=/var/lib/mot-cua-kiosk PrivateTmp=yes \
    UMask=0077 LimitCORE=0 CapabilityBoundingSet= RestrictAddressFamilies=; do
    grep -q "^$directive" "$unit" || fail "$name: no $directive"
  done
  grep -qE '^ProtectHome=(yes|read-only)' "$unit" || fail "$name: no ProtectHome"
  if grep -q '^ExecStart=.*cage' "$unit"; then
    cage_args=$(sed -n 's/^ExecStart=[^ ]*cage \(.*\) -- .*/\1/p' "$unit")
    grep -qE '(^|\s)-[a-zA-Z]*s' <<<"$cage_args" && fail "$name: cage runs with -s (VT switching): $cage_args"
  fi
done
echo "PASS: ${#units[@]} unit(s) verified and hardened"
