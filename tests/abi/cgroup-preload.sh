#!/bin/sh
# POSIX_SPAWN_SETCGROUP reaches programs that know nothing of the library:
# tests/abi/cgroup-client, built against the libc alone, run with
# LD_PRELOAD=libpidfdspawn.so.0; and the same source linked with
# -lpidfdspawn.  Both must start the probe in a fresh cgroup v2 directory.
# Skips (77) where no writable cgroup2 is mounted.
# SPDX-License-Identifier: LGPL-2.1-or-later
set -u
: "${top_builddir:?}"
so="$top_builddir/lib/.libs/libpidfdspawn.so.0"
client="$top_builddir/tests/abi/cgroup-client"
linked="$top_builddir/tests/abi/cgroup-client-linked"
probe="$top_builddir/tests/support/probe"

line=$(awk '{ for (i = 1; i <= NF; ++i) if ($i == "-") { if ($(i+1) == "cgroup2") print $4, $5; break } }' /proc/self/mountinfo | head -n 1)
[ -n "$line" ] || { echo "no cgroup2 mount: skipped"; exit 77; }
root=${line%% *}
mnt=${line#* }
[ "$root" = / ] && root=
dir="$mnt/pidfdspawn-preload.$$"
mkdir "$dir" 2>/dev/null || { echo "cannot create a cgroup under $mnt: skipped"; exit 77; }
trap 'rmdir "$dir" 2>/dev/null' EXIT
expected="cgroup $root${dir#"$mnt"}"

failed=0
check () { # check DESCRIPTION EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then
    echo "ok - $1"
  else
    echo "not ok - $1"
    echo "#  expected: $2"
    echo "#  actual:   $3"
    failed=1
  fi
}

# The client must not depend on the library by itself.  Without readelf
# (make check-kernels' guest of another architecture than the build
# machine's): a NEEDED entry's name would be in the file.
if [ -n "${READELF:-}" ]; then
  needs=$($READELF -d "$client" | grep 'NEEDED.*pidfdspawn')
else
  needs=$(grep -c 'libpidfdspawn\.so' "$client")
  [ "$needs" = 0 ] && needs=
fi
if [ -n "$needs" ]; then
  echo "not ok - $client is linked with the library"; failed=1
fi
alone=$("$client" "$dir" "$probe")
echo "# without the library: $alone (status $?)"

# The sanitizer build's library needs ASan's runtime loaded before it, which
# only a program linked with the runtime has: preload the runtime first.
preload=$so
case ,${SANITIZERS:-}, in
  *,address,*) preload="$(${CC:-cc} -print-file-name=libasan.so) $so" ;;
esac
check "LD_PRELOAD: posix_spawn places the child in the cgroup" \
  "$expected" "$(LD_PRELOAD=$preload "$client" "$dir" "$probe")"
check "linked with -lpidfdspawn: posix_spawn places the child in the cgroup" \
  "$expected" "$("$linked" "$dir" "$probe")"

exit $failed
