# shellcheck shell=bash
# Sourced by the scripts that build and test in Debian roots
# (check-libc-root.sh, check-deb.sh): skipping, a private mount namespace,
# and roots made with debootstrap, mounted and unmounted.
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The sourcing script defines say () and sets strict (1: a missing
# precondition is an error, exit 1, instead of a skip, exit 77).

skip ()
{
  say "SKIP: $*"
  if [ "${strict:-0}" = 1 ]; then exit 1; fi
  exit 77
}

# require_debootstrap TARGET: root and a debootstrap program (set in
# $debootstrap; DEBOOTSTRAP overrides), or a skip naming the make TARGET.
require_debootstrap ()
{
  [ "$(id -u)" = 0 ] \
    || skip "needs root (debootstrap, chroot and mounts); run 'sudo make $1'"
  debootstrap=${DEBOOTSTRAP:-$(command -v debootstrap || echo /usr/sbin/debootstrap)}
  [ -x "$debootstrap" ] \
    || skip "debootstrap not found; install it (apt-get install debootstrap)"
}

# in_private_mount_namespace SCRIPT ARGS...: runs SCRIPT again in a private
# mount namespace where unshare(1) can make one, so that whatever happens
# its mounts go with it; returns where it cannot (the traps unmount).
in_private_mount_namespace ()
{
  if [ -z "${PIDFDSPAWN_MOUNTS_PRIVATE:-}" ] \
     && command -v unshare >/dev/null 2>&1 \
     && unshare --mount --propagation private true 2>/dev/null; then
    PIDFDSPAWN_MOUNTS_PRIVATE=1 exec unshare --mount --propagation private \
      bash "$@"
  fi
}

# mounts_under DIR: the mount points under DIR, deepest first.
mounts_under ()
{
  awk -v r="$1/" '{ m = $5; gsub(/\\040/, " ", m);
                    if (index(m "/", r) == 1) print m }' /proc/self/mountinfo \
    | sort -r
}

unmount_under ()
{
  local m
  for m in $(mounts_under "$1"); do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null \
      || say "warning: could not unmount $m"
  done
}

# create_root DIR SUITE MIRROR PACKAGES: a new minbase root of SUITE with
# PACKAGES in DIR, replacing what DIR held; debootstrap's log beside it.
create_root ()
{
  local dir=$1 suite=$2 mirror=$3 packages=$4 start
  unmount_under "$dir"
  if [ -n "$(mounts_under "$dir")" ]; then
    say "something is still mounted under $dir; not removing it"
    exit 99
  fi
  rm -rf --one-file-system "$dir"
  mkdir -p "$(dirname "$dir")" || exit 99
  say "creating a $suite root in $dir (debootstrap, $mirror)"
  start=$(date +%s)
  if ! "$debootstrap" --variant=minbase --include="$packages" \
         "$suite" "$dir" "$mirror" >"$dir.debootstrap.log" 2>&1; then
    tail -n 30 "$dir.debootstrap.log"
    say "debootstrap failed (log: $dir.debootstrap.log)"
    exit 99
  fi
  say "root ready in $(($(date +%s) - start)) s"
}

# mount_root DIR: /proc, /dev, /sys and a private /tmp in DIR.
mount_root ()
{
  mount -t proc proc "$1/proc" || exit 99
  mount --rbind /dev "$1/dev" || exit 99
  mount --make-rslave "$1/dev"
  mount --rbind /sys "$1/sys" || exit 99
  mount --make-rslave "$1/sys"
  mount -t tmpfs -o mode=1777 tmpfs "$1/tmp" || exit 99
}
