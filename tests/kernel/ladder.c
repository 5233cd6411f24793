/* The ladder: which rung serves each emulated kernel, ENOSYS
   when none can, stepping down when a cached-good rung is refused later, a
   kernel that silently ignores CLONE_PIDFD.  (Children reaped behind the
   library's back, on every rung: tests/kernel/races.c.)

   Every spawn happens in a forked child: the library caches its findings
   (and PIDFDSPAWN_RUNG) per process, and seccomp filters cannot be
   removed.  Children report through their exit status: 0 success, 77
   skip, otherwise the number of failed checks (printed on stderr).
   SPDX-License-Identifier: LGPL-2.1-or-later */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include <pidfdspawn/spawn.h>
#include <pidfdspawn/sys/pidfd.h>

#include "child-checks.h"
#include "compat/linux_clone.h"
#include "ladder.h"
#include "pid-reporter.h"
#include "seccomp-filter.h"
#include "test-util.h"

#define SKIP_STATUS TEST_SKIP_STATUS
#define REPORT_CGROUP_ARG "--report-cgroup-and-exit"
/* The descriptor the reporting children write to.  */
#define REPORT_FD PID_REPORT_FD

/* The rungs' numbers and names: the library's own table.  */
enum
{
  RUNG_CLONE3 = PIDFDSPAWN_RUNG_clone3,
  RUNG_CLONE = PIDFDSPAWN_RUNG_clone,
  RUNG_PIDFD_OPEN = PIDFDSPAWN_RUNG_pidfd_open,
  RUNG_FORK = PIDFDSPAWN_RUNG_fork
};
#define RUNG_NAME(name, memory, refusals) #name,
static const char *const rung_names[] = { PIDFDSPAWN_LADDER (RUNG_NAME) };
#undef RUNG_NAME

static char self_exe[PATH_MAX];

/* ---- forked children (their checks: child-checks.h) ----------------- */

static int
install_refusals (const char *const *specs)
{
  size_t n = 0;
  while (specs[n] != NULL)
    ++n;
  if (n == 0)
    return 0;
  return seccomp_refuse (specs, n);
}

static void
force_rung (const char *value)
{
  if (value == NULL)
    unsetenv ("PIDFDSPAWN_RUNG");
  else
    setenv ("PIDFDSPAWN_RUNG", value, 1);
}

/* Spawns /bin/true (by path, or "true" on PATH) and checks the pidfd, the
   rung used and the exit status; nothing must be left behind.  */
static void
spawn_true_on (int expected_rung, int search)
{
  char *argv[] = { (char *) "true", NULL };
  int pidfd = -1;
  int r = search ? pidfd_spawnp (&pidfd, "true", NULL, NULL, argv, environ)
                 : pidfd_spawn (&pidfd, "/bin/true", NULL, NULL, argv, environ);
  CHECK_INT (r, 0);
  if (r != 0)
    return;
  CHECK (pidfd >= 0);
  CHECK ((fcntl (pidfd, F_GETFD) & FD_CLOEXEC) != 0);
  CHECK_INT (pidfdspawn_last_rung (), expected_rung);
  pid_t pid = pidfd_getpid (pidfd);
  siginfo_t info;
  CHECK_INT (wait_pidfd (pidfd, &info), 0);
  CHECK_INT (info.si_code, CLD_EXITED);
  CHECK_INT (info.si_status, 0);
  CHECK_INT (info.si_pid, pid);
  close (pidfd);
  CHECK_INT (count_children (), 0);
}

/* ---- (a) emulated kernels: the rung that serves them -------------------- */

struct kernel_case
{
  const char *name;
  const char *rung;    /* PIDFDSPAWN_RUNG, NULL unset */
  const char *refuse[5];  /* NULL-terminated seccomp refusals */
  int expected_rung;      /* for successes */
  int expected_error;     /* 0: the spawn succeeds */
};

