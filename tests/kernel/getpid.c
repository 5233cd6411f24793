/* pidfd_getpid: live, zombie and reaped processes, descriptors that are no
   pidfds, processes outside the caller's pid namespace, and the same with
   the PIDFD_GET_INFO ioctl refused, without procfs, and without both.
   SPDX-License-Identifier: LGPL-2.1-or-later */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include <pidfdspawn/spawn.h>
#include <pidfdspawn/sys/pidfd.h>

#include "child-checks.h"
#include "compat/linux_pidfd.h"
#include "seccomp-filter.h"
#include "test-util.h"

#define SKIP_STATUS TEST_SKIP_STATUS

/* ---- checks in forked children (no cmocka there; see child-checks.h) - */

static void
expect_pid_at (int fd, pid_t want, const char *what, int line)
{
  errno = 0;
  pid_t got = pidfd_getpid (fd);
  int error = errno;
  if (got != want)
    {
      fprintf (stderr, "getpid.c:%d: %s: pidfd_getpid (%d) = %d (errno %s),"
               " expected %d\n", line, what, fd, (int) got,
               errno_name (error), (int) want);
      atomic_fetch_add (&child_check_failures, 1);
    }
}

static void
expect_error_at (int fd, int want, const char *what, int line)
{
  errno = 0;
  pid_t got = pidfd_getpid (fd);
  int error = errno;
  if (got != -1 || error != want)
    {
      fprintf (stderr, "getpid.c:%d: %s: pidfd_getpid (%d) = %d (errno %s),"
               " expected -1 %s\n", line, what, fd, (int) got,
               errno_name (error),
               errno_name (want));
      atomic_fetch_add (&child_check_failures, 1);
    }
}

#define EXPECT_PID(fd, want, what) expect_pid_at ((fd), (want), (what), __LINE__)
#define EXPECT_ERROR(fd, want, what) \
  expect_error_at ((fd), (want), (what), __LINE__)

static int
open_pidfd (pid_t pid)
{
  return (int) syscall (SYS_pidfd_open, pid, 0);
}

/* A child blocked reading a pipe; writing or closing *RELEASE ends it.  */
static pid_t
start_waiting_child (int *release)
{
  int p[2];
  if (pipe2 (p, O_CLOEXEC) != 0)
    return -1;
  pid_t pid = fork ();
  if (pid == 0)
    {
      close (p[1]);
      char c;
      while (read (p[0], &c, 1) < 0 && errno == EINTR)
        ;
      _exit (0);
    }
  close (p[0]);
  *release = p[1];
  return pid;
}

/* Waits until PID has exited, without reaping it.  */
static int
wait_zombie (pid_t pid)
{
  siginfo_t info;
  memset (&info, 0, sizeof info);
  return waitid (P_PID, (id_t) pid, &info, WEXITED | WNOWAIT);
}

