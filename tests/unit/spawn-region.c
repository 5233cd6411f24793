/* The memory each spawn hands its child (the stack and the decoded file
   actions, lib/child_region.cpp) is kept between calls: threads spawning at
   once must each get their own, with their own file actions and argv, and
   nothing may stay mapped beyond the one kept region.
   SPDX-License-Identifier: LGPL-2.1-or-later */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include <pidfdspawn/spawn.h>
#include <pidfdspawn/sys/pidfd.h>

#include "test-util.h"

enum
{
  THREADS = 4,
  SPAWNS_PER_THREAD = 40,
  /* Enough arguments that the child's stack no longer fits the kept
     region: such a call maps and unmaps its own.  */
  LARGE_ARGC = 12000,
};

/* Everything a thread uses is prepared before the baseline is measured:
   a malloc in a thread would map an arena and move VmSize.  */
enum { FIRST_RESERVED_FD = 200 };
static char pad[] = "x";
static char *large_argv[THREADS][LARGE_ARGC + 8];
static posix_spawn_file_actions_t actions[THREADS];
static pthread_barrier_t start_line, finish_line;

struct worker
{
  int index;
  int failures;
  char first_failure[160];
};

static void
note_failure (struct worker *w, const char *fmt, ...)
{
  if (w->failures++ == 0)
    {
      va_list ap;
      va_start (ap, fmt);
      vsnprintf (w->first_failure, sizeof w->first_failure, fmt, ap);
      va_end (ap);
    }
}

/* The child writes its tag to its stdout, which this thread's dup2 action
   (decoded into the region) points at this thread's own pipe, kept at the
   thread's reserved fd number.  */
static void
spawn_and_check (struct worker *w, int round)
{
  char tag[64];
  snprintf (tag, sizeof tag, "thread-%d-round-%d", w->index, round);
  const int reserved = FIRST_RESERVED_FD + w->index;
  int p[2];
  if (pipe2 (p, O_CLOEXEC) != 0 || dup3 (p[1], reserved, O_CLOEXEC) < 0)
    {
      note_failure (w, "pipe: %s", strerror (errno));
      return;
    }
  close (p[1]);

  /* Odd threads alternate with calls too large for the kept region.  */
  const int large = (w->index % 2) && (round % 2);
  char *small_argv[] = { "sh", "-c", "printf %s \"$1\"", "sh", tag, NULL };
  char **argv = small_argv;
  if (large)
    {
      argv = large_argv[w->index];
      memcpy (argv, small_argv, 5 * sizeof *argv);
    }

  int pidfd = -1;
  int r = pidfd_spawn (&pidfd, "/bin/sh", &actions[w->index], NULL, argv,
                       environ);
  close (reserved);
  if (r != 0)
    note_failure (w, "pidfd_spawn: %s", strerror (r));
  else
    {
      char got[128];
      size_t n = 0;
      ssize_t k;
      while (n < sizeof got - 1
             && (k = read (p[0], got + n, sizeof got - 1 - n)) > 0)
        n += (size_t) k;
      got[n] = '\0';
      siginfo_t info;
      if (wait_pidfd (pidfd, &info) != 0 || info.si_code != CLD_EXITED
          || info.si_status != 0)
        note_failure (w, "%s: child did not exit with 0", tag);
      else if (strcmp (got, tag) != 0)
        note_failure (w, "child of %s wrote '%s'", tag, got);
      close (pidfd);
    }
  close (p[0]);
}

static void *
worker_main (void *arg)
{
  struct worker *w = arg;
  pthread_barrier_wait (&start_line);
  for (int round = 0; round < SPAWNS_PER_THREAD; ++round)
    spawn_and_check (w, round);
  pthread_barrier_wait (&finish_line);
  /* Stay alive (and mapped) until main has measured.  */
  pthread_barrier_wait (&finish_line);
  return NULL;
}

/* VmSize in KiB: what stays mapped, whatever the kernel merges.  */
static long
mapped_kib (void)
{
  FILE *f = fopen ("/proc/self/status", "r");
  if (f == NULL)
    return -1;
  char line[256];
  long kib = -1;
  while (fgets (line, sizeof line, f) != NULL)
    if (sscanf (line, "VmSize: %ld kB", &kib) == 1)
      break;
  fclose (f);
  return kib;
}

static void
spawn_true (void)
{
  char *argv[] = { "true", NULL };
  int pidfd;
  assert_int_equal (pidfd_spawn (&pidfd, "/bin/true", NULL, NULL, argv,
                                 environ),
                    0);
  siginfo_t info;
  assert_int_equal (wait_pidfd (pidfd, &info), 0);
  close (pidfd);
}

static void
test_concurrent_spawns_get_their_own_region (void **state)
{
  (void) state;
  if (access ("/bin/sh", X_OK) != 0)
    skip_because ("no /bin/sh");
  for (int t = 0; t < THREADS; ++t)
    {
      for (int i = 0; i < LARGE_ARGC + 8; ++i)
        large_argv[t][i] = i < LARGE_ARGC ? pad : NULL;
      posix_spawn_file_actions_init (&actions[t]);
      assert_int_equal (posix_spawn_file_actions_adddup2 (
                          &actions[t], FIRST_RESERVED_FD + t, 1),
                        0);
    }

  /* One spawn first, so the kept region exists before measuring.  */
  spawn_true ();

  pthread_barrier_init (&start_line, NULL, THREADS + 1);
  pthread_barrier_init (&finish_line, NULL, THREADS + 1);
  struct worker workers[THREADS];
  pthread_t threads[THREADS];
  for (int i = 0; i < THREADS; ++i)
    {
      workers[i] = (struct worker){ .index = i };
      assert_int_equal (pthread_create (&threads[i], NULL, worker_main,
                                        &workers[i]),
                        0);
    }
  /* Every thread exists, none has spawned: the baseline.  */
  const long before = mapped_kib ();
  pthread_barrier_wait (&start_line);
  pthread_barrier_wait (&finish_line);
  const long after = mapped_kib ();
  pthread_barrier_wait (&finish_line);
  for (int i = 0; i < THREADS; ++i)
    pthread_join (threads[i], NULL);

  for (int i = 0; i < THREADS; ++i)
    if (workers[i].failures != 0)
      fail_msg ("thread %d: %d failures, first: %s", i, workers[i].failures,
                workers[i].first_failure);
  for (int t = 0; t < THREADS; ++t)
    posix_spawn_file_actions_destroy (&actions[t]);
  /* Regions mapped because the kept one was busy, or because a call did
     not fit it, were all unmapped again.  */
  assert_true (before > 0);
#if defined __SANITIZE_ADDRESS__
  /* ASan's allocator maps memory for the threads as it pleases: VmSize
     says nothing about our regions there.  */
  printf ("# VmSize not compared in an ASan build (%ld -> %ld KiB)\n",
          before, after);
#else
  assert_int_equal (after, before);
#endif
}

static void
test_sequential_spawns_map_nothing_new (void **state)
{
  (void) state;
  spawn_true ();
  const long before = mapped_kib ();
  for (int i = 0; i < 50; ++i)
    spawn_true ();
  const long after = mapped_kib ();
  assert_true (before > 0);
#if defined __SANITIZE_ADDRESS__
  /* ASan's allocator maps memory for the threads as it pleases: VmSize
     says nothing about our regions there.  */
  printf ("# VmSize not compared in an ASan build (%ld -> %ld KiB)\n",
          before, after);
#else
  assert_int_equal (after, before);
#endif
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_sequential_spawns_map_nothing_new),
    cmocka_unit_test (test_concurrent_spawns_get_their_own_region),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
