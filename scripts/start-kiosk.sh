#!/usr/bin/env bash
# Starts the reference one-stop server on loopback and the kiosk pointed at it.
# Usage: scripts/start-kiosk.sh BUILD_DIR [kiosk args...]   (run.sh calls this after building)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd); shift
data_dir="$root/var"  # the embedded default data_dir is "var", relative to the repository root
mkdir -p "$data_dir"
cd "$root"

server_bin="$build/sync/server/onestop-server"
kiosk_bin="$build/kiosk/app/kiosk"
for bin in "$server_bin" "$kiosk_bin"; do
  [[ -x "$bin" ]] || { echo "start-kiosk: $bin was not built" >&2; exit 1; }
done

server_log="$data_dir/onestop-server.log"
port_file=$(mktemp)
start_server() {  # $1 = port (0: any free port)
  "$server_bin" --port "$1" --db "$data_dir/onestop-server.db" --catalog-dir "$root/assets/catalog" \
    --status-pace-s 60 >"$port_file" 2>"$server_log" &
  server_pid=$!
  for _ in $(seq 50); do
    grep -q '^listening on' "$port_file" && return 0
    kill -0 "$server_pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}
cleanup() { [[ -n "${server_pid:-}" ]] && kill "$server_pid" 2>/dev/null; rm -f "$port_file"; }
trap cleanup EXIT

# The embedded defaults expect the server at 127.0.0.1:8787; if that port is taken on this machine,
# use any free port and hand the kiosk a one-line override.
kiosk_args=()
if start_server 8787; then
  echo "start-kiosk: reference one-stop server on 127.0.0.1:8787 (log: $server_log)"
elif start_server 0; then
  port=$(sed -n 's/^listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$port_file" | head -1)
  # demo = true: still the demo configuration (the screen says so), only the server's port differs.
  printf 'demo = true\n[server]\nurl = "http://127.0.0.1:%s/api"\n' "$port" >"$data_dir/run-override.toml"
  kiosk_args+=(--config "$data_dir/run-override.toml")
  echo "start-kiosk: port 8787 is busy; reference server on 127.0.0.1:$port (log: $server_log)"
else
  echo "start-kiosk: the reference server did not start; its log:" >&2
  cat "$server_log" >&2
  exit 1
fi

if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  shot="$data_dir/kiosk-screenshot.png"
  echo "start-kiosk: no display here; running the kiosk under xvfb-run and saving what it shows to $shot"
  xvfb-run -a -s "-screen 0 1080x1920x24" "$kiosk_bin" "${kiosk_args[@]}" --screenshot "$shot" --frames 30 "$@"
  echo "start-kiosk: screenshot written to $shot"
else
  "$kiosk_bin" "${kiosk_args[@]}" "$@"
fi
