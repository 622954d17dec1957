#!/usr/bin/env bash
# End-to-end: the kiosk reads the ID card's chip on the identify step (issue 16). A private pcscd with
# vsmartcard's virtual reader and the emulated CCCD chip (tests/idcard/tools/chip_fixture), a card signed
# by a test CSCA the kiosk trusts; the citizen types the ID number, taps "Đặt căn cước lên đầu đọc", the
# chip is read over PACE and verified, the form is prefilled from DG13 (the name with its diacritics,
# which a keyboard-wedge QR scan cannot type here), the review shows "Đã xác thực chip", and the printed
# receipt carries the mark (read back with Tesseract); the record sent to the server says how. Then the
# officer reads the same card in staff mode and sees its face; leaving staff mode lets go of it.
#
#   chip_journey.sh KIOSK ONESTOP_SERVER KIOSKCTL MAKE_TEST_CARD CHIP_FIXTURE OUT_DIR
# Run inside one `xvfb-run -a -s "-screen 0 1080x1920x24"` (the CMake test does that); needs root.
set -euo pipefail
kiosk=$1 server=$2 kioskctl=$3 make_test_card=$4 chip_fixture=$5 out=$6
mkdir -p "$out"
source "$(dirname "$0")/lib.sh"

# --- the card and the reader ---
"$make_test_card" "$work/card" >/dev/null
mkdir -p "$work/csca"
cp "$work/card/csca.pem" "$work/csca/test-csca.pem"
coproc FIXTURE { "$chip_fixture" "$work/card" 2>"$work/fixture.log"; }
fixture_in=${FIXTURE[1]}
read -r -t 60 line <&"${FIXTURE[0]}" || fail "the card fixture did not start: $(cat "$work/fixture.log")"
[[ $line == PCSCLITE_CSOCK_NAME=* ]] || fail "the card fixture said: $line"
export "${line?}"
chip_cleanup() {
  exec {fixture_in}>&- 2>/dev/null || true  # end of its stdin: the fixture stops pcscd and the card
  e2e_cleanup
}
trap chip_cleanup EXIT

# --- the server and the kiosk ---
e2e_start_server "$server"
staff_pin=246813
cat >"$work/kiosk.toml" <<TOML
data_dir = "$work/data"
[kiosk]
slot = 1
[server]
url = "http://127.0.0.1:$port/api"
[ui]
idle_timeout_s = 600
[idcard]
reader = "Virtual PCD"
csca_dir = "$work/csca"
card_wait_s = 60
TOML
printf '%s\n' "$staff_pin" | "$kioskctl" --config "$work/kiosk.toml" staff set-pin >/dev/null ||
  fail "kioskctl staff set-pin failed"
e2e_start_kiosk "$kiosk" "$work/kiosk.toml"

chip_line() { awk '$1 == "chip" { print $2, $3; exit }' "$hooks/widgets.txt" 2>/dev/null || true; }

wait_screen attract
tap start
wait_screen choose_procedure
tap input:search
type_slowly "giay phep lai xe"
tap proc:1.002820
wait_screen procedure_info
tap next
wait_screen identify
[[ $(chip_line) == "idle none" ]] || fail "the chip reader is not offered (chip: $(chip_line))"
shot 01-identify-chip-offered

# The CAN is the last 6 digits of the ID number: the citizen types the number, then taps the chip button.
tap input:identify.1
type_slowly "001199012345"
tap key:done
# Under a loaded machine the keyboard's closing can move the button between reading its place and the tap:
# tap again, as a person would, when the reader did not start.
for attempt in 1 2 3; do
  tap chip:read
  for _ in $(seq 30); do [[ $(chip_line) != "idle "* ]] && break; sleep 0.1; done
  [[ $(chip_line) != "idle "* ]] && break
done
for _ in $(seq 600); do
  case $(chip_line) in "done "*|"failed "*) break ;; esac
  sleep 0.1
done
shot 02-identify-chip-read
[[ $(chip_line) == "done verified" ]] || fail "the chip was not read and verified (chip: $(chip_line))"
[[ $(field from_card) == 1 ]] || fail "the identify step was not filled from the chip"