/* Descriptors that are no pidfds, and numbers that are no descriptors.  */
static void
check_not_pidfds (void)
{
  int p[2];
  CHECK (pipe2 (p, O_CLOEXEC) == 0);
  EXPECT_ERROR (p[0], EBADF, "pipe read end");
  EXPECT_ERROR (p[1], EBADF, "pipe write end");
  int null = open ("/dev/null", O_RDWR | O_CLOEXEC);
  CHECK (null >= 0);
  EXPECT_ERROR (null, EBADF, "/dev/null");
  int root = open ("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  CHECK (root >= 0);
  EXPECT_ERROR (root, EBADF, "directory");
  int path = open ("/", O_PATH | O_CLOEXEC);
  CHECK (path >= 0);
  EXPECT_ERROR (path, EBADF, "O_PATH descriptor");
  int efd = eventfd (0, EFD_CLOEXEC);
  CHECK (efd >= 0);
  EXPECT_ERROR (efd, EBADF, "eventfd");
  close (efd);
  close (path);
  close (root);
  close (p[0]);
  close (p[1]);
  /* Closed: the numbers just freed.  */
  EXPECT_ERROR (p[0], EBADF, "closed descriptor");
  EXPECT_ERROR (null + 1000, EBADF, "never opened descriptor");
  close (null);
  EXPECT_ERROR (null, EBADF, "closed descriptor");
  EXPECT_ERROR (-1, EBADF, "-1");
  EXPECT_ERROR (-2, EBADF, "-2");
  EXPECT_ERROR (INT_MIN, EBADF, "INT_MIN");
  EXPECT_ERROR (INT_MAX, EBADF, "INT_MAX");
}

/* Whether this kernel answers PIDFD_GET_INFO (Linux 6.13), asked once in
   the test process before any filter: without it and without procfs,
   nothing can tell a pid, and pidfd_getpid answers EBADF as glibc does.  */
static int kernel_has_get_info;

static int
probe_get_info (void)
{
  int self = open_pidfd (getpid ());
  if (self < 0)
    return 0;
  struct pidfd_info info;
  memset (&info, 0, sizeof info);
  info.mask = PIDFD_INFO_PID;
  int works = ioctl (self, PIDFDSPAWN_PIDFD_GET_INFO_VER0, &info) == 0
              && (info.mask & PIDFD_INFO_PID) && info.pid == (uint32_t) getpid ();
  close (self);
  return works;
}

/* What pidfd_getpid can answer in an environment.  */
struct environment
{
  int can_see; /* the ioctl or fdinfo is available */
};

static void
check_processes (const struct environment *env)
{
  const int gone_error = env->can_see ? ESRCH : EBADF;

  /* Ourselves.  */
  int self = open_pidfd (getpid ());
  CHECK (self >= 0);
  if (env->can_see)
    EXPECT_PID (self, getpid (), "own pidfd");
  else
    EXPECT_ERROR (self, EBADF, "own pidfd, nothing to ask");
  close (self);

  /* A live child, then the same pidfd once a zombie, then reaped.  */
  int release = -1;
  pid_t pid = start_waiting_child (&release);
  CHECK (pid > 0);
  int pidfd = open_pidfd (pid);
  CHECK (pidfd >= 0);
  if (env->can_see)
    EXPECT_PID (pidfd, pid, "live child");
  else
    EXPECT_ERROR (pidfd, EBADF, "live child, nothing to ask");
  close (release);
  CHECK (wait_zombie (pid) == 0);
  if (env->can_see)
    EXPECT_PID (pidfd, pid, "zombie");
  else
    EXPECT_ERROR (pidfd, EBADF, "zombie, nothing to ask");
  int status;
  CHECK (waitpid (pid, &status, 0) == pid);
  EXPECT_ERROR (pidfd, gone_error, "reaped child");
  /* Asking again gives the same answer.  */
  EXPECT_ERROR (pidfd, gone_error, "reaped child, again");
  close (pidfd);

  /* A pidfd from pidfd_spawn: the pid waitid reports.  */
  int spawned = -1;
  char *argv[] = { (char *) "true", NULL };
  int r = pidfd_spawn (&spawned, "/bin/true", NULL, NULL, argv, environ);
  CHECK (r == 0);
  if (r == 0)
    {
      pid_t seen = pidfd_getpid (spawned);
      siginfo_t info;
      CHECK (wait_pidfd (spawned, &info) == 0);
      if (env->can_see)
        {
          if (seen != info.si_pid)
            {
              fprintf (stderr, "spawned child: pidfd_getpid %d, waitid %d\n",
                       (int) seen, (int) info.si_pid);
              atomic_fetch_add (&child_check_failures, 1);
            }
        }
      else
        CHECK (seen == -1 && errno == EBADF);
      EXPECT_ERROR (spawned, gone_error, "spawned child, reaped");
      close (spawned);
    }
}

/* ---- environments ---------------------------------------------------- */

/* Leaves the process without procfs at /proc: a private mount namespace
   where /proc is unmounted (or hidden under an empty tmpfs).  Returns 0,
   or SKIP_STATUS when namespaces are not permitted.  */
static int
remove_procfs (void)
{
  if (unshare (CLONE_NEWNS) != 0)
    {
      fprintf (stderr, "unshare (CLONE_NEWNS): %m: skipped\n");
      return SKIP_STATUS;
    }
  if (mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
    {
      fprintf (stderr, "private mounts: %m: skipped\n");
      return SKIP_STATUS;
    }
  umount2 ("/proc", MNT_DETACH);
  if (access ("/proc/self/fdinfo", F_OK) == 0
      && mount ("none", "/proc", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
                "size=4k")
           != 0)
    {
      fprintf (stderr, "hiding /proc: %m: skipped\n");
      return SKIP_STATUS;
    }
  if (access ("/proc/self/fdinfo", F_OK) == 0)
    {
      fprintf (stderr, "/proc/self/fdinfo still there\n");
      return 1;
    }
  return 0;
}

/* ENOTTY: a kernel before Linux 6.13.  EPERM: a sandbox refusing a
   request it does not know, after the ioctl had worked in this process.  */
static int
refuse_ioctl_with (const char *spec)
{
  const char *specs[] = { spec };
  return seccomp_refuse (specs, 1) == 0 ? 0 : 1;
}

static int
refuse_ioctl (void)
{
  return refuse_ioctl_with ("pidfd-get-info=ENOTTY");
}

enum
{
  WITH_IOCTL_REFUSED = 1,
  WITHOUT_PROCFS = 2,
  WITH_IOCTL_REFUSED_BY_SANDBOX = 4,
};

static int
environment_child (const void *arg)
{
  const int flags = *(const int *) arg;
  if (flags & WITHOUT_PROCFS)
    {
      int r = remove_procfs ();
      if (r != 0)
        return r;
    }
  if (flags & (WITH_IOCTL_REFUSED | WITH_IOCTL_REFUSED_BY_SANDBOX))
    {
      const int answer = (flags & WITH_IOCTL_REFUSED) ? ENOTTY : EPERM;
      if (answer == EPERM)
        {
          /* The library has seen the ioctl work (where the kernel has it)
             before the sandbox closes it: the refusal comes at call time.  */
          int self = open_pidfd (getpid ());
          CHECK (self >= 0);
          if (kernel_has_get_info)
            EXPECT_PID (self, getpid (), "own pidfd before the filter");
          close (self);
        }
      int r = refuse_ioctl_with (answer == ENOTTY ? "pidfd-get-info=ENOTTY"
                                                  : "pidfd-get-info=EPERM");
      if (r != 0)
        return r;
      /* The filter works: the ioctl gives that answer now.  */
      int self = open_pidfd (getpid ());
      struct pidfd_info info;
      memset (&info, 0, sizeof info);
      info.mask = PIDFD_INFO_PID;
      CHECK (ioctl (self, PIDFDSPAWN_PIDFD_GET_INFO_VER0, &info) == -1
             && errno == answer);
      close (self);
    }
  struct environment env;
  const int no_ioctl
    = (flags & (WITH_IOCTL_REFUSED | WITH_IOCTL_REFUSED_BY_SANDBOX))
      || !kernel_has_get_info;
  env.can_see = !(no_ioctl && (flags & WITHOUT_PROCFS));
  /* A named difference (doc/compatibility.md): the libc's own
     pidfd_getpid (glibc 2.39 to 2.41 at least) reads /proc/self/fdinfo
     only, so without procfs it answers EBADF where the library asks the
     ioctl.  Checked so that a libc that changes says so.  */
  pid_t (*libc_getpid) (int)
    = (pid_t (*) (int)) libc_own_symbol ("pidfd_getpid");
  if (libc_getpid != NULL && (flags & WITHOUT_PROCFS))
    {
      int self = open_pidfd (getpid ());
      CHECK (self >= 0);
      errno = 0;
      pid_t got = libc_getpid (self);
      int error = errno;
      fprintf (stderr, "# without procfs the libc's pidfd_getpid answers "
               "%d (%s); the library %s\n", (int) got,
               got < 0 ? errno_name (error) : "no error",
               env.can_see ? "the pid" : "EBADF too");
      CHECK (got == -1 && error == EBADF);
      close (self);
    }
  /* Descriptors first, while nothing is known about the ioctl, then
     processes, then descriptors again.  */
  check_not_pidfds ();
  check_processes (&env);
  check_not_pidfds ();
  return child_checks_finish ();
}

/* ---- tests in this process --------------------------------------------- */

static void
live_child (void **state)
{
  (void) state;
  int release;
  pid_t pid = start_waiting_child (&release);
  assert_true (pid > 0);
  int pidfd = open_pidfd (pid);
  assert_true (pidfd >= 0);
  assert_int_equal (pidfd_getpid (pidfd), pid);
  close (release);
  int status;
  assert_int_equal (waitpid (pid, &status, 0), pid);
  close (pidfd);
}

static void
zombie_child (void **state)
{
  (void) state;
  int release;
  pid_t pid = start_waiting_child (&release);
  assert_true (pid > 0);
  int pidfd = open_pidfd (pid);
  assert_true (pidfd >= 0);
  close (release);
  assert_int_equal (wait_zombie (pid), 0);
  assert_int_equal (pidfd_getpid (pidfd), pid);
  assert_int_equal (pidfd_getpid (pidfd), pid);
  int status;
  assert_int_equal (waitpid (pid, &status, 0), pid);
  close (pidfd);
}

static void
reaped_child (void **state)
{
  (void) state;
  int release;
  pid_t pid = start_waiting_child (&release);
  assert_true (pid > 0);
  int pidfd = open_pidfd (pid);
  assert_true (pidfd >= 0);
  close (release);
  int status;
  assert_int_equal (waitpid (pid, &status, 0), pid);
  errno = 0;
  assert_int_equal (pidfd_getpid (pidfd), -1);
  assert_int_equal (errno, ESRCH);
  close (pidfd);
}

static void
not_a_pidfd (void **state)
{
  (void) state;
  int p[2];
  assert_int_equal (pipe2 (p, O_CLOEXEC), 0);
  errno = 0;
  assert_int_equal (pidfd_getpid (p[0]), -1);
  assert_int_equal (errno, EBADF);
  errno = 0;
  assert_int_equal (pidfd_getpid (p[1]), -1);
  assert_int_equal (errno, EBADF);
  int null = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  assert_true (null >= 0);
  errno = 0;
  assert_int_equal (pidfd_getpid (null), -1);
  assert_int_equal (errno, EBADF);
  close (null);
  close (p[0]);
  close (p[1]);
}

static void
closed_fd (void **state)
{
  (void) state;
  int pidfd = open_pidfd (getpid ());
  assert_true (pidfd >= 0);
  assert_int_equal (pidfd_getpid (pidfd), getpid ());
  close (pidfd);
  errno = 0;
  assert_int_equal (pidfd_getpid (pidfd), -1);
  assert_int_equal (errno, EBADF);
}

static void
negative_fd (void **state)
{
  (void) state;
  const int fds[] = { -1, -2, -100, INT_MIN };
  for (size_t i = 0; i < sizeof fds / sizeof fds[0]; ++i)
    {
      errno = 0;
      assert_int_equal (pidfd_getpid (fds[i]), -1);
      assert_int_equal (errno, EBADF);
    }
}

static void
all_cases_in_child (void **state)
{
  (void) state;
  expect_child_success (run_in_child (environment_child, &(const int){ 0 }));
}

static void
ioctl_refused (void **state)
{
  (void) state;
  expect_child_success (run_in_child (environment_child, &(const int){ WITH_IOCTL_REFUSED }));
}

static void
ioctl_refused_by_sandbox (void **state)
{
  (void) state;
  expect_child_success (run_in_child (environment_child,
                                      &(const int){ WITH_IOCTL_REFUSED_BY_SANDBOX }));
}

static void
no_procfs_and_ioctl_refused_by_sandbox (void **state)
{
  (void) state;
  expect_child_success (
    run_in_child (environment_child,
                  &(const int){ WITHOUT_PROCFS | WITH_IOCTL_REFUSED_BY_SANDBOX }));
}

static void
no_procfs (void **state)
{
  (void) state;
  expect_child_success (run_in_child (environment_child, &(const int){ WITHOUT_PROCFS }));
}

static void
no_procfs_and_ioctl_refused (void **state)
{
  (void) state;
  expect_child_success (
    run_in_child (environment_child,
                  &(const int){ WITHOUT_PROCFS | WITH_IOCTL_REFUSED }));
}

/* ---- outside the caller's pid namespace -------------------------------- */

/* A pidfd of the test process, inherited by the processes below.  */
static int outer_pidfd = -1;

enum
{
  FOREIGN_FRESH_PROC = 0,
  FOREIGN_IOCTL_REFUSED = 1,
  FOREIGN_NO_PROCFS = 2,
};

/* Runs in pid 1 of a new pid namespace, in a private mount namespace.  */
static int
foreign_grandchild (int mode)
{
  if (getpid () != 1)
    {
      fprintf (stderr, "not pid 1 of a new namespace: %d\n", (int) getpid ());
      return 1;
    }
  if (mode == FOREIGN_NO_PROCFS)
    {
      umount2 ("/proc", MNT_DETACH);
      if (access ("/proc/self/fdinfo", F_OK) == 0
          && mount ("none", "/proc", "tmpfs", 0, "size=4k") != 0)
        return SKIP_STATUS;
      CHECK (access ("/proc/self/fdinfo", F_OK) != 0);
    }
  else if (mount ("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
                  NULL)
           != 0)
    {
      fprintf (stderr, "mount proc: %m: skipped\n");
      return SKIP_STATUS;
    }
  if (mode == FOREIGN_IOCTL_REFUSED && refuse_ioctl () != 0)
    return 1;

  /* Without procfs only the ioctl can answer.  */
  const int can_see = mode != FOREIGN_NO_PROCFS || kernel_has_get_info;
  if (mode == FOREIGN_NO_PROCFS && !kernel_has_get_info)
    EXPECT_ERROR (outer_pidfd, EBADF, "outside process, nothing to ask");
  else if (mode == FOREIGN_NO_PROCFS)
    {
      /* Only the ioctl to ask: Linux 6.13 to 6.14 answer ESRCH, which
         cannot tell "elsewhere" from "gone"; later kernels say EREMOTE.
         Never EBADF: the descriptor is a pidfd.  */
      errno = 0;
      pid_t got = pidfd_getpid (outer_pidfd);
      int error = errno;
      if (got != -1 || (error != EREMOTE && error != ESRCH))
        {
          fprintf (stderr, "outside process, no procfs: pidfd_getpid = %d"
                   " (errno %s), expected -1 EREMOTE or ESRCH\n", (int) got,
                   errno_name (error));
          atomic_fetch_add (&child_check_failures, 1);
        }
    }
  else
    {
      EXPECT_ERROR (outer_pidfd, EREMOTE, "outside process");
      EXPECT_ERROR (outer_pidfd, EREMOTE, "outside process, again");
    }
  /* We ourselves are pid 1 here; the answer about the outside process
     must not have spoiled the ioctl for the rest of the process.  */
  int self = open_pidfd (getpid ());
  CHECK (self >= 0);
  if (can_see)
    EXPECT_PID (self, 1, "own pidfd in the new namespace");
  else
    EXPECT_ERROR (self, EBADF, "own pidfd in the new namespace, nothing to ask");
  /* A child inside: visible.  */
  int release;
  pid_t pid = start_waiting_child (&release);
  CHECK (pid > 1);
  int pidfd = open_pidfd (pid);
  if (can_see)
    EXPECT_PID (pidfd, pid, "child inside the namespace");
  else
    EXPECT_ERROR (pidfd, EBADF, "child inside the namespace, nothing to ask");
  close (release);
  int status;
  CHECK (waitpid (pid, &status, 0) == pid);
  EXPECT_ERROR (pidfd, can_see ? ESRCH : EBADF,
                "child inside the namespace, reaped");
  close (pidfd);
  if (mode == FOREIGN_FRESH_PROC)
    {
      /* Now without procfs: only the ioctl answers, and it still works
         after it said "not in your namespace" once.  */
      /* Ours, then the outer namespace's below it.  */
      while (access ("/proc/self/fdinfo", F_OK) == 0
             && umount2 ("/proc", MNT_DETACH) == 0)
        ;
      CHECK (access ("/proc/self/fdinfo", F_OK) != 0);
      if (access ("/proc/self/fdinfo", F_OK) != 0 && !kernel_has_get_info)
        {
          EXPECT_ERROR (self, EBADF, "own pidfd, no procfs, no ioctl");
          EXPECT_ERROR (outer_pidfd, EBADF,
                        "outside process, no procfs, no ioctl");
        }
      else if (access ("/proc/self/fdinfo", F_OK) != 0)
        {
          EXPECT_PID (self, 1, "own pidfd, procfs gone after EREMOTE");
          errno = 0;
          pid_t got = pidfd_getpid (outer_pidfd);
          CHECK (got == -1 && (errno == EREMOTE || errno == ESRCH));
        }
    }
  close (self);
  return child_checks_finish ();
}

static int
foreign_middle (const void *arg)
{
  const int mode = *(const int *) arg;
  if (unshare (CLONE_NEWPID | CLONE_NEWNS) != 0)
    {
      fprintf (stderr, "unshare (CLONE_NEWPID | CLONE_NEWNS): %m: skipped\n");
      return SKIP_STATUS;
    }
  if (mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
    {
      fprintf (stderr, "private mounts: %m: skipped\n");
      return SKIP_STATUS;
    }
  fflush (NULL);
  pid_t pid = fork ();
  if (pid < 0)
    return 1;
  if (pid == 0)
    {
      int r = foreign_grandchild (mode);
      fflush (NULL);
      _exit (r);
    }
  int status;
  if (waitpid (pid, &status, 0) != pid)
    return 1;
  if (WIFSIGNALED (status))
    return 128 + WTERMSIG (status);
  return WEXITSTATUS (status);
}

static void
run_foreign (int mode)
{
  outer_pidfd = open_pidfd (getpid ());
  assert_true (outer_pidfd >= 0);
  int status = run_in_child (foreign_middle, &mode);
  close (outer_pidfd);
  outer_pidfd = -1;
  expect_child_success (status);
}

static void
other_pid_namespace (void **state)
{
  (void) state;
  run_foreign (FOREIGN_FRESH_PROC);
}

static void
other_pid_namespace_ioctl_refused (void **state)
{
  (void) state;
  run_foreign (FOREIGN_IOCTL_REFUSED);
}

static void
other_pid_namespace_no_procfs (void **state)
{
  (void) state;
  run_foreign (FOREIGN_NO_PROCFS);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (live_child),
    cmocka_unit_test (zombie_child),
    cmocka_unit_test (reaped_child),
    cmocka_unit_test (not_a_pidfd),
    cmocka_unit_test (closed_fd),
    cmocka_unit_test (negative_fd),
    cmocka_unit_test (all_cases_in_child),
    cmocka_unit_test (ioctl_refused),
    cmocka_unit_test (ioctl_refused_by_sandbox),
    cmocka_unit_test (no_procfs_and_ioctl_refused_by_sandbox),
    cmocka_unit_test (no_procfs),
    cmocka_unit_test (no_procfs_and_ioctl_refused),
    cmocka_unit_test (other_pid_namespace),
    cmocka_unit_test (other_pid_namespace_ioctl_refused),
    cmocka_unit_test (other_pid_namespace_no_procfs),
  };
  kernel_has_get_info = probe_get_info ();
  if (!kernel_has_get_info)
    print_message ("PIDFD_GET_INFO does not work on this kernel (Linux 6.13"
                   " has it): without procfs, expecting EBADF\n");
  return cmocka_run_group_tests (tests, NULL, NULL);
}
