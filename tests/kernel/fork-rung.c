/* The fork rung (PIDFDSPAWN_RUNG=fork): a fork-style child, held until the
   parent has its pidfd, that reports exec errors through a channel.
   - exec errors (ENOENT, EACCES, ENOEXEC, E2BIG) are the spawn's answer,
     with no child, no fd and no errno change left behind;
   - the channel survives file actions that name its fd number or close
     every fd, and the child gets exactly the fds the actions say;
   - a parent killed while its child is held: the program never runs and
     the child goes away;
   - SIGCHLD ignored: each pidfd names its own child.

   PIDFDSPAWN_RUNG is read once per process: every test sets it in a
   forked child (run_in_child), which reports through its exit status
   (tests/support/child-checks.h).
   SPDX-License-Identifier: LGPL-2.1-or-later */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include <pidfdspawn/spawn.h>
#include <pidfdspawn/sys/pidfd.h>

#include "child-checks.h"
#include "compat/linux_clone.h"
#include "ladder.h"
#include "pid-reporter.h"
#include "spawn-compat.h"
#include "test-util.h"

/* The reporting child of the storm: writes its pid to PID_REPORT_FD, then
   stays until one byte (or end-of-file) arrives on HOLD_FD, so that its
   pid cannot be reused while the test compares.  */
#define HOLD_REPORTER_ARG "--report-pid-and-hold"
#define HOLD_FD 4

#define MISSING_PROGRAM "/nonexistent/pidfdspawn-fork-rung/program"
/* What pidfd_spawn must leave in *pidfd and errno when it fails.  */
#define UNTOUCHED_PIDFD (-4242)
#define ERRNO_SENTINEL ESPIPE

enum { FORK_RUNG = PIDFDSPAWN_RUNG_fork };

static int
no_children (void)
{
  siginfo_t info;
  errno = 0;
  return waitid (P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) == -1
         && errno == ECHILD;
}

/* Spawns /bin/true and checks it ran on the fork rung.  In each forked
   child before anything else: it forces the rung, and a test whose spawns
   would not reach the fork rung proves nothing.  */
static int
start_on_fork_rung (void)
{
  if (setenv ("PIDFDSPAWN_RUNG", "fork", 1) != 0)
    return -1;
  char *argv[] = { (char *) "true", NULL };
  int pidfd = -1;
  int r = pidfd_spawn (&pidfd, "/bin/true", NULL, NULL, argv, environ);
  CHECK_ERRNO (r, 0);
  if (r != 0)
    return -1;
  CHECK_INT (pidfdspawn_last_rung (), FORK_RUNG);
  siginfo_t info;
  CHECK_INT (wait_pidfd (pidfd, &info), 0);
  CHECK_INT (info.si_code, CLD_EXITED);
  CHECK_INT (info.si_status, 0);
  close (pidfd);
  return pidfdspawn_last_rung () == FORK_RUNG ? 0 : -1;
}

/* A directory for the test's files where programs may be executed: /tmp,
   or the test's own directory when /tmp is mounted noexec.  */
static int
make_exec_dir (char *dir, size_t size)
{
  struct statvfs fs;
  if (statvfs ("/tmp", &fs) == 0 && (fs.f_flag & ST_NOEXEC) == 0)
    snprintf (dir, size, "/tmp/pidfdspawn-fork-rung-XXXXXX");
  else
    {
      const char *self = pid_reporter_self ();
      const char *slash = self != NULL ? strrchr (self, '/') : NULL;
      if (slash == NULL)
        return -1;
      snprintf (dir, size, "%.*s/fork-rung-XXXXXX", (int) (slash - self),
                self);
    }
  return mkdtemp (dir) != NULL ? 0 : -1;
}

static int
write_file (const char *path, const char *text, mode_t mode)
{
  int fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0)
    return -1;
  size_t n = strlen (text);
  int ok = write (fd, text, n) == (ssize_t) n;
  return close (fd) == 0 && ok && chmod (path, mode) == 0 ? 0 : -1;
}

