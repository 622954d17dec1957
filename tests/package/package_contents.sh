#!/usr/bin/env bash
# Checks the release package the way a Debian maintainer would: its control data (dpkg-deb -I), its files
# (dpkg-deb -c, and the unpacked files against the source tree), then lintian, which must report no error.
# Usage: package_contents.sh PACKAGES VERSION SOURCE_DIR
set -euo pipefail
packages=$1 version=$2 source_dir=$3
deb=$packages/mot-cua-kiosk_${version}_amd64.deb
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
[[ -f $deb ]] || fail "no package $deb"

# --- control data
dpkg-deb -I "$deb" >"$work/info"
field() { dpkg-deb -f "$deb" "$1"; }
[[ $(field Package) == mot-cua-kiosk ]] || fail "Package: $(field Package)"
[[ $(field Version) == "$version" ]] || fail "Version: $(field Version), expected $version"
[[ $(field Architecture) == amd64 ]] || fail "Architecture: $(field Architecture)"
depends=$(field Depends)
# Computed from the binaries by dpkg-shlibdeps (CPACK_DEBIAN_PACKAGE_SHLIBDEPS), plus what it cannot see.
for needed in libc6 libsdl2-2.0-0 libcurl4 libsqlite3-0 libsodium23 libzxing2 libfreetype6 adduser fonts-noto-core; do
  grep -qE "(^|, )$needed( |,|$)" <<<"$depends" || fail "Depends lacks $needed: $depends"
done
grep -q "cage" <<<"$(field Recommends)" || fail "Recommends lacks cage"
for control in preinst postinst prerm postrm conffiles md5sums; do
  grep -qE "^ +[0-9]+ bytes, +[0-9]+ lines +\*? *$control" "$work/info" || fail "control file $control missing"
done
mkdir "$work/control" && dpkg-deb -e "$deb" "$work/control"
[[ $(cat "$work/control/conffiles") == /etc/mot-cua-kiosk/kiosk.toml ]] || fail "conffiles: $(cat "$work/control/conffiles")"
grep -q "'$version'" "$work/control/preinst" || fail "the preinst does not know its own version"

# --- files
dpkg-deb -c "$deb" >"$work/contents"
awk '{print $6}' "$work/contents" | sed 's|^\./|/|; s|/$||' >"$work/paths"
for path in /usr/bin/mot-cua-kiosk /usr/bin/kioskctl /usr/share/mot-cua-kiosk/i18n/vi.json \
  /usr/share/mot-cua-kiosk/i18n/en.json /usr/share/mot-cua-kiosk/calendar/holidays.json \
  /usr/share/mot-cua-kiosk/tickets/areas.json /etc/mot-cua-kiosk/kiosk.toml \
  /lib/systemd/system/mot-cua-kiosk.service /usr/lib/systemd/user/mot-cua-counter.service \
  /usr/share/doc/mot-cua-kiosk/copyright /usr/share/doc/mot-cua-kiosk/changelog.gz; do
  grep -qx "$path" "$work/paths" || fail "$path is not in the package"
done
if grep -E '^/opt|^/usr/local|/deploy/|install\.sh|/usr/share/mot-cua-kiosk/deploy' "$work/paths"; then
  fail "the package holds files it should not (above)"
fi
if awk '$2 != "root/root"' "$work/contents" | grep .; then fail "files not owned by root/root (above)"; fi
# Every catalog procedure and every printer profile of the source tree is there.
for dir in catalog printers receipt; do
  expected=$(cd "$source_dir/assets/$dir" && find . -type f | sort | sed "s|^\./|/usr/share/mot-cua-kiosk/$dir/|")
  missing=$(comm -23 <(echo "$expected") <(sort "$work/paths"))
  [[ -z $missing ]] || fail "assets/$dir files missing from the package: $missing"
done

mkdir "$work/root" && dpkg-deb -x "$deb" "$work/root"
# The units and the example configuration exactly as in assets/deploy (hardened there, not here).
cmp "$work/root/lib/systemd/system/mot-cua-kiosk.service" "$source_dir/assets/deploy/mot-cua-kiosk.service" ||
  fail "the packaged kiosk unit differs from assets/deploy"
cmp "$work/root/usr/lib/systemd/user/mot-cua-counter.service" "$source_dir/assets/deploy/mot-cua-counter.service" ||
  fail "the packaged counter unit differs from assets/deploy"
cmp "$work/root/etc/mot-cua-kiosk/kiosk.toml" "$source_dir/assets/deploy/kiosk.example.toml" ||
  fail "the packaged configuration differs from assets/deploy/kiosk.example.toml"
grep -q '^ExecStart=.*/usr/bin/mot-cua-kiosk' "$work/root/lib/systemd/system/mot-cua-kiosk.service" ||
  fail "the kiosk unit does not start /usr/bin/mot-cua-kiosk"
for program in mot-cua-kiosk kioskctl; do
  file "$work/root/usr/bin/$program" | grep -q 'ELF 64-bit.*, stripped' || fail "$program is not a stripped ELF"
  if grep -qaF "$source_dir/assets" "$work/root/usr/bin/$program" &&
    ! grep -qa 'share/mot-cua-kiosk' "$work/root/usr/bin/$program"; then
    fail "$program only knows the source tree's assets"
  fi
done
zcat "$work/root/usr/share/doc/mot-cua-kiosk/changelog.gz" | head -1 | grep -q "mot-cua-kiosk ($version)" ||
  fail "the changelog does not name $version"

# --- lintian: no error (warnings and informational tags are printed for the reader)
started=$(date +%s%N)
lintian_status=0
lintian --tag-display-limit 0 "$deb" >"$work/lintian" 2>&1 || lintian_status=$?
echo "lintian: $((($(date +%s%N) - started) / 1000000)) ms, status $lintian_status"
cat "$work/lintian"
if grep -q '^E: ' "$work/lintian"; then fail "lintian reports errors"; fi
# lintian exits 1 only for errors (with the default --fail-on error); anything else is a broken run.
[[ $lintian_status -eq 0 ]] || fail "lintian exited with $lintian_status"
echo "PASS: control data, files, units, stripped binaries, lintian without errors"