static int
kernel_child (const void *arg)
{
  const struct kernel_case *c = arg;
  force_rung (c->rung);
  if (install_refusals (c->refuse) != 0)
    return 1;
  CHECK_INT (pidfdspawn_last_rung (), -1);
  /* The first spawn finds the rung, the next ones use what was cached.  */
  spawn_true_on (c->expected_rung, 0);
  spawn_true_on (c->expected_rung, 0);
  spawn_true_on (c->expected_rung, 1);
  /* A NULL pidfd pointer: the pidfd is closed, nothing leaks.  */
  struct fd_snapshot before, after;
  fd_snapshot_take (&before);
  char *argv[] = { (char *) "true", NULL };
  CHECK_INT (pidfd_spawn (NULL, "/bin/true", NULL, NULL, argv, environ), 0);
  CHECK_INT (pidfdspawn_last_rung (), c->expected_rung);
  fd_snapshot_take (&after);
  CHECK (fd_snapshot_equal (&before, &after));
  /* That child cannot be waited for by pidfd; collect it by pid.  */
  int status;
  CHECK (waitpid (-1, &status, 0) > 0);
  CHECK_INT (count_children (), 0);
  return child_checks_finish ();
}

static const struct kernel_case kernel_cases[] = {
  { "current kernel", NULL, { NULL }, RUNG_CLONE3, 0 },
  { "Linux 5.2 (no clone3)", NULL, { "clone3=ENOSYS", NULL }, RUNG_CLONE, 0 },
  { "container refusing clone3", NULL, { "clone3=EPERM", NULL }, RUNG_CLONE,
    0 },
  { "clone3 refusing every flag set", NULL, { "clone3=EINVAL", NULL },
    RUNG_CLONE, 0 },
  { "clone3 refusing the struct size", NULL, { "clone3=E2BIG", NULL },
    RUNG_CLONE, 0 },
  { "Linux 5.3-like (no CLONE_PIDFD in clone)", NULL,
    { "clone3=ENOSYS", "clone-pidfd=EINVAL", NULL }, RUNG_PIDFD_OPEN, 0 },
  { "sandbox refusing clone3 and CLONE_PIDFD", NULL,
    { "clone3=EPERM", "clone-pidfd=EPERM", NULL }, RUNG_PIDFD_OPEN, 0 },
  { "clone answering ENOSYS to CLONE_PIDFD", NULL,
    { "clone3=ENOSYS", "clone-pidfd=ENOSYS", NULL }, RUNG_PIDFD_OPEN, 0 },
  { "no close_range", NULL, { "close_range=ENOSYS", NULL }, RUNG_CLONE3, 0 },
  { "forced auto", "auto", { NULL }, RUNG_CLONE3, 0 },
  { "empty PIDFDSPAWN_RUNG", "", { NULL }, RUNG_CLONE3, 0 },
  { "forced clone3", "clone3", { NULL }, RUNG_CLONE3, 0 },
  { "forced clone", "clone", { NULL }, RUNG_CLONE, 0 },
  { "forced pidfd_open", "pidfd_open", { NULL }, RUNG_PIDFD_OPEN, 0 },
  { "forced pidfd_open on Linux 5.3", "pidfd_open",
    { "clone3=ENOSYS", "clone-pidfd=EINVAL", NULL }, RUNG_PIDFD_OPEN, 0 },
  { "forced clone without clone3", "clone", { "clone3=ENOSYS", NULL },
    RUNG_CLONE, 0 },
  { "no clone3, no CLONE_PIDFD, unshare refused", NULL,
    { "clone3=ENOSYS", "clone-pidfd=EINVAL", "unshare=EPERM", NULL },
    RUNG_FORK, 0 },
  { "sandbox refusing clone3, CLONE_PIDFD and CLONE_FILES", NULL,
    { "clone3=EPERM", "clone-pidfd=EPERM", "clone-files=EPERM", NULL },
    RUNG_FORK, 0 },
  { "qemu-user 7.2", NULL,
    { "clone3=ENOSYS", "clone-pidfd=EINVAL", "clone-files=EINVAL",
      "clone-vfork-nosignal=EINVAL", NULL },
    RUNG_FORK, 0 },
  { "forced fork", "fork", { NULL }, RUNG_FORK, 0 },
  { "forced fork under qemu-user 7.2", "fork",
    { "clone3=ENOSYS", "clone-pidfd=EINVAL", "clone-files=EINVAL",
      "clone-vfork-nosignal=EINVAL", NULL },
    RUNG_FORK, 0 },
};

/* Runs FN on every case in its own child; every failing case is named
   before the test fails.  */
static void
run_cases (int (*fn) (const void *), const struct kernel_case *cases,
           size_t count)
{
  int failed = 0;
  for (size_t i = 0; i < count; ++i)
    {
      int status = run_in_child (fn, &cases[i]);
      if (status != 0)
        {
          print_error ("%s: child reported %d\n", cases[i].name, status);
          ++failed;
        }
    }
  assert_int_equal (failed, 0);
}

