// POSIX_SPAWN_SETCGROUP for libcs that lack it: posix_spawnattr_setcgroup_np,
// posix_spawnattr_getcgroup_np, and thin wrappers around the libc's
// posix_spawnattr_setflags, posix_spawn and posix_spawnp.
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// How the wrappers are reached.  They are exported at the base version of
// libpidfdspawn.so.0 (the version script lists them in no node), because
// the dynamic loader lets a base-version definition satisfy a reference of
// any version: a program built against glibc alone refers to
// posix_spawn@GLIBC_2.15, and LD_PRELOAD=libpidfdspawn.so.0 must interpose
// it (glibc's elf/dl-lookup.c, check_match: a definition whose version
// index has no name matches every version that is not hidden).  A program
// linked with -lpidfdspawn before libc binds to the same definitions at
// link time.
//
// How the libc's own functions are reached.  The same rule makes a plain
// versioned reference from this library (.symver to posix_spawn@GLIBC_2.15)
// useless: the loader finds this library's base-version definition first,
// wherever the library sits in the search order, and the wrapper would
// call itself.  The libc's definition is looked up by name and version in
// the loaded objects' symbol tables instead (lib/versioned_symbol.cpp;
// dlvsym would need libdl before glibc 2.34): naming the version picks the
// libc's current posix_spawn, not the 2.2.5 compatibility one.  The
// versions per architecture are in compat/glibc_spawnattr.h; the lookup is
// done once and cached.
//
// What the wrappers do.  Without POSIX_SPAWN_SETCGROUP every call goes to
// the libc's function with its arguments unchanged.  On a libc that knows
// the flag itself (glibc 2.39 and later, asked at run time), setflags
// always goes to the libc, and so does posix_spawn(p) with the flag
// wherever the libc can serve it: where clone3 takes CLONE_INTO_CGROUP.
// Behaviour there is the libc's to the errno (its spawn needs no
// descriptor, for one).  Elsewhere, setflags with POSIX_SPAWN_SETCGROUP
// asks the libc to store the other flags (so their validation stays the
// libc's) and then adds the bit to the flag word, and posix_spawn(p) with
// the flag goes through this library's spawn core, which places the child
// in the cgroup before it execs (where glibc 2.39 would answer ENOTSUP or
// EPERM).
#include <errno.h>
#include <spawn.h>


#include "pidfdspawn/spawn.h"

#include "atomic.h"
#include "attributes.h"
#include "capabilities.h"
#include "common.h"
#include "compat/spawnattr_layout.h"
#include "spawn_core.h"
#include "versioned_symbol.h"

namespace pidfdspawn {

namespace {

using spawn_fn = int (*) (pid_t *, const char *,
                          const posix_spawn_file_actions_t *,
                          const posix_spawnattr_t *, char *const[],
                          char *const[]);
using setflags_fn = int (*) (posix_spawnattr_t *, short);

// Set once each, read with acquire.
constinit Atomic<void *> next_spawn{nullptr};
constinit Atomic<void *> next_spawnp{nullptr};
constinit Atomic<void *> next_setflags{nullptr};
// 0 unknown, 1 the libc knows POSIX_SPAWN_SETCGROUP, -1 it does not.
constinit Atomic<int> libc_cgroup_state{0};

// Races only repeat the lookup; every thread finds the same address.
template <typename Fn, typename Lookup>
Fn
cached (Atomic<void *> &slot, Lookup lookup)
{
  void *p = slot.load_acquire ();
  if (p == nullptr)
    {
      p = lookup ();
      slot.store_release (p);
    }
  return reinterpret_cast<Fn> (p);
}

spawn_fn
libc_spawn ()
{
  return cached<spawn_fn> (next_spawn,
                           [] { return PIDFDSPAWN_NEXT_SPAWN ("posix_spawn"); });
}

spawn_fn
libc_spawnp ()
{
  return cached<spawn_fn> (next_spawnp,
                           [] { return PIDFDSPAWN_NEXT_SPAWN ("posix_spawnp"); });
}

setflags_fn
libc_setflags ()
{
  return cached<setflags_fn> (next_setflags,
                              [] { return PIDFDSPAWN_NEXT_SETFLAGS (); });
}

bool
libc_knows_cgroup ()
{
  int state = libc_cgroup_state.load ();
  if (state == 0)
    {
      state = PIDFDSPAWN_LIBC_KNOWS_CGROUP () ? 1 : -1;
      libc_cgroup_state.store (state);
    }
  return state > 0;
}

// The libc's posix_spawn places a child in a cgroup with clone3 alone:
// where that is refused it fails, and this library's ladder serves.
bool
libc_serves_cgroup ()
{
  return libc_knows_cgroup () && clone3_reads_cgroup_field ();
}

bool
wants_cgroup (const posix_spawnattr_t *attr)
{
  short flags = 0;
  return attr != nullptr && posix_spawnattr_getflags (attr, &flags) == 0
         && (static_cast<unsigned short> (flags) & POSIX_SPAWN_SETCGROUP);
}

int
forward (spawn_fn fn, pid_t *pid, const char *file,
         const posix_spawn_file_actions_t *fa, const posix_spawnattr_t *attr,
         char *const argv[], char *const envp[])
{
  // Not found: nothing sensible to call (a libc without these symbols
  // would not have linked this library).
  if (fn == nullptr)
    return ENOSYS;
  return fn (pid, file, fa, attr, argv, envp);
}

} // namespace

} // namespace pidfdspawn

