# Audio checks for the voice end-to-end scripts (source after lib.sh). The kiosk runs with SDL's disk audio
# driver: $work/audio.raw receives exactly what the sound card would play (22050 Hz mono S16), in real time.
# Everything is measured with sox.
export SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$work/audio.raw"

audio_bytes() { stat -c %s "$work/audio.raw" 2>/dev/null || echo 0; }
# The raw file (or the part from byte $2 to $3) as a WAV file $1.
audio_wav() {
  local from=${2:-0} to=${3:-}
  to=${to:-$(audio_bytes)}
  sox -t raw -r 22050 -e signed -b 16 -c 1 "$work/audio.raw" "$1" trim "$((from / 2))s" "$(((to - from) / 2))s"
}
# Peak of a WAV file, 0..1.
peak_of() { sox "$1" -n stat 2>&1 | awk -F: '/Maximum amplitude/ { gsub(/ /, "", $2); print $2 }'; }
# Length in seconds of the sound in a WAV file, silence (below 1%) trimmed at both ends.
voiced_length() {
  sox "$1" -n silence 1 0.02 1% reverse silence 1 0.02 1% reverse stat 2>&1 | awk '/^Length/ { print $3 }'
}
# The non-silent stretches of a WAV file, split where at least $2 seconds are below 1%: one voiced length a
# line, in order.
stretches() {
  local wav=$1 gap=$2 dir
  dir=$(mktemp -d "$work/stretches.XXXX")
  sox "$wav" "$dir/part.wav" silence 1 0.05 1% 1 "$gap" 1% : newfile : restart 2>/dev/null || true
  for f in "$dir"/part*.wav; do
    [[ -e $f ]] || continue
    local len
    len=$(voiced_length "$f")
    [[ -n $len ]] && awk -v l="$len" 'BEGIN { exit !(l > 0.05) }' && echo "$len"
  done
  rm -rf "$dir"
}
# What `kioskctl say` makes of a text with the same configuration: the voiced length the kiosk should play.
expected_length() {
  "$kioskctl" --config "$work/kiosk.toml" say "$@" --wav "$work/expected.wav" >/dev/null 2>&1 ||
    fail "kioskctl say could not render: $*"
  voiced_length "$work/expected.wav"
}
# Is $1 within [$2, $3] times $4?
within_ratio() { awk -v v="$1" -v lo="$2" -v hi="$3" -v ref="$4" 'BEGIN { exit !(v >= lo * ref && v <= hi * ref) }'; }
# The utterances in the kiosk's spoken-text log, one a line ("[voice] say [vi] TEXT" -> TEXT).
spoken_lines() { sed -n 's/^.*\[voice\] say \[[a-z]*\] //p' "$work/kiosk.log"; }
# After something that speaks: wait for its line in the spoken-text log, for as long as `kioskctl say` makes
# that text, and until the kiosk says it is no longer speaking (test hooks); then leave 0.8 s of silence so
# the stretches in the audio are told apart.
spoken_count=0
wait_spoken() {
  local n=0
  for _ in $(seq 100); do
    n=$(spoken_lines | wc -l)
    (( n > spoken_count )) && break
    sleep 0.05
  done
  (( n > spoken_count )) || fail "nothing was said ($1)"
  spoken_count=$n
  local text length
  text=$(spoken_lines | tail -1)
  length=$(expected_length "${text#\[chime\] }" $([[ $text == "[chime] "* ]] && echo --chime))
  sleep "$length"
  for _ in $(seq 900); do [[ $(field speaking) == 0 ]] && break; sleep 0.05; done
  [[ $(field speaking) == 0 ]] || fail "still speaking after 45 s ($1)"
  sleep 0.8
}
quit_kiosk() {
  rm -f "$hooks/command.done"
  echo quit >"$hooks/command"
  for _ in $(seq 300); do kill -0 "$kiosk_pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$kiosk_pid" 2>/dev/null; then
    # Seen once on a loaded machine: the kiosk had not left 10 s after "quit" and the test hung until CTest's
    # timeout with nothing said. Say where its threads wait, stop it, and fail with that.
    local task
    for task in /proc/"$kiosk_pid"/task/*; do
      echo "thread $(cat "$task/comm" 2>/dev/null) waits in $(cat "$task/wchan" 2>/dev/null)" >&2
    done
    kill -9 "$kiosk_pid" 2>/dev/null || true
    wait "$kiosk_pid" 2>/dev/null || true
    kiosk_pid=""
    fail "the kiosk did not quit within 30 s of the quit command"
  fi
  wait "$kiosk_pid" 2>/dev/null || true
  kiosk_pid=""
}
