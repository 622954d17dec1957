#!/usr/bin/env bash
# End-to-end (issue 14, "Done when"): the real kiosk under Xvfb with SANE's own test backend as its document
# scanner (scanner.document_device = "test:0"), the reference server and the virtual printer. A citizen files a
# vehicle badge (1.002856, whose catalog lets TP2 and TP3 be digitized) and scans both documents on the capture
# step: TP2 with two pages ("add a page"), TP3 with one. After the kiosk syncs:
#  - the server's record names both documents in TaiLieuNop with a TepDinhKemId, TP1 (digitize "no") without;
#  - the server holds each file once, uploaded once, and hands it back to a session byte for byte as the kiosk
#    sealed it (its SHA-256 as `kioskctl queue show` reads it from the sealed file);
#  - pdfinfo reads each PDF (the dossier code and document code in its metadata, the pages scanned) and
#    pdfimages lists one image on each page;
#  - the printed receipt says "bản điện tử (2 trang)" and "bản điện tử (1 trang)" (read back with tesseract).
# Screenshots go to OUT_DIR.
#
#   capture_journey.sh KIOSK ONESTOP_SERVER KIOSKCTL OUT_DIR
# Run inside one `xvfb-run -a -s "-screen 0 1080x1920x24"` (the CMake test does that).
set -euo pipefail
kiosk=$1 server=$2 kioskctl=$3 out=$4
mkdir -p "$out"
source "$(dirname "$0")/lib.sh"
for tool in pdfinfo pdfimages tesseract sha256sum python3 curl; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (scripts/setup.sh installs it)"
done

# SANE's test backend alone (STACK.md), its glass widened to A4 (200 mm by default). The kiosk inherits it.
mkdir -p "$work/sane"
echo test >"$work/sane/dll.conf"
sed 's/^geometry_max.*/geometry_max 300.0/' /etc/sane.d/test.conf >"$work/sane/test.conf"
export SANE_CONFIG_DIR=$work/sane

e2e_start_server "$server"

cat >"$work/kiosk.toml" <<TOML
data_dir = "$work/data"
[kiosk]
slot = 1
[server]
url = "http://127.0.0.1:$port/api"
[ui]
idle_timeout_s = 600
[scanner]
wedge_max_interval_ms = 150
document_device = "test:0"
# A picture with something on it (the backend's default is solid black): the screenshot shows a page.
document_options = ["test-picture=Grid"]
TOML
printf '%s\n' 246813 | "$kioskctl" --config "$work/kiosk.toml" staff set-pin >/dev/null ||
  fail "kioskctl staff set-pin failed"

e2e_start_kiosk "$kiosk" "$work/kiosk.toml"
wait_screen attract
tap_in_place start
wait_screen choose_procedure
tap proc:1.002856
wait_screen procedure_info
tap next
wait_screen identify
identify_by_card
tap next
wait_screen form
if [[ $(field group) == 0 ]]; then
  tap next
  wait_group 1
fi
tap input:phone
type_slowly "0912345678"
tap key:done
tap next
wait_group 2
tap input:vehicle_plate
type_slowly "30A12345"
tap key:done
tap choice:badge_type:taxi
tap input:seats
type_slowly "5"
tap key:done
tap input:manufacture_year
type_slowly "2020"
tap key:done
tap next
wait_group 3
tap choice:result_delivery:in_person
tap choice:consent:true
tap next