static void
emulated_kernels (void **state)
{
  (void) state;
  run_cases (kernel_child, kernel_cases,
             sizeof kernel_cases / sizeof kernel_cases[0]);
}

/* Every rung of the library's table, forced by its name, serves here.  */
static int
named_rung_child (const void *arg)
{
  const int rung = (int) (intptr_t) arg;
  force_rung (rung_names[rung]);
  spawn_true_on (rung, 0);
  spawn_true_on (rung, 1);
  return child_checks_finish ();
}

static void
every_rung_by_name (void **state)
{
  (void) state;
  assert_int_equal (sizeof rung_names / sizeof rung_names[0],
                    PIDFDSPAWN_RUNG_COUNT);
  for (int rung = 0; rung < PIDFDSPAWN_RUNG_COUNT; ++rung)
    {
      int status = run_in_child (named_rung_child, (void *) (intptr_t) rung);
      if (status != 0)
        print_error ("PIDFDSPAWN_RUNG=%s: child reported %d\n",
                     rung_names[rung], status);
      assert_int_equal (status, 0);
    }
}

/* ---- (b) no rung can serve: ENOSYS (or EINVAL), nothing left behind ---- */

static int
refusal_child (const void *arg)
{
  const struct kernel_case *c = arg;
  force_rung (c->rung);
  if (install_refusals (c->refuse) != 0)
    return 1;
  CHECK_INT (count_children (), 0);
  char *argv[] = { (char *) "true", NULL };
  struct fd_snapshot before, after;
  fd_snapshot_take (&before);
  for (int round = 0; round < 3; ++round)
    {
      int pidfd = -1;
      int r;
      switch (round)
        {
        case 0:
          r = pidfd_spawn (&pidfd, "/bin/true", NULL, NULL, argv, environ);
          break;
        case 1:
          r = pidfd_spawnp (&pidfd, "true", NULL, NULL, argv, environ);
          break;
        default:
          r = pidfd_spawn (NULL, "/bin/true", NULL, NULL, argv, environ);
          break;
        }
      if (r != c->expected_error)
        fprintf (stderr, "%s, round %d: %s, expected %s\n", c->name, round,
                 errno_name (r), errno_name (c->expected_error));
      CHECK_INT (r, c->expected_error);
      CHECK_INT (pidfd, -1);
      CHECK_INT (count_children (), 0);
      fd_snapshot_take (&after);
      CHECK (fd_snapshot_equal (&before, &after));
    }
  CHECK_INT (pidfdspawn_last_rung (), -1);
  /* Nothing to reap either.  */
  int status;
  errno = 0;
  CHECK (waitpid (-1, &status, WNOHANG) == -1 && errno == ECHILD);
  return child_checks_finish ();
}

static const struct kernel_case refusal_cases[] = {
  { "Linux 5.3 (no waitid P_PIDFD)", NULL, { "waitid-pidfd=EINVAL", NULL },
    -1, ENOSYS },
  { "no clone3, no CLONE_PIDFD, no pidfd_open", NULL,
    { "clone3=ENOSYS", "clone-pidfd=EINVAL", "pidfd_open=ENOSYS", NULL }, -1,
    ENOSYS },
  { "qemu-user 7.2 without pidfd_open", NULL,
    { "clone3=ENOSYS", "clone-pidfd=EINVAL", "clone-files=EINVAL",
      "pidfd_open=ENOSYS", NULL }, -1, ENOSYS },
  { "forced fork without pidfd_open", "fork", { "pidfd_open=EPERM", NULL },
    -1, ENOSYS },
  { "clone3 and clone refused", NULL, { "clone3=EPERM", "clone=EPERM", NULL },
    -1, ENOSYS },
  { "forced clone3 without clone3", "clone3", { "clone3=ENOSYS", NULL }, -1,
    ENOSYS },
  { "forced clone without CLONE_PIDFD", "clone",
    { "clone-pidfd=EINVAL", NULL }, -1, ENOSYS },
  { "forced pidfd_open without pidfd_open", "pidfd_open",
    { "pidfd_open=ENOSYS", NULL }, -1, ENOSYS },
  { "forced pidfd_open, unshare refused", "pidfd_open",
    { "unshare=EPERM", NULL }, -1, ENOSYS },
  { "invalid PIDFDSPAWN_RUNG", "bogus", { NULL }, -1, EINVAL },
  { "invalid PIDFDSPAWN_RUNG (clone4)", "clone4", { NULL }, -1, EINVAL },
};

