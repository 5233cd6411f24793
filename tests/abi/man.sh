#!/bin/sh
# Every manual page renders without a warning, and fits an 80-column
# terminal: at man(1)'s line length there (78n) no line is too long to
# break (a table too wide; groff 1.22 says "can't break line", 1.23
# "cannot break line").  Aliases name a page that exists.  Skips (77) where groff is not installed.
# SPDX-License-Identifier: LGPL-2.1-or-later
set -u
: "${top_srcdir:?}"
command -v groff >/dev/null 2>&1 || { echo "groff not installed: skipped"; exit 77; }
failed=0
for page in "$top_srcdir"/man/*.[0-9]; do
  name=${page##*/}
  alias=$(sed -n 's/^\.so //p' "$page")
  if [ -n "$alias" ]; then
    if [ -f "$top_srcdir/man/${alias##*/}" ]; then
      echo "ok - $name is an alias of ${alias##*/}"
    else
      echo "not ok - $name: alias target $alias missing"; failed=1
    fi
    continue
  fi
  if out=$(LC_ALL=C.UTF-8 groff -ww -z -mandoc "$page" 2>&1) && [ -z "$out" ]; then
    echo "ok - $name renders without warnings"
  else
    echo "not ok - $name"; printf '%s\n' "$out" | sed 's/^/# /'; failed=1
  fi
  wide=$(LC_ALL=C.UTF-8 groff -ww -z -Tutf8 -rLL=78n -mandoc "$page" 2>&1 \
           | grep -E "(can't|cannot) break line")
  if [ -z "$wide" ]; then
    echo "ok - $name fits 80 columns"
  else
    echo "not ok - $name is too wide for 80 columns"
    printf '%s\n' "$wide" | sed 's/^/# /'; failed=1
  fi
done
exit $failed
