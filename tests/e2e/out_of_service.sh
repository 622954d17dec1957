#!/usr/bin/env bash
# End-to-end (issue 11): a production kiosk whose configuration does not load cleanly never turns into the
# demo kiosk. The real kiosk under Xvfb with a site's kiosk.toml broken by one syntax error shows the
# out-of-service screen (screenshot), takes no dossier and no ticket whatever is tapped or scanned, creates
# nothing in its data directory, and still lets staff in with the PIN. Then, with no configuration file at
# all, the kiosk runs the demo configuration and says so on screen and in its log.
#
#   out_of_service.sh KIOSK KIOSKCTL OUT_DIR
# Run inside one `xvfb-run -a -s "-screen 0 1080x1920x24"` (the CMake test does that).
set -euo pipefail
kiosk=$1 kioskctl=$2 out=$3
mkdir -p "$out"
source "$(dirname "$0")/lib.sh"

# A site's configuration, first as the IT officer wrote it; the staff PIN set with it.
mkdir -p "$work/data"
cat >"$work/kiosk.toml" <<TOML
data_dir = "$work/data"
[kiosk]
id = "HN-SANH-02"
slot = 2
[server]
url = "http://127.0.0.1:9/api"
TOML
staff_pin=135790
printf '%s\n' "$staff_pin" | "$kioskctl" --config "$work/kiosk.toml" staff set-pin >/dev/null ||
  fail "kioskctl staff set-pin failed"
rm -rf "$work/data" && mkdir -p "$work/data"  # set-pin's audit entry: not part of what the kiosk may create

# Then one careless edit: a section header without its closing bracket.
printf '[printer\ntransport = "device"\n' >>"$work/kiosk.toml"
"$kioskctl" --config "$work/kiosk.toml" config check >"$work/check.txt" && fail "config check accepted the broken file"
grep -q "out of service" "$work/check.txt" || fail "config check did not say the kiosk stays out of service"

e2e_start_kiosk "$kiosk" "$work/kiosk.toml"
for _ in $(seq 200); do [[ $(field service) == out ]] && break; sleep 0.05; done
[[ $(field service) == out ]] || fail "the kiosk is not out of service (service: $(field service))"
[[ $(field configuration) == broken ]] || fail "configuration state $(field configuration), expected broken"
wait_frames
shot out-of-service
grep -q "out of service: .*kiosk.toml: (syntax): line 7" "$work/kiosk.log" || fail "the log does not give the reason"
grep -qi "demo configuration" "$work/kiosk.log" && fail "a broken site file was treated as the demo configuration"

# Whatever a citizen does: taps where the buttons usually are, an ID card scan, a receipt scan.
for y in 700 1000 1300 1600 1850; do xdotool mousemove 540 $y click 1; sleep 0.1; done
xdotool type --delay 2 "001099012345||Nguyen Van A|15031999|Nam|So 1 Duong ABC, Phuong X, TP Z|10052021"
xdotool key Return
xdotool type --delay 2 "000.00.15.G12-260302-2001"
xdotool key Return
wait_frames
[[ $(field service) == out ]] || fail "the kiosk left the out-of-service screen"
[[ $(field screen) == attract ]] || fail "the citizen journey moved on to $(field screen)"
leftovers=$(ls -A "$work/data")
[[ -z $leftovers ]] || fail "the kiosk created files in its data directory: $leftovers"
[[ ! -e var ]] || fail "the kiosk created ./var (the demo data directory)"

# Staff mode is still reachable with the PIN (read from its own file, which the broken file does not hold).
xdotool key ctrl+alt+s
wait_staff pin
for digit in $(grep -o . <<<"$staff_pin"); do tap_in_place "staff.pin.$digit"; done
tap_in_place staff.pin.ok
wait_staff find
shot out-of-service-staff
tap_in_place staff.nav.leave
wait_staff closed
echo "quit" >"$hooks/command"
for _ in $(seq 100); do kill -0 "$kiosk_pid" 2>/dev/null || break; sleep 0.05; done
kiosk_pid=""

# No configuration file at all: the demo configuration, said on screen and in the log. In a network
# namespace of its own, so its default server address (127.0.0.1:8787) reaches nobody else's server.
mkdir -p "$work/demo"
(cd "$work/demo" && env -u MC_CONFIG unshare -n "$kiosk" --screenshot "$out/demo-marker.png" --frames 10 \
  >"$work/demo.log" 2>&1) || fail "the kiosk failed with the embedded defaults: $(tail -5 "$work/demo.log")"
grep -q "configuration (embedded defaults): demo" "$work/demo.log" || fail "the log does not name the demo configuration"
grep -q "demo configuration" "$work/demo.log" || fail "the log does not warn about the demo configuration"
[[ -s $out/demo-marker.png ]] || fail "no screenshot of the demo kiosk"
echo "PASS: out of service on a broken configuration; demo configuration marked"
