/* Functional tests of pidfd_spawn and pidfd_spawnp on whatever rung of the
   ladder this process runs on (tests/run-suite.sh runs it once per rung,
   tests/suites/functional-*.suite).
   SPDX-License-Identifier: LGPL-2.1-or-later

   The spawned program is tests/support/probe, which reports its own state
   (fds, signals, ids, cwd, scheduling...) on stdout; most tests dup2 a pipe
   onto the probe's fd 1 as their first file action and read that report.
   One source file per group of tests (functional-results.c, -attributes.c,
   -file-actions.c, -exec.c, -invalid.c, -spawnp.c, -host.c), what they
   share in functional-util.c (functional.h); main sets up and runs the
   groups in that order.

   Environment: EXPECT_RUNG=N (0 clone3, 1 clone, 2 pidfd_open) asserts
   that every successful spawn used rung N.  */
#define _GNU_SOURCE
#include "functional.h"

static int
remove_tree (const char *dir)
{
  char command[PATH_MAX + 32];
  snprintf (command, sizeof command, "rm -rf '%s'", dir);
  return system (command);
}

/* exec_signal_offset: a fork blocks SIGRTMIN + 2 and runs the probe,
   which says which signal it finds blocked.  */
static int
measure_exec_signal_offset (void)
{
  static struct report r;
  int out[2];
  if (pipe2 (out, O_CLOEXEC) != 0)
    return 0;
  fflush (NULL);
  pid_t pid = fork ();
  if (pid == 0)
    {
      sigset_t set;
      sigemptyset (&set);
      sigaddset (&set, SIGRTMIN + 2);
      sigprocmask (SIG_SETMASK, &set, NULL);
      dup2 (out[1], 1);
      execl (probe_path, probe_path, (char *) NULL);
      _exit (127);
    }
  close (out[1]);
  read_report (out[0], &r);
  close (out[0]);
  if (pid > 0)
    waitpid (pid, NULL, 0);
  const char *mask = rget (&r, "sigmask");
  unsigned long long bits = mask != NULL ? strtoull (mask, NULL, 16) : 0;
  /* Anything but one blocked signal: no offset, and the tests say what
     they see.  */
  if (bits == 0 || (bits & (bits - 1)) != 0)
    return 0;
  return __builtin_ctzll (bits) + 1 - (SIGRTMIN + 2);
}

int
main (void)
{
  test_own_path ();
  const char *expect = getenv ("EXPECT_RUNG");
  if (expect != NULL && *expect != '\0')
    expect_rung = atoi (expect);
  probe_path = strdup (test_program_path ("support/probe"));
  if (access (probe_path, X_OK) != 0)
    {
      fprintf (stderr, "functional: no probe at %s\n", probe_path);
      return 1;
    }
  snprintf (tmpdir, sizeof tmpdir, "/tmp/pidfdspawn-functional-XXXXXX");
  if (mkdtemp (tmpdir) == NULL)
    {
      perror ("mkdtemp");
      return 1;
    }
  chmod (tmpdir, 0755);
  under_valgrind = running_under_valgrind ();
  exec_signal_offset = measure_exec_signal_offset ();
  if (exec_signal_offset != 0)
    printf ("# functional: our realtime signal N is N%+d in a spawned "
            "program (qemu-user)\n", exec_signal_offset);

  /* Can the host's posix_spawn run here (under some seccomp rungs it
     cannot: glibc 2.36 takes clone3's EPERM as final), and does its child
     report a failed exec (under valgrind, which runs glibc's
     CLONE_VM | CLONE_VFORK child as fork, the report is lost and
     posix_spawn answers 0)?  */
  {
    char *argv[] = { (char *) probe_path, (char *) "--exit", (char *) "0",
                     NULL };
    pid_t pid;
    int status = -1;
    if (posix_spawn (&pid, probe_path, NULL, NULL, argv, default_env) == 0
        && waitpid (pid, &status, 0) == pid && status == 0)
      host_spawn_works = 1;
    else
      printf ("# functional: the host's posix_spawn fails here; "
              "comparisons with it are skipped\n");
    if (host_spawn_works
        && posix_spawn (&pid, tmp_path ("no-such-program"), NULL, NULL, argv,
                        default_env) == 0)
      {
        waitpid (pid, &status, 0);
        host_spawn_works = 0;
        printf ("# functional: the host's posix_spawn does not report a "
                "failed exec here; comparisons with it are skipped\n");
      }
  }

  int failed = 0;
  failed += functional_results ();
  failed += functional_attributes ();
  failed += functional_file_actions ();
  failed += functional_exec_failures ();
  failed += functional_invalid ();
  failed += functional_spawnp ();
  failed += functional_host ();
  remove_tree (tmpdir);
  return failed;
}
