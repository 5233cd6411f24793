/* pidfd_spawn attributes.
   SPDX-License-Identifier: LGPL-2.1-or-later  */
#define _GNU_SOURCE
#include "functional.h"

posix_spawnattr_t *
attr_with (posix_spawnattr_t *attr, short flags)
{
  assert_int_equal (posix_spawnattr_init (attr), 0);
  assert_int_equal (posix_spawnattr_setflags (attr, flags), 0);
  return attr;
}

/* posix_spawnattr_setschedpolicy accepts only SCHED_OTHER, SCHED_FIFO
   and SCHED_RR; SCHED_BATCH and SCHED_IDLE (allowed without privilege)
   go in the field directly, and posix_spawn passes them on.  */
void
set_policy (posix_spawnattr_t *attr, int policy)
{
#ifndef __GLIBC__
  /* musl's attributes cannot hold a policy; see sched_expected.  */
  (void) attr;
  (void) policy;
  return;
#endif
  if (policy == SCHED_OTHER || policy == SCHED_FIFO || policy == SCHED_RR)
    assert_int_equal (posix_spawnattr_setschedpolicy (attr, policy), 0);
  else
    {
#ifdef __GLIBC__
      attr->__policy = policy;
#endif
    }
}

/* What the child's "sched" line must read: EXPECTED where the libc's
   attributes carry scheduling settings; on musl, whose attributes cannot
   (its setters answer ENOSYS) and whose posix_spawn ignores the two flags,
   the caller's own SCHED_OTHER.  */
static const char *
sched_expected (const char *expected)
{
#ifdef __GLIBC__
  return expected;
#else
  (void) expected;
  return "0 0";
#endif
}

static void
run_with_attr (posix_spawnattr_t *attr, struct report *r)
{
  struct probe_run run;
  probe_begin (&run);
  assert_int_equal (probe_spawn (&run, attr, r), 0);
  posix_spawnattr_destroy (attr);
}

static void
attr_none_inherits (void **state)
{
  (void) state;
  posix_spawnattr_t attr;
  struct report r;
  run_with_attr (attr_with (&attr, 0), &r);
  assert_int_equal (rnum (&r, "pgid"), getpgid (0));
  assert_int_equal (rnum (&r, "sid"), getsid (0));
  assert_int_equal (rmask (&r), own_mask ());
  char ids[64];
  snprintf (ids, sizeof ids, "%d %d", (int) getuid (), (int) geteuid ());
  assert_string_equal (rget (&r, "uid"), ids);
  char cwd[PATH_MAX];
  assert_non_null (getcwd (cwd, sizeof cwd));
  assert_string_equal (rget (&r, "cwd"), cwd);
  char sched[32];
  /* Raw calls: musl's wrappers are stubs that answer ENOSYS.  */
  struct sched_param param;
  assert_int_equal (syscall (SYS_sched_getparam, 0, &param), 0);
  snprintf (sched, sizeof sched, "%d %d",
            (int) syscall (SYS_sched_getscheduler, 0), param.sched_priority);
  assert_string_equal (rget (&r, "sched"), sched);
}

static void
attr_setpgroup_zero (void **state)
{
  (void) state;
  posix_spawnattr_t attr;
  struct report r;
  attr_with (&attr, POSIX_SPAWN_SETPGROUP);
  assert_int_equal (posix_spawnattr_setpgroup (&attr, 0), 0);
  run_with_attr (&attr, &r);
  assert_int_equal (rnum (&r, "pgid"), rnum (&r, "pid"));
  assert_int_equal (rnum (&r, "sid"), getsid (0));
  assert_true (getpgid (0) != rnum (&r, "pid")); /* ours unchanged */
}

static void
attr_setpgroup_existing (void **state)
{
  (void) state;
  /* A process group of our own session for the probe to join.  */
  const pid_t self = getpid ();
  pid_t leader = fork ();
  assert_true (leader >= 0);
  if (leader == 0)
    {
      setpgid (0, 0);
      /* A parent that died before prctl sends no signal: ask.  */
      prctl (PR_SET_PDEATHSIG, SIGKILL);
      if (getppid () != self)
        _exit (0);
      for (;;)
        pause ();
    }
  setpgid (leader, leader); /* from both sides: no race */
  assert_int_equal (getpgid (leader), leader);

  posix_spawnattr_t attr;
  struct report r;
  attr_with (&attr, POSIX_SPAWN_SETPGROUP);
  assert_int_equal (posix_spawnattr_setpgroup (&attr, leader), 0);
  struct probe_run run;
  probe_begin (&run);
  int rc = probe_spawn (&run, &attr, &r);
  posix_spawnattr_destroy (&attr);
  kill (leader, SIGKILL);
  waitpid (leader, NULL, 0);
  assert_int_equal (rc, 0);
  assert_int_equal (rnum (&r, "pgid"), leader);
}

