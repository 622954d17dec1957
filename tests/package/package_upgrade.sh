#!/usr/bin/env bash
# Upgrades never lose data. In a throwaway root (root_overlay.sh):
#   1. install version N (the release package) and point its configuration (a conffile) at a one-stop server
#      that is not running yet;
#   2. queue dossiers offline with the installed kioskctl, as the kiosk user;
#   3. with N's kiosk running and a citizen in the middle of a journey, upgrade to N+1 (this build relinked
#      with another version and one more queue schema step): the edited configuration is kept without a
#      question, the postinst asks the running kiosk to finish and restart, and it does so only once the
#      citizen is back at the attract screen (exit status 75, for systemd to start the new version);
#   4. start the server and the installed N+1 kiosk under Xvfb: on its first start the queue migrates to the
#      new schema and every dossier syncs; the server holds each exactly once;
#   5. downgrade to N: the preinst warns, and N refuses the newer queue with a clear message, leaving it as it
#      was.
# Usage: package_upgrade.sh PACKAGES VERSION NEXT_VERSION SOURCE_DIR ONESTOP_SERVER
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/root_overlay.sh"
overlay_enter "$0" "$@"
packages=$1 version=$2 next_version=$3 source_dir=$4 server_binary=$5
server_pid="" kiosk_pid=""

