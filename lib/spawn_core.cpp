// The spawn core: validate, prepare everything the child needs in one
// region (child_region.cpp), then walk the ladder.
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "spawn_core.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "attributes.h"
#include "capabilities.h"
#include "child.h"
#include "child_region.h"
#include "common.h"
#include "file_actions.h"
#include "rungs.h"
#include "spawn_request.h"
#include "syscall.h"

namespace pidfdspawn {

namespace {

// glibc's execvpe default when PATH is unset (confstr _CS_PATH).
constexpr const char default_search_dirs[] = "/bin:/usr/bin";

// Collects a child that failed before exec.  With a pidfd this cannot reap
// anybody else's process; without one (a kernel that ignored CLONE_PIDFD),
// the pid is still ours: the child has exited but nothing reaped it yet
// unless SIGCHLD is ignored, where wait4 answers ECHILD.
void
reap_failed_child (pid_t pid, int pidfd)
{
  if (pidfd >= 0)
    {
      siginfo_t info; // not NULL: valgrind would refuse it (EFAULT)
      sys::waitid (P_PIDFD, pidfd, &info, WEXITED);
      sys::close (pidfd);
    }
  else
    sys::wait4 (pid, nullptr, 0);
}

// The channel, for a child that does not share our memory: a close-on-exec
// socket pair (a socket, so that the go-ahead is sent without SIGPIPE).
int
open_channel (SpawnRequest &req)
{
  int fds[2];
  if (int error = sys::error_of (
        sys::socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, fds)))
    return error;
  // The child's end out of the file actions' way (child.h).  Without a
  // free slot up there it stays where it is; the child moves it when an
  // action names it.
  if (int high; dup_out_of_the_way (fds[1], high) == 0)
    {
      sys::close (fds[1]);
      fds[1] = high;
    }
  req.parent_channel_fd = fds[0];
  req.channel_fd = fds[1];
  return 0;
}

// After the launch: a held child is let go (unless the launch failed, when
// end-of-file tells it to exit unseen), then the child's error, if any, is
// read; end-of-file means it has exec'd (or died).
void
close_channel (SpawnRequest &req, const RungRules &rules, bool child_exists)
{
  if (req.channel_fd >= 0)
    sys::close (req.channel_fd);
  req.channel_fd = -1;
  const int fd = req.parent_channel_fd;
  req.parent_channel_fd = -1;
  if (child_exists && req.error == 0)
    {
      const char go = 1;
      if (rules.memory == PIDFDSPAWN_MEMORY_COPIED)
        sys::send_nosignal (fd, &go, 1);
      int error;
      long n;
      do
        n = sys::read (fd, &error, sizeof error);
      while (n == -EINTR);
      if (n == sizeof error)
        req.error = error;
    }
  sys::close (fd);
}

struct SpawnOutcome
{
  int error;
  int pidfd;
  pid_t pid;
};

// Walks the ladder from the best rung not yet refused.  Signals are
// blocked and the child's region is mapped.
SpawnOutcome
run_ladder (SpawnRequest &req, ChildStack stack, const RungChoice &choice)
{
  const int first = choice.forced ? static_cast<int> (choice.forced_rung) : 0;
  const int last = choice.forced ? first + 1 : static_cast<int> (Rung::count);
  for (int i = first; i < last; ++i)
    {
      const auto rung = static_cast<Rung> (i);
      const RungRules &rules = rules_of (rung);
      if (!choice.forced && rung_refused (rung))
        continue;
      const bool shared = rules.memory != PIDFDSPAWN_MEMORY_COPIED
                          && clone_vm_shares_memory ();
      if (rules.memory == PIDFDSPAWN_MEMORY_SHARED && !shared)
        {
          if (!choice.forced)
            refuse_rung (rung);
          continue;
        }
      req.rung = rung;
      req.memory_shared = shared;
      req.pidfd = -1;
      req.error = 0;
      req.setup_refused = false;
      req.channel_fd = -1;
      req.parent_channel_fd = -1;
      if (!shared)
        if (int error = open_channel (req))
          return { error, -1, 0 };

      pid_t pid = -1;
      const int error = rules.launch (req, stack, pid);
      if (!shared)
        close_channel (req, rules, error == 0);
      if (error != 0)
        {
          if (is_refusal (rules, error))
            {
              if (!choice.forced)
                refuse_rung (rung);
              continue;
            }
          return { error, -1, 0 };
        }
      if (req.error == 0 && (req.pidfd >= 0 || !req.want_pidfd))
        {
          note_rung_used (rung);
          return { 0, req.pidfd, pid };
        }
      // The child did not exec.
      reap_failed_child (pid, req.pidfd);
      if (req.error == 0)
        // Killed before exec and before any pidfd existed: there is no
        // child to hand back.
        return { ECHILD, -1, 0 };
      if (req.setup_refused)
        {
          if (!choice.forced)
            refuse_rung (rung);
          continue;
        }
      return { req.error, -1, 0 };
    }
  // Every rung refused: no pidfd can be had here (glibc's answer too).
  return { ENOSYS, -1, 0 };
}

int
spawn_checked (Handle handle, int *pidfd_out, pid_t *pid_out,
               const char *file, const posix_spawn_file_actions_t *fa,
               const posix_spawnattr_t *attr, char *const argv[],
               char *const envp[], Lookup lookup)
{
  // The libc's headers declare these non-null; a NULL is still answered,
  // not dereferenced.
  if (file == nullptr || argv == nullptr)
    return EFAULT;
  const RungChoice choice = rung_choice ();
  if (!choice.valid)
    return EINVAL;
  // posix_spawn's callers wait by pid: only a pidfd needs waitid(P_PIDFD).
  const bool want_pidfd = handle == Handle::pidfd;
  if (want_pidfd && !waitid_pidfd_supported ())
    return ENOSYS;

  size_t argc = 0;
  while (argv[argc] != nullptr)
    if (++argc >= INT_MAX - 1)
      return E2BIG;

  Attributes attrs;
  if (int error = read_attributes (attr, attrs))
    return error;
  // The kernel answers EINVAL for a CLONE_INTO_CGROUP fd above INT_MAX,
  // which a negative int becomes (glibc 2.39 passes that answer on).
  // Checked here so that every rung answers alike and the clone3 rung
  // never mistakes it for a kernel without CLONE_INTO_CGROUP.
  if ((attrs.flags & POSIX_SPAWN_SETCGROUP) && attrs.cgroup < 0)
    return EINVAL;
  size_t action_count;
  if (int error = count_file_actions (fa, action_count))
    return error;

  const bool search = lookup == Lookup::search_path;
  ChildRegion region;
  if (int error = acquire_child_region (region, argc, action_count, search))
    return error;
  if (int error = decode_file_actions (fa, region.actions, action_count))
    {
      release_child_region (region);
      return error;
    }

  SpawnRequest req = {};
  req.file = file;
  req.search_path = search;
  if (search)
    {
      // The caller's PATH, not envp's: posix_spawnp's rule.
      const char *dirs = getenv ("PATH");
      req.search_dirs = dirs != nullptr ? dirs : default_search_dirs;
      req.path_buffer = region.search_buffer;
      req.path_buffer_size = search_buffer_size;
    }
  req.argv = argv;
  req.envp = envp;
  req.attrs = attrs;
  req.actions = region.actions;
  req.action_count = action_count;
  req.want_pidfd = want_pidfd;

  // No handler of ours may run in the child, libc-internal signals
  // included; no cancellation may leave the child's stack mapped.
  int cancel_state;
  pthread_setcancelstate (PTHREAD_CANCEL_DISABLE, &cancel_state);
  const uint64_t all_signals = ~uint64_t{0};
  sys::sigprocmask (SIG_SETMASK, &all_signals, &req.caller_mask);

  const SpawnOutcome outcome = run_ladder (req, region.stack, choice);

  sys::sigprocmask (SIG_SETMASK, &req.caller_mask, nullptr);
  pthread_setcancelstate (cancel_state, nullptr);
  release_child_region (region);

  if (outcome.error != 0)
    return outcome.error;
  if (pid_out != nullptr)
    *pid_out = outcome.pid;
  if (pidfd_out != nullptr)
    *pidfd_out = outcome.pidfd;
  else if (want_pidfd)
    // glibc leaks it here; the child remains the caller's to wait for.
    sys::close (outcome.pidfd);
  return 0;
}

} // namespace

int
spawn (Handle handle, int *pidfd, pid_t *pid, const char *file,
       const posix_spawn_file_actions_t *fa, const posix_spawnattr_t *attr,
       char *const argv[], char *const envp[], Lookup lookup)
{
  const int saved_errno = errno;
  const int result
    = spawn_checked (handle, pidfd, pid, file, fa, attr, argv, envp, lookup);
  errno = saved_errno;
  return result;
}

} // namespace pidfdspawn