static void
no_rung_available (void **state)
{
  (void) state;
  run_cases (refusal_child, refusal_cases,
             sizeof refusal_cases / sizeof refusal_cases[0]);
}

/* ---- (c) a cached-good rung refused later ------------------------------ */

static int
step_down_child (const void *arg)
{
  const char *clone3_refusal = arg;
  force_rung (NULL);
  spawn_true_on (RUNG_CLONE3, 0);
  const char *first[] = { clone3_refusal, NULL };
  if (install_refusals (first) != 0)
    return 1;
  spawn_true_on (RUNG_CLONE, 0);
  spawn_true_on (RUNG_CLONE, 1);
  const char *second[] = { "clone-pidfd=EINVAL", NULL };
  if (install_refusals (second) != 0)
    return 1;
  spawn_true_on (RUNG_PIDFD_OPEN, 0);
  spawn_true_on (RUNG_PIDFD_OPEN, 1);
  const char *third[] = { "clone-files=EINVAL", NULL };
  if (install_refusals (third) != 0)
    return 1;
  spawn_true_on (RUNG_FORK, 0);
  spawn_true_on (RUNG_FORK, 1);
  /* And when pidfd_open goes too, ENOSYS.  */
  const char *fourth[] = { "pidfd_open=ENOSYS", NULL };
  if (install_refusals (fourth) != 0)
    return 1;
  struct fd_snapshot before, after;
  fd_snapshot_take (&before);
  char *argv[] = { (char *) "true", NULL };
  int pidfd = -1;
  CHECK_INT (pidfd_spawn (&pidfd, "/bin/true", NULL, NULL, argv, environ),
             ENOSYS);
  CHECK_INT (count_children (), 0);
  fd_snapshot_take (&after);
  CHECK (fd_snapshot_equal (&before, &after));
  return child_checks_finish ();
}

static void
cached_rung_refused_later (void **state)
{
  (void) state;
  expect_child_success (run_in_child (step_down_child, "clone3=EPERM"));
  expect_child_success (run_in_child (step_down_child, "clone3=ENOSYS"));
}

/* ---- (d) a kernel that silently ignores CLONE_PIDFD --------------------- */

/* Kernels of other ages emulated by a tracer that rewrites the tracee's
   system calls: their registers through PTRACE_GETREGSET/SETREGSET with
   NT_PRSTATUS (struct user_regs_struct on every architecture here), the
   first argument and the result in the registers below, and a way to skip
   the call.  */
#if defined __x86_64__
# define HAVE_SYSCALL_REWRITE 1
# define SYSCALL_ARG0(r) ((r)->rdi)
# define SYSCALL_RESULT(r) ((r)->rax)
#elif defined __i386__
# define HAVE_SYSCALL_REWRITE 1
# define SYSCALL_ARG0(r) ((r)->ebx)
# define SYSCALL_RESULT(r) ((r)->eax)
#elif defined __aarch64__
# define HAVE_SYSCALL_REWRITE 1
# define SYSCALL_ARG0(r) ((r)->regs[0])
# define SYSCALL_RESULT(r) ((r)->regs[0])
#else
# define HAVE_SYSCALL_REWRITE 0
#endif

#if HAVE_SYSCALL_REWRITE

static int
get_syscall_regs (pid_t pid, struct user_regs_struct *regs)
{
  struct iovec v = { regs, sizeof *regs };
  if (ptrace (PTRACE_GETREGSET, pid, (void *) NT_PRSTATUS, &v) != 0)
    return -1;
  return v.iov_len == sizeof *regs ? 0 : -1;
}

static int
set_syscall_regs (pid_t pid, struct user_regs_struct *regs)
{
  struct iovec v = { regs, sizeof *regs };
  return ptrace (PTRACE_SETREGSET, pid, (void *) NT_PRSTATUS, &v) == 0 ? 0 : -1;
}

/* At an entry stop: the call is not made, and its result is what the
   exit stop leaves in SYSCALL_RESULT.  x86 takes the number from
   orig_rax or orig_eax (written back with REGS by set_syscall_regs);
   aarch64 keeps it outside the general registers, in NT_ARM_SYSTEM_CALL.  */