/* A failed spawn: the error, *pidfd and errno as they were, no child, no
   fd, and it is the same for pidfd_spawnp given a path.  */
static void
check_spawn_fails (const char *what, const char *path,
                   const posix_spawn_file_actions_t *fa, char *const argv[],
                   int want)
{
  for (int search = 0; search <= 1; ++search)
    {
      struct fd_snapshot before, after;
      fd_snapshot_take (&before);
      int pidfd = UNTOUCHED_PIDFD;
      errno = ERRNO_SENTINEL;
      int r = search ? pidfd_spawnp (&pidfd, path, fa, NULL, argv, environ)
                     : pidfd_spawn (&pidfd, path, fa, NULL, argv, environ);
      int error = errno;
      if (r != want)
        fprintf (stderr, "%s (%s): %s, expected %s\n", what,
                 search ? "pidfd_spawnp" : "pidfd_spawn", errno_name (r),
                 errno_name (want));
      CHECK_ERRNO (r, want);
      CHECK_INT (pidfd, UNTOUCHED_PIDFD);
      CHECK_ERRNO (error, ERRNO_SENTINEL);
      fd_snapshot_take (&after);
      CHECK (fd_snapshot_equal (&before, &after));
      int status;
      errno = 0;
      CHECK (waitpid (-1, &status, WNOHANG) == -1 && errno == ECHILD);
      if (r == 0 && pidfd >= 0 && pidfd != UNTOUCHED_PIDFD)
        {
          siginfo_t info;
          wait_pidfd (pidfd, &info);
          close (pidfd);
        }
    }
}

/* ---- (a) exec errors ---------------------------------------------------- */

static int
exec_errors_child (const void *arg)
{
  (void) arg;
  if (start_on_fork_rung () != 0)
    return child_checks_finish () + 1;
  char dir[PATH_MAX];
  if (make_exec_dir (dir, sizeof dir - 32) != 0)
    {
      perror ("mkdtemp");
      return 1;
    }
  char plain[PATH_MAX + 32], garbage[PATH_MAX + 32];
  snprintf (plain, sizeof plain, "%s/not-executable", dir);
  snprintf (garbage, sizeof garbage, "%s/garbage", dir);
  /* No execute bit at all: EACCES even for root.  */
  CHECK_INT (write_file (plain, "#!/bin/sh\nexit 0\n", 0644), 0);
  /* No "#!", no known binary format: ENOEXEC (pidfd_spawnp does not retry
     with /bin/sh).  */
  CHECK_INT (write_file (garbage, "garbage, not a program\n", 0755), 0);

  char *argv[] = { (char *) "program", NULL };
  check_spawn_fails ("missing program", MISSING_PROGRAM, NULL, argv, ENOENT);
  check_spawn_fails ("not executable", plain, NULL, argv, EACCES);
  check_spawn_fails ("garbage", garbage, NULL, argv, ENOEXEC);

  /* One argument above the kernel's limit for a single string (32 pages,
     MAX_ARG_STRLEN), whatever the stack limit.  */
  enum { BIG = 256 * 1024 };
  char *big = malloc (BIG + 1);
  CHECK (big != NULL);
  if (big != NULL)
    {
      memset (big, 'x', BIG);
      big[BIG] = '\0';
      char *big_argv[] = { (char *) "true", big, NULL };
      check_spawn_fails ("argv too large", "/bin/true", NULL, big_argv, E2BIG);
      free (big);
    }

  /* And the rung still serves.  */
  CHECK_INT (start_on_fork_rung (), 0);
  CHECK (no_children ());
  unlink (plain);
  unlink (garbage);
  rmdir (dir);
  return child_checks_finish ();
}

static void
exec_errors (void **state)
{
  (void) state;
  expect_child_success (run_in_child (exec_errors_child, NULL));
}

/* ---- (b) the channel and the file actions ------------------------------- */

/* The fds the actions below name, and the ones the test keeps out of that
   range for itself.  */
