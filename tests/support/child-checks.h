/* Checks for tests that run in a forked child (run_in_child) and report
   through the exit status: each failed check prints where and why on
   stderr and counts; child_checks_finish () is the exit status (0 passed,
   1..76 failures; 77 stays free for "skip").  Thread-safe.
   SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PIDFDSPAWN_TESTS_CHILD_CHECKS_H
#define PIDFDSPAWN_TESTS_CHILD_CHECKS_H

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>

#include "test-util.h"

extern atomic_int child_check_failures;

#define CHECK(cond)                                                      \
  do                                                                     \
    if (!(cond))                                                         \
      {                                                                  \
        int saved_ = errno;                                              \
        fprintf (stderr, "%s:%d: check failed: %s (errno %s)\n",         \
                 __FILE__, __LINE__, #cond, errno_name (saved_));        \
        atomic_fetch_add (&child_check_failures, 1);                     \
      }                                                                  \
  while (0)

#define CHECK_INT(got, want)                                             \
  do                                                                     \
    {                                                                    \
      long got_ = (long) (got), want_ = (long) (want);                   \
      if (got_ != want_)                                                 \
        {                                                                \
          fprintf (stderr, "%s:%d: %s = %ld, expected %ld\n", __FILE__,  \
                   __LINE__, #got, got_, want_);                         \
          atomic_fetch_add (&child_check_failures, 1);                   \
        }                                                                \
    }                                                                    \
  while (0)

/* For error numbers: prints both names.  */
#define CHECK_ERRNO(got, want)                                           \
  do                                                                     \
    {                                                                    \
      int got_ = (got), want_ = (want);                                  \
      if (got_ != want_)                                                 \
        {                                                                \
          fprintf (stderr, "%s:%d: %s = %s, expected %s\n", __FILE__,    \
                   __LINE__, #got, errno_name (got_), errno_name (want_)); \
          atomic_fetch_add (&child_check_failures, 1);                   \
        }                                                                \
    }                                                                    \
  while (0)

/* The exit status for the child.  */
int child_checks_finish (void);

/* The rung every successful spawn must use, from $EXPECT_RUNG (set by
   tests/run-suite.sh from the rung file), or -1 for any.  */
int expected_rung (void);

#endif
