# A throwaway root for the package tests (source it after `set -euo pipefail`; needs root):
#
#   overlay_enter "$0" "$@"   re-runs the calling script in a private mount and network namespace (exits 77,
#                             "skipped", when not root)
#   overlay_mount SOURCE_DIR  mounts an overlay of / at $root whose changes land in a tmpfs, with /proc, /sys,
#                             /dev and /tmp of the machine, and the source tree SOURCE_DIR hidden (an installed
#                             program must not find it); sets $root and $work (a folder in /tmp, also seen at
#                             the same path inside $root)
#   in_root CMD...            runs CMD chrooted into $root
#   as_kiosk CMD...           runs CMD chrooted into $root as the package's `kiosk` user, with its HOME and
#                             MC_CONFIG=/etc/mot-cua-kiosk/kiosk.toml
#   as_kiosk_background CMD...  the same in the background; $! is then the program itself (chroot, setpriv
#                             and env all exec), so a signal to it reaches the program
#   xvfb_start                starts an X server of our own (it picks a free display, -displayfd) for the
#                             programs in $root; sets $DISPLAY and $xvfb_pid; overlay_cleanup stops it
#
# Why this is safe on a shared machine and in CI: dpkg, adduser and the maintainer scripts run for real,
# against the machine's own dpkg database and libraries seen through the overlay, but every file they write
# (the package's files, /etc/passwd, /var/lib/dpkg, /var/lib/mot-cua-kiosk) goes to the tmpfs, which
# disappears with the namespace. The network namespace has only loopback, so nothing installed can reach
# out, and its ports and abstract X sockets are its own. The machine's files, users and services are never
# touched; no systemd runs in the namespace, so the maintainer scripts skip systemctl as in a container.

overlay_enter() {
  local script=$1
  shift
  if [[ -n ${MC_IN_OVERLAY_NAMESPACE:-} ]]; then return 0; fi
  if [[ $(id -u) -ne 0 ]]; then
    echo "SKIP: the package install tests need root (an overlay root in a mount namespace)" >&2
    exit 77
  fi
  exec env MC_IN_OVERLAY_NAMESPACE=1 unshare --mount --net --propagation private bash "$script" "$@"
}

overlay_mount() {
  local source_dir=$1
  ip link set lo up
  work=$(mktemp -d /tmp/mc-package-test.XXXXXX)
  mount -t tmpfs -o size=2g mc-package-test "$work"
  mkdir -p "$work/upper" "$work/overlay-work" "$work/root" "$work/shared"
  mount -t overlay overlay -o "lowerdir=/,upperdir=$work/upper,workdir=$work/overlay-work" "$work/root"
  root=$work/root
  for dir in proc sys dev tmp; do mount --rbind "/$dir" "$root/$dir"; done
  # The source tree (and the build trees in it) is not there for an installed program.
  mount -t tmpfs -o size=1m,mode=000 mc-hidden-source "$root$source_dir"
  # The namespace's own /run: no machine daemons' sockets, no systemd.
  mount -t tmpfs -o size=16m mc-run "$root/run"
  # No man-db index rebuild after each dpkg run (its trigger takes longer than the install), as in a container.
  rm -f "$root/var/lib/man-db/auto-update"
  trap overlay_cleanup EXIT
}

# On exit (the trap overlay_mount sets), keeping the script's exit status; overlay_cleanup STATUS from a
# trap of the caller's that runs other commands first.
overlay_cleanup() {
  local status=${1:-$?}
  if [[ -n ${xvfb_pid:-} ]]; then kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null || true; fi
  # Everything else goes with the namespace; $work is an empty mount point on the machine's /tmp.
  cd /
  umount -R "$work" 2>/dev/null || umount -lR "$work" 2>/dev/null || true
  rmdir "$work" 2>/dev/null || true
  exit $status
}

in_root() {
  chroot "$root" "$@"
}

as_kiosk() {
  chroot "$root" setpriv --reuid=kiosk --regid=kiosk --init-groups \
    env HOME=/var/lib/mot-cua-kiosk MC_CONFIG=/etc/mot-cua-kiosk/kiosk.toml "$@"
}

as_kiosk_background() {
  (exec chroot "$root" setpriv --reuid=kiosk --regid=kiosk --init-groups \
    env HOME=/var/lib/mot-cua-kiosk MC_CONFIG=/etc/mot-cua-kiosk/kiosk.toml "$@") &
}

xvfb_start() {
  local number_file=$work/xvfb-display
  Xvfb -displayfd 3 -screen 0 1080x1920x24 -nolisten tcp 3>"$number_file" 2>"$work/xvfb.log" &
  xvfb_pid=$!
  for _ in $(seq 200); do [[ -s $number_file ]] && break; sleep 0.05; done
  [[ -s $number_file ]] || { echo "FAIL: Xvfb did not start: $(cat "$work/xvfb.log")" >&2; exit 1; }
  export DISPLAY=:$(head -1 "$number_file")
}
