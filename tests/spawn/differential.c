/* differential: random scenarios through a reference, the libc's
   posix_spawn(p), and through pidfd_spawn(p); the probe's report, the
   error number and the exit status must agree (known differences aside,
   each named).
   SPDX-License-Identifier: LGPL-2.1-or-later

   differential [--seed N] [--count M] [--first I] [--index I]
                [--rung NAME|FILE|all] [--show | --describe]
                [--reference posix_spawn|pidfd_spawn]

   --reference pidfd_spawn takes the libc's own pidfd_spawn(p) as the
   reference (glibc 2.39 and later), found in libc.so.6 itself, past this
   library's definitions, and its own pidfd_getpid: the pids both report
   and the pidfds' close-on-exec flag are compared too.  Where the libc
   has none it says so and exits 77.

   A scenario is fully determined by (seed, index) (tests/spawn/
   differential-scenario.h).  Each side runs in a fork of its own, which sets up the
   scenario's process state and spawns; the library's side also installs
   the rung's seccomp refusals first, the host's never does (glibc 2.36's
   posix_spawn itself fails where clone3 answers EPERM), so the reference
   is always the libc's unconstrained behaviour.

   --rung NAME reads tests/rungs/NAME.rung from $top_srcdir (or the source
   tree this was built from): PIDFDSPAWN_RUNG, the seccomp refusals, the
   rung every successful spawn must use.  "all" runs every rung in turn.
   Without --rung: the environment's PIDFDSPAWN_RUNG, no refusal.

   Each mismatch prints a one-line reproducer,
     tests/spawn/differential --seed N --index I --rung R
   and --index shows that scenario, both reports and every difference
   (--describe: only what the scenarios are, without running them).
   Exit: 0 no mismatch, 1 mismatches, 77 nothing could run, 99 harness
   error.  */
#define _GNU_SOURCE
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <pidfdspawn/spawn.h>
#include <pidfdspawn/sys/pidfd.h>

#include "differential-compare.h"
#include "differential-scenario.h"
#include "seccomp-filter.h"
#include "test-util.h"

#ifndef DIFFERENTIAL_RUNG_DIR
# define DIFFERENTIAL_RUNG_DIR "tests/rungs"
#endif

/* No answer from one side for this long means it hung (a watchdog, not
   a timed assertion: it only keeps a broken run from blocking make).  */
enum { WATCHDOG_MS = 120 * 1000, MAX_REFUSALS = 8 };

struct rung
{
  char name[64];
  char rung[32];
  char refuse_text[256];
  const char *refusals[MAX_REFUSALS];
  size_t refusal_count;
  int expect_rung;
};

struct tally
{
  unsigned long scenarios, mismatches, setup_failed, spawnp, failed_spawns;
  unsigned long known_used[KNOWN_COUNT];
  unsigned long by_error[256];   /* the library's answers, 0 = spawned */
};

static const char *probe_path;

/* The reference side: the libc's posix_spawn(p), or its own pidfd_spawn(p)
   and pidfd_getpid.  */
typedef int pidfd_spawn_fn (int *, const char *,
                            const posix_spawn_file_actions_t *,
                            const posix_spawnattr_t *, char *const[],
                            char *const[]);
static struct
{
  const char *name;             /* in what is printed */
  pidfd_spawn_fn *spawn, *spawnp; /* NULL: posix_spawn(p) */
  pid_t (*getpid) (int);
} reference = { "posix_spawn", NULL, NULL, NULL };
static char fixture_dir[PATH_MAX];
static struct scenario_machine machine;

/* ------------------------------------------------------------------ */
/* Rungs.  */

static void
trim_value (char *value)
{
  char *hash = strchr (value, '#');
  if (hash != NULL)
    *hash = '\0';
  size_t len = strlen (value);
  while (len > 0 && (value[len - 1] == '\n' || value[len - 1] == ' '
                     || value[len - 1] == '"' || value[len - 1] == '\''))
    value[--len] = '\0';
  size_t skip = strspn (value, " \"'");
  memmove (value, value + skip, strlen (value + skip) + 1);
}

