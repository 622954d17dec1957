#!/usr/bin/env bash
# Installs the Debian packages the kiosk needs, and only those that are missing,
# so a second run costs a dpkg query and nothing more.
# Usage: scripts/setup.sh [build|test]   (test adds the tools the tests cross-check with)
set -euo pipefail

build_packages=(
  cmake gcc g++ pkg-config ninja-build
  libimgui-dev libsdl2-dev libgl-dev libstb-dev libfreetype-dev fonts-noto-core
  libgl1-mesa-dri libglx-mesa0 libegl-mesa0
  libcurl4-openssl-dev libssl-dev libcpp-httplib-dev
  libzxing-dev libv4l-dev
  libsqlite3-dev libsodium-dev libpq-dev
  nlohmann-json3-dev libtomlplusplus-dev libutf8proc-dev
  libcups2-dev libpango1.0-dev  # office printers; the office forms' text (mc_documents)
  libsane-dev libjpeg62-turbo-dev libcairo2-dev libpoppler-cpp-dev  # document capture: SANE, JPEG, PDF
  libespeak-ng-dev espeak-ng-data
  libpcsclite-dev pcscd libopenjp2-7-dev
  xvfb xauth
  dpkg-dev file  # CPack's Debian package (dpkg-shlibdeps, and file to find the binaries)
)
test_packages=(
  catch2 qrencode zbar-tools xdotool tesseract-ocr tesseract-ocr-vie sqlite3 python3
  imagemagick  # the scanner corpus of codes as held (light-on-dark, bent, glare, low light)
  postgresql  # the office database tests start a private server (tests/office/pg_fixture.sh)
  sane-utils poppler-utils  # scanimage cross-checks the capture; pdfinfo/pdfimages read the kiosk's PDFs
  sox  # the voice tests measure the kiosk's audio
  cups printer-driver-cups-pdf  # office forms printed through a private cupsd
  vsmartcard-vpcd vsmartcard-vpicc python3-pycryptodome iproute2  # the emulated ID-card chip behind a private pcscd
  curl systemd clang libclang-rt-14-dev
  lintian prometheus-node-exporter prometheus  # the Debian package and metrics tests (tests/package)
)

wanted=("${build_packages[@]}")
if [[ "${1:-build}" == "test" ]]; then wanted+=("${test_packages[@]}"); fi

missing=()
for pkg in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "setup: installing ${#missing[@]} missing Debian package(s): ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null; then
    sudo_cmd=(sudo)
  else
    echo "setup: these packages are missing and this user cannot install them (not root, no sudo):" >&2
    echo "  apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
if ! "${sudo_cmd[@]}" apt-get update -qq; then
  echo "setup: 'apt-get update' failed: check the network or the apt sources, then run again." >&2
  exit 1
fi
if ! DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/mc-setup-apt.log 2>&1; then
  echo "setup: apt-get install failed; the last lines of its log (/tmp/mc-setup-apt.log):" >&2
  tail -n 20 /tmp/mc-setup-apt.log >&2
  exit 1
fi
echo "setup: packages installed."