enum
{
  NAMED_LOW = 3,
  NAMED_HIGH = 40,
  PIPE_AT = 50,
  SOURCE_AT = 60,
  INHERITED_AT = 70,
  MAX_FD = 128
};

/* What the probe may report for an fd.  */
enum fd_expect { FD_ABSENT, FD_ANY, FD_DEV_NULL, FD_DEV_ZERO, FD_PIPE };

struct fixture
{
  int pipe_read, pipe_write; /* the probe's stdout */
  int source;                /* /dev/zero, close-on-exec */
  int inherited;             /* /dev/null, inherited */
};

/* Leaves fds 0 to 2 and the fixture's alone open, so that the library's
   own fds land in the range the actions name.  */
static int
fixture_open (struct fixture *f)
{
  for (int fd = 3; fd < MAX_FD * 8; ++fd)
    close (fd);
  int p[2];
  if (pipe2 (p, O_CLOEXEC) != 0)
    return -1;
  f->pipe_read = fcntl (p[0], F_DUPFD_CLOEXEC, PIPE_AT);
  f->pipe_write = fcntl (p[1], F_DUPFD_CLOEXEC, PIPE_AT);
  close (p[0]);
  close (p[1]);
  int zero = open ("/dev/zero", O_RDONLY | O_CLOEXEC);
  f->source = zero >= 0 ? fcntl (zero, F_DUPFD_CLOEXEC, SOURCE_AT) : -1;
  int null = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  f->inherited = null >= 0 ? fcntl (null, F_DUPFD, INHERITED_AT) : -1;
  if (zero >= 0)
    close (zero);
  if (null >= 0)
    close (null);
  return f->pipe_read >= 0 && f->pipe_write >= 0 && f->source >= 0
             && f->inherited >= 0
           ? 0
           : -1;
}

/* Reads the probe's report up to its "end" line.  */
static int
read_report (int fd, char *text, size_t size)
{
  size_t used = 0;
  text[0] = '\0';
  while (strstr (text, "\nend\n") == NULL)
    {
      if (used + 1 >= size)
        return -1;
      ssize_t n = read (fd, text + used, size - 1 - used);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return -1;
      used += (size_t) n;
      text[used] = '\0';
    }
  return 0;
}

/* Compares the probe's "fdN ..." lines with EXPECT.  */
static void
check_child_fds (const char *what, const char *report,
                 const enum fd_expect expect[MAX_FD])
{
  int seen[MAX_FD] = { 0 };
  for (const char *line = report; line != NULL && *line != '\0';)
    {
      int fd;
      char path[PATH_MAX];
      if (sscanf (line, "fd%d cloexec=%*d mode=%*s append=%*d nonblock=%*d"
                  " offset=%*s path=%4095s", &fd, path) == 2)
        {
          int ok;
          if (fd < 0 || fd >= MAX_FD)
            ok = 0;
          else
            {
              seen[fd] = 1;
              switch (expect[fd])
                {
                case FD_ANY: ok = 1; break;
                case FD_DEV_NULL: ok = strcmp (path, "/dev/null") == 0; break;
                case FD_DEV_ZERO: ok = strcmp (path, "/dev/zero") == 0; break;
                case FD_PIPE: ok = strncmp (path, "pipe:", 5) == 0; break;
                default: ok = 0; break;
                }
            }
          if (!ok)
            {
              fprintf (stderr, "%s: the child has fd %d (%s), not expected"
                       " there\n", what, fd, path);
              atomic_fetch_add (&child_check_failures, 1);
            }
        }
      line = strchr (line, '\n');
      if (line != NULL)
        ++line;
    }
  for (int fd = 0; fd < MAX_FD; ++fd)
    if (expect[fd] != FD_ABSENT && !seen[fd])
      {
        fprintf (stderr, "%s: the child lacks fd %d\n", what, fd);
        atomic_fetch_add (&child_check_failures, 1);
      }
}