static const char *
rung_dir (void)
{
  static char dir[PATH_MAX];
  const char *top = getenv ("top_srcdir");
  if (top == NULL)
    return DIFFERENTIAL_RUNG_DIR;
  snprintf (dir, sizeof dir, "%.2048s/tests/rungs", top);
  return dir;
}

/* Reads a .rung file (tests/run-suite.sh's format: shell assignments).  */
static int
rung_load (struct rung *r, const char *spec)
{
  memset (r, 0, sizeof *r);
  r->expect_rung = -1;
  char path[PATH_MAX];
  if (strchr (spec, '/') != NULL)
    snprintf (path, sizeof path, "%s", spec);
  else
    snprintf (path, sizeof path, "%.2048s/%.1024s.rung", rung_dir (), spec);
  const char *base = strrchr (path, '/');
  base = base != NULL ? base + 1 : path;
  snprintf (r->name, sizeof r->name, "%.*s",
            (int) (strlen (base) > 5 && strcmp (base + strlen (base) - 5, ".rung") == 0
                     ? strlen (base) - 5 : strlen (base)), base);
  FILE *f = fopen (path, "re");
  if (f == NULL)
    {
      fprintf (stderr, "differential: %s: %s\n", path, strerror (errno));
      return -1;
    }
  char line[512];
  while (fgets (line, sizeof line, f) != NULL)
    {
      char *eq = strchr (line, '=');
      if (line[0] == '#' || eq == NULL)
        continue;
      *eq = '\0';
      char *value = eq + 1;
      trim_value (value);
      if (strcmp (line, "FORCE") == 0)
        snprintf (r->rung, sizeof r->rung, "%s", value);
      else if (strcmp (line, "REFUSE") == 0)
        snprintf (r->refuse_text, sizeof r->refuse_text, "%s", value);
      else if (strcmp (line, "EXPECT_RUNG") == 0 && value[0] != '\0')
        r->expect_rung = atoi (value);
    }
  fclose (f);
  for (char *p = strtok (r->refuse_text, " "); p != NULL && r->refusal_count < MAX_REFUSALS;
       p = strtok (NULL, " "))
    r->refusals[r->refusal_count++] = p;
  return 0;
}

static void
rung_from_environment (struct rung *r)
{
  memset (r, 0, sizeof *r);
  snprintf (r->name, sizeof r->name, "environment");
  const char *rung = getenv ("PIDFDSPAWN_RUNG");
  snprintf (r->rung, sizeof r->rung, "%s", rung != NULL ? rung : "");
  const char *expect = getenv ("EXPECT_RUNG");
  r->expect_rung = expect != NULL && expect[0] != '\0' ? atoi (expect) : -1;
}