static void
attr_setpgroup_missing_group (void **state)
{
  (void) state;
  posix_spawnattr_t attr;
  attr_with (&attr, POSIX_SPAWN_SETPGROUP);
  /* No process group has this id (pid_max is at most 4194304).  */
  assert_int_equal (posix_spawnattr_setpgroup (&attr, 4194305), 0);
  char *argv[] = { probe_argv0 (), NULL };
  expect_fail (LIB_SPAWN, probe_path, NULL, &attr, argv, EPERM);
  posix_spawnattr_destroy (&attr);
}

static void
attr_setsid (void **state)
{
  (void) state;
  posix_spawnattr_t attr;
  struct report r;
  run_with_attr (attr_with (&attr, POSIX_SPAWN_SETSID), &r);
  assert_int_equal (rnum (&r, "sid"), rnum (&r, "pid"));
  assert_int_equal (rnum (&r, "pgid"), rnum (&r, "pid"));
}

static void
attr_setsid_with_setpgroup_like_host (void **state)
{
  (void) state;
  /* glibc makes the session first; a session leader cannot then change
     its process group: EPERM.  */
  posix_spawnattr_t attr;
  attr_with (&attr, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETPGROUP);
  char *argv[] = { probe_argv0 (), NULL };
  expect_fail (LIB_SPAWN, probe_path, NULL, &attr, argv, EPERM);
  posix_spawnattr_destroy (&attr);
}

static void
attr_setsigmask (void **state)
{
  (void) state;
  unsigned long long parent = own_mask ();
  posix_spawnattr_t attr;
  struct report r;
  attr_with (&attr, POSIX_SPAWN_SETSIGMASK);
  sigset_t set;
  sigemptyset (&set);
  sigaddset (&set, SIGUSR1);
  sigaddset (&set, SIGTERM);
  sigaddset (&set, SIGRTMIN + 2);
  assert_int_equal (posix_spawnattr_setsigmask (&attr, &set), 0);
  run_with_attr (&attr, &r);
  assert_int_equal (rmask (&r), bit (SIGUSR1) | bit (SIGTERM)
                                | bit (exec_signal (SIGRTMIN + 2)));
  assert_int_equal (own_mask (), parent);
}

static void
attr_mask_inherited (void **state)
{
  (void) state;
  sigset_t block, old;
  sigemptyset (&block);
  sigaddset (&block, SIGUSR2);
  sigaddset (&block, SIGHUP);
  sigprocmask (SIG_BLOCK, &block, &old);
  posix_spawnattr_t attr;
  struct report r;
  struct probe_run run;
  probe_begin (&run);
  int rc = probe_spawn (&run, attr_with (&attr, 0), &r);
  posix_spawnattr_destroy (&attr);
  unsigned long long inside = own_mask ();
  sigprocmask (SIG_SETMASK, &old, NULL);
  assert_int_equal (rc, 0);
  assert_int_equal (rmask (&r), inside);
  assert_true (rmask (&r) & bit (SIGUSR2));
  assert_true (rmask (&r) & bit (SIGHUP));
}

static void
attr_setsigmask_empty_overrides (void **state)
{
  (void) state;
  sigset_t block, old;
  sigemptyset (&block);
  sigaddset (&block, SIGUSR2);
  sigprocmask (SIG_BLOCK, &block, &old);
  posix_spawnattr_t attr;
  attr_with (&attr, POSIX_SPAWN_SETSIGMASK);
  sigset_t empty;
  sigemptyset (&empty);
  posix_spawnattr_setsigmask (&attr, &empty);
  struct report r;
  struct probe_run run;
  probe_begin (&run);
  int rc = probe_spawn (&run, &attr, &r);
  posix_spawnattr_destroy (&attr);
  sigprocmask (SIG_SETMASK, &old, NULL);
  assert_int_equal (rc, 0);
  assert_int_equal (rmask (&r), 0);
}

static void
on_signal (int sig)
{
  (void) sig;
}

/* SIGUSR1 and SIGRTMIN+1 caught, SIGUSR2, SIGINT and SIGPIPE ignored.  */
void
set_dispositions (struct saved_dispositions *saved)
{
  struct sigaction caught = { .sa_handler = on_signal };
  struct sigaction ignored = { .sa_handler = SIG_IGN };
  sigaction (SIGUSR1, &caught, &saved->usr1);
  sigaction (SIGRTMIN + 1, &caught, &saved->rt);
  sigaction (SIGUSR2, &ignored, &saved->usr2);
  sigaction (SIGINT, &ignored, &saved->intr);
  sigaction (SIGPIPE, &ignored, &saved->pipe);
}

