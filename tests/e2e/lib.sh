# Shared by the end-to-end scripts (source it after `set -euo pipefail`): a work folder removed on exit, the
# reference server on a free port, the kiosk under test, and its test hooks read and driven from the shell
# (<hooks>/widgets.txt: "screen NAME", "frame N", "widget NAME X Y W H"...; <hooks>/command: one command).
# The caller sets `out` (the screenshot folder) before using shot.
work=$(mktemp -d)
hooks=$work/hooks
server_pid="" kiosk_pid=""
e2e_cleanup() {
  [[ -n $kiosk_pid ]] && kill "$kiosk_pid" 2>/dev/null || true
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null || true
  [[ -n $kiosk_pid ]] && wait "$kiosk_pid" 2>/dev/null || true
  [[ -n $server_pid ]] && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap e2e_cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  [[ -f $hooks/widgets.txt ]] && { echo "--- last widgets.txt" >&2; head -30 "$hooks/widgets.txt" >&2; }
  [[ -f $work/kiosk.log ]] && { echo "--- kiosk log" >&2; tail -20 "$work/kiosk.log" >&2; }
  exit 1
}

# e2e_start_server SERVER_BINARY: sets $port.
e2e_start_server() {
  "$1" --port 0 --status-pace-s 0 >"$work/server.out" 2>"$work/server.log" &
  server_pid=$!
  for _ in $(seq 100); do grep -q "listening on" "$work/server.out" 2>/dev/null && break; sleep 0.05; done
  port=$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$work/server.out" | head -1)
  [[ -n $port ]] || fail "the server did not start"
}

# e2e_start_kiosk KIOSK_BINARY CONFIG: sets $kiosk_pid; the kiosk writes its hooks to $hooks.
e2e_start_kiosk() {
  "$1" --config "$2" --test-hooks "$hooks" >"$work/kiosk.log" 2>&1 &
  kiosk_pid=$!
}