static int
skip_syscall (pid_t pid, struct user_regs_struct *regs)
{
#if defined __x86_64__
  (void) pid;
  regs->orig_rax = (unsigned long long) -1;
  return 0;
#elif defined __i386__
  (void) pid;
  regs->orig_eax = -1;
  return 0;
#else
  (void) regs;
  int nr = -1;
  struct iovec v = { &nr, sizeof nr };
  return ptrace (PTRACE_SETREGSET, pid, (void *) NT_ARM_SYSTEM_CALL, &v) == 0
           ? 0 : -1;
#endif
}

/* The tracee's part of a ptrace-emulated kernel: after REFUSE (a seccomp
   list, or NULL) and the tracer's SIGSTOP, three spawns must each be
   served by RUNG with a pidfd of the right child, and leave no child and
   no fd behind.  */
static int
traced_spawns (const char *const *refuse, int rung)
{
  if (ptrace (PTRACE_TRACEME, 0, NULL, NULL) != 0)
    return SKIP_STATUS;
  force_rung (NULL);
  if (refuse != NULL && install_refusals (refuse) != 0)
    return 1;
  raise (SIGSTOP); /* the tracer takes over from here */

  int p[2];
  if (report_pipe (p) != 0)
    return 1;
  posix_spawn_file_actions_t fa;
  CHECK_INT (posix_spawn_file_actions_init (&fa), 0);
  CHECK_INT (posix_spawn_file_actions_adddup2 (&fa, p[1], REPORT_FD), 0);
  struct fd_snapshot before, after;
  fd_snapshot_take (&before);
  for (int round = 0; round < 3; ++round)
    {
      int pidfd = -1;
      pid_t reported = 0;
      int r = spawn_reporter (&pidfd, &fa, p[0], &reported);
      CHECK_INT (r, 0);
      if (r != 0)
        break;
      CHECK_INT (pidfdspawn_last_rung (), rung);
      CHECK_INT (pidfd_getpid (pidfd), reported);
      siginfo_t info;
      CHECK_INT (wait_pidfd (pidfd, &info), 0);
      CHECK_INT (info.si_pid, reported);
      CHECK_INT (info.si_code, CLD_EXITED);
      CHECK_INT (info.si_status, 0);
      close (pidfd);
      /* A child that failed before exec was collected by the library.  */
      CHECK_INT (count_children (), 0);
      errno = 0;
      int status;
      CHECK (waitpid (-1, &status, WNOHANG) == -1 && errno == ECHILD);
    }
  fd_snapshot_take (&after);
  CHECK (fd_snapshot_equal (&before, &after));
  posix_spawn_file_actions_destroy (&fa);
  return child_checks_finish ();
}

/* Linux < 5.2 ignores CLONE_PIDFD; clone3 refused so that clone serves.  */
static int
clone_pidfd_ignored_tracee (const void *arg)
{
  (void) arg;
  const char *specs[] = { "clone3=ENOSYS", NULL };
  return traced_spawns (specs, RUNG_PIDFD_OPEN);
}

/* A 64-bit field of the tracee's memory at ADDR (struct clone_args' are
   64-bit everywhere; PTRACE_PEEKDATA reads a long, 32 bits on i386).
   Returns -1 with errno set when it cannot be read.  */
static int
peek_u64 (pid_t pid, uint64_t addr, uint64_t *value)
{
  unsigned char bytes[sizeof *value];
  for (size_t done = 0; done < sizeof bytes; done += sizeof (long))
    {
      errno = 0;
      long word = ptrace (PTRACE_PEEKDATA, pid, (void *) (uintptr_t) (addr + done),
                          NULL);
      if (errno != 0)
        return -1;
      memcpy (bytes + done, &word, sizeof word);
    }
  memcpy (value, bytes, sizeof bytes);
  return 0;
}

/* A kernel of another age, emulated by rewriting system calls of a tracee:
   ON_ENTRY sees each syscall entry and may change the registers; when it
   returns a negative errno, the call is skipped and fails with it.  */
typedef int (*entry_rewrite) (pid_t pid, const struct __ptrace_syscall_info *info,
                              struct user_regs_struct *regs, int *changes);

/* Traces PID (stopped by SIGSTOP after PTRACE_TRACEME) until it exits and
   returns its exit status; *CHANGES counts the rewrites.  */
