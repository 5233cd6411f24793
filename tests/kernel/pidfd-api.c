/* pidfd_open, pidfd_send_signal and pidfd_getfd: results, errno and flags,
   for the library's implementations (reached by their internal names in
   the convenience library, on every libc) and for the public names (the
   library's where configure exports them, the libc's elsewhere).
   SPDX-License-Identifier: LGPL-2.1-or-later */
#define _GNU_SOURCE
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include <pidfdspawn/sys/pidfd.h>

#include "pidfd_api.h"

#ifndef P_PIDFD
# define P_PIDFD 3
#endif

struct impl
{
  const char *name;
  int (*open) (pid_t, unsigned int);
  int (*getfd) (int, int, unsigned int);
  int (*send_signal) (int, int, siginfo_t *, unsigned int);
};

static struct impl internal = {
  "internal", pidfdspawn_pidfd_open, pidfdspawn_pidfd_getfd,
  pidfdspawn_pidfd_send_signal
};
static struct impl public_names = {
  "public", pidfd_open, pidfd_getfd, pidfd_send_signal
};

/* A child that waits for a signal.  */
static pid_t
start_sleeper (void)
{
  pid_t pid = fork ();
  assert_true (pid >= 0);
  if (pid == 0)
    {
      for (;;)
        pause ();
    }
  return pid;
}

/* A pid that just stopped existing: a child, reaped.  */
static pid_t
gone_pid (void)
{
  pid_t pid = fork ();
  assert_true (pid >= 0);
  if (pid == 0)
    _exit (0);
  assert_int_equal (waitpid (pid, NULL, 0), pid);
  return pid;
}

static void
expect_failure (int result, int error, int want)
{
  assert_int_equal (result, -1);
  assert_int_equal (error, want);
}

static int
is_cloexec (int fd)
{
  int flags = fcntl (fd, F_GETFD);
  assert_true (flags >= 0);
  return (flags & FD_CLOEXEC) != 0;
}

/* ---- pidfd_open ------------------------------------------------------ */

static void
open_self (void **state)
{
  const struct impl *f = *state;
  errno = 0;
  int fd = f->open (getpid (), 0);
  assert_true (fd >= 0);
  assert_true (is_cloexec (fd));
  assert_int_equal (fcntl (fd, F_GETFL) & O_NONBLOCK, 0);
  assert_int_equal (pidfd_getpid (fd), getpid ());
  close (fd);
}

static void
open_errors (void **state)
{
  const struct impl *f = *state;
  int r;
  errno = 0;
  r = f->open (-1, 0);
  expect_failure (r, errno, EINVAL);
  errno = 0;
  r = f->open (0, 0);
  expect_failure (r, errno, EINVAL);
  errno = 0;
  r = f->open (getpid (), 0x4000000u); /* no such flag */
  expect_failure (r, errno, EINVAL);
  pid_t gone = gone_pid ();
  errno = 0;
  r = f->open (gone, 0);
  expect_failure (r, errno, ESRCH);
}

static void
open_nonblock (void **state)
{
  const struct impl *f = *state;
  pid_t child = start_sleeper ();
  int fd = f->open (child, PIDFD_NONBLOCK);
  assert_true (fd >= 0);
  assert_true (is_cloexec (fd));
  assert_int_not_equal (fcntl (fd, F_GETFL) & O_NONBLOCK, 0);
  /* Still running: a non-blocking pidfd makes waitid answer EAGAIN.  */
  siginfo_t info;
  memset (&info, 0, sizeof info);
  errno = 0;
  assert_int_equal (waitid ((idtype_t) P_PIDFD, (id_t) fd, &info, WEXITED), -1);
  assert_int_equal (errno, EAGAIN);
  assert_int_equal (f->send_signal (fd, SIGKILL, NULL, 0), 0);
  struct pollfd p = { .fd = fd, .events = POLLIN };
  assert_int_equal (poll (&p, 1, 10000), 1);
  assert_int_equal (waitid ((idtype_t) P_PIDFD, (id_t) fd, &info, WEXITED), 0);
  assert_int_equal (info.si_pid, child);
  assert_int_equal (info.si_code, CLD_KILLED);
  assert_int_equal (info.si_status, SIGKILL);
  close (fd);
}

