/* make bench: spawn-to-reap latency of every way to start a program, side
   by side in one run.
   SPDX-License-Identifier: LGPL-2.1-or-later

     spawn-bench PROGRAM

   PROGRAM is tests/bench/exit-at-once (static, no libc, exits at once).
   Environment (all optional):
     BENCH_RSS_MIB     parent sizes, MiB, space-separated    "16 4096"
     BENCH_ITERATIONS  measured rounds per scenario           300
     BENCH_WARMUP      rounds run first and discarded         20
     BENCH_PRIMING     untimed spawns of the same method just 1
                       before each timed one (0: time the first
                       spawn after the command arrives; see below)
     BENCH_THREADS     busy threads of the threads scenario   8
     BENCH_THREAD_ITERATIONS  rounds of that scenario         60
                       (its spawns wait for the CPU behind the spinning
                       threads: each costs tens of milliseconds)
     BENCH_FDS         open fds of the closefrom scenario     1000
     BENCH_GETPID_BATCHES  pidfd_getpid batches of 256 calls  400

   Design.  PIDFDSPAWN_RUNG is read once per process, so each rung needs
   its own process.  The coordinator (this program without --worker)
   starts one worker per rung of the library's ladder (lib/ladder.h) by
   re-executing itself with that variable set; every worker is built the
   same way (same resident memory, same busy threads, same open fds) and
   waits for commands on a pipe.  Each round sends one command per
   method, in an order shuffled every round (a fixed seed: runs are
   repeatable), to the worker that owns the method; only one worker works
   at a time, so every method sees the same machine.  The worker times
   one spawn-to-reap (CLOCK_MONOTONIC) and sends back nanoseconds.

   Priming.  By default the timed spawn follows one untimed spawn of the
   same method.  The first spawn after a command overlaps the coordinator
   going to sleep on the other CPU, and where the child then runs (and
   which idle CPU must be woken, costly in a virtual machine) depends on
   how many microseconds the method takes to reach its clone: on a 2-CPU
   Firecracker guest a 4 us busy loop before the floor's clone3 made it
   13 to 30 us slower, three sigprocmask calls 28 us, so every method paid
   several times its own cost.  Primed, every method is timed in the same
   state, the one of a program that spawns repeatedly.  BENCH_PRIMING=0
   times the first spawn instead.  fork+execve and the fork rung are not
   primed: their cost dwarfs the effect, and priming them would double the
   benchmark's run time.

   The fork rung copies the parent's page tables, as fork+execve does, so
   its cost grows with the parent: it is reported beside fork+execve,
   posix_spawn and the clone3 rung, with its growth, and held to no
   target (the targets are for the rungs whose child shares the parent's
   memory).

   Busy threads spin only while their own worker measures (they sleep on
   a futex otherwise): several workers' threads spinning at once would
   measure the machine, not the methods.

   The host methods (posix_spawn, fork, vfork, posix_spawn + pidfd_open,
   the floor) run in the worker of the clone3 rung.

   Where the libc has a pidfd_spawn of its own (glibc 2.39 and later,
   found at run time in libc.so.6 itself), a last section times it beside
   the library's, both unforced (the whole ladder: clone3 on a current
   kernel), interleaved in one worker of the first parent size: the call
   (until the function returns, the child still running) and
   spawn-to-reap, with the paired ratios.  Elsewhere it says it does not
   apply.  The floor is the
   least a pidfd spawn can be: clone3(CLONE_PIDFD | CLONE_VM | CLONE_VFORK)
   on a static stack straight into execve (with one close_range in the
   closefrom scenario, as every method does), no signal blocking, no
   checks.  Its child runs on the parent's memory, so it makes raw system
   calls only.  */
#define _GNU_SOURCE
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __GLIBC__
# include <gnu/libc-version.h>
#endif

#include <pidfdspawn/spawn.h>
#include <pidfdspawn/sys/pidfd.h>

#include "compat/linux_clone.h"
#include "compat/linux_pidfd.h"
#include "ladder.h"
#include "seccomp-filter.h"

extern char **environ;

/* lib/clone3_entry.S, linked into this program: the child calls FN (ARG)
   on the stack named in ARGS and exits with its result.  */
long pidfdspawn_clone3 (struct pidfdspawn_clone_args *args, size_t size,
                        int (*fn) (void *), void *arg);

#if HAVE_POSIX_SPAWN_FILE_ACTIONS_ADDCLOSEFROM_NP
# define HAVE_CLOSEFROM_ACTION 1
#else
# define HAVE_CLOSEFROM_ACTION 0
#endif

/* ------------------------------------------------------------ methods */

/* The host's methods and the floor, then pidfd_spawn on every rung of the
   library's ladder (lib/ladder.h), in its order: a new rung is measured
   without a change here.  */
enum method
{
  M_POSIX_SPAWN,
  M_FORK,
  M_VFORK,
  M_POSIX_SPAWN_PIDFD_OPEN,
  M_FLOOR,
  M_RUNG, /* M_RUNG + PIDFDSPAWN_RUNG_x: pidfd_spawn on rung x */
  METHOD_COUNT = M_RUNG + PIDFDSPAWN_RUNG_COUNT
};

#define M_CLONE3_RUNG (M_RUNG + PIDFDSPAWN_RUNG_clone3)

struct method_info
{
  const char *name;
  /* Untimed spawns of the method before the timed one: 0 where the cost
     dwarfs the hand-off (see Priming).  */
  int primed;
  /* Rungs only: a fork-style child gets a copy of the parent's memory
     (its page tables), so the cost grows with the parent: no target, its
     growth is reported.  The other rungs' child shares it: held to the
     targets, flat in RSS among them.  */
  int copies_memory;
};