static int
trace_rewriting (pid_t pid, entry_rewrite on_entry, int *changes)
{
  int status;
  if (waitpid (pid, &status, 0) != pid)
    return -1;
  if (WIFEXITED (status))
    return WEXITSTATUS (status); /* PTRACE_TRACEME refused: skip */
  if (!WIFSTOPPED (status) || WSTOPSIG (status) != SIGSTOP)
    return -1;
  if (ptrace (PTRACE_SETOPTIONS, pid, NULL,
              (void *) (PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL))
      != 0)
    return -1;
  int deliver = 0;
  long forced_error = 0; /* to store as the result at the next exit stop */
  for (;;)
    {
      if (ptrace (PTRACE_SYSCALL, pid, NULL, (void *) (intptr_t) deliver) != 0)
        return -1;
      deliver = 0;
      if (waitpid (pid, &status, 0) != pid)
        return -1;
      if (WIFEXITED (status))
        return WEXITSTATUS (status);
      if (WIFSIGNALED (status))
        return 128 + WTERMSIG (status);
      if (!WIFSTOPPED (status))
        continue;
      if (WSTOPSIG (status) != (SIGTRAP | 0x80))
        {
          deliver = WSTOPSIG (status);
          continue;
        }
      struct __ptrace_syscall_info info;
      memset (&info, 0, sizeof info);
      if (ptrace (PTRACE_GET_SYSCALL_INFO, pid, (void *) sizeof info, &info)
          <= 0)
        return -1;
      struct user_regs_struct regs;
      if (info.op == PTRACE_SYSCALL_INFO_EXIT)
        {
          if (forced_error == 0)
            continue;
          if (get_syscall_regs (pid, &regs) != 0)
            return -1;
          SYSCALL_RESULT (&regs) = (unsigned long long) forced_error;
          forced_error = 0;
          if (set_syscall_regs (pid, &regs) != 0)
            return -1;
          continue;
        }
      if (info.op != PTRACE_SYSCALL_INFO_ENTRY)
        continue;
      if (get_syscall_regs (pid, &regs) != 0)
        return -1;
      int result = on_entry (pid, &info, &regs, changes);
      if (result == 0)
        continue;
      if (result < 0)
        {
          /* Skip the call; its result is set at the exit stop.  */
          if (skip_syscall (pid, &regs) != 0)
            return -1;
          forced_error = result;
        }
      if (set_syscall_regs (pid, &regs) != 0)
        return -1;
    }
}

/* Linux < 5.2: CLONE_PIDFD is an unknown clone flag, silently ignored.  */
static int
drop_clone_pidfd (pid_t pid, const struct __ptrace_syscall_info *info,
                  struct user_regs_struct *regs, int *changes)
{
  (void) pid;
  if (info->entry.nr != __NR_clone || (info->entry.args[0] & CLONE_PIDFD) == 0)
    return 0;
  SYSCALL_ARG0 (regs) &= ~(unsigned long long) CLONE_PIDFD;
  ++*changes;
  return 1;
}

/* Runs TRACEE (ARG) in a child traced with ON_ENTRY.  Returns the
   tracee's exit status, or -1 when tracing failed (the child is then
   killed and reaped); *CHANGES counts the rewrites.  */
static int
run_traced (int (*tracee) (const void *), const void *arg,
            entry_rewrite on_entry, int *changes)
{
  fflush (NULL);
  pid_t pid = fork ();
  assert_true (pid >= 0);
  if (pid == 0)
    {
      atomic_store (&child_check_failures, 0);
      _exit (tracee (arg));
    }
  *changes = 0;
  int status = trace_rewriting (pid, on_entry, changes);
  if (status < 0)
    {
      print_error ("tracing failed: %s\n", strerror (errno));
      kill (pid, SIGKILL);
      waitpid (pid, NULL, 0);
    }
  return status;
}

static void
clone_pidfd_silently_ignored (void **state)
{
  (void) state;
  int dropped;
  int status = run_traced (clone_pidfd_ignored_tracee, NULL, drop_clone_pidfd,
                           &dropped);
  assert_true (status >= 0);
  expect_child_success (status);
  /* The clone rung was tried once, found wanting and not tried again.  */
  assert_int_equal (dropped, 1);
}

#else

static void
clone_pidfd_silently_ignored (void **state)
{
  (void) state;
  skip (); /* the register rewrite is written for x86 and aarch64 */
}

#endif

#if HAVE_SYSCALL_REWRITE