PIDFDSPAWN_PUBLIC int
posix_spawnattr_getcgroup_np (const posix_spawnattr_t *__restrict attr,
                              int *__restrict cgroup) noexcept
{
  // glibc 2.39: no check, whatever the flags say.
  *cgroup = PIDFDSPAWN_ATTR_CGROUP (attr);
  return 0;
}

PIDFDSPAWN_PUBLIC int
posix_spawnattr_setcgroup_np (posix_spawnattr_t *attr, int cgroup) noexcept
{
  // glibc 2.39: stored as given; a bad fd shows at spawn time.
  PIDFDSPAWN_ATTR_CGROUP (attr) = cgroup;
  return 0;
}

PIDFDSPAWN_PUBLIC int
posix_spawnattr_setflags (posix_spawnattr_t *attr,
                          short flags) PIDFDSPAWN_SETFLAGS_NOEXCEPT
{
  using namespace pidfdspawn;
  const setflags_fn libc = libc_setflags ();
  if (libc == nullptr)
    return ENOSYS;
  if (libc_knows_cgroup ())
    return libc (attr, flags);
  const auto bits = static_cast<unsigned short> (flags);
  // glibc 2.39's rule: a bit it does not know is EINVAL, and nothing is
  // stored.
  if (bits & ~known_spawn_flags)
    return EINVAL;
  if (!(bits & POSIX_SPAWN_SETCGROUP))
    return libc (attr, flags);
  const int r = libc (attr, static_cast<short> (bits & ~POSIX_SPAWN_SETCGROUP));
  if (r != 0)
    return r;
  PIDFDSPAWN_ATTR_FLAGS (attr) = static_cast<pidfdspawn_attr_flags_t> (
    static_cast<unsigned short> (PIDFDSPAWN_ATTR_FLAGS (attr))
    | POSIX_SPAWN_SETCGROUP);
  return 0;
}

PIDFDSPAWN_PUBLIC int
posix_spawn (pid_t *__restrict pid, const char *__restrict path,
             const posix_spawn_file_actions_t *__restrict fa,
             const posix_spawnattr_t *__restrict attr, char *const argv[],
             char *const envp[])
{
  using namespace pidfdspawn;
  if (wants_cgroup (attr) && !libc_serves_cgroup ())
    return spawn (Handle::pid, nullptr, pid, path, fa, attr, argv, envp,
                  Lookup::exact_path);
  return forward (libc_spawn (), pid, path, fa, attr, argv, envp);
}

PIDFDSPAWN_PUBLIC int
posix_spawnp (pid_t *pid, const char *file,
              const posix_spawn_file_actions_t *fa,
              const posix_spawnattr_t *attr, char *const argv[],
              char *const envp[])
{
  using namespace pidfdspawn;
  if (wants_cgroup (attr) && !libc_serves_cgroup ())
    return spawn (Handle::pid, nullptr, pid, file, fa, attr, argv, envp,
                  Lookup::search_path);
  return forward (libc_spawnp (), pid, file, fa, attr, argv, envp);
}
