/* Differential testing: what one side (the reference: the libc's
   posix_spawn(p) or, where it has them, its own pidfd_spawn(p); or the
   library's pidfd_spawn(p)) produced for a scenario, and the comparison of two sides,
   with the known, documented differences as named exceptions.
   SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PIDFDSPAWN_TESTS_DIFFERENTIAL_COMPARE_H
#define PIDFDSPAWN_TESTS_DIFFERENTIAL_COMPARE_H

#include <stddef.h>

#include "differential-scenario.h"

enum { REPORT_SIZE = 256 * 1024, LISTING_SIZE = 8192, TRACE_SIZE = 2048 };

struct side_result
{
  int setup_failed;             /* the scenario could not be set up */
  char why[256];
  int hung;                     /* no answer within the watchdog's time */
  int rc;                       /* the spawn's return value */
  int has_pidfd;                /* the spawn handed back a pidfd */
  long spawn_pid;               /* posix_spawn: *pid; else pidfd_getpid */
  int getpid_errno;             /* errno when pidfd_getpid failed */
  int rung;                  /* library: rung used, -1 otherwise */
  int pidfd_cloexec;            /* 1 when the pidfd had FD_CLOEXEC */
  char status[32];              /* "exited N", "killed N" or "-" */
  long parent_pid;              /* the process that called the spawn */
  char checks[256];             /* "ok", or what went wrong in the parent */
  char trace[TRACE_SIZE];       /* the adders' answers */
  char report[REPORT_SIZE];     /* the probe's output */
  size_t report_len;
  char listing[LISTING_SIZE];   /* the fixture directory afterwards */
};

/* The known differences between the reference (the libc's posix_spawn(p)
   or its own pidfd_spawn(p)) and the library's pidfd_spawn(p), each
   documented in doc/compatibility.md ("Differences from glibc").  */
enum known_difference
{
  /* glibc 2.31..2.38's clone-based posix_spawn sets its own signals 32
     and 33 to SIG_IGN in the child; pidfd_spawn follows the parent, as
     glibc 2.39 does with clone3.  */
  KNOWN_GLIBC_INTERNAL_SIGNALS,
  /* musl's child ignores every close error; pidfd_spawn answers EBADF for
     a close beyond the fd limit, as glibc (whose adder refuses most of
     them already).  */
  KNOWN_MUSL_CLOSE_ERRORS_IGNORED,
  /* Whether the fd of an open action with O_CLOEXEC survives exec
     depends on where the file first lands: glibc (and pidfd_spawn) close
     the target and open, so the fd survives only when the file landed on
     another number and was dup2'd onto the target.  musl's child does not
     close the target first and keeps an error pipe of its own among the
     fds, so its file lands elsewhere in other cases.  */
  KNOWN_MUSL_OPEN_CLOEXEC_LANDING,
  /* glibc's posix_spawnp and pidfd_spawnp (before 2.43) measure the name
     with strnlen (name, NAME_MAX), so their ENAMETOOLONG check never
     fires for a longer name; they then search PATH with a truncated,
     unterminated copy and answer whatever that gives (ENOENT, EBADF
     seen).  pidfd_spawnp answers ENAMETOOLONG.  */
  KNOWN_GLIBC_SPAWNP_LONG_NAME,
  KNOWN_COUNT
};
extern const char *const known_difference_names[KNOWN_COUNT];

/* Compares REF (the reference, named REF_NAME in what is written) with
   LIB (the library) for S.  EXPECT_RUNG
   is the rung every successful library spawn must use (-1: any).  Writes
   a description of every mismatch to OUT and counts each exception used
   in KNOWN_USED.  Returns the number of mismatches (0: same).  */
int compare_sides (const struct scenario *s, const struct side_result *ref,
                   const struct side_result *lib, const char *ref_name,
                   int expect_rung,
                   unsigned long known_used[KNOWN_COUNT], char *out,
                   size_t size);

#endif