static void
open_thread (void **state)
{
  const struct impl *f = *state;
  errno = 0;
  int fd = f->open (getpid (), PIDFD_THREAD);
  if (fd < 0 && errno == EINVAL)
    skip (); /* PIDFD_THREAD: Linux 6.9 */
  assert_true (fd >= 0);
  assert_true (is_cloexec (fd));
  close (fd);
}

/* ---- pidfd_send_signal ----------------------------------------------- */

static void
send_signal_to_child (void **state)
{
  const struct impl *f = *state;
  pid_t child = start_sleeper ();
  int fd = f->open (child, 0);
  assert_true (fd >= 0);
  errno = 0;
  assert_int_equal (f->send_signal (fd, 0, NULL, 0), 0);
  int r = f->send_signal (fd, SIGTERM, NULL, 0xff00u); /* no such flag */
  expect_failure (r, errno, EINVAL);
  r = f->send_signal (fd, 1000, NULL, 0); /* no such signal */
  expect_failure (r, errno, EINVAL);
  assert_int_equal (f->send_signal (fd, SIGTERM, NULL, 0), 0);
  siginfo_t info;
  memset (&info, 0, sizeof info);
  assert_int_equal (waitid ((idtype_t) P_PIDFD, (id_t) fd, &info, WEXITED), 0);
  assert_int_equal (info.si_pid, child);
  assert_int_equal (info.si_code, CLD_KILLED);
  assert_int_equal (info.si_status, SIGTERM);
  /* Reaped: the pidfd stays valid, the process is gone.  */
  errno = 0;
  r = f->send_signal (fd, 0, NULL, 0);
  expect_failure (r, errno, ESRCH);
  close (fd);
}

static void
send_signal_with_info (void **state)
{
  const struct impl *f = *state;
  int fd = f->open (getpid (), 0);
  assert_true (fd >= 0);
  sigset_t set, old;
  sigemptyset (&set);
  sigaddset (&set, SIGUSR1);
  assert_int_equal (sigprocmask (SIG_BLOCK, &set, &old), 0);
  siginfo_t info;
  memset (&info, 0, sizeof info);
  info.si_signo = SIGUSR1;
  info.si_code = SI_QUEUE;
  info.si_pid = getpid ();
  info.si_uid = getuid ();
  info.si_value.sival_int = 4242;
  assert_int_equal (f->send_signal (fd, SIGUSR1, &info, 0), 0);
  siginfo_t got;
  struct timespec zero = { 0, 0 };
  assert_int_equal (sigtimedwait (&set, &got, &zero), SIGUSR1);
  assert_int_equal (got.si_code, SI_QUEUE);
  assert_int_equal (got.si_value.sival_int, 4242);
  assert_int_equal (sigprocmask (SIG_SETMASK, &old, NULL), 0);
  close (fd);
}

static void
send_signal_bad_fd (void **state)
{
  const struct impl *f = *state;
  errno = 0;
  int r = f->send_signal (-1, 0, NULL, 0);
  expect_failure (r, errno, EBADF);
  int devnull = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  assert_true (devnull >= 0);
  errno = 0;
  r = f->send_signal (devnull, 0, NULL, 0);
  expect_failure (r, errno, EBADF);
  close (devnull);
}

/* ---- pidfd_getfd ----------------------------------------------------- */