#define BENCH_RUNG_METHOD(name, memory, refusals)                           \
  { "pidfd_spawn[" #name "]",                                                \
    PIDFDSPAWN_MEMORY_##memory != PIDFDSPAWN_MEMORY_COPIED,                  \
    PIDFDSPAWN_MEMORY_##memory == PIDFDSPAWN_MEMORY_COPIED },
static const struct method_info methods[METHOD_COUNT] = {
  { "posix_spawn", 1, 0 },
  /* Never primed (see Priming).  */
  { "fork+execve", 0, 0 },
  { "vfork+execve", 1, 0 },
  { "posix_spawn+pidfd_open", 1, 0 },
  { "floor:clone3+execve", 1, 0 },
  PIDFDSPAWN_LADDER (BENCH_RUNG_METHOD)
};
#undef BENCH_RUNG_METHOD

/* The workers: one per rung, forcing it (its index is the rung's number),
   then one more for the getpid phase.  */
enum
{
  SPAWN_WORKER_COUNT = PIDFDSPAWN_RUNG_COUNT,
  W_GETPID_FDINFO = SPAWN_WORKER_COUNT,
  W_UNFORCED, /* the whole ladder, beside the libc's own pidfd_spawn */
  WORKER_KIND_COUNT
};

#define BENCH_RUNG_NAME(name, memory, refusals) #name,
static const char *const worker_rungs[WORKER_KIND_COUNT]
  = { PIDFDSPAWN_LADDER (BENCH_RUNG_NAME) "clone3", "auto" };
#undef BENCH_RUNG_NAME

/* The host methods and the floor run in the clone3 rung's worker.  */
static int
worker_of (enum method m)
{
  return m >= M_RUNG ? (int) (m - M_RUNG) : PIDFDSPAWN_RUNG_clone3;
}

/* What every method's median is divided by, in the tables and the
   summary ("x_" KEY, "paired_x_" KEY).  */
enum { REF_POSIX_SPAWN, REF_FLOOR, REF_FORK, REF_CLONE3, REFERENCE_COUNT };
static const struct reference
{
  enum method method;
  const char *label;
  const char *key;
} references[REFERENCE_COUNT] = {
  [REF_POSIX_SPAWN] = { M_POSIX_SPAWN, "x spawn", "posix_spawn" },
  [REF_FLOOR] = { M_FLOOR, "x floor", "floor" },
  [REF_FORK] = { M_FORK, "x fork", "fork_execve" },
  [REF_CLONE3] = { M_CLONE3_RUNG, "x clone3", "clone3_rung" },
};

/* Commands on the worker's stdin; replies on its stdout.  */
#define CMD_QUIT 'q'
#define CMD_GETPID 'g'
#define CMD_SYSCALL 's' /* the reference: one trivial system call */
#define CMD_RAW_IOCTL 'i' /* the floor: PIDFD_GET_INFO made directly */
/* pidfd_spawn beside the libc's own: two replies, the call's nanoseconds
   and spawn-to-reap's.  */
#define CMD_OUR_PIDFD_SPAWN 'o'
#define CMD_LIBC_PIDFD_SPAWN 'l'

struct reply
{
  int64_t value; /* nanoseconds, or the resident size in KiB when ready */
  int error;     /* 0 or an error number */
};

/* ------------------------------------------------------------ helpers */

static int64_t
now_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void
die (const char *what)
{
  fprintf (stderr, "spawn-bench: %s: %s\n", what, strerror (errno));
  exit (1);
}

static int
write_all (int fd, const void *buf, size_t n)
{
  const char *p = buf;
  while (n > 0)
    {
      ssize_t w = write (fd, p, n);
      if (w < 0 && errno == EINTR)
        continue;
      if (w <= 0)
        return -1;
      p += w;
      n -= (size_t) w;
    }
  return 0;
}

static int
read_all (int fd, void *buf, size_t n)
{
  char *p = buf;
  while (n > 0)
    {
      ssize_t r = read (fd, p, n);
      if (r < 0 && errno == EINTR)
        continue;
      if (r <= 0)
        return -1;
      p += r;
      n -= (size_t) r;
    }
  return 0;
}

static long
env_long (const char *name, long fallback)
{
  const char *v = getenv (name);
  if (v == NULL || *v == '\0')
    return fallback;
  char *end;
  errno = 0;
  long n = strtol (v, &end, 10);
  if (errno != 0 || *end != '\0' || n < 0)
    {
      fprintf (stderr, "spawn-bench: %s=%s is not a number\n", name, v);
      exit (2);
    }
  return n;
}

/* Raw system calls for the floor's child, which runs on this process's
   memory and must not touch libc (no errno, no locks).  */
static inline long
raw_syscall3 (long nr, long a, long b, long c)
{
#if defined __x86_64__
  long ret;
  __asm__ volatile ("syscall"
                    : "=a"(ret)
                    : "a"(nr), "D"(a), "S"(b), "d"(c)
                    : "rcx", "r11", "memory");
  return ret;
#elif defined __aarch64__
  register long x8 __asm__ ("x8") = nr;
  register long x0 __asm__ ("x0") = a;
  register long x1 __asm__ ("x1") = b;
  register long x2 __asm__ ("x2") = c;
  __asm__ volatile ("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
  return x0;
#else
# error "spawn-bench: the floor needs x86_64 or aarch64 (lib/clone3_entry.S)"
#endif
}

/* ------------------------------------------------------------ worker */

struct worker_state
{
  const char *program;
  char *argv[2];
  int closefrom_fd; /* -1, or the lowest fd every method closes */
  posix_spawn_file_actions_t actions;
  const posix_spawn_file_actions_t *fa;
  int self_pidfd; /* for pidfd_getpid */
  long priming;   /* untimed spawns before each timed one */
};

static struct worker_state ws;

/* The floor's stack: static, reused, so the floor pays no mmap.  */
static char floor_stack[64 * 1024] __attribute__ ((aligned (64)));

static int
floor_child (void *arg)
{
  (void) arg;
  if (ws.closefrom_fd >= 0)
    raw_syscall3 (__NR_close_range, ws.closefrom_fd, ~0u, 0);
  raw_syscall3 (__NR_execve, (long) ws.program, (long) ws.argv,
                (long) environ);
  return 127;
}

static int
reap_pid (pid_t pid)
{
  int status;
  while (waitpid (pid, &status, 0) < 0)
    if (errno != EINTR)
      return errno;
  return WIFEXITED (status) && WEXITSTATUS (status) == 0 ? 0 : ECHILD;
}

static int
reap_pidfd (int pidfd)
{
  siginfo_t info;
  memset (&info, 0, sizeof info);
  int r;
  while ((r = waitid ((idtype_t) P_PIDFD, (id_t) pidfd, &info, WEXITED)) < 0
         && errno == EINTR)
    ;
  int error = r < 0 ? errno : 0;
  close (pidfd);
  if (error != 0)
    return error;
  return info.si_code == CLD_EXITED && info.si_status == 0 ? 0 : ECHILD;
}

static void
close_from_in_child (void)
{
  if (ws.closefrom_fd >= 0)
    syscall (__NR_close_range, ws.closefrom_fd, ~0u, 0);
}

/* One spawn and reap; 0 or an error number.  */
static int
run_method (enum method m)
{
  pid_t pid;
  int pidfd;
  int r;
  switch (m)
    {
    case M_POSIX_SPAWN:
      r = posix_spawn (&pid, ws.program, ws.fa, NULL, ws.argv, environ);
      return r != 0 ? r : reap_pid (pid);
    case M_FORK:
      pid = fork ();
      if (pid < 0)
        return errno;
      if (pid == 0)
        {
          close_from_in_child ();
          execve (ws.program, ws.argv, environ);
          _exit (127);
        }
      return reap_pid (pid);
    case M_VFORK:
      pid = vfork ();
      if (pid < 0)
        return errno;
      if (pid == 0)
        {
          close_from_in_child ();
          execve (ws.program, ws.argv, environ);
          _exit (127);
        }
      return reap_pid (pid);
    case M_POSIX_SPAWN_PIDFD_OPEN:
      r = posix_spawn (&pid, ws.program, ws.fa, NULL, ws.argv, environ);
      if (r != 0)
        return r;
      pidfd = (int) syscall (__NR_pidfd_open, pid, 0);
      if (pidfd < 0)
        {
          r = errno;
          reap_pid (pid);
          return r;
        }
      return reap_pidfd (pidfd);
    case M_FLOOR:
      {
        struct pidfdspawn_clone_args args;
        memset (&args, 0, sizeof args);
        pidfd = -1;
        args.flags = CLONE_PIDFD | CLONE_VM | CLONE_VFORK;
        args.pidfd = (uint64_t) (uintptr_t) &pidfd;
        args.exit_signal = SIGCHLD;
        args.stack = (uint64_t) (uintptr_t) floor_stack;
        args.stack_size = sizeof floor_stack;
        long c = pidfdspawn_clone3 (&args, PIDFDSPAWN_CLONE_ARGS_SIZE_VER0,
                                    floor_child, NULL);
        if (c < 0)
          return (int) -c;
        return reap_pidfd (pidfd);
      }
    default:
      if (m < M_RUNG || m >= METHOD_COUNT)
        return EINVAL;
      /* The rung is the worker's PIDFDSPAWN_RUNG: forced, a refusal
         would be ENOSYS here, never a silent step down.  */
      r = pidfd_spawn (&pidfd, ws.program, ws.fa, NULL, ws.argv, environ);
      return r != 0 ? r : reap_pidfd (pidfd);
    }
}

/* The libc's own pidfd_spawn (glibc 2.39 and later), or NULL: looked up in
   libc.so.6 itself, so that the library's definition is passed over.  */
typedef int pidfd_spawn_fn (int *, const char *,
                            const posix_spawn_file_actions_t *,
                            const posix_spawnattr_t *, char *const[],
                            char *const[]);
static pidfd_spawn_fn *
libc_pidfd_spawn (void)
{
#ifdef __GLIBC__
  void *libc = dlopen ("libc.so.6", RTLD_LAZY | RTLD_LOCAL | RTLD_NOLOAD);
  if (libc == NULL)
    return NULL;
  pidfd_spawn_fn *fn = (pidfd_spawn_fn *) dlsym (libc, "pidfd_spawn");
  dlclose (libc);
  return fn;
#else
  return NULL;
#endif
}

/* One spawn and reap through FN, timed: *CALL_NS until FN returns,
   *TOTAL_NS until the child is reaped.  0 or an error number.  */
static int
timed_pidfd_spawn (pidfd_spawn_fn *fn, int64_t *call_ns, int64_t *total_ns)
{
  int pidfd = -1;
  const int64_t t0 = now_ns ();
  int r = fn (&pidfd, ws.program, NULL, NULL, ws.argv, environ);
  const int64_t t1 = now_ns ();
  if (r == 0)
    r = reap_pidfd (pidfd);
  const int64_t t2 = now_ns ();
  *call_ns = t1 - t0;
  *total_ns = t2 - t0;
  return r;
}

/* Busy threads: spin while GATE is 1, sleep on it otherwise.  */
static atomic_int busy_gate;
static atomic_int busy_running;
static int busy_count;

static void *
busy_thread (void *arg)
{
  volatile unsigned long *counter = arg;
  for (;;)
    {
      while (atomic_load (&busy_gate) == 0)
        syscall (SYS_futex, &busy_gate, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
      atomic_fetch_add (&busy_running, 1);
      while (atomic_load_explicit (&busy_gate, memory_order_relaxed))
        ++*counter;
      atomic_fetch_sub (&busy_running, 1);
    }
  return NULL;
}

static void
busy_start (void)
{
  if (busy_count == 0)
    return;
  atomic_store (&busy_gate, 1);
  syscall (SYS_futex, &busy_gate, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
  while (atomic_load (&busy_running) < busy_count)
    sched_yield ();
}

static void
busy_stop (void)
{
  if (busy_count == 0)
    return;
  atomic_store (&busy_gate, 0);
  while (atomic_load (&busy_running) > 0)
    sched_yield ();
}

static long
resident_kib (void)
{
  FILE *f = fopen ("/proc/self/statm", "r");
  long size = 0, resident = 0;
  if (f == NULL)
    return -1;
  if (fscanf (f, "%ld %ld", &size, &resident) != 2)
    resident = -1;
  fclose (f);
  return resident < 0 ? -1 : resident * (sysconf (_SC_PAGESIZE) / 1024);
}

/* One call of a pidfd_getpid series (CMD_GETPID, CMD_RAW_IOCTL or
   CMD_SYSCALL): whether it answered SELF (getppid always does).  */
static int
getpid_series_call (unsigned char cmd, pid_t self)
{
  switch (cmd)
    {
    case CMD_GETPID:
      return pidfd_getpid (ws.self_pidfd) == self;
    case CMD_RAW_IOCTL:
      {
        struct pidfd_info info;
        memset (&info, 0, sizeof info);
        info.mask = PIDFD_INFO_PID;
        return ioctl (ws.self_pidfd, PIDFDSPAWN_PIDFD_GET_INFO_VER0, &info)
                 == 0
               && (pid_t) info.pid == self;
      }
    default:
      raw_syscall3 (__NR_getppid, 0, 0, 0);
      return 1;
    }
}

static void
send_reply (int64_t value, int error)
{
  struct reply r = { value, error };
  if (write_all (1, &r, sizeof r) != 0)
    exit (1);
}

static void
fail_setup (int error, const char *what)
{
  fprintf (stderr, "spawn-bench worker: %s: %s\n", what, strerror (error));
  send_reply (0, error);
  exit (1);
}

/* argv: --worker KIND RSS_MIB THREADS FDS PROGRAM */
static int
worker_main (char **argv)
{
  const int kind = atoi (argv[2]);
  const long rss_mib = atol (argv[3]);
  const int threads = atoi (argv[4]);
  const int fds = atoi (argv[5]);
  ws.program = argv[6];
  ws.argv[0] = argv[6];
  ws.argv[1] = NULL;
  ws.closefrom_fd = -1;
  ws.self_pidfd = -1;
  ws.priming = env_long ("BENCH_PRIMING", 1);

  /* Private, touched memory in 4 KiB pages: transparent huge pages would
     make fork's page-table copy 512 times smaller than a real parent's.  */
  if (rss_mib > 0)
    {
      size_t size = (size_t) rss_mib << 20;
      char *p = mmap (NULL, size, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (p == MAP_FAILED)
        fail_setup (errno, "allocating the resident memory");
      madvise (p, size, MADV_NOHUGEPAGE);
      /* Populated by the kernel in one call where it can (Linux 5.14):
         a million page faults take minutes on a loaded virtual machine.
         Written pages either way, never the shared zero page.  */
#ifndef MADV_POPULATE_WRITE
# define MADV_POPULATE_WRITE 23
#endif
      if (madvise (p, size, MADV_POPULATE_WRITE) != 0)
        {
          if (errno == ENOMEM)
            fail_setup (errno, "populating the resident memory");
          const size_t page = (size_t) sysconf (_SC_PAGESIZE);
          for (size_t i = 0; i < size; i += page)
            p[i] = (char) i | 1;
        }
    }

  if (fds > 0)
    {
#if HAVE_CLOSEFROM_ACTION
      struct rlimit lim;
      getrlimit (RLIMIT_NOFILE, &lim);
      if (lim.rlim_cur < (rlim_t) fds + 64)
        {
          lim.rlim_cur = lim.rlim_max;
          setrlimit (RLIMIT_NOFILE, &lim);
        }
      int null = open ("/dev/null", O_RDONLY);
      if (null < 0)
        fail_setup (errno, "/dev/null");
      /* Inheritable, as the fds closefrom exists for.  */
      for (int i = 1; i < fds; ++i)
        if (dup (null) < 0)
          fail_setup (errno, "opening the extra fds");
      ws.closefrom_fd = 3;
      posix_spawn_file_actions_init (&ws.actions);
      posix_spawn_file_actions_addclosefrom_np (&ws.actions, 3);
      ws.fa = &ws.actions;
#else
      fail_setup (ENOTSUP, "no posix_spawn_file_actions_addclosefrom_np");
#endif
    }

  if (kind == W_GETPID_FDINFO)
    {
      /* A kernel without PIDFD_GET_INFO: pidfd_getpid reads fdinfo.  */
      const char *refuse[] = { "pidfd-get-info=ENOTTY" };
      if (seccomp_refuse (refuse, 1) != 0)
        fail_setup (EPERM, "installing the seccomp filter");
    }
  ws.self_pidfd = (int) syscall (__NR_pidfd_open, getpid (), 0);
  if (ws.self_pidfd < 0)
    fail_setup (errno, "pidfd_open");

  busy_count = threads;
  for (int i = 0; i < threads; ++i)
    {
      pthread_t t;
      /* One counter per cache line.  */
      void *counter = aligned_alloc (64, 64);
      if (counter == NULL
          || (errno = pthread_create (&t, NULL, busy_thread, counter)) != 0)
        fail_setup (errno ? errno : ENOMEM, "starting the busy threads");
    }

  send_reply (resident_kib (), 0);

  for (;;)
    {
      unsigned char cmd;
      if (read_all (0, &cmd, 1) != 0 || cmd == CMD_QUIT)
        return 0;
      if (cmd == CMD_GETPID || cmd == CMD_RAW_IOCTL || cmd == CMD_SYSCALL)
        {
          /* One batch; the reply is nanoseconds per call.  */
          enum { batch = 256 };
          const pid_t self = getpid ();
          int error = 0;
          int64_t t0 = now_ns ();
          for (int i = 0; i < batch; ++i)
            if (!getpid_series_call (cmd, self))
              error = errno ? errno : EINVAL;
          int64_t t1 = now_ns ();
          send_reply ((t1 - t0) / batch, error);
          continue;
        }
      if (cmd == CMD_OUR_PIDFD_SPAWN || cmd == CMD_LIBC_PIDFD_SPAWN)
        {
          pidfd_spawn_fn *fn = cmd == CMD_OUR_PIDFD_SPAWN ? pidfd_spawn
                                                          : libc_pidfd_spawn ();
          int64_t call = 0, total = 0;
          int error = fn == NULL ? ENOSYS : 0;
          for (long i = 0; i < ws.priming && error == 0; ++i)
            error = timed_pidfd_spawn (fn, &call, &total);
          if (error == 0)
            error = timed_pidfd_spawn (fn, &call, &total);
          send_reply (call, error);
          send_reply (total, error);
          continue;
        }
      if (cmd >= METHOD_COUNT)
        {
          send_reply (0, EINVAL);
          continue;
        }
      busy_start ();
      int error = 0;
      const long priming = methods[cmd].primed ? ws.priming : 0;
      for (long i = 0; i < priming && error == 0; ++i)
        error = run_method ((enum method) cmd);
      int64_t t0 = now_ns ();
      if (error == 0)
        error = run_method ((enum method) cmd);
      int64_t t1 = now_ns ();
      busy_stop ();
      send_reply (t1 - t0, error);
    }
}

/* ------------------------------------------------------------ coordinator */

struct worker
{
  pid_t pid;
  int cmd_fd;
  int reply_fd;
  long rss_kib;
};

static const char *self_path;
static const char *program_path;

static void
start_worker (struct worker *w, int kind, long rss_mib, int threads, int fds)
{
  int cmd[2], rep[2];
  if (pipe2 (cmd, O_CLOEXEC) != 0 || pipe2 (rep, O_CLOEXEC) != 0)
    die ("pipe");
  char a_kind[16], a_rss[32], a_threads[16], a_fds[16];
  snprintf (a_kind, sizeof a_kind, "%d", kind);
  snprintf (a_rss, sizeof a_rss, "%ld", rss_mib);
  snprintf (a_threads, sizeof a_threads, "%d", threads);
  snprintf (a_fds, sizeof a_fds, "%d", fds);
  char *args[] = { (char *) self_path, "--worker", a_kind, a_rss, a_threads,
                   a_fds, (char *) program_path, NULL };

  /* The environment with this worker's rung.  */
  size_t n = 0;
  while (environ[n] != NULL)
    ++n;
  char **env = calloc (n + 2, sizeof *env);
  if (env == NULL)
    die ("calloc");
  static const char variable[] = "PIDFDSPAWN_RUNG=";
  size_t k = 0;
  for (size_t i = 0; i < n; ++i)
    if (strncmp (environ[i], variable, sizeof variable - 1) != 0)
      env[k++] = environ[i];
  char rung[64];
  snprintf (rung, sizeof rung, "%s%s", variable, worker_rungs[kind]);
  env[k++] = rung;
  env[k] = NULL;

  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init (&fa);
  posix_spawn_file_actions_adddup2 (&fa, cmd[0], 0);
  posix_spawn_file_actions_adddup2 (&fa, rep[1], 1);
  int r = posix_spawn (&w->pid, self_path, &fa, NULL, args, env);
  posix_spawn_file_actions_destroy (&fa);
  free (env);
  if (r != 0)
    {
      errno = r;
      die ("starting a worker");
    }
  close (cmd[0]);
  close (rep[1]);
  w->cmd_fd = cmd[1];
  w->reply_fd = rep[0];
}

static struct reply
ask (struct worker *w, unsigned char cmd)
{
  struct reply r;
  if (write_all (w->cmd_fd, &cmd, 1) != 0
      || read_all (w->reply_fd, &r, sizeof r) != 0)
    {
      fprintf (stderr, "spawn-bench: worker %d died (see its message above)\n",
               (int) w->pid);
      exit (1);
    }
  return r;
}

static void
stop_worker (struct worker *w)
{
  unsigned char q = CMD_QUIT;
  write_all (w->cmd_fd, &q, 1);
  close (w->cmd_fd);
  close (w->reply_fd);
  int status;
  waitpid (w->pid, &status, 0);
}

static void
await_ready (struct worker *w, const char *what)
{
  struct reply r;
  if (read_all (w->reply_fd, &r, sizeof r) != 0 || r.error != 0)
    {
      fprintf (stderr, "spawn-bench: the %s worker could not be set up%s%s\n",
               what, r.error ? ": " : "", r.error ? strerror (r.error) : "");
      exit (1);
    }
  w->rss_kib = (long) r.value;
}

static int
compare_i64 (const void *a, const void *b)
{
  int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
  return (x > y) - (x < y);
}

struct stats
{
  double median_us;
  double p90_us;
  /* Medians of the per-round ratios: each round's sample divided by the
     same round's sample of each reference.  Neighbours in time see the
     same machine load, so these are steadier than ratios of medians on a
     busy machine.  */
  double paired_x[REFERENCE_COUNT];
};

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median_ratio (const int64_t *num, const int64_t *den, size_t n, double *tmp)
{
  for (size_t i = 0; i < n; ++i)
    tmp[i] = (double) num[i] / (double) den[i];
  qsort (tmp, n, sizeof *tmp, compare_double);
  return n % 2 ? tmp[n / 2] : (tmp[n / 2 - 1] + tmp[n / 2]) / 2;
}

static struct stats
stats_of (int64_t *samples, size_t n)
{
  qsort (samples, n, sizeof *samples, compare_i64);
  struct stats s;
  s.median_us = (n % 2 ? (double) samples[n / 2]
                       : ((double) samples[n / 2 - 1] + samples[n / 2]) / 2)
                / 1000.0;
  size_t p90 = (n * 9 + 9) / 10; /* nearest rank, 1-based */
  s.p90_us = (double) samples[p90 - 1] / 1000.0;
  return s;
}

/* The JSON summary, built up as the run goes.  */
static char summary[65536];
static size_t summary_len;

static void
summary_add (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));
static void
summary_add (const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  int n = vsnprintf (summary + summary_len, sizeof summary - summary_len, fmt,
                     ap);
  va_end (ap);
  if (n > 0 && summary_len + (size_t) n < sizeof summary)
    summary_len += (size_t) n;
}

struct scenario_result
{
  long rss_mib;
  int threads;
  int fds;
  struct stats s[METHOD_COUNT];
};

/* Method M's median over reference F's.  */
static double
x_of (const struct scenario_result *r, int m, int f)
{
  return r->s[m].median_us / r->s[references[f].method].median_us;
}

enum { MAX_SCENARIOS = 64 };
static struct scenario_result results[MAX_SCENARIOS];
static int result_count;

/* A fresh random order of all methods (xorshift64, Fisher-Yates).  */
static void
shuffle_methods (int order[METHOD_COUNT], uint64_t *state)
{
  for (int i = 0; i < METHOD_COUNT; ++i)
    order[i] = i;
  for (int i = METHOD_COUNT - 1; i > 0; --i)
    {
      uint64_t x = *state;
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      *state = x;
      const int j = (int) (x % (uint64_t) (i + 1));
      const int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
}

static void
run_scenario (long rss_mib, int threads, int fds, long iterations, long warmup)
{
  printf ("\n== parent RSS %ld MiB, %d busy threads, %d extra open fds%s"
          " (%ld rounds, methods interleaved)\n",
          rss_mib, threads, fds, fds ? " + closefrom(3)" : "", iterations);
  fflush (stdout);

  struct worker workers[SPAWN_WORKER_COUNT];
  for (int k = 0; k < SPAWN_WORKER_COUNT; ++k)
    start_worker (&workers[k], k, rss_mib, threads, fds);
  for (int k = 0; k < SPAWN_WORKER_COUNT; ++k)
    await_ready (&workers[k], worker_rungs[k]);
  printf ("worker resident memory (KiB):");
  for (int k = 0; k < SPAWN_WORKER_COUNT; ++k)
    printf (" %s %ld", worker_rungs[k], workers[k].rss_kib);
  printf ("\n");

  int64_t *samples[METHOD_COUNT];
  for (int m = 0; m < METHOD_COUNT; ++m)
    if ((samples[m] = calloc ((size_t) iterations, sizeof (int64_t))) == NULL)
      die ("calloc");

  /* Shuffled, not rotated: a rotation keeps every method behind the same
     neighbour, whose leftovers (an exiting child's deferred teardown, a
     cold cache in another worker) then weigh on that method alone.  */
  uint64_t order_state = 0x9e3779b97f4a7c15u;
  int order[METHOD_COUNT];
  for (long round = 0; round < warmup + iterations; ++round)
    {
      shuffle_methods (order, &order_state);
      for (int i = 0; i < METHOD_COUNT; ++i)
        {
          const int m = order[i];
          struct reply r = ask (&workers[worker_of ((enum method) m)],
                                (unsigned char) m);
          if (r.error != 0)
            {
              fprintf (stderr, "spawn-bench: %s failed: %s\n", methods[m].name,
                       strerror (r.error));
              exit (1);
            }
          if (round >= warmup)
            samples[m][round - warmup] = r.value;
    }
    }
  for (int k = 0; k < SPAWN_WORKER_COUNT; ++k)
    stop_worker (&workers[k]);

  struct scenario_result *res = &results[result_count++];
  res->rss_mib = rss_mib;
  res->threads = threads;
  res->fds = fds;
  double *tmp = calloc ((size_t) iterations, sizeof *tmp);
  if (tmp == NULL)
    die ("calloc");
  double paired[METHOD_COUNT][REFERENCE_COUNT];
  for (int m = 0; m < METHOD_COUNT; ++m)
    for (int f = 0; f < REFERENCE_COUNT; ++f)
      paired[m][f] = median_ratio (samples[m], samples[references[f].method],
                                   (size_t) iterations, tmp);
  free (tmp);
  for (int m = 0; m < METHOD_COUNT; ++m)
    {
      res->s[m] = stats_of (samples[m], (size_t) iterations);
      memcpy (res->s[m].paired_x, paired[m], sizeof paired[m]);
      free (samples[m]);
    }

  printf ("%-24s %10s %10s", "method", "median us", "p90 us");
  for (int f = 0; f < REFERENCE_COUNT; ++f)
    printf (" %9s", references[f].label);
  printf ("  paired:");
  for (int f = 0; f < REFERENCE_COUNT; ++f)
    printf (" %9s", references[f].label);
  printf ("\n");
  for (int m = 0; m < METHOD_COUNT; ++m)
    {
      printf ("%-24s %10.1f %10.1f", methods[m].name, res->s[m].median_us,
              res->s[m].p90_us);
      for (int f = 0; f < REFERENCE_COUNT; ++f)
        printf (" %9.3f", x_of (res, m, f));
      printf ("%9s", "");
      for (int f = 0; f < REFERENCE_COUNT; ++f)
        printf (" %9.3f", res->s[m].paired_x[f]);
      printf ("\n");
    }
  fflush (stdout);

  summary_add ("%s{\"rss_mib\":%ld,\"threads\":%d,\"fds\":%d,\"methods\":{",
               result_count > 1 ? "," : "", rss_mib, threads, fds);
  for (int m = 0; m < METHOD_COUNT; ++m)
    {
      summary_add ("%s\"%s\":{\"median_us\":%.1f,\"p90_us\":%.1f",
                   m ? "," : "", methods[m].name, res->s[m].median_us,
                   res->s[m].p90_us);
      for (int f = 0; f < REFERENCE_COUNT; ++f)
        summary_add (",\"x_%s\":%.3f", references[f].key, x_of (res, m, f));
      for (int f = 0; f < REFERENCE_COUNT; ++f)
        summary_add (",\"paired_x_%s\":%.3f", references[f].key,
                     res->s[m].paired_x[f]);
      summary_add ("}");
    }
  summary_add ("}}");
}

/* pidfd_spawn beside the libc's own, where it has one: both unforced, in
   one worker, each round in a random order; the call and spawn-to-reap.  */
static void
run_libc_pidfd_spawn (long rss_mib, long iterations, long warmup)
{
  if (libc_pidfd_spawn () == NULL)
    {
      printf ("\n== pidfd_spawn beside the libc's own: does not apply, the "
              "libc has no pidfd_spawn (glibc before 2.39, musl)\n");
      summary_add (",\"libc_pidfd_spawn\":null");
      return;
    }
  enum { OURS, LIBC, SIDES };
  static const unsigned char commands[SIDES]
    = { CMD_OUR_PIDFD_SPAWN, CMD_LIBC_PIDFD_SPAWN };
  struct worker w;
  start_worker (&w, W_UNFORCED, rss_mib, 0, 0);
  await_ready (&w, "unforced");
  int64_t *call[SIDES], *total[SIDES];
  for (int i = 0; i < SIDES; ++i)
    if ((call[i] = calloc ((size_t) iterations, sizeof (int64_t))) == NULL
        || (total[i] = calloc ((size_t) iterations, sizeof (int64_t)))
             == NULL)
      die ("calloc");
  uint64_t order_state = 0x2545f4914f6cdd1du;
  for (long round = 0; round < warmup + iterations; ++round)
    {
      order_state ^= order_state << 13;
      order_state ^= order_state >> 7;
      order_state ^= order_state << 17;
      const int first = (int) (order_state & 1);
      for (int k = 0; k < SIDES; ++k)
        {
          const int side = k == 0 ? first : !first;
          struct reply c = ask (&w, commands[side]);
          struct reply t;
          if (read_all (w.reply_fd, &t, sizeof t) != 0)
            die ("reading a reply");
          if (c.error != 0)
            {
              fprintf (stderr, "spawn-bench: %s pidfd_spawn failed: %s\n",
                       side == OURS ? "the library's" : "the libc's",
                       strerror (c.error));
              exit (1);
            }
          if (round >= warmup)
            {
              call[side][round - warmup] = c.value;
              total[side][round - warmup] = t.value;
            }
        }
    }
  stop_worker (&w);
  double *tmp = calloc ((size_t) iterations, sizeof *tmp);
  if (tmp == NULL)
    die ("calloc");
  const double paired_call
    = median_ratio (call[OURS], call[LIBC], (size_t) iterations, tmp);
  const double paired_total
    = median_ratio (total[OURS], total[LIBC], (size_t) iterations, tmp);
  free (tmp);
  struct stats sc[SIDES], st[SIDES];
  for (int i = 0; i < SIDES; ++i)
    {
      sc[i] = stats_of (call[i], (size_t) iterations);
      st[i] = stats_of (total[i], (size_t) iterations);
      free (call[i]);
      free (total[i]);
    }
  printf ("\n== pidfd_spawn beside the libc's own (parent RSS %ld MiB, both "
          "unforced, %ld rounds, interleaved)\n", rss_mib, iterations);
  printf ("%-28s %10s %10s %12s %12s\n", "function", "call us", "p90 us",
          "to reap us", "p90 us");
  static const char *const names[SIDES]
    = { "pidfd_spawn (this library)", "pidfd_spawn (the libc's)" };
  for (int i = 0; i < SIDES; ++i)
    printf ("%-28s %10.1f %10.1f %12.1f %12.1f\n", names[i],
            sc[i].median_us, sc[i].p90_us, st[i].median_us, st[i].p90_us);
  printf ("this library over the libc's: call x%.3f (paired x%.3f), "
          "spawn-to-reap x%.3f (paired x%.3f)\n",
          sc[OURS].median_us / sc[LIBC].median_us, paired_call,
          st[OURS].median_us / st[LIBC].median_us, paired_total);
  summary_add (",\"libc_pidfd_spawn\":{\"rss_mib\":%ld,"
               "\"ours\":{\"call_median_us\":%.1f,\"median_us\":%.1f},"
               "\"libc\":{\"call_median_us\":%.1f,\"median_us\":%.1f},"
               "\"paired_x_call\":%.3f,\"paired_x\":%.3f}",
               rss_mib, sc[OURS].median_us, st[OURS].median_us,
               sc[LIBC].median_us, st[LIBC].median_us, paired_call,
               paired_total);
}

/* pidfd_getpid: the ioctl (Linux 6.13) and the fdinfo path (the ioctl
   refused by a seccomp filter, as older kernels answer), interleaved with
   two references: the ioctl made directly (what pidfd_getpid cannot beat)
   and one trivial system call.  The workers are pinned to one CPU: on the
   2-CPU development guest a system call cost, for minutes at a time, 20 to
   30 % more on one virtual CPU than on the other, and where a worker
   landed decided the figure.  */
enum { GETPID_MAX_CPUS = 8 };

enum getpid_series
{
  GETPID_IOCTL,
  GETPID_FDINFO,
  GETPID_SYSCALL,
  GETPID_RAW_IOCTL,
  GETPID_SERIES
};

static void
run_getpid (long batches, int cpu, struct stats out[GETPID_SERIES])
{
  struct worker w[2];
  start_worker (&w[0], PIDFDSPAWN_RUNG_clone3, 0, 0, 0);
  start_worker (&w[1], W_GETPID_FDINFO, 0, 0, 0);
  cpu_set_t one;
  CPU_ZERO (&one);
  CPU_SET (cpu, &one);
  for (int k = 0; k < 2; ++k)
    if (sched_setaffinity (w[k].pid, sizeof one, &one) != 0)
      die ("sched_setaffinity");
  await_ready (&w[0], "pidfd_getpid (ioctl)");
  await_ready (&w[1], "pidfd_getpid (fdinfo)");
  static const unsigned char commands[GETPID_SERIES]
    = { CMD_GETPID, CMD_GETPID, CMD_SYSCALL, CMD_RAW_IOCTL };
  int64_t *s[GETPID_SERIES];
  for (int i = 0; i < GETPID_SERIES; ++i)
    if ((s[i] = calloc ((size_t) batches, sizeof (int64_t))) == NULL)
      die ("calloc");
  for (long b = 0; b < batches + 10; ++b)
    for (int i = 0; i < GETPID_SERIES; ++i)
      {
        const int k = (int) ((i + b) % GETPID_SERIES);
        struct reply r = ask (&w[k == GETPID_FDINFO], commands[k]);
        if (r.error != 0)
          {
            fprintf (stderr, "spawn-bench: pidfd_getpid failed: %s\n",
                     strerror (r.error));
            exit (1);
          }
        if (b >= 10)
          s[k][b - 10] = r.value;
      }
  stop_worker (&w[0]);
  stop_worker (&w[1]);
  for (int i = 0; i < GETPID_SERIES; ++i)
    {
      out[i] = stats_of (s[i], (size_t) batches);
      free (s[i]);
    }
}

static long
mem_available_mib (void)
{
  FILE *f = fopen ("/proc/meminfo", "r");
  char line[256];
  long kib = -1;
  if (f == NULL)
    return -1;
  while (fgets (line, sizeof line, f) != NULL)
    if (sscanf (line, "MemAvailable: %ld kB", &kib) == 1)
      break;
  fclose (f);
  return kib < 0 ? -1 : kib / 1024;
}

static void
cpu_model (char *out, size_t size)
{
  snprintf (out, size, "unknown");
  FILE *f = fopen ("/proc/cpuinfo", "r");
  char line[512];
  if (f == NULL)
    return;
  while (fgets (line, sizeof line, f) != NULL)
    if (strncmp (line, "model name", 10) == 0)
      {
        char *v = strchr (line, ':');
        if (v != NULL)
          {
            v += 1 + (v[1] == ' ');
            v[strcspn (v, "\n")] = '\0';
            snprintf (out, size, "%s", v);
          }
        break;
      }
  fclose (f);
}

/* The rungs whose child gets a copy of the parent's memory (fork's page
   tables): like fork+execve, their cost grows with the parent, so they
   have no target.  Every scenario's figures beside fork+execve, posix_spawn
   and the clone3 rung, and the growth from the smallest parent LO to the
   largest HI.  */
static void
report_copying_rungs (const struct scenario_result *lo,
                      const struct scenario_result *hi)
{
  static const int shown[] = { REF_FORK, REF_POSIX_SPAWN, REF_CLONE3 };
  enum { SHOWN = sizeof shown / sizeof shown[0] };
  summary_add (",\"copying_rungs\":[");
  int first = 1;
  for (int m = M_RUNG; m < METHOD_COUNT; ++m)
    {
      if (!methods[m].copies_memory)
        continue;
      printf ("\n== %s: copies the parent's page tables, as fork+execve "
              "does; its cost grows with the parent's memory (no flat-in-RSS "
              "target)\n", methods[m].name);
      printf ("%-32s %10s %10s  paired:", "scenario", "median us", "p90 us");
      for (int j = 0; j < SHOWN; ++j)
        printf (" %9s", references[shown[j]].label);
      printf ("\n");
      summary_add ("%s{\"method\":\"%s\",\"target\":\"none: it copies "
                   "the parent's page tables, its cost grows with the "
                   "parent\",\"by_rss\":[", first ? "" : ",", methods[m].name);
      first = 0;
      int first_rss = 1;
      for (int i = 0; i < result_count; ++i)
        {
          const struct scenario_result *r = &results[i];
          char what[64];
          int n = snprintf (what, sizeof what, "%ld MiB", r->rss_mib);
          if (r->threads)
            n += snprintf (what + n, sizeof what - (size_t) n,
                           ", %d busy threads", r->threads);
          if (r->fds)
            snprintf (what + n, sizeof what - (size_t) n,
                      ", %d fds + closefrom", r->fds);
          printf ("%-32s %10.1f %10.1f %8s", what, r->s[m].median_us,
                  r->s[m].p90_us, "");
          for (int j = 0; j < SHOWN; ++j)
            printf (" %9.3f", r->s[m].paired_x[shown[j]]);
          printf ("\n");
          if (r->threads != 0 || r->fds != 0)
            continue; /* in the scenarios' own summary */
          summary_add ("%s{\"rss_mib\":%ld,\"median_us\":%.1f,"
                       "\"p90_us\":%.1f", first_rss ? "" : ",", r->rss_mib,
                       r->s[m].median_us, r->s[m].p90_us);
          first_rss = 0;
          for (int j = 0; j < SHOWN; ++j)
            summary_add (",\"paired_x_%s\":%.3f", references[shown[j]].key,
                         r->s[m].paired_x[shown[j]]);
          summary_add ("}");
        }
      summary_add ("]");
      if (lo != NULL && hi != NULL && hi != lo)
        {
          const double growth = hi->s[m].median_us / lo->s[m].median_us;
          const double fork_growth
            = hi->s[M_FORK].median_us / lo->s[M_FORK].median_us;
          const double floor_growth = hi->s[m].paired_x[REF_FLOOR]
                                      / lo->s[m].paired_x[REF_FLOOR];
          printf ("growth %ld -> %ld MiB: median x %.2f (fork+execve x %.2f); "
                  "x floor (paired) x %.2f, where the other rungs must stay "
                  "within 1.1\n", lo->rss_mib, hi->rss_mib, growth,
                  fork_growth, floor_growth);
          summary_add (",\"lo_rss_mib\":%ld,\"hi_rss_mib\":%ld,"
                       "\"median_growth\":%.3f,"
                       "\"fork_execve_median_growth\":%.3f,"
                       "\"paired_x_floor_growth\":%.3f",
                       lo->rss_mib, hi->rss_mib, growth, fork_growth,
                       floor_growth);
        }
      summary_add ("}");
    }
  summary_add ("]");
}

static const char *
verdict (int ok)
{
  return ok ? "MET" : "MISSED";
}

int
main (int argc, char **argv)
{
  if (argc >= 7 && strcmp (argv[1], "--worker") == 0)
    return worker_main (argv);
  if (argc != 2)
    {
      fprintf (stderr, "usage: %s PROGRAM (tests/bench/exit-at-once)\n",
               argv[0]);
      return 2;
    }
  static char self[PATH_MAX];
  ssize_t n = readlink ("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0)
    die ("readlink /proc/self/exe");
  self[n] = '\0';
  self_path = self;
  static char program[PATH_MAX];
  if (realpath (argv[1], program) == NULL || access (program, X_OK) != 0)
    die (argv[1]);
  program_path = program;

  const char *rss_list = getenv ("BENCH_RSS_MIB");
  if (rss_list == NULL || *rss_list == '\0')
    rss_list = "16 4096";
  const long iterations = env_long ("BENCH_ITERATIONS", 300);
  const long warmup = env_long ("BENCH_WARMUP", 20);
  const int threads = (int) env_long ("BENCH_THREADS", 8);
  const long thread_iterations = env_long ("BENCH_THREAD_ITERATIONS", 60);
  const int fds = (int) env_long ("BENCH_FDS", 1000);
  const long getpid_batches = env_long ("BENCH_GETPID_BATCHES", 400);
  const long priming = env_long ("BENCH_PRIMING", 1);
  if (iterations < 1 || thread_iterations < 1 || getpid_batches < 1)
    {
      fprintf (stderr, "spawn-bench: BENCH_ITERATIONS, "
                       "BENCH_THREAD_ITERATIONS and BENCH_GETPID_BATCHES "
                       "must be at least 1\n");
      return 2;
    }
  if (priming < 0)
    {
      fprintf (stderr, "spawn-bench: BENCH_PRIMING must be 0 or more\n");
      return 2;
    }

  long rss[16];
  int rss_count = 0;
  for (const char *p = rss_list; *p != '\0';)
    {
      char *end;
      long v = strtol (p, &end, 10);
      if (end == p || v <= 0 || rss_count == 16)
        {
          fprintf (stderr, "spawn-bench: bad BENCH_RSS_MIB '%s'\n", rss_list);
          return 2;
        }
      rss[rss_count++] = v;
      p = end;
      while (*p == ' ' || *p == ',')
        ++p;
    }

  struct utsname u;
  uname (&u);
  char cpu[256];
  cpu_model (cpu, sizeof cpu);
#ifdef __GLIBC__
  char libc[64];
  snprintf (libc, sizeof libc, "glibc %s", gnu_get_libc_version ());
#else
  const char *libc = "musl";
#endif
  const long cpus = sysconf (_SC_NPROCESSORS_ONLN);
  printf ("spawn-bench: spawn-to-reap latency of %s\n", program_path);
  printf ("machine: %s, %ld CPUs, %s; kernel %s %s; %s\n", u.machine, cpus,
          cpu, u.sysname, u.release, libc);
  printf ("workers: one per rung (PIDFDSPAWN_RUNG), each with the same "
          "resident memory (4 KiB pages), threads and fds\n");
  printf ("each timed spawn follows %ld untimed spawn%s of the same method "
          "(BENCH_PRIMING; none for", priming, priming == 1 ? "" : "s");
  const char *separator = " ";
  for (int m = 0; m < METHOD_COUNT; ++m)
    if (!methods[m].primed)
      {
        printf ("%s%s", separator, methods[m].name);
        separator = ", ";
      }
  printf (")\n");
  summary_add ("{\"machine\":\"%s\",\"cpus\":%ld,\"cpu\":\"%s\","
               "\"kernel\":\"%s\",\"libc\":\"%s\",\"iterations\":%ld,"
               "\"priming\":%ld,\"scenarios\":[",
               u.machine, cpus, cpu, u.release, libc, iterations, priming);

  /* pidfd_getpid first: a figure of about a microsecond, measured before
     the large workers come and go.  Reported after the spawn tables.  */
  /* On each CPU this process may use, up to GETPID_MAX_CPUS.  */
  int getpid_cpus[GETPID_MAX_CPUS];
  int getpid_cpu_count = 0;
  cpu_set_t allowed;
  if (sched_getaffinity (0, sizeof allowed, &allowed) != 0)
    die ("sched_getaffinity");
  for (int c = 0; c < CPU_SETSIZE && getpid_cpu_count < GETPID_MAX_CPUS; ++c)
    if (CPU_ISSET (c, &allowed))
      getpid_cpus[getpid_cpu_count++] = c;
  struct stats getpid_stats[GETPID_MAX_CPUS][GETPID_SERIES];
  for (int i = 0; i < getpid_cpu_count; ++i)
    run_getpid (getpid_batches, getpid_cpus[i], getpid_stats[i]);

  for (int i = 0; i < rss_count; ++i)
    {
      /* Every spawn worker holds it at once.  */
      const long need = SPAWN_WORKER_COUNT * rss[i] + 256;
      const long avail = mem_available_mib ();
      if (avail >= 0 && avail < need)
        {
          fprintf (stderr,
                   "spawn-bench: parent RSS %ld MiB needs %ld MiB (%d workers"
                   " hold it), only %ld MiB available; choose smaller sizes "
                   "with BENCH_RSS_MIB\n",
                   rss[i], need, SPAWN_WORKER_COUNT, avail);
          return 1;
        }
      run_scenario (rss[i], 0, 0, iterations, warmup);
      if (threads > 0)
        run_scenario (rss[i], threads, 0, thread_iterations, warmup);
      if (fds > 0)
        {
          if (HAVE_CLOSEFROM_ACTION)
            run_scenario (rss[i], 0, fds, iterations, warmup);
          else
            printf ("\n== %ld MiB with %d fds: skipped, this libc has no "
                    "posix_spawn_file_actions_addclosefrom_np\n",
                    rss[i], fds);
        }
    }
  summary_add ("]");
  run_libc_pidfd_spawn (rss[0], iterations, warmup);

  printf ("\n== pidfd_getpid (%ld batches of 256 calls, interleaved; "
          "workers pinned to each CPU in turn)\n", getpid_batches);
  printf ("%-34s", "path: median (p90) us");
  for (int i = 0; i < getpid_cpu_count; ++i)
    printf ("   cpu %-3d         ", getpid_cpus[i]);
  printf ("\n");
  static const char *const getpid_paths[GETPID_SERIES] = {
    [GETPID_IOCTL] = "PIDFD_GET_INFO ioctl",
    [GETPID_FDINFO] = "/proc/self/fdinfo (ioctl refused)",
    [GETPID_SYSCALL] = "reference: one getppid syscall",
    [GETPID_RAW_IOCTL] = "reference: the ioctl made directly",
  };
  static const int getpid_order[GETPID_SERIES]
    = { GETPID_IOCTL, GETPID_FDINFO, GETPID_RAW_IOCTL, GETPID_SYSCALL };
  for (int j = 0; j < GETPID_SERIES; ++j)
    {
      const int k = getpid_order[j];
      printf ("%-34s", getpid_paths[k]);
      for (int i = 0; i < getpid_cpu_count; ++i)
        printf ("   %7.3f (%7.3f)", getpid_stats[i][k].median_us,
                getpid_stats[i][k].p90_us);
      printf ("\n");
    }
  summary_add (",\"pidfd_getpid\":[");
  for (int i = 0; i < getpid_cpu_count; ++i)
    {
      const struct stats *g = getpid_stats[i];
      summary_add ("%s{\"cpu\":%d,\"ioctl_median_us\":%.3f,"
                   "\"ioctl_p90_us\":%.3f,\"fdinfo_median_us\":%.3f,"
                   "\"fdinfo_p90_us\":%.3f,\"raw_ioctl_median_us\":%.3f,"
                   "\"getppid_median_us\":%.3f}",
                   i ? "," : "", getpid_cpus[i], g[GETPID_IOCTL].median_us,
                   g[GETPID_IOCTL].p90_us, g[GETPID_FDINFO].median_us,
                   g[GETPID_FDINFO].p90_us, g[GETPID_RAW_IOCTL].median_us,
                   g[GETPID_SYSCALL].median_us);
    }
  summary_add ("]");

  /* The smallest and largest parent without busy threads or extra fds:
     what the growth and the targets compare.  */
  const struct scenario_result *lo = NULL, *hi = NULL;
  for (int i = 0; i < result_count; ++i)
    {
      const struct scenario_result *r = &results[i];
      if (r->threads != 0 || r->fds != 0)
        continue;
      if (lo == NULL || r->rss_mib < lo->rss_mib)
        lo = r;
      if (hi == NULL || r->rss_mib > hi->rss_mib)
        hi = r;
    }
  report_copying_rungs (lo, hi);

  /* The targets, against this run's own numbers.  */
  printf ("\n== targets, from this run\n");
  int all_met = 1;
  summary_add (",\"targets\":[");
  int first_target = 1;
#define TARGET(ok, ...)                                                      \
  do                                                                         \
    {                                                                        \
      char text_[256];                                                       \
      snprintf (text_, sizeof text_, __VA_ARGS__);                           \
      printf ("%-6s %s\n", verdict (ok), text_);                             \
      summary_add ("%s{\"target\":\"%s\",\"met\":%s}",                       \
                   first_target ? "" : ",", text_, (ok) ? "true" : "false"); \
      first_target = 0;                                                      \
      all_met &= (ok);                                                       \
    }                                                                        \
  while (0)
  for (int i = 0; i < result_count; ++i)
    {
      const struct scenario_result *r = &results[i];
      if (r->threads != 0 || r->fds != 0)
        continue;
      const double x = r->s[M_CLONE3_RUNG].paired_x[REF_FLOOR];
      TARGET (x <= 1.05, "pidfd_spawn[clone3] at %ld MiB: %.3f x floor "
              "(paired; <= 1.05)", r->rss_mib, x);
    }
  /* The rungs whose child shares the parent's memory; one that copies it
     is held to neither (report_copying_rungs).  */
  if (hi != NULL)
    for (int m = M_RUNG; m < METHOD_COUNT; ++m)
      if (!methods[m].copies_memory)
        {
          const double x = hi->s[m].paired_x[REF_POSIX_SPAWN];
          TARGET (x <= 1.2,
                  "%s at %ld MiB: %.3f x posix_spawn (paired; <= 1.2)",
                  methods[m].name, hi->rss_mib, x);
        }
  if (lo != NULL && hi != NULL && hi != lo)
    for (int m = M_RUNG; m < METHOD_COUNT; ++m)
      if (!methods[m].copies_memory)
        {
          /* Flat: its cost relative to the floor (which copies no memory)
             does not grow with the parent.  */
          const double a = lo->s[m].paired_x[REF_FLOOR];
          const double b = hi->s[m].paired_x[REF_FLOOR];
          TARGET (b / a <= 1.1,
                  "%s flat in RSS: x floor %.3f at %ld MiB, %.3f at %ld MiB "
                  "(growth %.3f <= 1.1)",
                  methods[m].name, a, lo->rss_mib, b, hi->rss_mib, b / a);
        }
  for (int m = M_RUNG; m < METHOD_COUNT; ++m)
    if (methods[m].copies_memory)
      printf ("%-6s %s: no target; it copies the parent's page tables, as "
              "fork+execve does, so it cannot be flat in RSS (see above)\n",
              "-", methods[m].name);
  for (int i = 0; i < getpid_cpu_count; ++i)
    {
      const struct stats *g = getpid_stats[i];
      TARGET (g[GETPID_IOCTL].median_us <= 1.5,
              "pidfd_getpid with PIDFD_GET_INFO on cpu %d: median %.3f us "
              "(<= 1.5; the ioctl made directly: %.3f us, one getppid: "
              "%.3f us)",
              getpid_cpus[i], g[GETPID_IOCTL].median_us,
              g[GETPID_RAW_IOCTL].median_us, g[GETPID_SYSCALL].median_us);
    }
#undef TARGET
  summary_add ("],\"all_targets_met\":%s}", all_met ? "true" : "false");
  printf ("\nBENCH-SUMMARY %s\n", summary);
  return 0;
}