void
restore_dispositions (const struct saved_dispositions *saved)
{
  sigaction (SIGUSR1, &saved->usr1, NULL);
  sigaction (SIGRTMIN + 1, &saved->rt, NULL);
  sigaction (SIGUSR2, &saved->usr2, NULL);
  sigaction (SIGINT, &saved->intr, NULL);
  sigaction (SIGPIPE, &saved->pipe, NULL);
}

static void
attr_dispositions_caught_and_ignored (void **state)
{
  (void) state;
  struct saved_dispositions saved;
  set_dispositions (&saved);
  struct probe_run run;
  struct report r;
  probe_begin (&run);
  int rc = probe_spawn (&run, NULL, &r);
  restore_dispositions (&saved);
  assert_int_equal (rc, 0);
  assert_string_equal (rsig (&r, SIGUSR1), "dfl");
  assert_string_equal (rsig (&r, exec_signal (SIGRTMIN + 1)), "dfl");
  assert_string_equal (rsig (&r, SIGUSR2), "ign");
  assert_string_equal (rsig (&r, SIGINT), "ign");
  assert_string_equal (rsig (&r, SIGPIPE), "ign");
  assert_string_equal (rsig (&r, SIGTERM), "dfl");
}

static void
attr_setsigdef (void **state)
{
  (void) state;
  struct saved_dispositions saved;
  set_dispositions (&saved);
  posix_spawnattr_t attr;
  attr_with (&attr, POSIX_SPAWN_SETSIGDEF);
  sigset_t def;
  sigemptyset (&def);
  sigaddset (&def, SIGUSR2);
  sigaddset (&def, SIGPIPE);
  sigaddset (&def, SIGUSR1);
  posix_spawnattr_setsigdefault (&attr, &def);
  struct probe_run run;
  struct report r;
  probe_begin (&run);
  int rc = probe_spawn (&run, &attr, &r);
  posix_spawnattr_destroy (&attr);
  struct sigaction now;
  sigaction (SIGUSR2, NULL, &now);
  int parent_kept = now.sa_handler == SIG_IGN;
  restore_dispositions (&saved);
  assert_int_equal (rc, 0);
  assert_true (parent_kept);
  assert_string_equal (rsig (&r, SIGUSR2), "dfl");
  assert_string_equal (rsig (&r, SIGPIPE), "dfl");
  assert_string_equal (rsig (&r, SIGUSR1), "dfl");
  assert_string_equal (rsig (&r, SIGINT), "ign"); /* not in the set */
}

static void
attr_setsigdef_all (void **state)
{
  (void) state;
  struct saved_dispositions saved;
  set_dispositions (&saved);
  posix_spawnattr_t attr;
  attr_with (&attr, POSIX_SPAWN_SETSIGDEF);
  sigset_t def;
  sigfillset (&def);
  posix_spawnattr_setsigdefault (&attr, &def);
  struct probe_run run;
  struct report r;
  probe_begin (&run);
  int rc = probe_spawn (&run, &attr, &r);
  posix_spawnattr_destroy (&attr);
  restore_dispositions (&saved);
  assert_int_equal (rc, 0);
  /* glibc's sigfillset leaves out its own signals 32 and 33, so those keep
     whatever the parent had (internal_signals_follow_parent); under
     qemu-user the host's signals below them are qemu's, out of our reach,
     and keep what qemu inherited.  */
  for (int sig = 1; sig <= 64; ++sig)
    if ((sig < 32 || sig > exec_signal (33))
        && strcmp (rsig (&r, sig), "dfl") != 0)
      fail_msg ("signal %d is %s", sig, rsig (&r, sig));
}

static void
attr_resetids_same_ids (void **state)
{
  (void) state;
  posix_spawnattr_t attr;
  struct report r;
  run_with_attr (attr_with (&attr, POSIX_SPAWN_RESETIDS), &r);
  char ids[64];
  snprintf (ids, sizeof ids, "%d %d", (int) getuid (), (int) getuid ());
  assert_string_equal (rget (&r, "uid"), ids);
  snprintf (ids, sizeof ids, "%d %d", (int) getgid (), (int) getgid ());
  assert_string_equal (rget (&r, "gid"), ids);
}

static int
setup_effective_ids (void *ctx)
{
  (void) ctx;
  if (setegid (4321) != 0)
    return -1;
  return seteuid (4321);
}

