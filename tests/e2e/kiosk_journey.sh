#!/usr/bin/env bash
# End-to-end: the real kiosk binary under Xvfb with the reference server and the virtual printer, driven
# by real X input (xdotool taps and keys, and an ID card typed the way a wedge scanner types it).
# Asserts the dossier is queued with the typed answers, the receipt PNG is in the printer folder, and the
# dossier reaches the server after sync. Then a counter officer opens staff mode with the PIN, finds the
# dossier by scanning its receipt QR (typed as a wedge scanner types it) and reprints it.
# Screenshots of every screen go to OUT_DIR.
#
#   kiosk_journey.sh KIOSK ONESTOP_SERVER KIOSKCTL OUT_DIR
# Run inside one `xvfb-run -a -s "-screen 0 1080x1920x24"` (the CMake test does that).
set -euo pipefail
kiosk=$1 server=$2 kioskctl=$3 out=$4
mkdir -p "$out"
source "$(dirname "$0")/lib.sh"

# --- the reference server on a free port ---
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
[scanner]
# xdotool on a loaded shared machine is jittery (it remaps a key for every non-ASCII letter): allow wider
# gaps inside a scan, and type as a person even slower (type_slowly).
wedge_max_interval_ms = 150
TOML

# The PIN from standard input, as an IT officer types it; its hash lands in $work/staff-pin (mode 0600).
printf '%s\n' "$staff_pin" | "$kioskctl" --config "$work/kiosk.toml" staff set-pin >/dev/null ||
  fail "kioskctl staff set-pin failed"
[[ $(stat -c %a "$work/staff-pin") == 600 ]] || fail "the staff PIN file is not mode 0600"

e2e_start_kiosk "$kiosk" "$work/kiosk.toml"

