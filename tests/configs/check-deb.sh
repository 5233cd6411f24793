#!/bin/bash
# `make check-deb`: build the Debian packages of packaging/debian from the
# dist tarball in a clean Debian root, as an unprivileged user without a
# network, and check them:
#   - the source and binary packages build, make check included
#     (dh_auto_test, as the build user);
#   - lintian reports no error and no warning;
#   - a second build with the same SOURCE_DATE_EPOCH (the changelog's) in
#     another directory gives byte-identical .debs;
#   - a build whose library exports one symbol more fails in
#     dpkg-gensymbols, through debian/libpidfdspawn0.symbols;
#   - the .debs install into a fresh root, where the tests of
#     debian/tests/control pass, run as autopkgtest runs them.
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   bash tests/configs/check-deb.sh TARBALL ROOTS OUT
#
# ROOTS keeps two roots per suite, made with debootstrap on the first run
# and reused while their stamp files match: deb-build-SUITE (the build
# dependencies) and deb-test-SUITE (what the tests depend on, without the
# packages), which each run copies to a fresh root.  OUT receives the
# source and binary packages, lintian's output and the package contents.
#
# Environment:
#   DEB_SUITE       Debian suite (default bookworm)
#   DEB_MIRROR      Debian mirror (default http://deb.debian.org/debian)
#   DEB_JOBS        parallel jobs of the builds (default 2)
#   DEB_STRICT=1    a missing precondition (not root, no debootstrap, no
#                   lintian) is an error (exit 1) instead of a skip (77)
#   DEBOOTSTRAP     the debootstrap program (default: from PATH)
#   DIFFERENTIAL_COUNT, DIFFERENTIAL_SEED
#                   passed on to the first build's make check when set
# Exit status: 0 passed, 77 skipped, anything else failed.

