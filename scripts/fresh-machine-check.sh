#!/usr/bin/env bash
# The README's promise, checked for real: on a fresh Debian 12 (bookworm) machine each of the two commands
# works as the very first command. A clean bookworm root made with debootstrap stands in for the fresh
# machine; the repository (as committed: `git archive HEAD`) is copied in and each command runs in a chroot
# of its own copy, as root, with nothing installed but what debootstrap installs.
#
#   sudo bash scripts/fresh-machine-check.sh [run|test|both|run-only|test-only] [WORK_DIR]
#
# run: run.sh first, then test.sh on the same machine; test: the other way round; both: the two; *-only: the
# first command alone (the half of the promise that a machine without anything installed sees).
#
# Manual (it downloads ~300 MB and builds everything, about an hour on two busy cores): not part of the
# test command. Needs root, debootstrap and the Debian mirror. MC_FRESH_CCACHE=DIR lets the chroots use a
# compiler cache from the host (speed only: ccache is installed into the chroot *after* setup.sh has run, and
# the package set the commands see is unchanged).
set -euo pipefail
what=${1:-both}
work=${2:-/var/tmp/mc-fresh-machine}
root=$(cd "$(dirname "$0")/.." && pwd)
mirror=${MC_MIRROR:-http://deb.debian.org/debian}
[[ $(id -u) -eq 0 ]] || { echo "fresh-machine-check: run as root" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "fresh-machine-check: apt-get install debootstrap" >&2; exit 1; }
mkdir -p "$work"
log() { echo "fresh-machine-check: $*"; }

# One pristine bookworm root, made once and copied for each check.
if [[ ! -f $work/pristine/.done ]]; then
  log "debootstrap bookworm into $work/pristine (default variant: what a minimal install has)"
  rm -rf "$work/pristine"
  debootstrap bookworm "$work/pristine" "$mirror" >"$work/debootstrap.log" 2>&1
  touch "$work/pristine/.done"
fi
archive=$work/repo.tar
git -C "$root" archive --format=tar --prefix=mot-cua/ HEAD >"$archive"
log "repository at $(git -C "$root" rev-parse --short HEAD)"

# run_first NAME COMMAND...: a fresh copy of the root, the repository in /root/mot-cua, then the commands in
# order, each as `bash scripts/<cmd>.sh`; output in $work/NAME.log.
run_first() {
  local name=$1; shift
  local chroot=$work/$name
  umount_all "$chroot"
  # Never remove a root that still has /dev or /sys bound in: rm would reach the host's.
  if findmnt -rn -o TARGET | grep -q "^$chroot/"; then
    echo "fresh-machine-check: $chroot still has mounts; unmount them first" >&2
    return 1
  fi
  rm -rf "$chroot"
  cp -a "$work/pristine" "$chroot"
  trap 'umount_all "'"$chroot"'"' EXIT  # an interrupted check leaves nothing bound into the chroot
  tar -xf "$archive" -C "$chroot/root"
  cp /etc/resolv.conf "$chroot/etc/resolv.conf"
  # The chroot's / must be a mount point of its own, as a machine's is: the fixtures that `unshare -m` set its
  # propagation, which fails on a plain directory.
  mount --bind "$chroot" "$chroot"
  mount -t proc proc "$chroot/proc"
  mount --rbind /sys "$chroot/sys"
  mount --rbind /dev "$chroot/dev"
  mount -t tmpfs tmpfs "$chroot/tmp"
  local cache_env=""
  if [[ -n ${MC_FRESH_CCACHE:-} ]]; then
    mkdir -p "$chroot/ccache"
    mount --bind "$MC_FRESH_CCACHE" "$chroot/ccache"
  fi
  local status=0
  for command in "$@"; do
    log "$name: bash scripts/$command.sh (log: $work/$name.log)"
    if [[ -n ${MC_FRESH_CCACHE:-} && $command != "${1}" ]]; then
      chroot "$chroot" sh -c 'command -v ccache >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ccache' \
        >>"$work/$name.log" 2>&1
      cache_env="CCACHE_DIR=/ccache CMAKE_CXX_COMPILER_LAUNCHER=ccache CMAKE_C_COMPILER_LAUNCHER=ccache"
    fi
    local started=$SECONDS
    if chroot "$chroot" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 $cache_env \
        bash -c "cd /root/mot-cua && bash scripts/$command.sh" >>"$work/$name.log" 2>&1; then
      log "$name: $command.sh passed in $((SECONDS - started)) s"
    else
      status=$?
      log "$name: $command.sh FAILED (exit $status) after $((SECONDS - started)) s; last lines:"
      tail -30 "$work/$name.log"
      break
    fi
  done
  umount_all "$chroot"
  return $status
}

umount_all() {
  local chroot=$1
  [[ -d $chroot ]] || return 0
  for mount_point in ccache tmp dev sys proc; do
    umount -R "$chroot/$mount_point" 2>/dev/null || umount -l "$chroot/$mount_point" 2>/dev/null || true
  done
  while findmnt -rn -o TARGET "$chroot" >/dev/null 2>&1; do umount "$chroot" 2>/dev/null || break; done
}

result=0
if [[ $what == run-only ]]; then
  run_first run-first run || result=1
  [[ -s $work/run-first/root/mot-cua/var/kiosk-screenshot.png ]] && log "run-first: kiosk screenshot written"
  exit $result
fi
if [[ $what == test-only ]]; then
  run_first test-first test || result=1
  exit $result
fi
if [[ $what == run || $what == both ]]; then
  # run.sh first: it must not need anything test.sh would have installed. Without a display it runs the
  # kiosk under xvfb-run, saves a screenshot and stops. Then test.sh on the same machine.
  run_first run-first run test || result=1
  [[ -s $work/run-first/root/mot-cua/var/kiosk-screenshot.png ]] && log "run-first: kiosk screenshot written"
fi
if [[ $what == test || $what == both ]]; then
  run_first test-first test run || result=1
fi
exit $result
