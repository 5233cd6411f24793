/* Invalid inputs.
   SPDX-License-Identifier: LGPL-2.1-or-later  */
#define _GNU_SOURCE
#include "functional.h"

static void
invalid_null_path (void **state)
{
  (void) state;
  char *argv[] = { (char *) "x", NULL };
  const char *volatile nothing = NULL;
  expect_fail_cmp (LIB_SPAWN, nothing, NULL, NULL, argv, default_env, EFAULT,
                   0);
  expect_fail_cmp (LIB_SPAWNP, nothing, NULL, NULL, argv, default_env, EFAULT,
                   0);
}

static void
invalid_null_argv (void **state)
{
  (void) state;
  char *const *volatile nothing = NULL;
  expect_fail_cmp (LIB_SPAWN, probe_path, NULL, NULL, nothing, default_env,
                   EFAULT, 0);
  expect_fail_cmp (LIB_SPAWNP, "true", NULL, NULL, nothing, default_env,
                   EFAULT, 0);
}

static void
invalid_unknown_flags (void **state)
{
  (void) state;
  char *argv[] = { probe_argv0 (), NULL };
  posix_spawnattr_t attr;
  posix_spawnattr_init (&attr);
  attr.__flags = (short) 0x4000;
  expect_fail_cmp (LIB_SPAWN, probe_path, NULL, &attr, argv, default_env,
                   EINVAL, 0);
  expect_fail_cmp (LIB_SPAWNP, probe_path, NULL, &attr, argv, default_env,
                   EINVAL, 0);
  attr.__flags = (short) (POSIX_SPAWN_SETSID | 0x1000);
  expect_fail_cmp (LIB_SPAWN, probe_path, NULL, &attr, argv, default_env,
                   EINVAL, 0);
  posix_spawnattr_destroy (&attr);
}

/* The group, run by main (functional-main.c).  */
int
functional_invalid (void)
{
  const struct CMUnitTest invalid[] = {
    cmocka_unit_test (invalid_null_path),
    cmocka_unit_test (invalid_null_argv),
    cmocka_unit_test (invalid_unknown_flags),
  };
  return cmocka_run_group_tests_name ("pidfd_spawn invalid inputs", invalid, NULL, NULL);
}