# --- the capture step: one document at a time, in the catalog's order ---
wait_screen capture
# scan_page N: taps "Quét" / "Thêm trang" and waits until page N is shown (the scanner's progress bar gone).
scan_page() {
  tap capture:scan
  for _ in $(seq 400); do
    [[ -n $(widget "capture:page:$1") && -z $(widget capture:progress) ]] && break
    [[ -n $(widget capture:message) ]] && fail "the scanner failed on page $1 (see the capture message)"
    kill -0 "$kiosk_pid" 2>/dev/null || fail "the kiosk exited"
    sleep 0.05
  done
  [[ -n $(widget "capture:page:$1") ]] || fail "page $1 was not shown within 20 s"
  wait_widget capture:scan  # "Thêm trang" is back once the page is in
}
[[ -n $(widget capture:document:TP2) ]] || fail "the capture step did not start with TP2"
scan_page 1
shot 01-capture-page
scan_page 2
shot 02-capture-two-pages
tap next
wait_widget capture:document:TP3
wait_no_widget capture:page:1  # TP3 starts without pages
wait_in_view capture:scan      # scrolled down to TP2's second page a moment ago
scan_page 1
tap next
wait_screen review
tap next
wait_screen receipt
code=$(field dossier)
[[ -n $code ]] || fail "no dossier code on the receipt screen"
echo "dossier $code"
for _ in $(seq 100); do [[ $(field print_state) == 2 || $(field print_state) == 3 ]] && break; sleep 0.1; done
[[ $(field print_state) == 2 ]] || fail "the receipt did not print (state $(field print_state))"
shot 03-receipt
cp "$(ls -t "$work/data/printer/"*.png | head -1)" "$out/receipt-printed.png"