static void
resetids_forked (short flags, const char *uid, const char *gid)
{
  if (geteuid () != 0)
    skip_because ("needs root: the helper switches to other effective ids "
                  "(setegid, seteuid 4321)");
  posix_spawnattr_t attr;
  attr_with (&attr, flags);
  struct probe_run run;
  struct report r;
  probe_begin (&run);
  int rc = probe_spawn_forked (&run, &attr, setup_effective_ids, NULL, &r);
  posix_spawnattr_destroy (&attr);
  assert_int_equal (rc, 0);
  assert_string_equal (rget (&r, "uid"), uid);
  assert_string_equal (rget (&r, "gid"), gid);
}

static void
attr_resetids_resets_effective (void **state)
{
  (void) state;
  skip_under_valgrind ("the probe spawned from a helper with other "
                       "effective ids does not exit 0 there (not analysed)");
  resetids_forked (POSIX_SPAWN_RESETIDS, "0 0", "0 0");
}

static void
attr_no_resetids_keeps_effective (void **state)
{
  (void) state;
  skip_under_valgrind ("the probe spawned from a helper with other "
                       "effective ids does not exit 0 there (not analysed)");
  resetids_forked (0, "0 4321", "0 4321");
}

static void
sched_case (short flags, int policy, int priority, const char *expected)
{
  posix_spawnattr_t attr;
  attr_with (&attr, flags);
  struct sched_param param = { .sched_priority = priority };
#ifdef __GLIBC__
  assert_int_equal (posix_spawnattr_setschedparam (&attr, &param), 0);
#else
  assert_int_equal (posix_spawnattr_setschedparam (&attr, &param), ENOSYS);
#endif
  set_policy (&attr, policy);
  struct report r;
  run_with_attr (&attr, &r);
  assert_string_equal (rget (&r, "sched"), sched_expected (expected));
  /* Ours unchanged (a raw call: musl's wrapper answers ENOSYS).  */
  assert_int_equal (syscall (SYS_sched_getscheduler, 0), SCHED_OTHER);
}

static void
attr_setschedparam_other (void **state)
{
  (void) state;
  sched_case (POSIX_SPAWN_SETSCHEDPARAM, SCHED_BATCH, 0, "0 0");
}

static void
attr_setscheduler_batch (void **state)
{
  (void) state;
  sched_case (POSIX_SPAWN_SETSCHEDULER, SCHED_BATCH, 0, "3 0");
}

static void
attr_setscheduler_idle (void **state)
{
  (void) state;
  sched_case (POSIX_SPAWN_SETSCHEDULER | POSIX_SPAWN_SETSCHEDPARAM,
              SCHED_IDLE, 0, "5 0");
}

static void
attr_sched_invalid (void **state)
{
  (void) state;
#ifndef __GLIBC__
  skip_because ("musl's posix_spawnattr_t holds no scheduling settings (its setters answer ENOSYS)");
#else
  char *argv[] = { probe_argv0 (), NULL };
  posix_spawnattr_t attr;
  struct sched_param param = { .sched_priority = 5 };
  attr_with (&attr, POSIX_SPAWN_SETSCHEDULER);
  set_policy (&attr, SCHED_BATCH);
  posix_spawnattr_setschedparam (&attr, &param);
  expect_fail (LIB_SPAWN, probe_path, NULL, &attr, argv, EINVAL);
  posix_spawnattr_destroy (&attr);

  attr_with (&attr, POSIX_SPAWN_SETSCHEDPARAM);
  param.sched_priority = 50;
  posix_spawnattr_setschedparam (&attr, &param);
  expect_fail (LIB_SPAWN, probe_path, NULL, &attr, argv, EINVAL);
  posix_spawnattr_destroy (&attr);
#endif
}

static void
attr_usevfork_accepted (void **state)
{
  (void) state;
  posix_spawnattr_t attr;
  struct report r;
  run_with_attr (attr_with (&attr, POSIX_SPAWN_USEVFORK), &r);
  assert_int_equal (rnum (&r, "pgid"), getpgid (0));
  char *argv[] = { probe_argv0 (), (char *) "--exit", (char *) "5", NULL };
  int pidfd = -1;
  attr_with (&attr, POSIX_SPAWN_USEVFORK);
  assert_int_equal (pidfd_spawn (&pidfd, probe_path, NULL, &attr, argv,
                                 default_env), 0);
  check_rung_used ();
  assert_int_equal (reap_pidfd (pidfd), 5 << 8);
  close (pidfd);
  posix_spawnattr_destroy (&attr);
}