static int
compare_names (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* Every NAME.rung in the rung directory, sorted; returns how many (names malloc'd).  */
static int
list_rungs (char *names[], int max)
{
  DIR *d = opendir (rung_dir ());
  if (d == NULL)
    {
      fprintf (stderr, "differential: %s: %s\n", rung_dir (), strerror (errno));
      return -1;
    }
  int n = 0;
  struct dirent *e;
  while ((e = readdir (d)) != NULL && n < max)
    {
      size_t len = strlen (e->d_name);
      if (len > 5 && strcmp (e->d_name + len - 5, ".rung") == 0)
        names[n++] = strndup (e->d_name, len - 5);
    }
  closedir (d);
  qsort (names, (size_t) n, sizeof *names, compare_names);
  return n;
}

static int
seccomp_child (const void *arg)
{
  const struct rung *r = arg;
  return seccomp_refuse (r->refusals, r->refusal_count) == 0 ? 0 : 77;
}

/* Whether the rung's filter can be installed here (in a throwaway fork).  */
static int
rung_runs_here (const struct rung *r)
{
  if (r->refusal_count == 0)
    return 1;
  fflush (NULL);
  pid_t pid = fork ();
  if (pid == 0)
    _exit (seccomp_child (r));
  int status;
  return pid > 0 && waitpid (pid, &status, 0) == pid && WIFEXITED (status)
         && WEXITSTATUS (status) == 0;
}

/* ------------------------------------------------------------------ */
/* One side of one scenario, in the forked "parent" process.  */

static void
describe_status (char *out, size_t size, int exited, int code)
{
  snprintf (out, size, "%s %d", exited ? "exited" : "killed", code);
}

/* Writes "key value" lines to RESULT_FD and exits.  */
static _Noreturn void
scenario_process (const struct scenario *s, int library, const struct rung *r,
                  int result_fd)
{
  char why[256];
  if (scenario_setup_parent (s, fixture_dir, why, sizeof why) != 0)
    {
      dprintf (result_fd, "setup-failed %s\n", why);
      _exit (0);
    }
  posix_spawnattr_t attr;
  posix_spawn_file_actions_t fa;
  static char trace[TRACE_SIZE];
  scenario_build (s, &attr, &fa, trace, sizeof trace);
  if (library && r->refusal_count > 0
      && seccomp_refuse (r->refusals, r->refusal_count) != 0)
    {
      dprintf (result_fd, "setup-failed seccomp filter\n");
      _exit (0);
    }

  static struct fd_snapshot before, after;
  fd_snapshot_take (&before);
  const int children = count_children ();
  const posix_spawnattr_t *attrp = s->use_attr ? &attr : NULL;
  const posix_spawn_file_actions_t *fap = s->use_actions ? &fa : NULL;
  char *const *envp = s->envp_null ? NULL : s->envp;
  int rc;
  pid_t pid = -1;
  int pidfd = -1;
  const int with_pidfd = library || reference.spawn != NULL;
  pid_t (*getpid_fn) (int) = library ? pidfd_getpid : reference.getpid;
  if (library)
    rc = s->search ? pidfd_spawnp (&pidfd, s->file, fap, attrp, s->argv, envp)
                   : pidfd_spawn (&pidfd, s->file, fap, attrp, s->argv, envp);
  else if (with_pidfd)
    rc = (s->search ? reference.spawnp : reference.spawn) (
      &pidfd, s->file, fap, attrp, s->argv, envp);
  else
    rc = s->search ? posix_spawnp (&pid, s->file, fap, attrp, s->argv, envp)
                   : posix_spawn (&pid, s->file, fap, attrp, s->argv, envp);
  fd_snapshot_take (&after);
  /* Our copy of the report pipe: the driver reads until the probe's
     copies are gone.  */
  close (1);

  /* The parent after the call: exactly one new fd (the pidfd) after a
     successful pidfd_spawn, none otherwise; no child left behind by a
     failed spawn.  */
  char checks[256] = "ok";
  int expected_count = before.count + (with_pidfd && rc == 0 ? 1 : 0);
  if (after.count != expected_count)
    snprintf (checks, sizeof checks, "%d fds before the spawn, %d after",
              before.count, after.count);
  else if (rc != 0 && children >= 0 && count_children () != children)
    snprintf (checks, sizeof checks, "a failed spawn left a child behind");
  dprintf (result_fd, "rc %d\nparent %ld\ntrace %s\n", rc, (long) getpid (),
           trace);
  if (rc == 0)
    {
      char status[32];
      if (with_pidfd)
        {
          errno = 0;
          pid_t reported = getpid_fn (pidfd);
          int fd_flags = fcntl (pidfd, F_GETFD);
          dprintf (result_fd, "pidfd 1\npid %ld\ngetpid_errno %d\nrung %d\n"
                   "cloexec %d\n", (long) reported, reported < 0 ? errno : 0,
                   library ? pidfdspawn_last_rung () : -1,
                   fd_flags >= 0 && (fd_flags & FD_CLOEXEC) != 0);
          siginfo_t info;
          int w;
          while ((w = wait_pidfd (pidfd, &info)) != 0 && errno == EINTR)
            ;
          if (w != 0)
            snprintf (status, sizeof status, "wait: %s", errno_name (errno));
          else
            describe_status (status, sizeof status, info.si_code == CLD_EXITED,
                             info.si_status);
          close (pidfd);
        }
      else
        {
          int wstatus;
          pid_t w;
          while ((w = waitpid (pid, &wstatus, 0)) < 0 && errno == EINTR)
            ;
          dprintf (result_fd, "pid %ld\n", (long) pid);
          if (w != pid)
            snprintf (status, sizeof status, "wait: %s", errno_name (errno));
          else
            describe_status (status, sizeof status, WIFEXITED (wstatus),
                             WIFEXITED (wstatus) ? WEXITSTATUS (wstatus)
                                                 : WTERMSIG (wstatus));
        }
      dprintf (result_fd, "status %s\n", status);
    }
  dprintf (result_fd, "checks %s\n", checks);
  _exit (0);
}

static void
parse_result (struct side_result *out, char *text)
{
  for (char *line = strtok (text, "\n"); line != NULL; line = strtok (NULL, "\n"))
    {
      char *value = strchr (line, ' ');
      if (value == NULL)
        continue;
      *value++ = '\0';
      if (strcmp (line, "setup-failed") == 0)
        {
          out->setup_failed = 1;
          snprintf (out->why, sizeof out->why, "%s", value);
        }
      else if (strcmp (line, "rc") == 0)
        out->rc = atoi (value);
      else if (strcmp (line, "parent") == 0)
        out->parent_pid = atol (value);
      else if (strcmp (line, "trace") == 0)
        snprintf (out->trace, sizeof out->trace, "%s", value);
      else if (strcmp (line, "pidfd") == 0)
        out->has_pidfd = atoi (value);
      else if (strcmp (line, "pid") == 0)
        out->spawn_pid = atol (value);
      else if (strcmp (line, "getpid_errno") == 0)
        out->getpid_errno = atoi (value);
      else if (strcmp (line, "rung") == 0)
        out->rung = atoi (value);
      else if (strcmp (line, "cloexec") == 0)
        out->pidfd_cloexec = atoi (value);
      else if (strcmp (line, "status") == 0)
        snprintf (out->status, sizeof out->status, "%s", value);
      else if (strcmp (line, "checks") == 0)
        snprintf (out->checks, sizeof out->checks, "%s", value);
    }
}

/* Runs one side; 0, or -1 on a harness failure (printed).  */
static int
run_side (const struct scenario *s, int library, const struct rung *r,
          struct side_result *out)
{
  memset (out, 0, offsetof (struct side_result, report));
  out->report[0] = '\0';
  out->report_len = 0;
  out->rung = -1;
  out->spawn_pid = -1;
  snprintf (out->status, sizeof out->status, "-");
  snprintf (out->checks, sizeof out->checks, "no answer");
  if (fixture_remove (fixture_dir, 0) != 0
      || fixture_create (fixture_dir, probe_path) != 0)
    {
      fprintf (stderr, "differential: cannot build the fixture in %s: %s\n",
               fixture_dir, strerror (errno));
      return -1;
    }
  int report[2], result[2];
  if (pipe2 (report, O_CLOEXEC) != 0 || pipe2 (result, O_CLOEXEC) != 0)
    {
      perror ("differential: pipe2");
      return -1;
    }
  fflush (NULL);
  pid_t pid = fork ();
  if (pid < 0)
    {
      perror ("differential: fork");
      return -1;
    }
  if (pid == 0)
    {
      close (report[0]);
      close (result[0]);
      /* The probe reports on fd 1, inherited: dup2 clears FD_CLOEXEC.  */
      if (dup2 (report[1], 1) != 1)
        _exit (99);
      close (report[1]);
      int result_fd = fcntl (result[1], F_DUPFD_CLOEXEC, 100);
      close (result[1]);
      scenario_process (s, library, r, result_fd);
    }
  close (report[1]);
  close (result[1]);

  static char result_text[8192];
  size_t result_len = 0;
  struct pollfd fds[2] = { { .fd = report[0], .events = POLLIN },
                           { .fd = result[0], .events = POLLIN } };
  int open_count = 2;
  while (open_count > 0)
    {
      int n = poll (fds, 2, WATCHDOG_MS);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          out->hung = 1;
          kill (pid, SIGKILL);
          break;
        }
      for (int i = 0; i < 2; ++i)
        {
          if (fds[i].fd < 0 || fds[i].revents == 0)
            continue;
          char *buffer = i == 0 ? out->report + out->report_len
                                : result_text + result_len;
          size_t room = i == 0 ? sizeof out->report - 1 - out->report_len
                               : sizeof result_text - 1 - result_len;
          char discard[4096];
          ssize_t got = room > 0 ? read (fds[i].fd, buffer, room)
                                 : read (fds[i].fd, discard, sizeof discard);
          if (got <= 0)
            {
              close (fds[i].fd);
              fds[i].fd = -1;
              --open_count;
            }
          else if (room > 0)
            {
              if (i == 0)
                out->report_len += (size_t) got;
              else
                result_len += (size_t) got;
            }
        }
    }
  for (int i = 0; i < 2; ++i)
    if (fds[i].fd >= 0)
      close (fds[i].fd);
  out->report[out->report_len] = '\0';
  result_text[result_len] = '\0';
  int status;
  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
  parse_result (out, result_text);
  fixture_listing (fixture_dir, out->listing, sizeof out->listing);
  return 0;
}

/* ------------------------------------------------------------------ */
/* The driver.  */

static void
print_reproducer (uint64_t seed, uint64_t index, const struct rung *r)
{
  printf ("MISMATCH: tests/spawn/differential --seed %llu --index %llu --rung %s\n",
          (unsigned long long) seed, (unsigned long long) index,
          strcmp (r->name, "environment") == 0 ? "(environment)" : r->name);
}

static int describe_only;

static int
run_rung (const struct rung *r, uint64_t seed, uint64_t first,
          uint64_t count, int show, struct tally *t)
{
  static struct scenario s;
  static struct side_result ref, lib;
  static char description[16384], differences[32768];
  if (r->rung[0] != '\0')
    setenv ("PIDFDSPAWN_RUNG", r->rung, 1);
  else
    unsetenv ("PIDFDSPAWN_RUNG");
  for (uint64_t index = first; index < first + count; ++index)
    {
      scenario_generate (&s, seed, index, probe_path, fixture_dir, &machine);
      if (describe_only)
        {
          scenario_describe (&s, description, sizeof description);
          fputs (description, stdout);
          continue;
        }
      if (run_side (&s, 0, r, &ref) != 0 || run_side (&s, 1, r, &lib) != 0)
        return -1;
      ++t->scenarios;
      t->spawnp += (unsigned long) s.search;
      if (ref.setup_failed && lib.setup_failed)
        ++t->setup_failed;
      else if (lib.rc != 0)
        ++t->failed_spawns;
      if (!lib.setup_failed)
        ++t->by_error[lib.rc >= 0 && lib.rc < 256 ? lib.rc : 255];
      int n = compare_sides (&s, &ref, &lib, reference.name, r->expect_rung,
                             t->known_used, differences, sizeof differences);
      if (n > 0)
        {
          ++t->mismatches;
          print_reproducer (seed, index, r);
        }
      if (show || (n > 0 && t->mismatches <= 3))
        {
          scenario_describe (&s, description, sizeof description);
          fputs (description, stdout);
          fputs (differences, stdout);
        }
      if (show)
        {
          printf ("%s: rc %s, %s, checks %s%s%s\n", reference.name,
                  errno_name (ref.rc), ref.status, ref.checks,
                  ref.setup_failed ? ", setup failed: " : "",
                  ref.setup_failed ? ref.why : "");
          printf ("pidfd_spawn: rc %s, %s, rung %d, checks %s\n",
                  errno_name (lib.rc), lib.status, lib.rung, lib.checks);
          printf ("adders: %s\n", lib.trace);
          printf ("---- %s's child reported:\n%s", reference.name, ref.report);
          printf ("---- pidfd_spawn's child reported:\n%s", lib.report);
          printf ("---- fixture afterwards (pidfd_spawn side):\n%s", lib.listing);
        }
    }
  return 0;
}

static void
print_tally (const char *name, uint64_t seed, const struct tally *t)
{
  printf ("# differential: rung %s, seed %llu, against %s: %lu scenarios "
          "(%lu spawnp), %lu mismatches, %lu failed spawns compared, "
          "%lu not set up", name, (unsigned long long) seed, reference.name,
          t->scenarios, t->spawnp,
          t->mismatches, t->failed_spawns, t->setup_failed);
  for (int k = 0; k < KNOWN_COUNT; ++k)
    printf (", known difference %s: %lu", known_difference_names[k],
            t->known_used[k]);
  printf ("\n# differential: rung %s: answers:", name);
  for (int e = 0; e < 256; ++e)
    if (t->by_error[e] != 0)
      printf (" %s %lu", e == 0 ? "spawned" : errno_name (e), t->by_error[e]);
  printf ("\n");
}

static void
usage (void)
{
  fprintf (stderr, "usage: differential [--seed N] [--count M] [--first I] "
                   "[--index I] [--rung NAME|FILE|all] [--show|--describe] "
                   "[--reference posix_spawn|pidfd_spawn]\n");
  exit (99);
}

/* Every disposition to SIG_DFL and an empty mask, the libc's own signals
   included (make or a shell may leave some ignored, and ignored survives
   exec): a reproducer run by hand sees what make check saw.  */
static void
reset_signals (void)
{
  struct
  {
    unsigned long handler, flags, restorer;
    uint64_t mask;
  } act = { .handler = (unsigned long) SIG_DFL };
  for (int sig = 1; sig <= 64; ++sig)
    if (sig != SIGKILL && sig != SIGSTOP)
      syscall (SYS_rt_sigaction, sig, &act, NULL, 8);
  uint64_t none = 0;
  syscall (SYS_rt_sigprocmask, SIG_SETMASK, &none, NULL, 8);
}

static void
remove_fixture (void)
{
  if (fixture_dir[0] != '\0')
    fixture_remove (fixture_dir, 1);
}

int
main (int argc, char **argv)
{
  uint64_t seed = (uint64_t) time (NULL);
  uint64_t first = 0, count = 1000;
  const char *rung_spec = NULL;
  const char *reference_spec = "posix_spawn";
  int show = 0;
  const char *env_seed = getenv ("DIFFERENTIAL_SEED");
  if (env_seed != NULL && env_seed[0] != '\0')
    seed = strtoull (env_seed, NULL, 0);
  for (int i = 1; i < argc; ++i)
    {
      const char *opt = argv[i];
      if (strcmp (opt, "--show") == 0 || strcmp (opt, "--describe") == 0)
        {
          show = 1;
          describe_only = strcmp (opt, "--describe") == 0;
          continue;
        }
      if (i + 1 >= argc)
        usage ();
      const char *value = argv[++i];
      if (strcmp (opt, "--seed") == 0)
        seed = strtoull (value, NULL, 0);
      else if (strcmp (opt, "--count") == 0)
        count = strtoull (value, NULL, 0);
      else if (strcmp (opt, "--first") == 0)
        first = strtoull (value, NULL, 0);
      else if (strcmp (opt, "--index") == 0)
        {
          first = strtoull (value, NULL, 0);
          count = 1;
          show = 1;
        }
      else if (strcmp (opt, "--rung") == 0)
        rung_spec = value;
      else if (strcmp (opt, "--reference") == 0)
        reference_spec = value;
      else
        usage ();
    }

  if (strcmp (reference_spec, "pidfd_spawn") == 0)
    {
      reference.name = "the libc's pidfd_spawn";
      reference.spawn = (pidfd_spawn_fn *) libc_own_symbol ("pidfd_spawn");
      reference.spawnp = (pidfd_spawn_fn *) libc_own_symbol ("pidfd_spawnp");
      reference.getpid = (pid_t (*) (int)) libc_own_symbol ("pidfd_getpid");
      if (reference.spawn == NULL || reference.spawnp == NULL
          || reference.getpid == NULL)
        {
          printf ("# differential: SKIP: the libc has no pidfd_spawn, "
                  "pidfd_spawnp and pidfd_getpid of its own (glibc before "
                  "2.39, musl): nothing to compare with\n");
          return 77;
        }
    }
  else if (strcmp (reference_spec, "posix_spawn") != 0)
    usage ();

  /* The same for both sides; a small fd table also keeps the probe's scan
     of every fd number short.  */
  umask (022);
  struct rlimit limit;
  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur > 1024)
    {
      limit.rlim_cur = 1024;
      setrlimit (RLIMIT_NOFILE, &limit);
    }
  machine.nofile = getrlimit (RLIMIT_NOFILE, &limit) == 0
                     && limit.rlim_cur < (rlim_t) INT_MAX
                   ? (int) limit.rlim_cur : INT_MAX;
  reset_signals ();
  signal (SIGPIPE, SIG_IGN);
  static char probe[PATH_MAX];
  snprintf (probe, sizeof probe, "%s", test_program_path ("support/probe"));
  probe_path = probe;
  if (probe_path[0] != '/' || access (probe_path, X_OK) != 0)
    {
      fprintf (stderr, "differential: no probe at %s\n", probe_path);
      return 99;
    }
  machine.root = geteuid () == 0;
  int pty = posix_openpt (O_RDWR | O_NOCTTY | O_CLOEXEC);
  machine.pty = pty >= 0;
  if (pty >= 0)
    close (pty);
  const char *tmp = getenv ("TMPDIR");
  snprintf (fixture_dir, sizeof fixture_dir, "%s/pidfdspawn-differential.XXXXXX",
            tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
  if (mkdtemp (fixture_dir) == NULL)
    {
      perror ("differential: mkdtemp");
      return 99;
    }
  atexit (remove_fixture);
  printf ("# differential: %s, against %s; probe %s; root %s, pty %s\n",
#ifdef __GLIBC__
          "host libc glibc",
#else
          "host libc musl",
#endif
          reference.name, probe_path, machine.root ? "yes" : "no", machine.pty ? "yes" : "no");

  char *names[64];
  int rung_count;
  if (rung_spec == NULL)
    rung_count = 0;
  else if (strcmp (rung_spec, "all") == 0)
    {
      rung_count = list_rungs (names, 64);
      if (rung_count <= 0)
        return 99;
    }
  else
    {
      names[0] = (char *) rung_spec;
      rung_count = 1;
    }

  struct tally total;
  memset (&total, 0, sizeof total);
  int ran = 0, skipped = 0;
  for (int i = 0; i < (rung_count == 0 ? 1 : rung_count); ++i)
    {
      struct rung r;
      if (rung_count == 0)
        rung_from_environment (&r);
      else if (rung_load (&r, names[i]) != 0)
        return 99;
      if (!rung_runs_here (&r))
        {
          printf ("# differential: rung %s: SKIPPED: its seccomp filter "
                  "cannot be installed here\n", r.name);
          ++skipped;
          continue;
        }
      struct tally t;
      memset (&t, 0, sizeof t);
      fflush (stdout);
      if (run_rung (&r, seed, first, count, show, &t) != 0)
        return 99;
      print_tally (r.name, seed, &t);
      fflush (stdout);
      ++ran;
      total.scenarios += t.scenarios;
      total.mismatches += t.mismatches;
      total.spawnp += t.spawnp;
      total.failed_spawns += t.failed_spawns;
      total.setup_failed += t.setup_failed;
      for (int k = 0; k < KNOWN_COUNT; ++k)
        total.known_used[k] += t.known_used[k];
      for (int e = 0; e < 256; ++e)
        total.by_error[e] += t.by_error[e];
    }
  if (rung_spec != NULL && strcmp (rung_spec, "all") == 0)
    for (int i = 0; i < rung_count; ++i)
      free (names[i]);
  if (ran > 1)
    print_tally ("(all)", seed, &total);
  if (ran == 0)
    return 77;
  printf ("differential: %lu passed, %lu failed%s\n",
          total.scenarios - total.mismatches, total.mismatches,
          skipped > 0 ? " (some rungs skipped)" : "");
  return total.mismatches > 0 ? 1 : 0;
}