/* Spawns the probe with FA and checks its fds against EXPECT.  */
static void
check_probe_fds (const char *what, const struct fixture *f,
                 const posix_spawn_file_actions_t *fa,
                 const enum fd_expect expect[MAX_FD])
{
  const char *probe = test_program_path ("support/probe");
  char *argv[] = { (char *) probe, NULL };
  struct fd_snapshot before, after;
  fd_snapshot_take (&before);
  int pidfd = -1;
  int r = pidfd_spawn (&pidfd, probe, fa, NULL, argv, environ);
  if (r != 0)
    fprintf (stderr, "%s: %s\n", what, errno_name (r));
  CHECK_ERRNO (r, 0);
  if (r != 0)
    return;
  CHECK_INT (pidfdspawn_last_rung (), FORK_RUNG);
  static char report[256 * 1024];
  CHECK_INT (read_report (f->pipe_read, report, sizeof report), 0);
  siginfo_t info;
  CHECK_INT (wait_pidfd (pidfd, &info), 0);
  CHECK_INT (info.si_code, CLD_EXITED);
  CHECK_INT (info.si_status, 0);
  close (pidfd);
  check_child_fds (what, report, expect);
  fd_snapshot_take (&after);
  CHECK (fd_snapshot_equal (&before, &after));
  CHECK (no_children ());
}

/* What the child has of fds 0 to 2 and the fixture without any action.  */
static void
expect_inherited (const struct fixture *f, enum fd_expect expect[MAX_FD])
{
  for (int fd = 0; fd < MAX_FD; ++fd)
    expect[fd] = FD_ABSENT;
  for (int fd = 0; fd <= 2; ++fd)
    {
      int flags = fcntl (fd, F_GETFD);
      if (flags >= 0 && (flags & FD_CLOEXEC) == 0)
        expect[fd] = FD_ANY;
    }
  expect[1] = FD_PIPE;
  expect[f->inherited] = FD_DEV_NULL;
}

static int
actions_child (const void *arg)
{
  (void) arg;
  struct fixture f;
  if (fixture_open (&f) != 0)
    {
      perror ("fixture");
      return 1;
    }
  if (start_on_fork_rung () != 0)
    return child_checks_finish () + 1;
  char *argv[] = { (char *) "program", NULL };
  enum fd_expect expect[MAX_FD];

  /* Every number from 3 to 40 named by an action, in turn an open, a dup2
     and a close: the library's channel sits among them.  */
  posix_spawn_file_actions_t fa;
  CHECK_INT (posix_spawn_file_actions_init (&fa), 0);
  CHECK_INT (posix_spawn_file_actions_adddup2 (&fa, f.pipe_write, 1), 0);
  expect_inherited (&f, expect);
  for (int fd = NAMED_LOW; fd <= NAMED_HIGH; ++fd)
    switch (fd % 3)
      {
      case 0:
        CHECK_INT (posix_spawn_file_actions_addopen (&fa, fd, "/dev/null",
                                                     O_RDONLY, 0),
                   0);
        expect[fd] = FD_DEV_NULL;
        break;
      case 1:
        CHECK_INT (posix_spawn_file_actions_adddup2 (&fa, f.source, fd), 0);
        expect[fd] = FD_DEV_ZERO;
        break;
      default:
        CHECK_INT (posix_spawn_file_actions_addclose (&fa, fd), 0);
        expect[fd] = FD_ABSENT;
        break;
      }
  check_spawn_fails ("missing program, actions on fds 3 to 40",
                     MISSING_PROGRAM, &fa, argv, ENOENT);
  check_probe_fds ("actions on fds 3 to 40", &f, &fa, expect);
  posix_spawn_file_actions_destroy (&fa);

  /* closefrom (3): everything above stderr goes, the channel stays until
     the exec.  */
  CHECK_INT (posix_spawn_file_actions_init (&fa), 0);
  CHECK_INT (posix_spawn_file_actions_adddup2 (&fa, f.pipe_write, 1), 0);
  int added = test_fa_addclosefrom (&fa, 3);
  if (added == ENOSYS)
    fprintf (stderr, "closefrom not checked: " TEST_FA_CLOSEFROM_MISSING
             "\n");
  else
    {
      CHECK_ERRNO (added, 0);
      expect_inherited (&f, expect);
      expect[f.inherited] = FD_ABSENT;
      check_spawn_fails ("missing program after closefrom", MISSING_PROGRAM,
                         &fa, argv, ENOENT);
      check_probe_fds ("closefrom (3)", &f, &fa, expect);
      /* An error from an action after the closefrom comes back too.  */
      CHECK_INT (posix_spawn_file_actions_addopen (
                   &fa, 4, "/nonexistent/pidfdspawn-fork-rung/file",
                   O_RDONLY, 0),
                 0);
      check_spawn_fails ("open action failing after closefrom", "/bin/true",
                         &fa, argv, ENOENT);
    }
  posix_spawn_file_actions_destroy (&fa);
  CHECK (no_children ());
  return child_checks_finish ();
}

