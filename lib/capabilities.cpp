// Cached kernel capabilities: relaxed atomics, constant-initialised (no
// static constructors).  Races only repeat a probe; every answer is the same.
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "capabilities.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "clone_vm_probe.h"
#include "compat/linux_clone.h"
#include "common.h"
#include "atomic.h"
#include "syscall.h"

namespace pidfdspawn {

namespace {

constinit Atomic<int> waitid_pidfd_state{0}; // 0 unknown, 1 yes, -1 no
constinit Atomic<unsigned> refused_rungs{0};
constinit Atomic<bool> clear_sighand_is_refused{false};
constinit Atomic<bool> into_cgroup_is_refused{false};
constinit Atomic<int> cgroup_field_state{0}; // 0 unknown, 1 yes, -1 no
constinit Atomic<int> get_info_state{0};
constinit Atomic<int> clone_vm_sharing{0}; // 0 unknown, 1 yes, -1 no
// -3 not read yet, -2 invalid value, -1 auto, else the forced rung.
constinit Atomic<int> choice_state{-3};
// Process-wide, not thread_local: TLS in a shared object would pull in
// __tls_get_addr and so the dynamic loader as a NEEDED entry.
constinit Atomic<int> last_rung_used{-1};

int
read_choice ()
{
  const char *value = secure_getenv ("PIDFDSPAWN_RUNG");
  if (value == nullptr || value[0] == '\0' || strcmp (value, "auto") == 0)
    return -1;
  for (int i = 0; i < static_cast<int> (Rung::count); ++i)
    if (strcmp (value, ladder[i].name) == 0)
      return i;
  return -2;
}

} // namespace

bool
waitid_pidfd_supported ()
{
  int state = waitid_pidfd_state.load ();
  if (state == 0)
    {
      // An fd that cannot be open: EBADF proves P_PIDFD is understood;
      // older kernels (and filters emulating them) answer EINVAL.
      // A real siginfo, though Linux accepts NULL: valgrind answers EFAULT
      // for NULL before the kernel can say EBADF.
      siginfo_t info;
      long r = sys::waitid (P_PIDFD, INT_MAX, &info, WEXITED);
      state = sys::error_of (r) == EBADF ? 1 : -1;
      waitid_pidfd_state.store (state);
    }
  return state > 0;
}

RungChoice
rung_choice ()
{
  int state = choice_state.load ();
  if (state == -3)
    {
      state = read_choice ();
      choice_state.store (state);
    }
  if (state == -2)
    return { false, false, Rung::clone3 };
  if (state == -1)
    return { true, false, Rung::clone3 };
  return { true, true, static_cast<Rung> (state) };
}

bool
rung_refused (Rung rung)
{
  return refused_rungs.load ()
         & (1u << static_cast<int> (rung));
}

void
refuse_rung (Rung rung)
{
  refused_rungs.fetch_or (1u << static_cast<int> (rung));
}

bool
clear_sighand_refused ()
{
  return clear_sighand_is_refused.load ();
}

void
refuse_clear_sighand ()
{
  clear_sighand_is_refused.store (true);
}

bool
into_cgroup_refused ()
{
  return into_cgroup_is_refused.load ();
}

void
refuse_into_cgroup ()
{
  into_cgroup_is_refused.store (true);
}

bool
clone3_reads_cgroup_field ()
{
  int state = cgroup_field_state.load ();
  if (state == 0)
    {
      // An exit signal with high bits set is refused (EINVAL) only after
      // the kernel has copied the struct in; no kernel creates a process
      // for it.  Linux 5.3 to 5.6 answer E2BIG for the non-zero cgroup
      // field past their struct, filters and emulators ENOSYS or EPERM.
      pidfdspawn_clone_args args = {};
      args.flags = CLONE_INTO_CGROUP;
      args.exit_signal = 1ULL << 32;
      args.cgroup = 1;
      long r = sys::raw (__NR_clone3, sys::arg (&args),
                         PIDFDSPAWN_CLONE_ARGS_SIZE_VER2);
      state = sys::error_of (r) == EINVAL ? 1 : -1;
      cgroup_field_state.store (state);
    }
  return state > 0;
}

int
get_info_ioctl_state ()
{
  return get_info_state.load ();
}

void
set_get_info_ioctl_state (int state)
{
  get_info_state.store (state);
}

bool
clone_vm_shares_memory ()
{
  int state = clone_vm_sharing.load ();
  if (state == 0)
    {
      const int answer = probe_clone_vm_sharing ();
      if (answer < 0)
        return true;
      state = answer > 0 ? 1 : -1;
      clone_vm_sharing.store (state);
    }
  return state > 0;
}

void
note_rung_used (Rung rung)
{
  last_rung_used.store (static_cast<int> (rung));
}

} // namespace pidfdspawn

int
pidfdspawn_last_rung (void)
{
  return pidfdspawn::last_rung_used.load ();
}