static void
getfd_self (void **state)
{
  const struct impl *f = *state;
  int self = f->open (getpid (), 0);
  assert_true (self >= 0);
  int p[2];
  assert_int_equal (pipe (p), 0); /* without O_CLOEXEC */
  int copy = f->getfd (self, p[1], 0);
  assert_true (copy >= 0);
  assert_int_not_equal (copy, p[1]);
  assert_true (is_cloexec (copy));
  struct stat a, b;
  assert_int_equal (fstat (p[1], &a), 0);
  assert_int_equal (fstat (copy, &b), 0);
  assert_true (a.st_dev == b.st_dev && a.st_ino == b.st_ino);
  assert_int_equal (write (copy, "x", 1), 1);
  char c = 0;
  assert_int_equal (read (p[0], &c, 1), 1);
  assert_int_equal (c, 'x');
  close (copy);
  close (p[0]);
  close (p[1]);
  close (self);
}

static void
getfd_errors (void **state)
{
  const struct impl *f = *state;
  int self = f->open (getpid (), 0);
  assert_true (self >= 0);
  int devnull = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  assert_true (devnull >= 0);
  int r;
  errno = 0;
  r = f->getfd (self, devnull, 1); /* flags must be 0 */
  expect_failure (r, errno, EINVAL);
  errno = 0;
  r = f->getfd (-1, devnull, 0);
  expect_failure (r, errno, EBADF);
  errno = 0;
  r = f->getfd (devnull, devnull, 0); /* not a pidfd */
  expect_failure (r, errno, EBADF);
  int unused = dup (devnull);
  assert_true (unused >= 0);
  close (unused);
  errno = 0;
  r = f->getfd (self, unused, 0); /* not open in the target */
  expect_failure (r, errno, EBADF);
  pid_t child = start_sleeper ();
  int fd = f->open (child, 0);
  assert_true (fd >= 0);
  assert_int_equal (f->send_signal (fd, SIGKILL, NULL, 0), 0);
  siginfo_t info;
  assert_int_equal (waitid ((idtype_t) P_PIDFD, (id_t) fd, &info, WEXITED), 0);
  errno = 0;
  r = f->getfd (fd, 0, 0); /* the process is gone */
  expect_failure (r, errno, ESRCH);
  close (fd);
  close (devnull);
  close (self);
}

/* ---- which implementation the public names are ----------------------- */

static void
public_names_where_provided (void **state)
{
  (void) state;
#if PIDFDSPAWN_PROVIDE_PIDFD_API
  /* Exported by the library: the public names are its implementations.  */
  assert_ptr_equal ((void *) pidfd_open, (void *) pidfdspawn_pidfd_open);
  assert_ptr_equal ((void *) pidfd_getfd, (void *) pidfdspawn_pidfd_getfd);
  assert_ptr_equal ((void *) pidfd_send_signal,
                    (void *) pidfdspawn_pidfd_send_signal);
#else
  /* The libc has them: the library must not shadow them.  */
  assert_ptr_not_equal ((void *) pidfd_open, (void *) pidfdspawn_pidfd_open);
  assert_ptr_not_equal ((void *) pidfd_getfd, (void *) pidfdspawn_pidfd_getfd);
  assert_ptr_not_equal ((void *) pidfd_send_signal,
                        (void *) pidfdspawn_pidfd_send_signal);
#endif
}

/* Each test twice, named after the implementation it runs on.  */
#define BOTH(test)                                                          \
  { #test " (internal)", test, NULL, NULL, &internal },                     \
  { #test " (public)", test, NULL, NULL, &public_names }

int
main (void)
{
  /* Children killed by the tests must not stop the run.  */
  signal (SIGPIPE, SIG_IGN);
  const struct CMUnitTest tests[] = {
    BOTH (open_self),
    BOTH (open_errors),
    BOTH (open_nonblock),
    BOTH (open_thread),
    BOTH (send_signal_to_child),
    BOTH (send_signal_with_info),
    BOTH (send_signal_bad_fd),
    BOTH (getfd_self),
    BOTH (getfd_errors),
    cmocka_unit_test (public_names_where_provided),
  };
  return cmocka_run_group_tests_name ("pidfd_open, pidfd_send_signal, pidfd_getfd",
                                      tests, NULL, NULL);
}
