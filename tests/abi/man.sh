#!/bin/sh
# Every manual page renders without a warning on an 80-column terminal
# (man(1)'s line length there, 78n: a table too wide for it is a
# "can't break line" warning); aliases name a page that exists.  Skips (77) where groff is not installed.
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
  if out=$(LC_ALL=C.UTF-8 groff -ww -z -Tutf8 -rLL=78n -mandoc "$page" 2>&1) && [ -z "$out" ]; then
    echo "ok - $name renders without warnings"
  else
    echo "not ok - $name"; printf '%s\n' "$out" | sed 's/^/# /'; failed=1
  fi
done
exit $failed