field() { awk -v k="$1" '$1 == k { print $2; exit }' "$hooks/widgets.txt" 2>/dev/null || true; }
frame() { field frame; }
wait_screen() {
  for _ in $(seq 200); do
    [[ $(field screen) == "$1" ]] && return 0
    kill -0 "$kiosk_pid" 2>/dev/null || fail "the kiosk exited"
    sleep 0.05
  done
  fail "screen $1 did not appear (at $(field screen))"
}
# wait_group N: the form shows its step N (0-based), as the hooks' "group" line says.
wait_group() {
  for _ in $(seq 200); do
    [[ $(field group) == "$1" ]] && return 0
    kill -0 "$kiosk_pid" 2>/dev/null || fail "the kiosk exited"
    sleep 0.05
  done
  fail "form step $1 did not appear (at step $(field group) of $(field screen))"
}
# wait_widget NAME [TRIES]: NAME is drawn; wait_no_widget NAME [TRIES]: it is gone (tries of 50 ms, default 200;
# office_journey.sh and ticket_journey.sh keep copies of their own with the same arguments).
wait_widget() {
  for _ in $(seq "${2:-200}"); do
    [[ -n $(widget "$1") ]] && return 0
    kill -0 "$kiosk_pid" 2>/dev/null || fail "the kiosk exited"
    sleep 0.05
  done
  fail "no widget $1 on $(field screen)"
}
wait_no_widget() {
  for _ in $(seq "${2:-200}"); do
    [[ -z $(widget "$1") ]] && return 0
    kill -0 "$kiosk_pid" 2>/dev/null || fail "the kiosk exited"
    sleep 0.05
  done
  fail "widget $1 still drawn on $(field screen)"
}
wait_staff() {
  for _ in $(seq 200); do
    [[ $(field staff) == "$1" ]] && return 0
    kill -0 "$kiosk_pid" 2>/dev/null || fail "the kiosk exited"
    sleep 0.05
  done
  fail "staff screen $1 did not appear (at $(field staff); $(grep '^staff_message' "$hooks/widgets.txt" || true))"
}
# settle_after COMMAND...: runs an input command, then lets the UI settle: waits for the first frame drawn after
# it, and a quarter second more. (The frame number is read before the input: read after it, it can already be
# the frame the input caused, and the wait would then run to its timeout at every tap.)
settle_after() {
  local f0
  f0=$(frame)
  "$@"
  for _ in $(seq 100); do [[ $(frame) != "$f0" ]] && break; sleep 0.03; done
  sleep 0.25
}
wait_frames() {  # after input sent some other way: a few frames
  local f0
  f0=$(frame)
  for _ in $(seq 100); do [[ $(frame) != "$f0" ]] && break; sleep 0.03; done
  sleep 0.25
}
widget() { awk -v n="$1" '$1 == "widget" && $2 == n { print $3, $4, $5, $6; exit }' "$hooks/widgets.txt" 2>/dev/null; }
# Taps a widget where it is now. The kiosk is full-screen at the origin of the Xvfb screen, so widget
# rectangles are screen coordinates.
tap_in_place() {
  local rect="" x y w h
  for _ in $(seq 100); do rect=$(widget "$1"); [[ -n $rect ]] && break; sleep 0.05; done
  [[ -n $rect ]] || fail "no widget $1 on $(field screen) (staff: $(field staff))"
  read -r x y w h <<<"$rect"
  settle_after xdotool mousemove $((x + w / 2)) $((y + h / 2)) click 1
}
# Taps a citizen-screen widget, first scrolling the content with a real drag (press, move, release: touch
# scrolling) while it lies below the fold. A widget that a drag does not move is not in the scrolled content
# (the footer's buttons): it is tapped where it is.
tap() {
  local rect="" x y w h content cy ch tries=0 before
  for _ in $(seq 100); do rect=$(widget "$1"); [[ -n $rect ]] && break; sleep 0.05; done
  [[ -n $rect ]] || fail "no widget $1 on $(field screen)"
  read -r x y w h <<<"$rect"
  content=$(widget content)
  if [[ -n $content ]]; then
    read -r _ cy _ ch <<<"$content"
    while (( y + h / 2 > cy + ch - 20 && tries < 12 )); do
      before=$rect
      xdotool mousemove 540 $((cy + ch - 60)) mousedown 1 mousemove 540 $((cy + ch - 260)) sleep 0.05 \
        mousemove 540 $((cy + ch - 460)) sleep 0.15 mouseup 1
      sleep 0.4
      rect=$(widget "$1")
      read -r x y w h <<<"$rect"
      [[ $rect == "$before" ]] && break
      tries=$((tries + 1))
    done
  fi
  settle_after xdotool mousemove $((x + w / 2)) $((y + h / 2)) click 1
}
# Types like a person, not a scanner: keystrokes far apart, so the kiosk never takes them for a wedge burst.
type_slowly() { settle_after xdotool type --delay 350 "$1"; }
# wait_in_view NAME: NAME is drawn and not above the content area's top. A screen that shows another part of
# itself (the capture step's next document) gets its scroll reset a frame later: until then its widgets can lie
# above the fold, and tap would aim there.
wait_in_view() {
  local y cy
  for _ in $(seq 200); do
    read -r _ y _ _ <<<"$(widget "$1")"
    read -r _ cy _ _ <<<"$(widget content)"
    [[ -n $y && -n $cy ]] && (( y >= cy )) && return 0
    kill -0 "$kiosk_pid" 2>/dev/null || fail "the kiosk exited"
    sleep 0.05
  done
  fail "widget $1 is not in view on $(field screen) (at $(widget "$1"), content $(widget content))"
}
# identify_by_card: on the identify screen, the ID card as a keyboard-wedge scanner types it, a fast burst ending
# in Enter (ASCII only: see kiosk_journey.sh). When a loaded machine's X server drops or reorders part of the
# burst and it is not taken for a scan, the identity is typed on the on-screen fields instead (through Telex).
# Sets applicant to the name the dossier then holds.
identify_by_card() {
  xdotool type --delay 2 "001099012345||Nguyen Van A|15031999|Nam|So 1 Duong ABC, Phuong X, TP Z|10052021"
  xdotool key Return
  applicant="Nguyen Van A"
  for _ in $(seq 40); do [[ $(field from_card) == 1 ]] && return 0; sleep 0.05; done
  echo "WARN: the ID card burst was not recognised as a scan; typing the identity on the on-screen fields" >&2
  tap input:identify.1; type_slowly "001099012345"; tap key:done
  tap input:identify.2; type_slowly "Nguyeenx Vawn A"; tap key:done
  tap input:identify.3; type_slowly "15031999"; tap key:done
  tap choice:identify.sex:male
  tap input:identify.4; type_slowly "Soos 1 dduwowngf ABC"; tap key:done
  applicant="Nguyễn Văn A"
}
shot() {
  rm -f "$hooks/command.done"
  echo "screenshot $out/$1.png" >"$hooks/command"
  for _ in $(seq 100); do [[ -f $hooks/command.done ]] && break; sleep 0.05; done
  grep -q '^ok' "$hooks/command.done" || fail "screenshot $1 not written"
}
