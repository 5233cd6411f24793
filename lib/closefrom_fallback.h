// closefrom for kernels without close_range (before 5.9): scan /proc/self/fd.
// SPDX-License-Identifier: LGPL-2.1-or-later
#pragma once

namespace pidfdspawn {

// Closes every fd >= LOWEST but KEEP (-1: none).  Runs in the child: raw
// syscalls and a stack buffer only.  Returns 0 or an error number (no
// procfs, EMFILE...).
int closefrom_by_scanning (int lowest, int keep);

} // namespace pidfdspawn
