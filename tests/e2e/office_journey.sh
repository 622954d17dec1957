#!/usr/bin/env bash
# End-to-end: the kiosk's three roles on the office's PostgreSQL database (the suite's private server, ctest
# fixture office_pg), each while the database goes away and comes back. Real binary under Xvfb, real X
# input from xdotool, the database switched off for this test's database only (ALTER DATABASE ...
# ALLOW_CONNECTIONS false, its sessions cut), so the other tests keep theirs.
#   - kiosk: a number taken by tapping is in the office database; away: the attract screen says
#     "Tạm ngừng cấp số thứ tự" instead of offering numbers; back: numbers again, by itself.
#   - counter terminal (--role staff): away: calling is unavailable, buttons greyed; back: it calls.
#   - display (--role display): shows the call; away: the last calls stay with "mất kết nối"; back: it
#     catches up with a call made while it was away.
# Screenshots go to OUT_DIR.
#
#   office_journey.sh KIOSK KIOSKCTL PG_POINTER OUT_DIR
# Run inside one `xvfb-run -a -s "-screen 0 1080x1920x24"` (the CMake test does that).
set -euo pipefail
kiosk=$1 kioskctl=$2 pointer=$3 out=$4
mkdir -p "$out"
source "$(dirname "$0")/lib.sh"

pgdir=$(cat "$pointer")
[[ $pgdir == skip ]] && { echo "SKIP: no PostgreSQL server (apt-get install postgresql)"; exit 77; }
pgport=$(cat "$pgdir/port")
psql_bin=$(pg_config --bindir 2>/dev/null)/psql
[[ -x $psql_bin ]] || psql_bin=psql
admin() { "$psql_bin" -X -q -At -v ON_ERROR_STOP=1 -h "$pgdir" -p "$pgport" -U postgres -d "${2:-postgres}" -c "$1"; }
database=t_e2e_$$
admin "CREATE DATABASE $database OWNER mc_kiosk TEMPLATE template0"
office_away() {
  admin "ALTER DATABASE $database WITH ALLOW_CONNECTIONS false"
  admin "SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity WHERE datname = '$database'" >/dev/null
}
office_back() { admin "ALTER DATABASE $database WITH ALLOW_CONNECTIONS true"; }

staff_pin=246813
cat >"$work/kiosk.toml" <<TOML
data_dir = "$work/data"
[kiosk]
id = "KIOSK-E2E"
slot = 1
[server]
url = "http://127.0.0.1:9/api"
[ui]
idle_timeout_s = 600
[office]
database = "postgresql://mc_kiosk@127.0.0.1:$pgport/$database"
password_file = "$pgdir/pgpass"
heartbeat_interval_s = 5
[counter]
name = "2"
areas = ["A"]
TOML
printf '%s\n' "$staff_pin" | "$kioskctl" --config "$work/kiosk.toml" staff set-pin >/dev/null ||
  fail "kioskctl staff set-pin failed"

has_widget() { [[ -n $(widget "$1") ]]; }
wait_widget() {
  for _ in $(seq "${2:-300}"); do has_widget "$1" && return 0; sleep 0.05; done
  fail "no widget $1 on $(field screen)"
}
wait_field() {  # NAME VALUE [tries of 50 ms]
  for _ in $(seq "${3:-400}"); do [[ $(field "$1") == "$2" ]] && return 0; sleep 0.05; done
  fail "$1 is not $2 (it is '$(field "$1")')"
}
stop_kiosk() {
  echo "quit" >"$hooks/command"
  for _ in $(seq 100); do kill -0 "$kiosk_pid" 2>/dev/null || break; sleep 0.05; done
  wait "$kiosk_pid" 2>/dev/null || true
  kiosk_pid=""
  rm -rf "$hooks"
}

# --- 1. the kiosk ---
e2e_start_kiosk "$kiosk" "$work/kiosk.toml"
wait_screen attract
wait_widget ticket.take
tap_in_place ticket.take
wait_screen take_number
tap_in_place ticket.area.A.normal
wait_screen ticket
wait_widget "ticket.number:A001"
[[ $(admin "SELECT string_agg(area || number, ',') FROM mc_office.tickets" "$database") == A1 ]] ||
  fail "the office database does not hold the number A001 shown on the kiosk"
tap_in_place ticket.done
wait_screen attract

office_away
wait_field tickets_suspended 1
wait_widget ticket.suspended
has_widget ticket.take && fail "the kiosk still offers numbers while the office database is away"
shot attract-tickets-suspended
office_back
wait_field tickets_suspended 0 600  # reconnects by itself (backoff up to 10 s)
wait_widget ticket.take
stop_kiosk

# --- 2. the counter terminal ---
"$kioskctl" --config "$work/kiosk.toml" ticket take A >/dev/null || fail "kioskctl could not take A002"
"$kioskctl" --config "$work/kiosk.toml" ticket take A >/dev/null || fail "kioskctl could not take A003"
"$kiosk" --role staff --size 1080x1920 --config "$work/kiosk.toml" --test-hooks "$hooks" >"$work/kiosk.log" 2>&1 &
kiosk_pid=$!
wait_widget staff.pin.ok
for digit in $(grep -o . <<<"$staff_pin"); do tap_in_place "staff.pin.$digit"; done
tap_in_place staff.pin.ok
tap_in_place staff.nav.tickets
tap_in_place staff.tickets.next
[[ $(admin "SELECT string_agg(area || number, ',') FROM mc_office.tickets WHERE state = 1" "$database") == A1 ]] ||
  fail "the counter did not call A001 through the office database"
office_away
wait_widget staff.tickets.unavailable 400
shot counter-calling-unavailable
office_back
for _ in $(seq 600); do has_widget staff.tickets.unavailable || break; sleep 0.05; done
has_widget staff.tickets.unavailable && fail "the counter did not reconnect by itself"
tap_in_place staff.tickets.next
[[ $(admin "SELECT string_agg(area || number, ',') FROM mc_office.tickets WHERE state = 1" "$database") == A2 ]] ||
  fail "after the outage the counter did not call A002"
stop_kiosk

# --- 3. the waiting-room display ---
"$kiosk" --role display --config "$work/kiosk.toml" --test-hooks "$hooks" >"$work/kiosk.log" 2>&1 &
kiosk_pid=$!
wait_field display_connected 1
grep -q '^display_ticket A002$' "$hooks/widgets.txt" || fail "the display does not show the call A002"
office_away
wait_field display_connected 0
grep -q '^display_ticket A002$' "$hooks/widgets.txt" || fail "the display dropped the last calls while away"
shot display-disconnected
office_back
# A call made while the display may still be reconnecting: it must show up either way.
for _ in $(seq 200); do
  called=$("$kioskctl" --config "$work/kiosk.toml" ticket call --counter 2 --areas A 2>&1) && break
  sleep 0.1
done
[[ $called == A003* ]] || fail "kioskctl could not call A003 after the outage: $called"
wait_field display_connected 1 600
for _ in $(seq 200); do grep -q '^display_ticket A003$' "$hooks/widgets.txt" && break; sleep 0.05; done
grep -q '^display_ticket A003$' "$hooks/widgets.txt" || fail "the display did not catch up with A003"
shot display-caught-up
stop_kiosk
admin "DROP DATABASE $database WITH (FORCE)"
echo "PASS: kiosk, counter terminal and display on the office database, each through an outage; screenshots in $out"
