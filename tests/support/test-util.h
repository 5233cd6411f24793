/* Helpers shared by the tests.
   SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PIDFDSPAWN_TESTS_TEST_UTIL_H
#define PIDFDSPAWN_TESTS_TEST_UTIL_H

#ifdef HAVE_CONFIG_H
# include "config.h"
#endif
#include <signal.h>
#include <stddef.h>
#include <sys/types.h>

extern char **environ;

/* The rung of the last successful spawn: 0 clone3, 1 clone, 2 pidfd_open,
   3 fork (lib/ladder.h), -1 none (lib/capabilities.h; hidden in the .so,
   reachable here).  */
int pidfdspawn_last_rung (void);

/* Absolute path of a program built under tests/, NAME relative to tests/
   ("support/probe", "tools/qemu-user-client"), from $top_builddir (set by
   make check) or the running binary's tests/DIR/.  */
const char *test_program_path (const char *name);

/* The PATH the tests search (pidfd_spawnp, posix_spawnp, "sh" and "true"
   by name): their own, /usr/bin:/bin, never the caller's, where an entry
   the user cannot search makes a failed search answer EACCES, not ENOENT.
   Called first thing by each test program that searches PATH.  */
#define TEST_PATH "/usr/bin:/bin"
void test_own_path (void);

/* The process's open file descriptors, ascending.  */
struct fd_snapshot
{
  int count;
  int fds[4096];
};
void fd_snapshot_take (struct fd_snapshot *snapshot);
/* 1 when both list the same fds.  */
int fd_snapshot_equal (const struct fd_snapshot *a,
                       const struct fd_snapshot *b);

/* Children of this process in any state (zombies included), from
   /proc/self/task/TID/children; -1 when that file is unavailable.  */
int count_children (void);

/* Waits for the process PIDFD refers to (waitid P_PIDFD) and returns its
   si_code/si_status in *INFO; -1 with errno on failure.  */
int wait_pidfd (int pidfd, siginfo_t *info);

/* Runs FN (ARG) in a forked child, for tests that change process-wide
   state (seccomp filters, namespaces, tracing).  Returns the child's exit
   status, or 128 + the signal that killed it.  */
int run_in_child (int (*fn) (const void *), const void *arg);

/* The libc's own definition of NAME ("pidfd_spawn", "pidfd_getpid",
   "posix_spawnattr_setcgroup_np"), found in libc.so.6 itself so that this
   library's definitions, linked into the program, are passed over; NULL
   where the libc has none (glibc before 2.39, musl).  */
void *libc_own_symbol (const char *name);

/* 1 when this program runs under valgrind.  */
int running_under_valgrind (void);

/* The first cgroup2 mount in /proc/self/mountinfo: its mount point, and
   its root inside the hierarchy ("" for the hierarchy's root).  0, or -1
   when there is none.  */
int cgroup2_mount (char *point, size_t point_size, char *root,
                   size_t root_size);

/* The exit status that means "cannot run here".  */
#define TEST_SKIP_STATUS 77

/* On a function that passes NULL where the headers declare nonnull, to
   check the library's answer (EFAULT, or no crash): in the sanitizer build
   UBSan would rightly stop at the call itself.  */
#define TEST_PASSES_NULL_TO_NONNULL \
  __attribute__ ((no_sanitize ("nonnull-attribute")))

/* For a CMocka test: skips on TEST_SKIP_STATUS, fails on any other
   non-zero status from run_in_child.  */
void expect_child_success (int status);

/* The symbolic name of error number E ("EBADF"; "0" for 0, "E?" for one
   it does not know): glibc's strerrorname_np where there is one, a table
   of the numbers the tests meet elsewhere (musl has no such function).  */
const char *errno_name (int e);

/* Skips the current CMocka test, printing why: a test is never skipped
   silently.  */
#define skip_because(reason)                                                 \
  do                                                                         \
    {                                                                        \
      print_message ("[  SKIPPED ] %s\n", (reason));                         \
      skip ();                                                               \
    }                                                                        \
  while (0)

#endif