tap next
wait_screen form
shot 03-form-prefilled
# Issue 13: the chip filled the identify step, so the applicant step (the same data) is not asked again.
for _ in $(seq 40); do [[ $(field group) == 1 ]] && break; sleep 0.05; done
[[ $(field group) == 1 ]] || fail "the chip's data was asked for again (form step $(field group), expected the contact step)"
tap input:phone
type_slowly "0912345678"
tap key:done
tap next
for _ in $(seq 40); do [[ $(field group) == 2 ]] && break; sleep 0.05; done
[[ $(field group) == 2 ]] || fail "the contact step did not accept the phone number"
tap choice:licence_class:B2
tap choice:reissue_reason:damaged
tap input:health_check_date
type_slowly "01/10/2026"
tap key:done
tap next
for _ in $(seq 40); do [[ $(field group) == 3 ]] && break; sleep 0.05; done
[[ $(field group) == 3 ]] || fail "the licence step did not advance"
tap choice:result_delivery:in_person || true
tap choice:consent:true
tap next
wait_screen review
for _ in $(seq 40); do [[ -n $(widget chip:mark) ]] && break; sleep 0.05; done  # the screen's first frame
[[ -n $(widget chip:mark) ]] || fail "the review shows no chip mark"
shot 04-review-chip-verified
tap next
wait_screen receipt
code=$(field dossier)
[[ -n $code ]] || fail "no dossier code on the receipt screen"
for _ in $(seq 100); do [[ $(field print_state) == 2 || $(field print_state) == 3 ]] && break; sleep 0.1; done
[[ $(field print_state) == 2 ]] || fail "the receipt did not print (state $(field print_state))"
shot 05-receipt
echo "dossier $code"

# The dossier: the name as the chip holds it (with diacritics), and the chip's verdict in ThongTinKhac.
show=$("$kioskctl" --config "$work/kiosk.toml" queue show "$code" --reveal)
grep -qF "Trần Thị Bích Ngọc" <<<"$show" || fail "queue: the chip's name is missing in: $(head -12 <<<"$show")"
# ThongTinKhac is a JSON text inside the record: its quotes come escaped.
grep -q 'XacThucChip' <<<"$show" || fail "queue: the record has no XacThucChip"
grep -qE '\\"KetQua\\": ?\\"verified\\"' <<<"$show" || fail "queue: XacThucChip is not verified: $(grep -o 'XacThucChip.\{0,80\}' <<<"$show")"
# The printed receipt: Tesseract reads the mark.
receipt=$(ls -t "$work/data/printer/"*.png | head -1)
cp "$receipt" "$out/receipt-printed.png"
if command -v tesseract >/dev/null; then
  text=$(OMP_THREAD_LIMIT=1 tesseract "$receipt" stdout -l vie --psm 4 2>/dev/null | tr '[:upper:]' '[:lower:]')
  grep -q "xác thực chip" <<<"$text" || fail "the printed receipt does not say 'đã xác thực chip' (OCR: $(head -c 600 <<<"$text"))"
else
  fail "tesseract is not installed (tesseract-ocr, tesseract-ocr-vie)"
fi
# --- The officer at the counter: staff mode's ID card panel shows the chip's face to compare ---
wait_staff() {
  for _ in $(seq 200); do [[ $(field staff) == "$1" ]] && return 0; sleep 0.05; done
  fail "staff screen $1 did not appear (at $(field staff))"
}
xdotool key ctrl+alt+s
wait_staff pin
for digit in $(grep -o . <<<"$staff_pin"); do tap_in_place "staff.pin.$digit"; done
tap_in_place staff.pin.ok
wait_staff find
tap_in_place staff.nav.chip
wait_staff chip
xdotool type --delay 120 "001199012345"
xdotool key Return
# Until the officer's own read is done, the panel may still show the citizen's read from the journey (on a
# loaded machine the Return is drawn late): wait for the second chip read in the log, then for its face.
for _ in $(seq 600); do (($(grep -c 'chip read over' "$work/kiosk.log") >= 2)) && break; sleep 0.1; done
(($(grep -c 'chip read over' "$work/kiosk.log") >= 2)) || fail "the officer's chip read did not finish (chip: $(chip_line))"
for _ in $(seq 100); do [[ $(chip_line) == "done "* && -n $(widget staff.chip.face) ]] && break; sleep 0.1; done
[[ -n $(widget staff.chip.face) ]] || fail "staff mode shows no face from the chip (chip: $(chip_line))"
[[ -n $(widget staff.chip.status) ]] || fail "staff mode shows no verification result"
shot 06-staff-chip-face
tap_in_place staff.nav.leave
wait_staff closed
# Leaving staff mode lets go of what the officer read, face included.
for _ in $(seq 40); do [[ $(chip_line) == "idle "* ]] && break; sleep 0.05; done
[[ $(chip_line) == "idle "* ]] || fail "the chip's read outlived staff mode (chip: $(chip_line))"

echo "PASS: chip journey (dossier $code, screenshots in $out)"
