#!/usr/bin/env bash
# Installs a built tree as a kiosk: binaries and assets under /opt/mot-cua-kiosk, a 'kiosk' user,
# /var/lib/mot-cua-kiosk for data, the systemd unit, and cage. Run as root from the repository root
# after 'bash scripts/run.sh' or 'bash scripts/test.sh' has built ./build.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build="$root/build"
prefix=/opt/mot-cua-kiosk
[[ $(id -u) -eq 0 ]] || { echo "install.sh: run as root" >&2; exit 1; }
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends cage fonts-noto-core >/dev/null
id kiosk >/dev/null 2>&1 || useradd --system --create-home --groups video,input,lp,dialout kiosk
install -d -o kiosk -g kiosk -m 0700 /var/lib/mot-cua-kiosk
install -d "$prefix/bin" "$prefix/share" /etc/mot-cua-kiosk
install -m 0755 "$build/kiosk/app/kiosk" "$build/kiosk/kioskctl" "$prefix/bin/"
cp -r "$root/assets" "$prefix/share/"
[[ -f /etc/mot-cua-kiosk/kiosk.toml ]] || install -m 0644 "$root/assets/deploy/kiosk.example.toml" /etc/mot-cua-kiosk/kiosk.toml
install -m 0644 "$root/assets/deploy/mot-cua-kiosk.service" /etc/systemd/system/
systemctl daemon-reload
echo "Installed. Edit /etc/mot-cua-kiosk/kiosk.toml, check it with"
echo "  MC_ASSETS_DIR=$prefix/share/assets $prefix/bin/kioskctl config check /etc/mot-cua-kiosk/kiosk.toml"
echo "then: systemctl enable --now mot-cua-kiosk.service"
