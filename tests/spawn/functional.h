/* The functional suite of pidfd_spawn and pidfd_spawnp: what its source
   files share (functional-util.c: probe reports, running the probe).
   SPDX-License-Identifier: LGPL-2.1-or-later  */
#ifndef PIDFDSPAWN_TESTS_FUNCTIONAL_H
#define PIDFDSPAWN_TESTS_FUNCTIONAL_H

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <cmocka.h>

#include <pidfdspawn/spawn.h>
#include <pidfdspawn/sys/pidfd.h>

#include "call-spawn.h"
#include "spawn-compat.h"
#include "test-util.h"

struct saved_dispositions
{
  struct sigaction usr1, usr2, intr, pipe, rt;
};

/* errno before each call; a failing spawn must leave it alone.  */
#define ERRNO_SENTINEL 4242

#define skip_under_valgrind(why)                                             \
  do                                                                         \
    {                                                                        \
      if (under_valgrind)                                                    \
        skip_because ("valgrind: " why);                                     \
    }                                                                        \
  while (0)

struct report
{
  char text[65536];
};

struct probe_run
{
  posix_spawn_file_actions_t fa;
  int out[2];
};

/* functional-util.c: shared state, small utilities, probe reports,
   running the probe.  */
extern int expect_rung;
extern int under_valgrind;
extern int host_spawn_works;
extern const char *probe_path;
extern char tmpdir[256];
extern char *default_env[];
const char *tmp_path (const char *name);
void write_file (const char *path, const char *content, mode_t mode);
int unused_fd (int from);
int open_at (const char *path, int oflags, int target, int cloexec);
void check_rung_used (void);
int reap_pidfd (int pidfd);
const char *rget (const struct report *r, const char *key);
long rnum (const struct report *r, const char *key);
const char *rfd (const struct report *r, int fd, const char *field);
unsigned long long rmask (const struct report *r);
const char *rsig (const struct report *r, int sig);
unsigned long long bit (int sig);
extern int exec_signal_offset;
int exec_signal (int sig);
unsigned long long own_mask (void);
void read_report (int fd, struct report *r);
void probe_begin (struct probe_run *run);
int probe_spawn_with (enum spawner which, struct probe_run *run,
                      const char *path, const posix_spawnattr_t *attr,
                      char *const argv[], char *const envp[],
                      struct report *r);
int probe_spawn (struct probe_run *run, const posix_spawnattr_t *attr,
                 struct report *r);
extern int host_differs_with;
int probe_spawn_forked (struct probe_run *run, const posix_spawnattr_t *attr,
                        int (*setup) (void *), void *ctx, struct report *r);
void expect_fail_cmp (enum spawner which, const char *path,
                      const posix_spawn_file_actions_t *fa,
                      const posix_spawnattr_t *attr, char *const argv[],
                      char *const envp[], int expected, int compare);
void expect_fail (enum spawner which, const char *path,
                  const posix_spawn_file_actions_t *fa,
                  const posix_spawnattr_t *attr, char *const argv[],
                  int expected);
char *probe_argv0 (void);
void fa_added (int rc, const char *missing);

/* functional-attributes.c, used by other groups too.  */
posix_spawnattr_t *attr_with (posix_spawnattr_t *attr, short flags);
void set_policy (posix_spawnattr_t *attr, int policy);
void set_dispositions (struct saved_dispositions *saved);
void restore_dispositions (const struct saved_dispositions *saved);

/* The groups, one per source file, in the order main runs them.  */
int functional_results (void);
int functional_attributes (void);
int functional_file_actions (void);
int functional_exec_failures (void);
int functional_invalid (void);
int functional_spawnp (void);
int functional_host (void);

#endif