# --- what the kiosk sealed: pages and SHA-256 per document, read from the sealed files by kioskctl ---
show=$("$kioskctl" --config "$work/kiosk.toml" queue show "$code")
# "TP2 pages sha256" per electronic document, from the block print_attachments writes.
sealed=$(awk '$1 ~ /^TP[0-9]+$/ { doc = $1 } /trang \/ pages:/ { pages[doc] = $NF }
              /SHA-256:/ { print doc, pages[doc], $NF }' <<<"$show")
grep -q "^Bản điện tử / files: *2$" <<<"$show" || fail "the kiosk did not seal two documents: $show"
sealed_pages() { awk -v d="$1" '$1 == d { print $2 }' <<<"$sealed"; }
sealed_sha() { awk -v d="$1" '$1 == d { print $3 }' <<<"$sealed"; }
[[ $(sealed_pages TP2) == 2 && $(sealed_pages TP3) == 1 ]] ||
  fail "the kiosk sealed other page counts than scanned (TP2 2, TP3 1): $sealed"
[[ $(sealed_sha TP2) =~ ^[0-9a-f]{64}$ && $(sealed_sha TP3) =~ ^[0-9a-f]{64}$ ]] ||
  fail "kioskctl queue show gave no SHA-256 of the sealed files: $show"

# --- the server's record: TaiLieuNop names both files (polled until the kiosk's sync has sent it) ---
files_of_record=$(cat <<'PY'
import json, sys
held = json.load(sys.stdin).get("dossiers") or []
record = held[0].get("record") if held else None
record = json.loads(record) if isinstance(record, str) else record
def find(o):
    if isinstance(o, dict):
        if "TaiLieuNop" in o: return o["TaiLieuNop"]
        o = list(o.values())
    if isinstance(o, list):
        for x in o:
            r = find(x)
            if r is not None: return r
    return None
for item in (find(record) or []) if record else []:
    print(item.get("MaThanhPhanHoSo", ""), item.get("TepDinhKemId", "") or "-", item.get("DuongDanTaiTepTin", "") or "-")
PY
)
listed=""
for _ in $(seq 150); do
  listed=$(curl -s --noproxy 127.0.0.1 "http://127.0.0.1:$port/admin/dossiers?MaHoSo=$code" |
    python3 -c "$files_of_record" 2>/dev/null || true)
  [[ -n $listed ]] && break
  sleep 0.2
done
[[ -n $listed ]] || fail "the dossier did not reach the server"
file_id() { awk -v d="$1" '$1 == d { print $2 }' <<<"$listed"; }
for doc in TP2 TP3; do
  [[ $(file_id $doc) =~ ^[0-9a-f]{32}$ ]] || fail "the server's record has no TepDinhKemId for $doc: $listed"
  awk -v d="$doc" '$1 == d { exit $3 ~ /\/files\// ? 0 : 1 }' <<<"$listed" ||
    fail "the server's record has no DuongDanTaiTepTin for $doc: $listed"
done
[[ $(file_id TP1) == - ]] || fail "TP1 (digitize \"no\") carries a file on the server's record: $listed"
# Each file once on the server, uploaded once.
admin_files=$(curl -s --noproxy 127.0.0.1 "http://127.0.0.1:$port/admin/files")
held_once=$(cat <<'PY'
import json, sys
files = json.load(sys.stdin)["files"]
ids = {f["MaThanhPhanHoSo"]: (f["TepDinhKemId"], f["MaHoSo"], f["uploads"]) for f in files}
want = {"TP2": (sys.argv[1], sys.argv[3], 1), "TP3": (sys.argv[2], sys.argv[3], 1)}
sys.exit(0 if len(files) == 2 and ids == want else 1)
PY
)
python3 -c "$held_once" "$(file_id TP2)" "$(file_id TP3)" "$code" <<<"$admin_files" ||
  fail "the server does not hold TP2 and TP3 of $code once each, uploaded once: $admin_files"

# --- the files as the server hands them to an authenticated session ---
agency=000.00.15.G12  # the configuration's default agency
session=$(curl -s --noproxy 127.0.0.1 -H "dstcode: $agency" -H 'Content-Type: application/json' \
  -d '{"username":"kiosk","password":"kiosk-demo"}' "http://127.0.0.1:$port/api/auth" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["session"])') || fail "no session from the server"
for doc in TP2 TP3; do
  pdf=$work/server-$doc.pdf
  status=$(curl -s --noproxy 127.0.0.1 -o "$pdf" -w '%{http_code}' -H "session: $session" -H "dstcode: $agency" \
    "http://127.0.0.1:$port/api/files/$(file_id $doc)")
  [[ $status == 200 ]] || fail "GET /api/files/$(file_id $doc) ($doc) answered $status"
  got=$(sha256sum "$pdf" | cut -d' ' -f1)
  [[ $got == "$(sealed_sha $doc)" ]] ||
    fail "$doc on the server ($got) is not what the kiosk sealed ($(sealed_sha $doc))"
  info=$(pdfinfo "$pdf") || fail "pdfinfo cannot read $doc from the server"
  pages=$(awk '/^Pages:/ { print $2 }' <<<"$info")
  [[ $pages == "$(sealed_pages $doc)" ]] || fail "pdfinfo reads $pages pages in $doc, scanned $(sealed_pages $doc)"
  grep -q "^Subject: *$code$" <<<"$info" || fail "$doc's metadata does not name the dossier $code: $info"
  grep -q "^Keywords: *$doc$" <<<"$info" || fail "$doc's metadata does not name the document: $info"
  # One image on each page: pdfimages -list, after its two header lines, one row per image, the page first.
  images=$(pdfimages -list "$pdf" | awk 'NR > 2 { print $1 }' | tr '\n' ' ')
  [[ $images == "$(seq -s ' ' 1 "$pages") " ]] ||
    fail "pdfimages lists images on pages '$images' of $doc, expected one on each of its $pages pages"
  echo "$doc: $pages pages, $(stat -c %s "$pdf") bytes, sha256 $got"
done

# --- the printed receipt: both documents as electronic, with their pages (tesseract, Vietnamese) ---
# The receipt's table wraps "Bản sao, bản điện tử (2 trang)" in its own column, so OCR reads the other columns
# in between: each document's name, then "điện tử (N trang)", in the table's order.
receipt_text=$(tesseract "$out/receipt-printed.png" - -l vie 2>/dev/null | tr -d ' \n' || true)
[[ -n $receipt_text ]] || fail "tesseract read nothing from the printed receipt"
python3 - "$receipt_text" <<'PY' ||
import re, sys
rows = r"giấyđăngký.*?bản.{0,3}điệntử\(2trang\).*?hợpđồngthuêxe.*?bản.*?điệntử\(1trang\)"
sys.exit(0 if re.search(rows, sys.argv[1]) else 1)
PY
  fail "the printed receipt does not say TP2 is 'bản điện tử (2 trang)' and TP3 'bản điện tử (1 trang)': $receipt_text"

echo "PASS: $code scanned (TP2 2 pages, TP3 1 page) from SANE's test backend, both PDFs on the server once and" \
  "byte-identical to the sealed files, pages and images as scanned, the receipt says so; screenshots in $out"
