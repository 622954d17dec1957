#!/usr/bin/env bash
# Installs the release package into a throwaway root (root_overlay.sh) with dpkg and starts the kiosk there
# from the installed paths, as the `kiosk` user, on the installed example configuration, under Xvfb: it
# must reach its attract screen with the installed assets and fonts, and the source tree is hidden.
# Then removes and purges the package: the queue in /var/lib/mot-cua-kiosk stays.
# Usage: package_install.sh PACKAGES VERSION SOURCE_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/root_overlay.sh"
overlay_enter "$0" "$@"
packages=$1 version=$2 source_dir=$3
deb=mot-cua-kiosk_${version}_amd64.deb

fail() {
  echo "FAIL: $*" >&2
  for log in "$work"/shared/*.log; do [[ -f $log ]] && { echo "--- $log" >&2; tail -25 "$log" >&2; }; done
  exit 1
}

overlay_mount "$source_dir"
shared=$work/shared
cp "$packages/$deb" "$shared/"
chmod 0755 "$shared"

started=$(date +%s%N)
in_root dpkg -i "$shared/$deb" >"$shared/dpkg-install.log" 2>&1 || fail "dpkg -i failed"
echo "dpkg -i: $((($(date +%s%N) - started) / 1000000)) ms"
in_root dpkg-query -W -f='${Status} ${Version}\n' mot-cua-kiosk | grep -qx "install ok installed $version" ||
  fail "dpkg does not list mot-cua-kiosk $version as installed"

# What the maintainer scripts made.
in_root getent passwd kiosk | grep -q ':/var/lib/mot-cua-kiosk:' || fail "no kiosk system user with its home"
[[ $(in_root stat -c '%U:%G %a' /var/lib/mot-cua-kiosk) == "kiosk:kiosk 700" ]] ||
  fail "/var/lib/mot-cua-kiosk is $(in_root stat -c '%U:%G %a' /var/lib/mot-cua-kiosk), not kiosk:kiosk 700"
in_root id -nG kiosk | grep -qw video || fail "the kiosk user is not in the video group"
grep -qx /etc/mot-cua-kiosk/kiosk.toml "$root/var/lib/dpkg/info/mot-cua-kiosk.conffiles" ||
  fail "the configuration is not a conffile"

# The installed tool finds the installed assets and accepts the installed configuration.
in_root kioskctl --config /etc/mot-cua-kiosk/kiosk.toml config show >"$shared/config-show.log" 2>&1 ||
  fail "kioskctl config show failed"
grep -qx 'assets_dir = "/usr/share/mot-cua-kiosk"' "$shared/config-show.log" ||
  fail "kioskctl does not resolve the installed assets: $(grep assets_dir "$shared/config-show.log")"
in_root kioskctl config check /etc/mot-cua-kiosk/kiosk.toml >"$shared/config-check.log" 2>&1 ||
  fail "the installed example configuration does not pass 'kioskctl config check'"
in_root kioskctl catalog validate /usr/share/mot-cua-kiosk/catalog >"$shared/catalog.log" 2>&1 ||
  fail "the installed catalog does not validate"

# The kiosk, as its user, from /usr/bin, on /etc/mot-cua-kiosk/kiosk.toml (what the systemd unit runs, with
# Xvfb instead of cage). Loopback only here: it finds no one-stop server and runs offline.
mkdir -p "$shared/hooks" && chown -R "$(in_root id -u kiosk):$(in_root id -g kiosk)" "$shared"
xvfb_start
started=$(date +%s%N)
as_kiosk mot-cua-kiosk --test-hooks "$shared/hooks" --screenshot "$shared/attract.png" --frames 6 \
  >"$shared/kiosk.log" 2>&1 || fail "the installed kiosk exited with status $?"
echo "installed kiosk: start, 6 frames, screenshot, exit: $((($(date +%s%N) - started) / 1000000)) ms"
grep -qx "screen attract" "$shared/hooks/widgets.txt" || fail "the kiosk did not show its attract screen"
[[ -s $shared/attract.png ]] || fail "no screenshot"
if grep -Ei "catalog .*(cannot|missing|no such)|i18n|translations?:" "$shared/kiosk.log"; then
  fail "the kiosk complained about its assets"
fi
[[ -s $root/var/lib/mot-cua-kiosk/queue.db && -s $root/var/lib/mot-cua-kiosk/queue.key ]] ||
  fail "the kiosk did not open its queue in /var/lib/mot-cua-kiosk"
[[ $(in_root stat -c %U /var/lib/mot-cua-kiosk/queue.db) == kiosk ]] || fail "queue.db is not the kiosk user's"
# The screen shows the installed Vietnamese text in the installed font: a word of an installed attract.*
# string, read back by OCR.
if command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx vie; then
  ocr=$(tesseract "$shared/attract.png" - -l vie 2>/dev/null | tr -s ' \n' '\n\n')
  words=$(grep -o '"attract\.[a-z_]*": "[^"]*"' "$root/usr/share/mot-cua-kiosk/i18n/vi.json" |
    sed 's/^[^:]*: "//; s/"$//' | tr ' ' '\n' | grep -E '^[[:alpha:]]{4,}$' | sort -u)
  found=$(grep -Fxf <(echo "$words") <(echo "$ocr") | head -3 | tr '\n' ' ')
  [[ -n $found ]] || fail "no attract-screen word read back from the screenshot (OCR: $(echo "$ocr" | head -20 | tr '\n' ' '))"
  echo "read back from the installed kiosk's screen: $found"
fi

# Remove and purge: the programs go, the dossier queue stays (it may hold dossiers not yet synced).
in_root dpkg --purge mot-cua-kiosk >"$shared/dpkg-purge.log" 2>&1 || fail "dpkg --purge failed"
[[ ! -e $root/usr/bin/mot-cua-kiosk && ! -e $root/usr/share/mot-cua-kiosk && ! -e $root/etc/mot-cua-kiosk/kiosk.toml ]] ||
  fail "files left after purge"
[[ -s $root/var/lib/mot-cua-kiosk/queue.db ]] || fail "purge removed the dossier queue"
grep -q "was kept" "$shared/dpkg-purge.log" || fail "purge did not say that the queue was kept"
echo "PASS: installed, started from /usr under Xvfb as user kiosk, purged (queue kept)"