fail() {
  echo "FAIL: $*" >&2
  for log in "$work"/shared/*.log; do [[ -f $log ]] && { echo "--- $log" >&2; tail -20 "$log" >&2; }; done
  exit 1
}
stop_kiosk() {  # as systemd stops it: SIGTERM, then the kiosk ends its loop and writes its last figures
  if [[ -n $kiosk_pid ]]; then
    kill "$kiosk_pid" 2>/dev/null || true
    # systemd's TimeoutStopSec, shortened: a kiosk that does not stop is killed and the test says so.
    for _ in $(seq 100); do kill -0 "$kiosk_pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$kiosk_pid" 2>/dev/null; then
      kill -KILL "$kiosk_pid" 2>/dev/null || true
      echo "the kiosk did not stop within 10 s of SIGTERM: killed" >>"$shared/kiosk.log"
    fi
    wait "$kiosk_pid" 2>/dev/null || true
  fi
  kiosk_pid=""
}
stop_processes() {
  stop_kiosk
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true; fi
  server_pid=""
}

overlay_mount "$source_dir"
trap 'status=$?; stop_processes; overlay_cleanup $status' EXIT
shared=$work/shared
cp "$packages/mot-cua-kiosk_${version}_amd64.deb" "$packages/mot-cua-kiosk_${next_version}_amd64.deb" "$shared/"
chmod 0755 "$shared"
queue_sql() { sqlite3 -batch "$root/var/lib/mot-cua-kiosk/queue.db" "$1"; }
port=8787  # this network namespace has only its own loopback: no one else listens here

# --- 1. version N, configured by the site (the conffile edited)
in_root dpkg -i "$shared/mot-cua-kiosk_${version}_amd64.deb" </dev/null >"$shared/dpkg-n.log" 2>&1 || fail "installing $version"
config=$root/etc/mot-cua-kiosk/kiosk.toml
metrics_dir=/var/lib/mot-cua-kiosk-metrics  # stands in for node_exporter's textfile directory
sed -i "s|^url = .*|url = \"http://127.0.0.1:$port/api\"|; s|^transport = .*|transport = \"virtual\"|; \
s|^# textfile_dir = .*|textfile_dir = \"$metrics_dir\"|; s|^interval_s = .*|interval_s = 1|" "$config"
grep -q "^textfile_dir = \"$metrics_dir\"" "$config" || fail "could not set metrics.textfile_dir"
in_root install -d -o kiosk -g kiosk "$metrics_dir"
metric() {
  grep -qxF "$1" "$root$metrics_dir/mot_cua_kiosk.prom" ||
    fail "the kiosk's metrics file lacks: $1 (it has: $(grep -v '^#' "$root$metrics_dir/mot_cua_kiosk.prom" | tr '\n' ' '))"
}
grep -q "127.0.0.1:$port" "$config" || fail "could not edit the configuration"
cp "$config" "$shared/kiosk.toml.edited"
[[ $(as_kiosk kioskctl --version) == "kioskctl $version" ]] || fail "the installed kioskctl is not $version"

# --- 2. dossiers queued offline (the server is not running)
cat >"$shared/answers.json" <<EOF
{"phone": "0912345678", "licence_class": "B2", "reissue_reason": "damaged",
 "health_check_date": "$(date -d '-10 days' +%F)", "result_delivery": "in_person", "consent": "true",
 "licence_number": "LICENCE"}
EOF
codes=()
for n in 1 2 3 4; do
  sed "s/LICENCE/79000000000$n/" "$shared/answers.json" >"$shared/answers-$n.json"
  code=$(as_kiosk kioskctl submit --procedure 1.002820 --answers "$shared/answers-$n.json" \
    --id-qr "001099012345||Nguyễn Văn A|15031999|Nam|Số 1 Đường ABC, Phường X, TP Z|10052021" 2>>"$shared/submit.log") ||
    fail "submit $n was refused"
  codes+=("$code")
done
[[ $(queue_sql "SELECT COUNT(*) FROM outbox WHERE state = 'queued'") == 4 ]] || fail "4 dossiers are not queued"
schema_n=$(queue_sql "PRAGMA user_version")
echo "version $version: ${#codes[@]} dossiers queued offline, queue schema $schema_n"

# --- 3. N's kiosk runs, a citizen starts a journey; the upgrade to N+1 asks it to finish and restart
hooks=$shared/hooks
mkdir -p "$hooks" && chown "$(in_root id -u kiosk)" "$hooks"
field() { awk -v k="$1" '$1 == k { print $2; exit }' "$hooks/widgets.txt" 2>/dev/null || true; }
wait_screen() {
  for _ in $(seq 300); do
    [[ $(field screen) == "$1" ]] && return 0
    kill -0 "$kiosk_pid" 2>/dev/null || fail "the kiosk exited (waiting for $1)"
    sleep 0.05
  done
  fail "screen $1 did not appear (at $(field screen))"
}
tap() {
  local rect
  rect=$(awk -v n="$1" '$1 == "widget" && $2 == n { print $3, $4, $5, $6; exit }' "$hooks/widgets.txt")
  [[ -n $rect ]] || fail "no widget $1 on $(field screen)"
  read -r x y w h <<<"$rect"
  xdotool mousemove $((x + w / 2)) $((y + h / 2)) click 1
}
xvfb_start
as_kiosk_background mot-cua-kiosk --test-hooks "$hooks" >"$shared/kiosk-n.log" 2>&1
kiosk_pid=$!
wait_screen attract
tap start
wait_screen choose_procedure
in_root dpkg -i "$shared/mot-cua-kiosk_${next_version}_amd64.deb" </dev/null >"$shared/dpkg-upgrade.log" 2>&1 ||
  fail "upgrading to $next_version"
in_root dpkg-query -W -f='${Version}' mot-cua-kiosk | grep -qx "$next_version" || fail "dpkg does not list $next_version"
cmp "$config" "$shared/kiosk.toml.edited" || fail "the upgrade changed the site's configuration"
if grep -qi "configuration file" "$shared/dpkg-upgrade.log"; then fail "dpkg asked about the configuration file"; fi
grep -q "upgrade from $version" "$root/var/lib/mot-cua-kiosk/restart-request" ||
  fail "the postinst did not ask the kiosk to finish and restart"
[[ $(queue_sql "PRAGMA user_version") == "$schema_n" ]] || fail "the upgrade itself touched the queue"
sleep 6  # longer than the kiosk's look at the request (5 s): it must not restart in the middle of a journey
kill -0 "$kiosk_pid" 2>/dev/null || fail "the kiosk restarted in the middle of a citizen's journey"
[[ $(field screen) == choose_procedure ]] || fail "the citizen's journey was interrupted (at $(field screen))"
tap back  # choosing a procedure is the first step: back is the way home
kiosk_status=0
for _ in $(seq 300); do kill -0 "$kiosk_pid" 2>/dev/null || break; sleep 0.1; done
wait "$kiosk_pid" || kiosk_status=$?
kiosk_pid=""
[[ $kiosk_status -eq 75 ]] || fail "the kiosk did not finish and restart at the attract screen (status $kiosk_status)"
grep -q "restarting at the attract screen as asked (upgrade from $version)" "$shared/kiosk-n.log" ||
  fail "the kiosk did not say why it restarted"
[[ ! -e $root/var/lib/mot-cua-kiosk/restart-request ]] || fail "the honoured request was left behind"
echo "version $version's kiosk: went on with the journey through the upgrade, restarted at the attract screen"
# What that kiosk wrote for node_exporter, the last time as it stopped.
metric "motcua_journeys_started_total 1"
metric 'motcua_journeys_abandoned_total{step="choose_procedure"} 1'
metric 'motcua_queue_dossiers{state="queued"} 4'
grep -q "^motcua_kiosk_info{.*version=\"$version\"} 1$" "$root$metrics_dir/mot_cua_kiosk.prom" ||
  fail "the metrics file does not name version $version"

# --- 4. the first start of N+1, with the server back
"$server_binary" --port "$port" --db "$work/server.db" --status-pace-s 0 >"$shared/server.out" 2>"$shared/server.log" &
server_pid=$!
for _ in $(seq 100); do grep -q "listening on" "$shared/server.out" 2>/dev/null && break; sleep 0.05; done
grep -q "listening on 127.0.0.1:$port" "$shared/server.out" || fail "the one-stop server did not start"
started=$(date +%s%N)
as_kiosk_background mot-cua-kiosk >"$shared/kiosk.log" 2>&1
kiosk_pid=$!
for _ in $(seq 600); do
  [[ $(queue_sql "SELECT COUNT(*) FROM outbox WHERE state = 'synced'" 2>/dev/null) == 4 ]] && break
  kill -0 "$kiosk_pid" 2>/dev/null || fail "the N+1 kiosk exited"
  sleep 0.1
done
synced=$(queue_sql "SELECT COUNT(*) FROM outbox WHERE state = 'synced'" 2>/dev/null || echo "?")
[[ $synced == 4 ]] || { stop_kiosk; fail "the N+1 kiosk synced $synced of 4 dossiers in 60 s"; }
echo "N+1 kiosk: first start, migration and sync of 4 dossiers: $((($(date +%s%N) - started) / 1000000)) ms"
stop_kiosk
[[ $(queue_sql "PRAGMA user_version") == $((schema_n + 1)) ]] ||
  fail "the queue schema is $(queue_sql "PRAGMA user_version"), expected $((schema_n + 1)) after the first start of N+1"
[[ $(queue_sql "SELECT COUNT(*) FROM outbox WHERE upgrade_test_note = 'migrated'") == 4 ]] ||
  fail "N+1's schema step did not run on the existing rows"
metric 'motcua_queue_dossiers{state="synced"} 4'
metric "motcua_dossiers_synced_total 4"
metric "motcua_journeys_started_total 1"  # the counters went on across the upgrade
grep -q "^motcua_kiosk_info{.*version=\"$next_version\"} 1$" "$root$metrics_dir/mot_cua_kiosk.prom" ||
  fail "the metrics file does not name version $next_version"
promtool check metrics <"$root$metrics_dir/mot_cua_kiosk.prom" || fail "promtool rejects the kiosk's metrics file"
for code in "${codes[@]}"; do
  [[ $(queue_sql "SELECT state FROM outbox WHERE code = '$code'") == synced ]] || fail "$code is not synced"
  as_kiosk kioskctl queue show "$code" >"$shared/show.log" 2>&1 || fail "N+1 cannot read $code"
done
python3 - "$port" "${codes[@]}" <<'EOF' || fail "the server does not hold every dossier exactly once"
import json, sys, urllib.request
port, codes = sys.argv[1], sys.argv[2:]
def admin(query=""):
    return json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/admin/dossiers{query}", timeout=5))
if admin()["count"] != len(codes):
    sys.exit(f"the server holds {admin()['count']} dossiers, expected {len(codes)}")
for code in codes:
    found = admin(f"?MaHoSo={code}")["dossiers"]
    if len(found) != 1 or found[0]["received_count"] != 1:
        sys.exit(f"{code}: {found}")
EOF
stop_processes
echo "version $next_version: queue schema $schema_n -> $((schema_n + 1)), all ${#codes[@]} dossiers synced once"

# --- 5. a downgrade is refused with a clear message, and the queue stays as it is
in_root dpkg -i "$shared/mot-cua-kiosk_${version}_amd64.deb" </dev/null >"$shared/dpkg-downgrade.log" 2>&1 ||
  fail "dpkg refused the downgrade package itself"
grep -q "downgrading from $next_version to $version" "$shared/dpkg-downgrade.log" || fail "the preinst did not warn"
refusal=0
as_kiosk kioskctl queue list >"$shared/downgraded.log" 2>&1 || refusal=$?
[[ $refusal -ne 0 ]] || fail "version $version opened a queue migrated by $next_version"
grep -q "newer version of the kiosk software" "$shared/downgraded.log" || fail "the refusal does not say why"
grep -q "nothing in it changed" "$shared/downgraded.log" || fail "the refusal does not say the queue is intact"
cat "$shared/downgraded.log"
[[ $(queue_sql "PRAGMA user_version") == $((schema_n + 1)) ]] || fail "the downgrade changed the queue's schema"
[[ $(queue_sql "SELECT COUNT(*) FROM outbox WHERE state = 'synced'") == 4 ]] || fail "the downgrade changed the queue"
echo "PASS: N -> N+1 kept the configuration, migrated the queue and synced every dossier; N+1 -> N refused"