set -u
started=$(date +%s)
usage='usage: check-deb.sh TARBALL ROOTS OUT'
tarball=${1:?$usage}
roots=${2:?$usage}
out=${3:?$usage}
suite=${DEB_SUITE:-bookworm}
mirror=${DEB_MIRROR:-http://deb.debian.org/debian}
jobs=${DEB_JOBS:-2}
# shellcheck disable=SC2034 # read by skip (debian-root.sh)
strict=${DEB_STRICT:-0}
# The build root: what debian/control's Build-Depends name, and
# build-essential.  The test root: what debian/tests/control's Depends
# name, but for the packages built here.
build_packages=build-essential,debhelper,libcmocka-dev,pkg-config,groff-base
test_packages=gcc,libc6-dev,pkg-config,man-db
# The planted ABI change: one more function exported at PIDFDSPAWN_0.1.
planted=pidfdspawn_planted_symbol

say () { printf 'check-deb: %s\n' "$*"; }
# skip, the roots' making and mounting.
. "$(cd "$(dirname "$0")" && pwd)/debian-root.sh" || exit 99

require_debootstrap check-deb
command -v lintian >/dev/null 2>&1 || skip "lintian not found; install it (apt-get install lintian)"
command -v unshare >/dev/null 2>&1 || skip "unshare (util-linux) not found"
[ -f "$tarball" ] || { say "no tarball $tarball"; exit 99; }
case $roots in /*) ;; *) roots=$PWD/$roots ;; esac
case $out in /*) ;; *) out=$PWD/$out ;; esac
case $tarball in /*) ;; *) tarball=$PWD/$tarball ;; esac

in_private_mount_namespace "$0" "$tarball" "$roots" "$out"

build_root=$roots/deb-build-$suite
test_root=$roots/deb-test-$suite
fresh_root=$out/fresh-root

cleanup () { unmount_under "$build_root"; unmount_under "$fresh_root"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# make_root DIR PACKAGES: a minbase root with PACKAGES and an unprivileged
# user "builder", reused while its stamp matches.
make_root ()
{
  local dir=$1 packages=$2 stamp=$1/.pidfdspawn-deb-root
  local wanted="suite=$suite packages=$packages user=builder"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
    say "reusing the $suite root $dir"
    return 0
  fi
  create_root "$dir" "$suite" "$mirror" "$packages"
  chroot "$dir" useradd --create-home --shell /bin/sh builder || exit 99
  chroot "$dir" apt-get clean
  printf '%s\n' "$wanted" >"$stamp"
}

# as_builder DIR [VAR=VALUE...] COMMAND...: COMMAND as "builder" in the
# build root, in DIR, in a clean environment, in a network namespace of its
# own (no network).
as_builder ()
{
  local dir=$1; shift
  unshare --net chroot "$build_root" /usr/sbin/runuser -u builder -- \
    /usr/bin/env -i PATH=/usr/bin:/bin HOME=/home/builder LC_ALL=C.UTF-8 \
    TERM=dumb /bin/sh -c 'cd "$1" && shift && exec env "$@"' sh "$dir" "$@"
}

make_root "$build_root" "$build_packages"
make_root "$test_root" "$test_packages"
mount_root "$build_root"

rm -rf --one-file-system "$out"
mkdir -p "$out" || exit 99
dist=$(basename "$tarball")
dist=${dist%.tar.xz}
version=${dist#pidfdspawn-}
[ "$dist" != "$version" ] || { say "$tarball is not a pidfdspawn-VERSION.tar.xz"; exit 99; }

# unpack NAME: /build/NAME/pidfdspawn-VERSION with debian/ from
# packaging/debian, beside the tarball as the .orig.tar.xz, owned by builder.
unpack ()
{
  local dir=$build_root/build/$1
  rm -rf --one-file-system "$dir"
  mkdir -p "$dir" || exit 99
  cp "$tarball" "$dir/pidfdspawn_$version.orig.tar.xz" || exit 99
  tar -C "$dir" -xf "$tarball" || exit 99
  cp -R "$dir/$dist/packaging/debian" "$dir/$dist/debian" || exit 99
  chroot "$build_root" chown -R builder: "/build/$1" || exit 99
}

# build NAME LOG DEB_BUILD_OPTIONS DPKG-BUILDPACKAGE-ARGS...
build ()
{
  local name=$1 log=$2 options=$3 start status; shift 3
  start=$(date +%s)
  # shellcheck disable=SC2086
  as_builder "/build/$name/$dist" DEB_BUILD_OPTIONS="$options" $passed_on \
    dpkg-buildpackage -us -uc "$@" >"$log" 2>&1
  status=$?
  say "build $name: exit $status in $(($(date +%s) - start)) s (log: $log)"
  return $status
}

passed_on=
for v in DIFFERENTIAL_COUNT DIFFERENTIAL_SEED; do
  [ -n "${!v:-}" ] && passed_on="$passed_on $v=${!v}"
done

# ------------------------------------------------------------ build 1
# The builds' network namespace has the loopback device alone.
devices=$(as_builder / sed -n 's/^ *\([^ :]*\):.*/\1/p' /proc/self/net/dev | tr '\n' ' ')
[ "$devices" = "lo " ] || { say "the build would have network devices: $devices"; exit 99; }
say "$(chroot "$build_root" dpkg-query -W -f '${Package} ${Version}\n' libc6 debhelper dpkg-dev | tr '\n' ' ')"
unpack a
if ! build a "$out/build-a.log" "parallel=$jobs"; then
  tail -n 80 "$out/build-a.log"
  say "FAILED: the packages do not build"
  exit 1
fi
say "make check in dh_auto_test, as builder:"
sed -n '/^# TOTAL:/,/^# ERROR:/p' "$out/build-a.log" | tail -n 7 | sed 's/^/  /'
grep -E '^SKIP: ' "$out/build-a.log" | sed 's/^/  /'
cp "$build_root/build/a/"*.deb "$build_root/build/a/"*.dsc \
   "$build_root/build/a/"*.debian.tar.* "$build_root/build/a/"*.orig.tar.xz \
   "$build_root/build/a/"*.changes "$build_root/build/a/"*.buildinfo "$out/" || exit 99

failed=0
# ------------------------------------------------------------ lintian
# On the host, against the .changes: the source package and the three
# binary packages.  Information tags are shown, not counted.
# Overrides are listed (O:) with the reasons written in them.  The verdict
# is read from the tags: lintian 2.116's --fail-on counts overridden
# warnings once --show-overrides lists them.  Run as nobody, as lintian
# advises, on a copy nobody can read wherever OUT is.
say "lintian $(lintian --version | sed 's/^Lintian v//'):"
lint=$(mktemp -d "${TMPDIR:-/tmp}/check-deb-lintian.XXXXXX") || exit 99
cp "$out"/*.changes "$out"/*.dsc "$out"/*.deb "$out"/*.tar.* "$out"/*.buildinfo "$lint/" \
  || exit 99
chmod -R a+rX "$lint"
runuser -u nobody -- env HOME=/nonexistent lintian --display-info --show-overrides \
  "$lint"/*.changes >"$out/lintian.log" 2>&1
lintian_status=$?
rm -rf "$lint"
sed 's/^/  /' "$out/lintian.log"
if [ $lintian_status -ne 0 ] && [ $lintian_status -ne 2 ]; then
  say "FAILED: lintian itself failed (exit $lintian_status)"
  failed=1
elif grep -q '^[EW]: ' "$out/lintian.log"; then
  say "FAILED: lintian reports errors or warnings"
  failed=1
else
  say "lintian: no errors, no warnings"
fi

# ------------------------------------------------------------ build 2
# Binary packages again in another directory, without make check (the
# tests do not change what is built).  dpkg-buildpackage takes
# SOURCE_DATE_EPOCH from debian/changelog in both builds.
unpack b
if build b "$out/build-b.log" "nocheck parallel=$jobs" -b; then
  for deb in "$build_root/build/a/"*.deb; do
    name=$(basename "$deb")
    if cmp -s "$deb" "$build_root/build/b/$name"; then
      say "reproducible: $name"
    else
      say "FAILED: $name differs between the two builds"
      if command -v diffoscope >/dev/null 2>&1; then
        diffoscope "$deb" "$build_root/build/b/$name" | head -n 100
      else
        say "diffoscope is not installed; file contents that differ:"
        for d in a b; do
          mkdir -p "$out/unpacked-$d"
          dpkg-deb -R "$build_root/build/$d/$name" "$out/unpacked-$d/$name"
        done
        diff -r "$out/unpacked-a/$name" "$out/unpacked-b/$name" | head -n 20
      fi
      failed=1
    fi
  done
else
  tail -n 40 "$out/build-b.log"
  say "FAILED: the second build failed"
  failed=1
fi
rm -rf --one-file-system "$build_root/build/b"

# ------------------------------------------------------------ planted ABI change
# The library exports one function more, listed in the upstream ABI list
# and the version script as a deliberate change would be, but not in
# debian/libpidfdspawn0.symbols: dpkg-gensymbols must stop the build.
# make check is skipped: the symbols file, not tests/abi/, is on trial.
unpack plant
src=$build_root/build/plant/$dist
printf '\nextern "C" __attribute__ ((visibility ("default"))) int %s (void);\nint %s (void) { return 0; }\n' \
  "$planted" "$planted" >>"$src/lib/pidfd_getpid.cpp"
sed -i "s/^    pidfd_getpid;/&\n    $planted;/" "$src/lib/libpidfdspawn.map.in"
grep -q "$planted" "$src/lib/libpidfdspawn.map.in" || { say "could not plant $planted"; exit 99; }
if build plant "$out/build-plant.log" "nocheck parallel=$jobs" -b; then
  say "FAILED: a library exporting $planted built; the symbols file does not guard the ABI"
  failed=1
elif grep -q "^dpkg-gensymbols: error" "$out/build-plant.log" \
     && grep -q "^+ *$planted@PIDFDSPAWN_0.1 " "$out/build-plant.log"; then
  say "planted ABI change: the build fails in dpkg-gensymbols, as it must:"
  grep -E "^dpkg-gensymbols: (error|warning)|^[-+@]" "$out/build-plant.log" | sed 's/^/  /'
else
  tail -n 40 "$out/build-plant.log"
  say "FAILED: the build with $planted failed, but not in dpkg-gensymbols"
  failed=1
fi
rm -rf --one-file-system "$build_root/build/plant"

# ------------------------------------------------------------ contents
for deb in "$out"/*.deb; do
  say "contents of $(basename "$deb"):"
  dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { print "  " $1, $6, $7, $8 }'
done

# ------------------------------------------------------------ fresh root
# A copy of the test root; the .debs go in with dpkg (their dependencies
# are there already: no network).  Each test of debian/tests/control runs
# as autopkgtest runs it: as a normal user unless it needs root, with
# AUTOPKGTEST_TMP set, failing on a non-zero exit or on output to stderr
# (unless allow-stderr).
start=$(date +%s)
cp -a "$test_root" "$fresh_root" || exit 99
mount_root "$fresh_root"
mkdir -p "$fresh_root/packages"
cp "$out"/*.deb "$fresh_root/packages/" || exit 99
if ! chroot "$fresh_root" sh -c 'dpkg -i /packages/*.deb' >"$out/install.log" 2>&1; then
  cat "$out/install.log"
  say "FAILED: the packages do not install into a fresh $suite root"
  exit 1
fi
say "installed into a fresh $suite root: $(ls "$fresh_root/packages" | tr '\n' ' ')"
control=$build_root/build/a/$dist/debian/tests/control
mkdir -p "$fresh_root/tests"
cp "$(dirname "$control")"/* "$fresh_root/tests/" || exit 99
# Stanzas of the control file, one line each: tests|depends|restrictions.
stanzas=$(awk '
  function flush () { if (tests != "") print tests "|" depends "|" restrictions;
                      tests = depends = restrictions = "" }
  /^$/ { flush (); next }
  /^[A-Za-z-]+:/ { field = tolower ($1); sub (/^[^:]*:[ \t]*/, "") }
  { if (field == "tests:") tests = tests " " $0
    else if (field == "depends:") depends = depends " " $0
    else if (field == "restrictions:") restrictions = restrictions " " $0 }
  END { flush () }' "$control")
