#!/usr/bin/env bash
# End-to-end (issue 20): results for citizens who come back. The reference server moves statuses along
# (1 -> 2 -> 4 -> 9 -> 10, --status-pace-s); kioskctl files two dossiers and syncs them, then polls the statuses
# while they are at 9 "Đã xử lý xong"; the waiting-room display (`kiosk --role display`, results_board = true)
# shows them by dossier code and initials, never a name. Screenshot: <out>/results-board.png.
# Usage: results_board.sh KIOSK ONESTOP_SERVER KIOSKCTL OUT_DIR
set -euo pipefail
kiosk=$1 server=$2 kioskctl=$3 out=$4
mkdir -p "$out"
source "$(dirname "$0")/lib.sh"

pace=4
"$server" --port 0 --status-pace-s "$pace" >"$work/server.out" 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 100); do grep -q "listening on" "$work/server.out" 2>/dev/null && break; sleep 0.05; done
port=$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$work/server.out" | head -1)
[[ -n $port ]] || fail "the server did not start"

cat >"$work/kiosk.toml" <<TOML
data_dir = "$work/data"
[kiosk]
slot = 1
[server]
url = "http://127.0.0.1:$port/api"
status_poll_s = 5
[display]
results_board = true
TOML
printf '246813\n' | "$kioskctl" --config "$work/kiosk.toml" staff set-pin >/dev/null || fail "staff set-pin failed"

cat >"$work/answers.json" <<'JSON'
{"phone": "0912345678", "licence_class": "B2", "reissue_reason": "damaged", "health_check_date": "2026-01-15",
 "result_delivery": "in_person", "consent": "true", "licence_number": "790000000001"}
JSON
codes=()
for card in "001099012345||Nguyễn Văn An|15031999|Nam|Số 1 Đường ABC, Phường X, TP Z|10052021" \
            "001199054321||Trần Thị Bích Ngọc|02021990|Nữ|Số 2 Đường DEF, Phường Y, TP Z|10052021"; do
  code=$("$kioskctl" --config "$work/kiosk.toml" submit --procedure 1.002820 --answers "$work/answers.json" \
         --id-qr "$card" 2>>"$work/kioskctl.log" | grep -o '000\.00\.15\.G12-[0-9]\{6\}-[0-9]\{4\}' | head -1) ||
    fail "kioskctl submit failed: $(tail -3 "$work/kioskctl.log")"
  [[ -n $code ]] || fail "kioskctl submit printed no dossier code"
  codes+=("$code")
done
"$kioskctl" --config "$work/kiosk.toml" sync --until-empty --timeout 60 --no-catalog >/dev/null ||
  fail "the dossiers did not sync"
synced_at=$(date +%s)
# Status 9 lasts from 3 to 4 paces after receipt: poll inside that window (the status poll waits status_poll_s
# after the sync).
sleep $((3 * pace + 1))
"$kioskctl" --config "$work/kiosk.toml" sync --once --no-catalog >/dev/null || fail "the status poll failed"
(( $(date +%s) - synced_at < 4 * pace )) || fail "the machine was too slow to poll inside the status-9 window"
for code in "${codes[@]}"; do
  status=$(sqlite3 "$work/data/queue.db" "SELECT server_status FROM outbox WHERE code = '$code'")
  [[ $status == 9 ]] || fail "$code has status '$status' in the queue, expected 9 from the server"
done

"$kiosk" --role display --config "$work/kiosk.toml" --test-hooks "$hooks" >"$work/kiosk.log" 2>&1 &
kiosk_pid=$!
for _ in $(seq 400); do grep -q '^display_result ' "$hooks/widgets.txt" 2>/dev/null && break; sleep 0.05; done
grep -q "^display_result ${codes[0]} N.V.A.$" "$hooks/widgets.txt" || fail "the board does not show ${codes[0]} N.V.A."
grep -q "^display_result ${codes[1]} T.T.B.N.$" "$hooks/widgets.txt" || fail "the board does not show ${codes[1]} T.T.B.N."
grep -q "Nguyễn\|Ngọc" "$hooks/widgets.txt" && fail "a name reached the display's hooks"
sleep 0.5
shot results-board
echo "results board: ${codes[*]} shown by code and initials"