/* clone3 calls seen by the tracer, and those refused for asking for
   CLONE_CLEAR_SIGHAND.  */
static int clone3_calls;

/* Linux 5.3 and 5.4: clone3 exists but answers EINVAL to
   CLONE_CLEAR_SIGHAND (5.5).  The flags live in the tracee's struct
   clone_args, which the first argument points to.  */
static int
refuse_clear_sighand (pid_t pid, const struct __ptrace_syscall_info *info,
                      struct user_regs_struct *regs, int *changes)
{
  (void) regs;
  if (info->entry.nr != __NR_clone3)
    return 0;
  ++clone3_calls;
  uint64_t flags;
  if (peek_u64 (pid, info->entry.args[0], &flags) != 0
      || (flags & CLONE_CLEAR_SIGHAND) == 0)
    return 0;
  ++*changes;
  return -EINVAL;
}

static int
clear_sighand_tracee (const void *arg)
{
  (void) arg;
  return traced_spawns (NULL, RUNG_CLONE3);
}

static void
clone3_without_clear_sighand (void **state)
{
  (void) state;
  clone3_calls = 0;
  int refused;
  int status = run_traced (clear_sighand_tracee, NULL, refuse_clear_sighand,
                           &refused);
  assert_true (status >= 0);
  expect_child_success (status);
  /* Refused once, retried without the flag, which is then remembered:
     three spawns, four clone3 calls.  */
  assert_int_equal (refused, 1);
  assert_int_equal (clone3_calls, 4);
}

#else

static void
clone3_without_clear_sighand (void **state)
{
  (void) state;
  skip (); /* the register rewrite is written for x86 and aarch64 */
}

#endif

/* ---- (d3) POSIX_SPAWN_SETCGROUP on Linux 5.3 and 5.4 ------------------- */

#if HAVE_SYSCALL_REWRITE

/* Linux 5.3 and 5.4: clone3 knows neither CLONE_INTO_CGROUP (5.7) nor
   CLONE_CLEAR_SIGHAND (5.5).  Its 64-byte struct makes the 88-byte one
   with a non-zero cgroup field E2BIG; an unknown flag is EINVAL.  */
static int
refuse_like_linux_5_4 (pid_t pid, const struct __ptrace_syscall_info *info,
                       struct user_regs_struct *regs, int *changes)
{
  (void) regs;
  if (info->entry.nr != __NR_clone3)
    return 0;
  ++clone3_calls;
  const uint64_t args = info->entry.args[0];
  uint64_t flags;
  if (peek_u64 (pid, args, &flags) != 0)
    return 0;
  if (info->entry.args[1] > PIDFDSPAWN_CLONE_ARGS_SIZE_VER0)
    {
      uint64_t cgroup;
      if (peek_u64 (pid, args + offsetof (struct pidfdspawn_clone_args, cgroup),
                    &cgroup) == 0
          && cgroup != 0)
        {
          ++*changes;
          return -E2BIG;
        }
    }
  if (flags & (CLONE_INTO_CGROUP | CLONE_CLEAR_SIGHAND))
    {
      ++*changes;
      return -EINVAL;
    }
  return 0;
}

struct cgroup_case
{
  const char *dir;      /* the cgroup's directory */
  const char *expected; /* its name in /proc/PID/cgroup */
};

