#!/usr/bin/env bash
# kioskctl say, cross-checked with sox: the words it prints, and the sound it writes (length, level, the
# number of non-silent stretches), in Vietnamese and English; bad arguments are refused.
set -euo pipefail
kioskctl=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# Non-silent stretches longer than 0.1 s, separated by at least 0.3 s of silence (below 1% of full scale).
stretches() {
  rm -f "$dir"/part*.wav
  sox "$1" "$dir/part.wav" silence 1 0.1 1% 1 0.3 1% : newfile : restart 2>/dev/null
  local n=0
  for f in "$dir"/part*.wav; do
    [[ -e $f ]] || continue
    # sox leaves an empty last file when the input ends in silence
    len=$(soxi -D "$f")
    awk -v l="$len" 'BEGIN { exit !(l > 0.1) }' && n=$((n + 1))
  done
  echo "$n"
}
stat_of() { sox "$1" -n stat 2>&1 | awk -F: -v key="$2" '$1 ~ key { gsub(/ /, "", $2); print $2 }'; }
between() { awk -v v="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(v >= lo && v <= hi) }'; }

words=$("$kioskctl" say "Mời số A002 đến quầy 2" --wav "$dir/call.wav")
[[ $words == "Mời số a không không hai đến quầy hai" ]] || fail "words: $words"
[[ $(soxi -r "$dir/call.wav") == 22050 && $(soxi -c "$dir/call.wav") == 1 ]] || fail "not 22050 Hz mono"
length=$(stat_of "$dir/call.wav" "Length")
between "$length" 1.0 4.0 || fail "length $length s"
peak=$(stat_of "$dir/call.wav" "Maximum amplitude")
between "$peak" 0.3 0.75 || fail "peak $peak (scaled from espeak's near-clipping output, times the volume)"
[[ $(stretches "$dir/call.wav") == 1 ]] || fail "one sentence should be one stretch"

"$kioskctl" say "Mời số A002 đến quầy 2" --chime --wav "$dir/chime.wav" >/dev/null
chime_length=$(stat_of "$dir/chime.wav" "Length")
between "$chime_length" "$(awk -v l="$length" 'BEGIN { print l + 1.5 }')" 10 || fail "chime + words: $chime_length s"
[[ $(stretches "$dir/chime.wav") == 2 ]] || fail "chime then words should be two stretches"

money=$("$kioskctl" say "Lệ phí 135.000 ₫, hẹn trả ngày 27/02/2026" --wav "$dir/money.wav")
[[ $money == "Lệ phí một trăm ba mươi lăm nghìn đồng, hẹn trả ngày hai mươi bảy tháng hai năm hai nghìn không trăm hai mươi sáu" ]] ||
  fail "money and date: $money"

english=$("$kioskctl" say "Your number is A002" --lang en --wav "$dir/en.wav")
[[ $english == "Your number is eh zero zero two" ]] || fail "english: $english"
between "$(stat_of "$dir/en.wav" "Length")" 0.8 4 || fail "english length"

if "$kioskctl" say "xin chào" --lang fr --wav "$dir/x.wav" 2>"$dir/err"; then fail "--lang fr accepted"; fi
grep -q "must be vi or en" "$dir/err" || fail "no reason for --lang fr"
if "$kioskctl" say --wav "$dir/x.wav" 2>"$dir/err"; then fail "empty text accepted"; fi
grep -q "nothing to say" "$dir/err" || fail "no reason for empty text"

# Played through SDL (the disk driver stands in for the loudspeaker): the same sound reaches the device.
SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$dir/device.raw" "$kioskctl" say "Mời số A002 đến quầy 2" >/dev/null
sox -t raw -r 22050 -e signed -b 16 -c 1 "$dir/device.raw" "$dir/device.wav"
[[ $(stretches "$dir/device.wav") == 1 ]] || fail "played: one stretch expected"
echo "OK: kioskctl say ($length s, peak $peak; with chime $chime_length s)"
