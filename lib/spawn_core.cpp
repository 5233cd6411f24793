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
#include "rungs.h"
#include "capabilities.h"
#include "child_region.h"
#include "common.h"
#include "file_actions.h"
#include "spawn_request.h"
#include "syscall.h"

namespace pidfdspawn {

namespace {

// glibc's execvpe default when PATH is unset (confstr _CS_PATH).
constexpr const char default_search_dirs[] = "/bin:/usr/bin";

long
launch (Rung rung, SpawnRequest &req, ChildStack stack)
{
  switch (rung)
    {
    case Rung::clone3:
      return launch_clone3 (req, stack);
    case Rung::clone:
      return launch_clone (req, stack);
    case Rung::pidfd_open:
      return launch_pidfd_open (req, stack);
    default:
      return -ENOSYS;
    }
}

bool
refused (Rung rung, long result)
{
  switch (rung)
    {
    case Rung::clone3:
      return clone3_refused (result);
    case Rung::clone:
      return clone_refused (result);
    case Rung::pidfd_open:
      return pidfd_open_refused (result);
    default:
      return true;
    }
}

// Collects a child that failed before exec.  With a pidfd this cannot reap
// anybody else's process; without one (a kernel that ignored CLONE_PIDFD),
// the pid is still ours: the child has exited but nothing reaped it yet
// unless SIGCHLD is ignored, where wait4 answers ECHILD.
void
reap_failed_child (long pid, int pidfd)
{
  if (pidfd >= 0)
    {
      siginfo_t info; // not NULL: valgrind would refuse it (EFAULT)
      sys::waitid (P_PIDFD, pidfd, &info, WEXITED);
      sys::close (pidfd);
    }
  else
    sys::wait4 (static_cast<pid_t> (pid), nullptr, 0);
}

// Where CLONE_VM does not share memory (valgrind turns it into fork), the
// child's error never reaches REQ: it comes through a close-on-exec pipe,
// read once the child has exec'd (EOF) or exited.  Returns 0 or -errno.
long
open_error_pipe (SpawnRequest &req, int &read_fd)
{
  int fds[2];
  long r = sys::pipe2 (fds, O_CLOEXEC);
  if (r < 0)
    return r;
  // Out of the way of the file actions, which mostly name low fds (an
  // open action on the pipe's number would close it first): the highest
  // free fd within 64 of the limit, when there is one.
  struct rlimit limit = {};
  if (sys::nofile_soft_limit (&limit) == 0 && limit.rlim_cur > 128)
    {
      const rlim_t top = limit.rlim_cur < INT_MAX ? limit.rlim_cur : INT_MAX;
      long high = sys::fcntl (fds[1], F_DUPFD_CLOEXEC,
                              static_cast<long> (top - 64));
      if (high >= 0)
        {
          sys::close (fds[1]);
          fds[1] = static_cast<int> (high);
        }
    }
  struct stat st;
  if ((r = sys::fstat (fds[1], &st)) < 0)
    {
      sys::close (fds[0]);
      sys::close (fds[1]);
      return r;
    }
  read_fd = fds[0];
  req.report_fd = fds[1];
  req.report_inode = st.st_ino;
  return 0;
}

void
collect_piped_error (SpawnRequest &req, int read_fd, bool child_exists)
{
  sys::close (req.report_fd);
  req.report_fd = -1;
  if (child_exists)
    {
      int error;
      long n;
      do
        n = sys::read (read_fd, &error, sizeof error);
      while (n == -EINTR);
      if (n == sizeof error)
        req.error = error;
    }
  sys::close (read_fd);
}

struct SpawnOutcome
{
  int error;
  int pidfd;
  pid_t pid;
};

// Walks the ladder from the best rung not yet refused.  Signals are
// blocked and REGION is mapped.
SpawnOutcome
run_ladder (SpawnRequest &req, ChildStack stack, const RungChoice &choice)
{
  const int first = choice.forced ? static_cast<int> (choice.forced_rung) : 0;
  const int last = choice.forced ? first + 1 : static_cast<int> (Rung::count);
  const bool memory_shared = clone_vm_shares_memory ();
  for (int i = first; i < last; ++i)
    {
      const auto rung = static_cast<Rung> (i);
      if (!choice.forced && rung_refused (rung))
        continue;
      // On the pidfd_open rung the child stores the pidfd it opened in
      // REQ: without shared memory it can never be ours (and valgrind
      // would abort on its CLONE_FILES).
      if (!memory_shared && rung == Rung::pidfd_open)
        {
          if (!choice.forced)
            refuse_rung (rung);
          continue;
        }
      req.rung = rung;
      req.pidfd = -1;
      req.error = 0;
      req.setup_refused = false;
      req.report_fd = -1;
      int report_read_fd = -1;
      if (!memory_shared)
        if (long r = open_error_pipe (req, report_read_fd); r < 0)
          return { static_cast<int> (-r), -1, 0 };

      long pid = launch (rung, req, stack);
      if (report_read_fd >= 0)
        collect_piped_error (req, report_read_fd, pid >= 0);
      if (pid < 0)
        {
          if (refused (rung, pid))
            {
              if (!choice.forced)
                refuse_rung (rung);
              continue;
            }
          return { static_cast<int> (-pid), -1, 0 };
        }
      if (req.error == 0 && req.pidfd >= 0)
        {
          note_rung_used (rung);
          return { 0, req.pidfd, static_cast<pid_t> (pid) };
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
spawn_checked (int *pidfd_out, pid_t *pid_out, const char *file,
               const posix_spawn_file_actions_t *fa,
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
  if (!waitid_pidfd_supported ())
    return ENOSYS;

  size_t argc = 0;
  while (argv[argc] != nullptr)
    if (++argc >= INT_MAX - 1)
      return E2BIG;

  auto attrs = read_attributes (attr);
  if (!attrs.ok ())
    return attrs.error ();
  // The kernel answers EINVAL for a CLONE_INTO_CGROUP fd above INT_MAX,
  // which a negative int becomes (glibc 2.39 passes that answer on).
  // Checked here so that every rung answers alike and the clone3 rung
  // never mistakes it for a kernel without CLONE_INTO_CGROUP.
  if ((attrs.value ().flags & POSIX_SPAWN_SETCGROUP)
      && attrs.value ().cgroup < 0)
    return EINVAL;
  auto action_count = count_file_actions (fa);
  if (!action_count.ok ())
    return action_count.error ();

  const bool search = lookup == Lookup::search_path;
  ChildRegion region;
  if (int error
      = acquire_child_region (region, argc, action_count.value (), search))
    return error;
  if (int error = decode_file_actions (fa, region.actions, action_count.value ()))
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
  req.attrs = attrs.value ();
  req.actions = region.actions;
  req.action_count = action_count.value ();

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
  else
    // glibc leaks it here; the child remains the caller's to wait for.
    sys::close (outcome.pidfd);
  return 0;
}

} // namespace

int
spawn (int *pidfd, const char *file, const posix_spawn_file_actions_t *fa,
       const posix_spawnattr_t *attr, char *const argv[], char *const envp[],
       Lookup lookup)
{
  const int saved_errno = errno;
  const int result
    = spawn_checked (pidfd, nullptr, file, fa, attr, argv, envp, lookup);
  errno = saved_errno;
  return result;
}

int
spawn_for_pid (pid_t *pid, const char *file,
               const posix_spawn_file_actions_t *fa,
               const posix_spawnattr_t *attr, char *const argv[],
               char *const envp[], Lookup lookup)
{
  const int saved_errno = errno;
  const int result
    = spawn_checked (nullptr, pid, file, fa, attr, argv, envp, lookup);
  errno = saved_errno;
  return result;
}

} // namespace pidfdspawn