static int
into_cgroup_tracee (const void *arg)
{
  const struct cgroup_case *c = arg;
  if (ptrace (PTRACE_TRACEME, 0, NULL, NULL) != 0)
    return SKIP_STATUS;
  force_rung (NULL);
  raise (SIGSTOP);

  int cg = open (c->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  CHECK (cg >= 0);
  posix_spawnattr_t attr;
  CHECK_INT (posix_spawnattr_init (&attr), 0);
  CHECK_INT (posix_spawnattr_setcgroup_np (&attr, cg), 0);
  CHECK_INT (posix_spawnattr_setflags (&attr, POSIX_SPAWN_SETCGROUP), 0);
  int p[2];
  if (report_pipe (p) != 0)
    return 1;
  posix_spawn_file_actions_t fa;
  CHECK_INT (posix_spawn_file_actions_init (&fa), 0);
  CHECK_INT (posix_spawn_file_actions_adddup2 (&fa, p[1], REPORT_FD), 0);
  char *argv[] = { self_exe, (char *) REPORT_CGROUP_ARG, NULL };
  struct fd_snapshot before, after;
  fd_snapshot_take (&before);
  for (int round = 0; round < 3; ++round)
    {
      int pidfd = -1;
      CHECK_INT (pidfd_spawn (&pidfd, self_exe, &fa, &attr, argv, environ), 0);
      CHECK_INT (pidfdspawn_last_rung (), RUNG_CLONE3);
      char line[PATH_MAX];
      ssize_t n = read (p[0], line, sizeof line - 1);
      CHECK (n > 0);
      line[n > 0 ? n : 0] = '\0';
      if (strcmp (line, c->expected) != 0)
        {
          fprintf (stderr, "child in '%s', expected '%s'\n", line, c->expected);
          atomic_fetch_add (&child_check_failures, 1);
        }
      siginfo_t info;
      CHECK_INT (wait_pidfd (pidfd, &info), 0);
      CHECK_INT (info.si_status, 0);
      close (pidfd);
      CHECK_INT (count_children (), 0);
    }
  fd_snapshot_take (&after);
  CHECK (fd_snapshot_equal (&before, &after));
  posix_spawn_file_actions_destroy (&fa);
  posix_spawnattr_destroy (&attr);
  return child_checks_finish ();
}

static void
clone3_without_into_cgroup (void **state)
{
  (void) state;
  char point[PATH_MAX], root[PATH_MAX], dir[PATH_MAX], expected[PATH_MAX];
  if (cgroup2_mount (point, sizeof point, root, sizeof root) != 0)
    skip_because ("no cgroup2 mount");
  if ((size_t) snprintf (dir, sizeof dir, "%s/pidfdspawn-ladder.%d", point,
                         (int) getpid ()) >= sizeof dir)
    skip_because ("the cgroup2 mount's path is too long");
  /* EACCES without root, unless the cgroup is delegated to us.  */
  if (mkdir (dir, 0755) != 0)
    {
      print_message ("cannot create %s: %s\n", dir, strerror (errno));
      skip_because ("cannot create a cgroup");
    }
  snprintf (expected, sizeof expected, "%s%s", root, dir + strlen (point));
  struct cgroup_case c = { dir, expected };
  clone3_calls = 0;
  int refused;
  int status = run_traced (into_cgroup_tracee, &c, refuse_like_linux_5_4,
                           &refused);
  rmdir (dir);
  assert_true (status >= 0);
  expect_child_success (status);
  /* E2BIG for the cgroup, then EINVAL for CLEAR_SIGHAND, each remembered:
     three spawns, five clone3 calls; the child joined the cgroup itself.  */
  assert_int_equal (refused, 2);
  assert_int_equal (clone3_calls, 5);
}

#else

static void
clone3_without_into_cgroup (void **state)
{
  (void) state;
  skip (); /* the register rewrite is written for x86 and aarch64 */
}

#endif

int
main (int argc, char **argv)
{
  test_own_path ();
  pid_reporter_main (argc, argv);
  if (argc > 1 && strcmp (argv[1], REPORT_CGROUP_ARG) == 0)
    {
      /* The "0::" line of /proc/self/cgroup, without "0::" and newline.  */
      char buf[PATH_MAX + 64];
      int fd = open ("/proc/self/cgroup", O_RDONLY | O_CLOEXEC);
      ssize_t len = fd >= 0 ? read (fd, buf, sizeof buf - 1) : -1;
      buf[len > 0 ? len : 0] = '\0';
      char *line = strstr (buf, "0::");
      if (line == NULL || (line != buf && line[-1] != '\n'))
        _exit (1);
      line += 3;
      line[strcspn (line, "\n")] = '\0';
      size_t n = strlen (line);
      _exit (write (REPORT_FD, line, n) == (ssize_t) n ? 0 : 1);
    }
  ssize_t n = readlink ("/proc/self/exe", self_exe, sizeof self_exe - 1);
  if (n <= 0)
    {
      fprintf (stderr, "readlink /proc/self/exe: %m\n");
      return 1;
    }
  self_exe[n] = '\0';

  const struct CMUnitTest tests[] = {
    cmocka_unit_test (emulated_kernels),
    cmocka_unit_test (every_rung_by_name),
    cmocka_unit_test (no_rung_available),
    cmocka_unit_test (cached_rung_refused_later),
    cmocka_unit_test (clone_pidfd_silently_ignored),
    cmocka_unit_test (clone3_without_clear_sighand),
    cmocka_unit_test (clone3_without_into_cgroup),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