# Issue 13's tap count: every tap of the citizen, each typed letter as a key of the on-screen keyboard.
taps=0
eval "$(declare -f tap | sed '1s/^tap /lib_tap /')"
tap() { lib_tap "$@"; taps=$((taps + 1)); }
eval "$(declare -f type_slowly | sed '1s/^type_slowly /lib_type_slowly /')"
type_slowly() { lib_type_slowly "$1"; taps=$((taps + ${#1})); }
# Issue 13: the field being typed into lies wholly inside the content area, which ends above the keyboard.
field_above_keyboard() {
  local fy fh cy ch
  read -r _ fy _ fh <<<"$(widget "$1")"
  read -r _ cy _ ch <<<"$(widget content)"
  [[ -n $fy && -n $cy ]] || fail "no rectangle for $1 or the content area"
  (( fy >= cy && fy + fh <= cy + ch )) ||
    fail "$1 (y $fy..$((fy + fh))) is hidden under the keyboard (content y $cy..$((cy + ch)))"
}

wait_screen attract
shot 01-attract

tap start
wait_screen choose_procedure
shot 02-catalog
tap input:search
type_slowly "giay phep lai xe"
shot 03-catalog-search
tap proc:1.002820
wait_screen procedure_info
shot 04-procedure-info
tap next
wait_screen identify
shot 05-identify

# The ID card as a keyboard-wedge scanner types it: a fast burst ending in Enter.
# ASCII only: xdotool types a non-ASCII letter by remapping a spare keycode for an instant, and under Xvfb
# SDL often reads the event after the mapping is gone, so the letter is lost ("Nguyn Vn A"). Diacritics
# through the wedge path are covered by the WedgeDetector unit tests and the scanner's qrencode corpus.
xdotool type --delay 2 "001099012345||Nguyen Van A|15031999|Nam|So 1 Duong ABC, Phuong X, TP Z|10052021"
xdotool key Return
wait_frames
sleep 0.3
shot 06-identify-scanned
applicant="Nguyen Van A"
if [[ $(field from_card) != 1 ]]; then
  # Seen on heavily loaded shared machines: the X server drops or reorders part of the burst. The scan path
  # is covered by the receipt scan below and the unit tests; type the identity (through Telex) instead.
  echo "WARN: the ID card burst was not recognised as a scan; typing the identity on the on-screen fields" >&2
  tap input:identify.1; type_slowly "001099012345"; tap key:done
  tap input:identify.2; type_slowly "Nguyeenx Vawn A"; tap key:done
  tap input:identify.3; type_slowly "15031999"; tap key:done
  tap choice:identify.sex:male
  tap input:identify.4; type_slowly "Soos 1 dduwowngf ABC"; tap key:done
  applicant="Nguyễn Văn A"  # typed through Telex
  shot 06-identify-typed
fi
tap next
wait_screen form
if [[ $(field from_card) == 1 ]]; then
  # Issue 13: the card filled the identify step, so the applicant step (the same data) is not asked again.
  [[ $(field group) == 1 ]] || fail "the card's data was asked for again (form step $(field group), expected the contact step)"
else
  [[ $(field group) == 0 ]] || fail "expected the first form step"
  shot 07-form-applicant
  tap next
  for _ in $(seq 40); do [[ $(field group) == 1 ]] && break; sleep 0.05; done
  [[ $(field group) == 1 ]] || fail "the applicant step did not accept the typed identity"
fi
tap input:phone
shot 08-form-contact-keypad
type_slowly "0912345678"
tap key:done
tap next
for _ in $(seq 40); do [[ $(field group) == 2 ]] && break; sleep 0.05; done
[[ $(field group) == 2 ]] || fail "the contact step did not accept the phone number"
tap choice:licence_class:B2
tap choice:reissue_reason:damaged
tap input:health_check_date
sleep 0.3
field_above_keyboard input:health_check_date
shot 09-form-keyboard-field-visible
type_slowly "01/10/2026"
tap key:done
shot 09-form-licence
tap next
for _ in $(seq 40); do [[ $(field group) == 3 ]] && break; sleep 0.05; done
[[ $(field group) == 3 ]] || fail "the licence step did not advance"
tap choice:result_delivery:in_person || true
tap choice:consent:true
shot 10-form-confirm
tap next
wait_screen review
shot 11-review
tap next
wait_screen receipt
code=$(field dossier)
[[ -n $code ]] || fail "no dossier code on the receipt screen"
for _ in $(seq 100); do [[ $(field print_state) == 2 || $(field print_state) == 3 ]] && break; sleep 0.1; done
[[ $(field print_state) == 2 ]] || fail "the receipt did not print (state $(field print_state))"
echo "TAPS attract to receipt (search typed, ID card scanned): $taps"
# What next (issue 13): the papers to bring and where, the fee, the due-date rule, then the counter's queue
# number in one tap, shown on the receipt screen and printed.
for step in next_steps next_hand_in next_fee next_due_rule next_ticket; do
  [[ -n $(widget $step) ]] || fail "the receipt screen shows no $step"
done
shot 12-receipt
cp "$(ls -t "$work/data/printer/"*.png | head -1)" "$out/receipt-printed.png"
tap next_ticket
for _ in $(seq 100); do [[ -n $(widget next_ticket_number) ]] && break; sleep 0.1; done
[[ -n $(widget next_ticket_number) ]] || fail "no queue number on the receipt screen after one tap"
shot 12b-receipt-ticket
echo "dossier $code"

# The queue has the dossier with the answers typed.
show=$("$kioskctl" --config "$work/kiosk.toml" queue show "$code" --reveal)
grep -qF "$applicant" <<<"$show" || fail "queue: applicant name missing in: $(head -12 <<<"$show")"
grep -q "0912345678" <<<"$show" || fail "queue: phone answer missing"
grep -q "licence_class: B2" <<<"$show" || fail "queue: licence class missing"
grep -q "2026-10-01" <<<"$show" || fail "queue: typed date missing"
# The virtual printer has the receipt.
ls "$work/data/printer/"*.png >/dev/null 2>&1 || fail "no receipt PNG in the virtual printer folder"
# The dossier reaches the server.
synced=""
for _ in $(seq 100); do
  if curl -s --noproxy 127.0.0.1 "http://127.0.0.1:$port/admin/dossiers?MaHoSo=$code" | grep -q "$code"; then synced=1; break; fi
  sleep 0.2
done
[[ -n $synced ]] || fail "the dossier did not reach the server"

tap next
wait_screen rating
shot 13-rating
tap rate:3
# The thank-you screen lasts a few seconds and then returns to attract by itself; on a loaded machine the
# test may only see the second.
for _ in $(seq 200); do
  [[ $(field screen) == thanks || $(field screen) == attract ]] && break
  sleep 0.05
done
if [[ $(field screen) == thanks ]]; then shot 14-thanks; fi
[[ $(field screen) == thanks || $(field screen) == attract ]] || fail "no thank-you or attract screen after rating"
# The rating is stored for the daily summary (no personal data with it).
rated=$(sqlite3 "$work/data/kiosk.db" "SELECT level FROM ratings WHERE dossier_code = '$code'" 2>/dev/null || true)
[[ $rated == 3 ]] || fail "the rating was not stored (got '$rated')"
wait_screen attract

# A receipt QR scanned on the attract screen shows the dossier's status.
xdotool type --delay 2 "$code"
xdotool key Return
wait_screen dossier_status
# Issue 20: the server's answer lists the progress steps; the kiosk reported its intake step after the dossier.
for _ in $(seq 200); do [[ -n $(widget status_steps) ]] && break; sleep 0.05; done
[[ -n $(widget status_steps) ]] || fail "the status look-up shows no progress steps from the server"
curl -s --noproxy 127.0.0.1 "http://127.0.0.1:$port/admin/dossiers?MaHoSo=$code" | grep -q 'Tiếp nhận hồ sơ tại kiosk' ||
  fail "the server has no intake step for $code"
sleep 1
shot 15-dossier-status
tap next
wait_screen attract

# --- Staff mode: PIN, find by the receipt QR, reprint ---
xdotool key ctrl+alt+s
wait_staff pin
shot 16-staff-pin
for digit in $(grep -o . <<<"$staff_pin"); do tap_in_place "staff.pin.$digit"; done
tap_in_place staff.pin.ok
wait_staff find
shot 17-staff-find
# What a wedge scanner types when it reads the QR on the receipt the citizen hands over.
receipt_qr=$(zbarimg -q --raw "$out/receipt-printed.png" 2>/dev/null | grep -F "$code" | head -1 || true)
[[ -n $receipt_qr ]] || fail "zbarimg found no QR with $code on the printed receipt"
xdotool type --delay 2 "$receipt_qr"
xdotool key Return
wait_staff detail
[[ $(field staff_dossier) == "$code" ]] || fail "staff found $(field staff_dossier), not $code"
shot 18-staff-detail
printed_before=$(ls "$work/data/printer/"*.png | wc -l)
tap_in_place staff.reprint.both
reprinted=""
for _ in $(seq 150); do
  (( $(ls "$work/data/printer/"*.png | wc -l) > printed_before )) && grep -q '^staff_message The receipt has been printed' "$hooks/widgets.txt" &&
    { reprinted=1; break; }
  sleep 0.1
done
[[ -n $reprinted ]] || fail "the reprint did not reach the printer ($(grep '^staff_message' "$hooks/widgets.txt" || true))"
shot 19-staff-reprinted
reprint_png=$(ls -t "$work/data/printer/"*.png | head -1)
zbarimg -q --raw "$reprint_png" 2>/dev/null | grep -qF "$code" || fail "the reprinted receipt has no QR with $code"
# Audited with the dossier code only.
audit=$("$kioskctl" --config "$work/kiosk.toml" audit list --limit 20)
grep -q "reprint.*$code.*ok" <<<"$audit" || fail "no audited reprint in: $audit"
grep -qF "$applicant" <<<"$audit" && fail "the audit log holds the citizen's name"
# "In giấy tiếp nhận (A5)": with no office printer configured, Mẫu 01 is kept as a PDF in the data folder.
form_pdf="$work/data/forms/mau-01-$code.pdf"
tap_in_place staff.form.01
for _ in $(seq 150); do
  [[ -s $form_pdf ]] && grep -q '^staff_message Receipt form (Mẫu 01): no office printer' "$hooks/widgets.txt" && break
  sleep 0.1
done
[[ -s $form_pdf ]] || fail "Mẫu 01 was not saved as $form_pdf ($(grep '^staff_message' "$hooks/widgets.txt" || true))"
shot 20-staff-form-01
form_text=$(pdftotext "$form_pdf" -)
grep -qF "$code" <<<"$form_text" || fail "the saved Mẫu 01 does not name $code; its text: $(head -c 1500 <<<"$form_text")"
pdfinfo "$form_pdf" | grep -q "419.5.* x 595.2.* pts" || fail "the saved Mẫu 01 is not A5: $(pdfinfo "$form_pdf" | grep 'Page size')"
"$kioskctl" --config "$work/kiosk.toml" audit list --limit 20 | grep -q "form_01 .*$code ok paper=a5 saved" ||
  fail "no audited Mẫu 01 for $code"
tap_in_place staff.nav.leave
wait_staff closed
wait_screen attract

# Large text (issue 13): A+ to the end; the header and the catalog's labels stay inside their boxes.
for _ in 1 2 3; do tap_in_place text_bigger; done
tap_in_place start
wait_screen choose_procedure
shot 21-large-text-catalog
tap_in_place lang
shot 22-large-text-catalog-en
# Each label drawn ('text NAME X Y W H') against its widget's box: which ones cross it sideways.
labels_crossing='$1 == "widget" { box[$2] = $3 " " $4 " " $5 " " $6 } $1 == "text" { text[$2] = $3 " " $4 " " $5 " " $6 } END { for (n in text) if (n in box) { split(box[n], b); split(text[n], t); if (t[1] < b[1] - 1 || t[1] + t[3] > b[1] + b[3] + 1) print n } }'
overflow=$(awk "$labels_crossing" "$hooks/widgets.txt")
[[ -z $overflow ]] || fail "at the largest text size these labels cross their boxes: $overflow"

echo "quit" >"$hooks/command"
for _ in $(seq 100); do kill -0 "$kiosk_pid" 2>/dev/null || break; sleep 0.05; done
echo "PASS: whole journey, dossier $code queued, printed and synced, found by staff, reprinted and its Mẫu 01 saved; screenshots in $out"
