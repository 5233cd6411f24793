// What the running kernel lets us do, probed once and cached.  A cached
// "yes" is never trusted blindly: every call still steps down the ladder
// when a rung is refused (see spawn_core.cpp).
// SPDX-License-Identifier: LGPL-2.1-or-later
#pragma once

#include "common.h"
#include "rungs.h"

namespace pidfdspawn {

// waitid(P_PIDFD) answers (Linux 5.4): without it a pidfd cannot be waited
// for and pidfd_spawn reports ENOSYS, as glibc does.
bool waitid_pidfd_supported ();

// PIDFDSPAWN_RUNG, read once (secure_getenv: ignored in set-uid
// programs).  Values: unset, "" or "auto" (the whole ladder), or one rung's
// name (only that rung).
struct RungChoice
{
  bool valid;  // false: an unknown value; every spawn fails with EINVAL
  bool forced; // true: only FORCED is tried
  Rung forced_rung;
};
RungChoice rung_choice ();

// A rung the kernel refused; never tried again in this process.
bool rung_refused (Rung rung);
void refuse_rung (Rung rung);

// clone3 without CLONE_CLEAR_SIGHAND (Linux 5.3 and 5.4).
bool clear_sighand_refused ();
void refuse_clear_sighand ();

// clone3 without CLONE_INTO_CGROUP (Linux 5.3 to 5.6): the child joins
// the cgroup itself.
bool into_cgroup_refused ();
void refuse_into_cgroup ();

// Whether clone3 reads CLONE_INTO_CGROUP's 88-byte struct here (Linux 5.7,
// not refused by a filter), asked once without creating a process: what
// glibc 2.39's posix_spawn needs to place a child in a cgroup.
bool clone3_reads_cgroup_field ();

// The PIDFD_GET_INFO ioctl (Linux 6.13): 0 unknown, 1 works, -1 refused.
int get_info_ioctl_state ();
void set_get_info_ioctl_state (int state);

// Whether a CLONE_VM child's writes reach the parent.  Not under valgrind
// or qemu-user, which run CLONE_VM | CLONE_VFORK as fork: rungs then take
// the channel or are passed over (lib/ladder.h).  Assumed when the probe
// cannot run.
bool clone_vm_shares_memory ();

// Which rung served the process's last successful spawn (for the tests).
void note_rung_used (Rung rung);

} // namespace pidfdspawn

extern "C" {
// For the tests: the rung of the last successful spawn (-1 none).
int pidfdspawn_last_rung (void) PIDFDSPAWN_HIDDEN;
}
