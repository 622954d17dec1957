#!/usr/bin/env bash
# The kiosk's metrics as an office's monitoring sees them. A known queue and known events:
#   3 queue tickets taken, 1 called; 3 dossiers synced to the reference server; the server stops; 2 dossiers
#   queued offline; one sync round fails for the network.
# `kioskctl metrics --write` writes the file into a textfile directory; the real prometheus-node-exporter
# (textfile collector only, on a free loopback port) serves it on /metrics with those values; promtool
# accepts the file; no dossier code, name or ID number appears in it; `kioskctl metrics` prints the same text.
# Usage: metrics_node_exporter.sh KIOSKCTL ONESTOP_SERVER SOURCE_DIR
set -euo pipefail
kioskctl=$1 server_binary=$2 source_dir=$3
work=$(mktemp -d)
server_pid="" exporter_pid=""
cleanup() {
  if [[ -n $exporter_pid ]]; then kill "$exporter_pid" 2>/dev/null && wait "$exporter_pid" 2>/dev/null || true; fi
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  for log in "$work"/*.log; do [[ -f $log ]] && { echo "--- $log" >&2; tail -15 "$log" >&2; }; done
  exit 1
}
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

"$server_binary" --port 0 --status-pace-s 0 >"$work/server.out" 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 100); do grep -q "listening on" "$work/server.out" 2>/dev/null && break; sleep 0.05; done
port=$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$work/server.out" | head -1)
[[ -n $port ]] || fail "the one-stop server did not start"
mkdir -p "$work/data" "$work/textfile"
cat >"$work/kiosk.toml" <<EOF
data_dir = "$work/data"
assets_dir = "$source_dir/assets"
[kiosk]
id = "TEST-KIOSK-07"
slot = 7
[server]
url = "http://127.0.0.1:$port/api"
connect_timeout_s = 1
total_timeout_s = 3
[printer]
transport = "virtual"
[metrics]
textfile_dir = "$work/textfile"
EOF
ctl() { "$kioskctl" --config "$work/kiosk.toml" "$@"; }
id_qr="001099012345||Nguyễn Văn A|15031999|Nam|Số 1 Đường ABC, Phường X, TP Z|10052021"
submit() {
  cat >"$work/answers.json" <<EOF
{"phone": "0912345678", "licence_class": "B2", "reissue_reason": "damaged",
 "health_check_date": "$(date -d '-10 days' +%F)", "result_delivery": "in_person", "consent": "true",
 "licence_number": "79000000000$1"}
EOF
  ctl submit --procedure 1.002820 --answers "$work/answers.json" --id-qr "$id_qr" 2>>"$work/submit.log" ||
    fail "submit $1 refused"
}

# --- the known state
for area in A A B; do ctl ticket take "$area" >>"$work/tickets.log" || fail "ticket take"; done
ctl ticket call --counter Q1 >>"$work/tickets.log" || fail "ticket call"
codes=()
for n in 1 2 3; do codes+=("$(submit $n)"); done
ctl sync --until-empty --timeout 30 --no-catalog --no-status >"$work/sync.log" 2>&1 || fail "sync"
kill "$server_pid" && wait "$server_pid" 2>/dev/null || true
server_pid=""
for n in 4 5; do codes+=("$(submit $n)"); done
ctl sync --once --no-catalog --no-status >"$work/sync-offline.log" 2>&1 && fail "a sync with the server down succeeded"

# --- the file, written once
ctl metrics --write >"$work/write.log" 2>&1 || fail "kioskctl metrics --write"
file=$work/textfile/mot_cua_kiosk.prom
[[ -s $file ]] || fail "no $file"
promtool check metrics <"$file" >"$work/promtool.log" 2>&1 || fail "promtool check metrics rejects the file"
for secret in "${codes[@]}" 001099012345 "Nguyễn Văn A" 0912345678 "7900000000"; do
  if grep -qF "$secret" "$file"; then fail "the metrics file holds personal data or a dossier code ($secret)"; fi
done
ctl metrics >"$work/printed.prom" 2>"$work/printed.log" || fail "kioskctl metrics"
# The same text, but for what the clock moves between the two runs.
clock_driven='^motcua_(metrics_collected_timestamp_seconds|queue_oldest_waiting_seconds) '
diff <(grep -Ev "$clock_driven" "$file") <(grep -Ev "$clock_driven" "$work/printed.prom") >"$work/diff.log" ||
  fail "kioskctl metrics and the written file differ"

# --- node_exporter serves it
exporter_port=$(free_port)
prometheus-node-exporter --web.listen-address="127.0.0.1:$exporter_port" --collector.disable-defaults \
  --collector.textfile --collector.textfile.directory="$work/textfile" >"$work/exporter.log" 2>&1 &
exporter_pid=$!
page=""
for _ in $(seq 100); do
  page=$(python3 -c "import urllib.request, sys; print(urllib.request.urlopen('http://127.0.0.1:$exporter_port/metrics', timeout=2).read().decode())" 2>/dev/null) && break
  sleep 0.1
done
[[ -n $page ]] || fail "node_exporter did not answer on 127.0.0.1:$exporter_port"
echo "$page" >"$work/page.log"
expect() {
  grep -qxF "$1" <<<"$page" || fail "node_exporter's page lacks: $1 (has: $(grep -F "${1%% *}" <<<"$page" | head -3 | tr '\n' ' '))"
}
expect 'node_textfile_scrape_error 0'
expect 'motcua_queue_dossiers{state="queued"} 2'
expect 'motcua_queue_dossiers{state="sending"} 0'
expect 'motcua_queue_dossiers{state="synced"} 3'
expect 'motcua_queue_dossiers{state="quarantined"} 0'
expect 'motcua_dossiers_accepted_total 5'
expect 'motcua_dossiers_synced_total 3'
expect 'motcua_sync_failures_total{kind="network"} 1'
expect 'motcua_sync_failures_total{kind="auth"} 0'
expect 'motcua_tickets_issued_total 3'
expect 'motcua_tickets_called_total 1'
expect 'motcua_tickets_waiting 2'
expect 'motcua_printer_state{state="ready"} 1'
expect 'motcua_queue_readable 1'
grep -qE '^motcua_kiosk_info\{.*kiosk_id="TEST-KIOSK-07".*\} 1$' <<<"$page" || fail "no kiosk_info for TEST-KIOSK-07"
rounds=$(sed -n 's/^motcua_sync_rounds_total \([0-9]*\)$/\1/p' <<<"$page")
[[ -n $rounds && $rounds -ge 2 ]] || fail "motcua_sync_rounds_total is '$rounds', expected at least 2"
oldest=$(sed -n 's/^motcua_queue_oldest_waiting_seconds \([0-9]*\)$/\1/p' <<<"$page")
[[ -n $oldest && $oldest -lt 600 ]] || fail "motcua_queue_oldest_waiting_seconds is '$oldest'"
echo "PASS: node_exporter serves the kiosk's figures ($(grep -c '^motcua_' <<<"$page") samples), promtool accepts them"