static void
actions_keep_the_channel (void **state)
{
  (void) state;
  expect_child_success (run_in_child (actions_child, NULL));
}

/* ---- (c) the parent killed while its child is held ---------------------- */

#ifdef PTRACE_GET_SYSCALL_INFO

/* In P, traced: one spawn of a program that creates FILE.  Exits 0 when
   the spawn succeeded and the program did.  */
static int
held_parent (const char *file)
{
  /* Whatever the library checks once per process is done before the
     tracer looks.  */
  if (start_on_fork_rung () != 0)
    return 1;
  if (ptrace (PTRACE_TRACEME, 0, NULL, NULL) != 0)
    return TEST_SKIP_STATUS;
  raise (SIGSTOP);
  char *argv[] = { (char *) "sh", (char *) "-c", (char *) ": > \"$1\"",
                   (char *) "sh", (char *) file, NULL };
  int pidfd = -1;
  if (pidfd_spawn (&pidfd, "/bin/sh", NULL, NULL, argv, environ) != 0)
    return 2;
  siginfo_t info;
  if (wait_pidfd (pidfd, &info) != 0 || info.si_code != CLD_EXITED
      || info.si_status != 0)
    return 3;
  return 0;
}

/* The parent of PID, from /proc/PID/stat; -1 if unknown.  */
static pid_t
parent_of (pid_t pid)
{
  char path[64], text[1024];
  snprintf (path, sizeof path, "/proc/%d/stat", (int) pid);
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  ssize_t n = read (fd, text, sizeof text - 1);
  close (fd);
  if (n <= 0)
    return -1;
  text[n] = '\0';
  /* After the command's closing parenthesis: state, then ppid.  */
  const char *p = strrchr (text, ')');
  int ppid;
  if (p == NULL || sscanf (p + 1, " %*c %d", &ppid) != 1)
    return -1;
  return (pid_t) ppid;
}

/* Runs P (traced) up to the entry of its pidfd_open of a child of its own:
   the clone is done, the child is held.  Returns that child's pid, 0 when
   P stopped elsewhere (its status in *STATUS), -1 when tracing failed.  */
static pid_t
run_to_pidfd_open (pid_t p, int *status)
{
  if (waitpid (p, status, 0) != p)
    return -1;
  if (!WIFSTOPPED (*status))
    return 0;
  if (WSTOPSIG (*status) != SIGSTOP
      || ptrace (PTRACE_SETOPTIONS, p, NULL,
                 (void *) (PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL))
           != 0)
    return -1;
  int deliver = 0;
  for (;;)
    {
      if (ptrace (PTRACE_SYSCALL, p, NULL, (void *) (intptr_t) deliver) != 0)
        return -1;
      deliver = 0;
      if (waitpid (p, status, 0) != p)
        return -1;
      if (!WIFSTOPPED (*status))
        return 0;
      if (WSTOPSIG (*status) != (SIGTRAP | 0x80))
        {
          deliver = WSTOPSIG (*status);
          continue;
        }
      struct __ptrace_syscall_info info;
      memset (&info, 0, sizeof info);
      if (ptrace (PTRACE_GET_SYSCALL_INFO, p, (void *) sizeof info, &info)
          <= 0)
        return -1;
      if (info.op == PTRACE_SYSCALL_INFO_ENTRY
          && info.entry.nr == __NR_pidfd_open)
        {
          pid_t target = (pid_t) info.entry.args[0];
          if (target > 0 && parent_of (target) == p)
            return target;
        }
    }
}