[ -n "$stanzas" ] || { say "FAILED: no tests in $control"; exit 1; }
ran=0
while IFS='|' read -r tests depends restrictions; do
  for dep in $(printf '%s\n' "$depends" | tr ',' ' '); do
    [ "$dep" = @ ] && continue
    if [ "$(chroot "$fresh_root" dpkg-query -W -f '${Status}' "$dep" 2>/dev/null)" \
         != "install ok installed" ]; then
      say "FAILED: test dependency $dep is not installed in the fresh root (add it to the test root's packages)"
      failed=1
    fi
  done
  user=builder
  case " $restrictions " in *" needs-root "*) user=root ;; esac
  for t in $tests; do
    ran=$((ran + 1))
    status=0
    chroot "$fresh_root" /usr/sbin/runuser -u "$user" -- /usr/bin/env -i \
      PATH=/usr/bin:/bin HOME=/tmp LC_ALL=C.UTF-8 TERM=dumb \
      /bin/sh -c 'export AUTOPKGTEST_TMP=$(mktemp -d) && cd "$AUTOPKGTEST_TMP" && "/tests/$1"' \
      sh "$t" >"$out/test-$t.stdout" 2>"$out/test-$t.stderr" || status=$?
    sed 's/^/  /' "$out/test-$t.stdout"
    if [ -s "$out/test-$t.stderr" ]; then
      sed 's/^/  stderr: /' "$out/test-$t.stderr"
      case " $restrictions " in
        *" allow-stderr "*) ;;
        *) [ $status = 0 ] && status=stderr ;;
      esac
    fi
    if [ "$status" = 0 ]; then
      say "test $t: PASS (as $user)"
    else
      say "test $t: FAIL ($status)"
      failed=1
    fi
  done
done <<EOF
$stanzas
EOF
cleanup
rm -rf --one-file-system "$fresh_root"
say "fresh-root tests: $ran run in $(($(date +%s) - start)) s"

rm -rf --one-file-system "$build_root/build"
if [ $failed -ne 0 ]; then
  say "FAILED ($(($(date +%s) - started)) s; logs in $out)"
  exit 1
fi
say "PASSED on $suite ($(($(date +%s) - started)) s in all; packages in $out)"
exit 0
