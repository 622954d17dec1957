#!/usr/bin/env bash
# Installs this tree on the machine it runs on, the Debian way: builds the package (scripts/package.sh) and
# installs it with apt, which also brings cage and the libraries. The package makes the `kiosk` user,
# /var/lib/mot-cua-kiosk, /etc/mot-cua-kiosk/kiosk.toml and the systemd units (README, "Deploying a kiosk").
# A fleet installs the same .deb from the province's apt repository instead.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
[[ $(id -u) -eq 0 ]] || { echo "install.sh: run as root" >&2; exit 1; }
deb=$("$root/scripts/package.sh" | tail -1)
DEBIAN_FRONTEND=noninteractive apt-get install -y "$deb"
echo "Installed $(basename "$deb"). Edit /etc/mot-cua-kiosk/kiosk.toml, check it with"
echo "  kioskctl config check /etc/mot-cua-kiosk/kiosk.toml"
echo "then: systemctl enable --now mot-cua-kiosk.service"