/* Waits, a bounded number of times, for PID (our child now) to end.  */
static int
reap_within_bound (pid_t pid, int *status)
{
  for (int i = 0; i < 6000; ++i)
    {
      pid_t w = waitpid (pid, status, WNOHANG);
      if (w == pid)
        return 0;
      if (w < 0 && errno != EINTR)
        return -1;
      struct timespec pause = { 0, 10 * 1000 * 1000 };
      nanosleep (&pause, NULL);
    }
  return -1;
}

static int
parent_killed_child (const void *arg)
{
  const int kill_parent = *(const int *) arg;
  /* The held child, orphaned, becomes ours to watch and reap.  */
  if (prctl (PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0)
    {
      perror ("PR_SET_CHILD_SUBREAPER");
      return TEST_SKIP_STATUS;
    }
  char dir[PATH_MAX], file[PATH_MAX + 32];
  snprintf (dir, sizeof dir, "/tmp/pidfdspawn-fork-rung-XXXXXX");
  if (mkdtemp (dir) == NULL)
    return 1;
  snprintf (file, sizeof file, "%s/ran", dir);
  fflush (NULL);
  pid_t p = fork ();
  if (p < 0)
    return 1;
  if (p == 0)
    {
      atomic_store (&child_check_failures, 0);
      int r = held_parent (file);
      fflush (NULL);
      _exit (r != 0 ? r : child_checks_finish ());
    }
  int status;
  pid_t held = run_to_pidfd_open (p, &status);
  if (held == 0 && WIFEXITED (status)
      && WEXITSTATUS (status) == TEST_SKIP_STATUS)
    {
      fprintf (stderr, "PTRACE_TRACEME refused here\n");
      rmdir (dir);
      return TEST_SKIP_STATUS;
    }
  if (held <= 0)
    {
      fprintf (stderr, "P never opened a pidfd for a child of its own"
               " (status 0x%x)\n", status);
      CHECK (held > 0);
      kill (p, SIGKILL);
      waitpid (p, NULL, 0);
      rmdir (dir);
      return child_checks_finish () + 1;
    }
  /* Cloned, not yet let go.  */
  CHECK (access (file, F_OK) != 0);

  if (!kill_parent)
    {
      /* The control: the same spawn, left alone, runs the program.  */
      CHECK_INT (ptrace (PTRACE_DETACH, p, NULL, NULL), 0);
      CHECK_INT (waitpid (p, &status, 0), p);
      CHECK (WIFEXITED (status) && WEXITSTATUS (status) == 0);
      CHECK_INT (access (file, F_OK), 0);
    }
  else
    {
      CHECK_INT (kill (p, SIGKILL), 0);
      CHECK_INT (waitpid (p, &status, 0), p);
      CHECK (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
      /* P is gone, and its held child was handed to us: it must end by
         itself, without having run the program.  */
      int held_status = 0;
      int ended = reap_within_bound (held, &held_status);
      if (ended != 0)
        {
          fprintf (stderr, "the held child %d is still there after its"
                   " parent died\n", (int) held);
          kill (held, SIGKILL);
          waitpid (held, NULL, 0);
        }
      CHECK_INT (ended, 0);
      if (access (file, F_OK) == 0)
        fprintf (stderr, "the held child ran the program (status 0x%x)\n",
                 held_status);
      CHECK (access (file, F_OK) != 0);
    }
  CHECK (no_children ());
  unlink (file);
  rmdir (dir);
  return child_checks_finish ();
}

static void
parent_killed_while_held (void **state)
{
  (void) state;
  static const int kill_it = 1, leave_it = 0;
  expect_child_success (run_in_child (parent_killed_child, &leave_it));
  expect_child_success (run_in_child (parent_killed_child, &kill_it));
}

#else

static void
parent_killed_while_held (void **state)
{
  (void) state;
  skip_because ("no PTRACE_GET_SYSCALL_INFO in this libc's <sys/ptrace.h>");
}

#endif

/* ---- (d) SIGCHLD ignored ------------------------------------------------ */

enum { STORM_SPAWNS = 2000 };

static int
storm_child (const void *arg)
{
  (void) arg;
  if (start_on_fork_rung () != 0)
    return child_checks_finish () + 1;
  /* Children are reaped by the kernel as they exit: a pid read at the
     wrong time could name another process.  */
  signal (SIGCHLD, SIG_IGN);
  int report[2], hold[2];
  if (report_pipe (report) != 0 || report_pipe (hold) != 0)
    return 1;
  posix_spawn_file_actions_t fa;
  CHECK_INT (posix_spawn_file_actions_init (&fa), 0);
  CHECK_INT (posix_spawn_file_actions_adddup2 (&fa, report[1], PID_REPORT_FD),
             0);
  CHECK_INT (posix_spawn_file_actions_adddup2 (&fa, hold[0], HOLD_FD), 0);
  const char *self = pid_reporter_self ();
  char *argv[] = { (char *) self, (char *) HOLD_REPORTER_ARG, NULL };
  struct fd_snapshot before, after;
  fd_snapshot_take (&before);
  int failures = 0;
  for (int i = 0; i < STORM_SPAWNS && failures < 5; ++i)
    {
      int pidfd = -1;
      int r = pidfd_spawn (&pidfd, self, &fa, NULL, argv, environ);
      if (r != 0)
        {
          fprintf (stderr, "spawn %d: %s\n", i, errno_name (r));
          CHECK_ERRNO (r, 0);
          ++failures;
          continue;
        }
      pid_t reported = 0;
      CHECK_INT (read_reported_pid (report[0], &reported), 0);
      /* The child is still there, waiting for HOLD_FD.  */
      pid_t got = pidfd_getpid (pidfd);
      if (got != reported)
        {
          fprintf (stderr, "spawn %d: child %d, pidfd_getpid %d (%s)\n", i,
                   (int) reported, (int) got, errno_name (errno));
          CHECK_INT (got, reported);
          ++failures;
        }
      CHECK ((fcntl (pidfd, F_GETFD) & FD_CLOEXEC) != 0);
      CHECK_INT (write (hold[1], "", 1), 1);
      /* Readable once the child has exited.  */
      struct pollfd pfd = { .fd = pidfd, .events = POLLIN };
      int ready;
      do
        ready = poll (&pfd, 1, -1);
      while (ready < 0 && errno == EINTR);
      CHECK_INT (ready, 1);
      close (pidfd);
    }
  CHECK_INT (pidfdspawn_last_rung (), FORK_RUNG);
  CHECK (no_children ());
  fd_snapshot_take (&after);
  CHECK (fd_snapshot_equal (&before, &after));
  posix_spawn_file_actions_destroy (&fa);
  fprintf (stderr, "%d spawns with SIGCHLD ignored\n", STORM_SPAWNS);
  return child_checks_finish ();
}

static void
sigchld_ignored (void **state)
{
  (void) state;
  expect_child_success (run_in_child (storm_child, NULL));
}

int
main (int argc, char **argv)
{
  test_own_path ();
  if (argc > 1 && strcmp (argv[1], HOLD_REPORTER_ARG) == 0)
    {
      pid_t pid = getpid ();
      char go;
      if (write (PID_REPORT_FD, &pid, sizeof pid) != (ssize_t) sizeof pid)
        _exit (1);
      while (read (HOLD_FD, &go, 1) < 0 && errno == EINTR)
        continue;
      _exit (0);
    }
  if (pid_reporter_self () == NULL)
    {
      fprintf (stderr, "readlink /proc/self/exe: %m\n");
      return 1;
    }
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (exec_errors),
    cmocka_unit_test (actions_keep_the_channel),
    cmocka_unit_test (parent_killed_while_held),
    cmocka_unit_test (sigchld_ignored),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