static void
attr_all_combined (void **state)
{
  (void) state;
  struct saved_dispositions saved;
  set_dispositions (&saved);
  posix_spawnattr_t attr;
  attr_with (&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK
                    | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSCHEDULER
                    | POSIX_SPAWN_SETSCHEDPARAM | POSIX_SPAWN_RESETIDS
                    | POSIX_SPAWN_USEVFORK);
  posix_spawnattr_setpgroup (&attr, 0);
  sigset_t set;
  sigemptyset (&set);
  sigaddset (&set, SIGQUIT);
  posix_spawnattr_setsigmask (&attr, &set);
  sigemptyset (&set);
  sigaddset (&set, SIGINT);
  posix_spawnattr_setsigdefault (&attr, &set);
  set_policy (&attr, SCHED_BATCH);
  struct sched_param param = { .sched_priority = 0 };
  posix_spawnattr_setschedparam (&attr, &param);
  struct probe_run run;
  struct report r;
  probe_begin (&run);
  int rc = probe_spawn (&run, &attr, &r);
  posix_spawnattr_destroy (&attr);
  restore_dispositions (&saved);
  assert_int_equal (rc, 0);
  assert_int_equal (rnum (&r, "pgid"), rnum (&r, "pid"));
  assert_int_equal (rnum (&r, "sid"), getsid (0));
  assert_int_equal (rmask (&r), bit (SIGQUIT));
  assert_string_equal (rsig (&r, SIGINT), "dfl");
  assert_string_equal (rsig (&r, SIGUSR2), "ign");
  assert_string_equal (rsig (&r, SIGUSR1), "dfl");
  assert_string_equal (rget (&r, "sched"), sched_expected ("3 0"));
  /* POSIX_SPAWN_RESETIDS: the effective ids become the real ones, the
     caller's own (root or not).  */
  char ids[64];
  snprintf (ids, sizeof ids, "%d %d", (int) getuid (), (int) getuid ());
  assert_string_equal (rget (&r, "uid"), ids);
  snprintf (ids, sizeof ids, "%d %d", (int) getgid (), (int) getgid ());
  assert_string_equal (rget (&r, "gid"), ids);
}

static void
attr_setsid_combined (void **state)
{
  (void) state;
  posix_spawnattr_t attr;
  attr_with (&attr, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK
                    | POSIX_SPAWN_SETSCHEDULER | POSIX_SPAWN_USEVFORK);
  sigset_t set;
  sigemptyset (&set);
  sigaddset (&set, SIGALRM);
  posix_spawnattr_setsigmask (&attr, &set);
  set_policy (&attr, SCHED_IDLE);
  struct report r;
  run_with_attr (&attr, &r);
  assert_int_equal (rnum (&r, "sid"), rnum (&r, "pid"));
  assert_int_equal (rnum (&r, "pgid"), rnum (&r, "pid"));
  assert_int_equal (rmask (&r), bit (SIGALRM));
  assert_string_equal (rget (&r, "sched"), sched_expected ("5 0"));
}

/* The group, run by main (functional-main.c).  */
int
functional_attributes (void)
{
  const struct CMUnitTest attributes[] = {
    cmocka_unit_test (attr_none_inherits),
    cmocka_unit_test (attr_setpgroup_zero),
    cmocka_unit_test (attr_setpgroup_existing),
    cmocka_unit_test (attr_setpgroup_missing_group),
    cmocka_unit_test (attr_setsid),
    cmocka_unit_test (attr_setsid_with_setpgroup_like_host),
    cmocka_unit_test (attr_setsigmask),
    cmocka_unit_test (attr_mask_inherited),
    cmocka_unit_test (attr_setsigmask_empty_overrides),
    cmocka_unit_test (attr_dispositions_caught_and_ignored),
    cmocka_unit_test (attr_setsigdef),
    cmocka_unit_test (attr_setsigdef_all),
    cmocka_unit_test (attr_resetids_same_ids),
    cmocka_unit_test (attr_resetids_resets_effective),
    cmocka_unit_test (attr_no_resetids_keeps_effective),
    cmocka_unit_test (attr_setschedparam_other),
    cmocka_unit_test (attr_setscheduler_batch),
    cmocka_unit_test (attr_setscheduler_idle),
    cmocka_unit_test (attr_sched_invalid),
    cmocka_unit_test (attr_usevfork_accepted),
    cmocka_unit_test (attr_all_combined),
    cmocka_unit_test (attr_setsid_combined),
  };
  return cmocka_run_group_tests_name ("pidfd_spawn attributes", attributes, NULL, NULL);
}
