#!/bin/sh
# /init of the initramfs that `make check-kernels` boots under qemu
# (tests/configs/check-kernels.sh builds it; busybox is the shell and its tools).
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Mounts what the suites need, runs each suite listed in
# /check-kernels.conf the way `make check` would, prints one result line
# per suite and a final marker, then reboots (qemu runs with -no-reboot, so
# that ends it).  Every line meant for the host starts with "check-kernels:";
# the host reads the lines from the serial console.
#
# /check-kernels.conf sets
#   top_builddir, top_srcdir  the build's paths (the initramfs holds the
#                             files at the same paths as the build host)
#   READELF                   readelf, for tests/abi/cgroup-preload.sh
#   suites                    the suites, as in TESTS: tests/DIR/NAME (a CMocka
#                             program), tests/DIR/NAME.sh,
#                             tests/suites/SUITE-RUNG.suite

PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH
# busybox's applets as links, beside (never over) the staged files.
/bin/busybox --install -s

say () { echo "check-kernels: $*"; }

# The end, whatever happens: reboot(2), which qemu -no-reboot turns into an
# exit.  If that fails, init exiting panics the kernel, and panic=-1 reboots.
finish ()
{
  sync
  reboot -f
  sleep 5
  exit 1
}

mount_or_say ()
{
  mount "$@" 2>/dev/null || say "mount $* failed"
}
mount_or_say -t proc proc /proc
mount_or_say -t sysfs sysfs /sys
mount_or_say -t devtmpfs devtmpfs /dev
# The kernel's own /dev/console was opened before; this one is the same.
exec </dev/console >/dev/console 2>&1
# A build tree under /tmp (a checkout there) is in the initramfs: a tmpfs
# on /tmp would hide it, and the initramfs is writable itself.
mkdir -p /tmp
if [ -z "$(ls -A /tmp 2>/dev/null)" ]; then
  mount_or_say -t tmpfs -o mode=1777 tmpfs /tmp
else
  chmod 1777 /tmp
fi
mount_or_say -t cgroup2 cgroup2 /sys/fs/cgroup
# Kernel messages would interleave with the result lines: errors only.
echo 3 >/proc/sys/kernel/printk 2>/dev/null

if ! . /check-kernels.conf; then
  say "no /check-kernels.conf"
  say "RESULT: FAIL"
  finish
fi
export top_builddir top_srcdir READELF
# The differential suite (tests/suites/differential-*.suite) compares with
# the host libc at scale, run by make check; under TCG it costs about 40 s
# a rung, and on 5.10 its scenarios that change the effective uid fail in
# pidfd_getpid (no PIDFD_GET_INFO, and /proc/self/fdinfo is unreadable
# after an id change before Linux 5.14): see doc/compatibility.md.
DIFFERENTIAL_COUNT=0
export DIFFERENTIAL_COUNT
# Root's make check runs with HOME, USER and a full PATH; the suites
# only need PATH and the build paths.
HOME=/root
export HOME
cd "$top_builddir" || { say "no $top_builddir"; say "RESULT: FAIL"; finish; }

say "kernel $(uname -r)"
# What the library finds on this kernel (tools/pidfd-run --info).
"$top_builddir/tools/pidfd-run" --info 2>&1 | sed 's/^/check-kernels: info: /'

passed=0 failed=0 skipped=0
for suite in $suites; do
  name=${suite#tests/}
  say "running $name"
  log=/tmp/suite.log
  start=$(date +%s)
  case $suite in
    *.suite) sh "$top_srcdir/tests/run-suite.sh" "$top_srcdir/$suite" ;;
    *.sh) sh "$top_srcdir/$suite" ;;
    *) "$top_builddir/$suite" ;;
  esac >"$log" 2>&1 </dev/null
  rc=$?
  seconds=$(($(date +%s) - start))
  # CMocka's and the scripts' passing checks: a suite that passed with
  # none would show here.
  checks=$(grep -c -e '^\[       OK \]' -e '^ok - ' "$log")
  case $rc in
    0) passed=$((passed + 1)); say "PASS: $name (${seconds} s, $checks checks)" ;;
    77) skipped=$((skipped + 1)); say "SKIP: $name (${seconds} s, $checks checks)"
        # Why it skipped: the suites print it.
        grep -i 'skip' "$log" | head -n 5 | sed 's/^/check-kernels: | /' ;;
    *) failed=$((failed + 1)); say "FAIL: $name (exit $rc, ${seconds} s)"
       # The log without the lines of passing tests.
       grep -v -e '^\[ RUN      \]' -e '^\[       OK \]' -e '^ok - ' "$log" \
         | tail -n 300 | sed 's/^/check-kernels: | /' ;;
  esac
done

if [ "$failed" -eq 0 ]; then status=PASS; else status=FAIL; fi
say "RESULT: $status ($passed passed, $failed failed, $skipped skipped;" \
  "$(cut -d' ' -f1 /proc/uptime) s since boot)"
finish
