#!/usr/bin/env bash
# End-to-end: the waiting-room display announces a call made with `kioskctl ticket call` — a chime, then
# "Mời số A001 đến quầy 2" twice — and again on `kioskctl ticket recall`. The real display under Xvfb with
# SDL's disk audio driver; the two announcements are found in its audio with sox, each as long as
# `kioskctl say --chime` makes it.
#
#   voice_display.sh KIOSK KIOSKCTL
set -euo pipefail
kiosk=$1 kioskctl=$2
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/audio.sh"

cat >"$work/kiosk.toml" <<TOML
data_dir = "$work/data"
[kiosk]
slot = 1
[voice]
rate = 450
TOML
ctl() { "$kioskctl" --config "$work/kiosk.toml" "$@"; }
ctl ticket take A >/dev/null || fail "kioskctl ticket take failed"
"$kiosk" --role display --config "$work/kiosk.toml" --test-hooks "$hooks" >"$work/kiosk.log" 2>&1 &
kiosk_pid=$!
for _ in $(seq 200); do [[ -n $(frame) ]] && break; sleep 0.05; done
[[ -n $(frame) ]] || fail "the display did not start"
sleep 1.2  # it has read the queue once: nothing was called yet

called=$(ctl ticket call --counter 2 --areas A) || fail "kioskctl ticket call failed"
[[ $called == A001* ]] || fail "expected A001 to be called, got: $called"
wait_spoken "the call"
sleep 0.7  # the counter calls again a little later: a clear gap between the two announcements
ctl ticket recall --counter 2 >/dev/null || fail "kioskctl ticket recall failed"
wait_spoken "the recall"
quit_kiosk

mapfile -t said < <(spoken_lines)
(( ${#said[@]} == 2 )) || fail "expected two announcements in the log, got: ${said[*]}"
[[ ${said[0]} == "[chime] Mời số A001 đến quầy 2. Mời số A001 đến quầy 2." ]] || fail "announced: ${said[0]}"
[[ ${said[1]} == "${said[0]}" ]] || fail "the recall announced: ${said[1]}"

audio_wav "$work/display.wav"
mapfile -t heard < <(stretches "$work/display.wav" 1.2)
(( ${#heard[@]} == 2 )) || fail "expected two announcements in the audio, heard ${#heard[@]}: ${heard[*]}"
expected=$(expected_length --chime "Mời số A001 đến quầy 2. Mời số A001 đến quầy 2.")
for len in "${heard[@]}"; do
  within_ratio "$len" 0.8 1.25 "$expected" || fail "an announcement of $len s; kioskctl say --chime makes $expected s"
done
echo "OK: call and recall announced (${heard[*]} s; expected $expected s)"
