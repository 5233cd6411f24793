/* pidfd-run: run a command through pidfd_spawnp and wait for it on its
   pidfd, with an optional timeout; or, with --info, report what the
   running kernel and libc offer for pidfds.
   SPDX-License-Identifier: LGPL-2.1-or-later  */
#include "config.h"

#ifndef _GNU_SOURCE
# define _GNU_SOURCE 1
#endif

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
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

/* Kernel ABI that old headers lack: the library's own compat headers.  */
#include "compat/linux_clone.h"
#include "compat/linux_pidfd.h"
/* The library's ladder: rung names, order and refusal rules.  */
#include "lib/ladder.h"

enum
{
  EXIT_TIMEDOUT = 124,  /* as timeout(1) */
  EXIT_FAILURE_OWN = 125,
  EXIT_CANNOT_EXEC = 126,
  EXIT_NOT_FOUND = 127,
};

#define GRACE_MS 2000 /* between SIGTERM and SIGKILL on timeout */

static const char *program_name = "pidfd-run";

/* ------------------------------------------------------------ --info */

static const char *
errno_name (int e)
{
  switch (e)
    {
    case ENOSYS: return "ENOSYS";
    case EPERM: return "EPERM";
    case EINVAL: return "EINVAL";
    case E2BIG: return "E2BIG";
    case EBADF: return "EBADF";
    case ENOTTY: return "ENOTTY";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    case EACCES: return "EACCES";
    case ENOENT: return "ENOENT";
    case EBUSY: return "EBUSY";
    case EAGAIN: return "EAGAIN";
    case ENOMEM: return "ENOMEM";
    case ESRCH: return "ESRCH";
    case EFAULT: return "EFAULT";
    default: return NULL;
    }
}

static void
report (const char *name, int error)
{
  if (error == 0)
    printf ("%s: yes\n", name);
  else if (errno_name (error) != NULL)
    printf ("%s: no (%s)\n", name, errno_name (error));
  else
    printf ("%s: no (errno %d)\n", name, error);
}

static void
reap (long pid)
{
  while (waitpid ((pid_t) pid, NULL, 0) < 0 && errno == EINTR)
    continue;
}

/* A fork-like clone3 (no new stack, no shared memory) with FLAGS plus
   CLONE_PIDFD; the child exits at once and is reaped.  0 or an errno.  */
static int
probe_clone3 (uint64_t flags, size_t size, int cgroup_fd)
{
  int pidfd = -1;
  struct pidfdspawn_clone_args args;
  memset (&args, 0, sizeof args);
  args.flags = flags | CLONE_PIDFD;
  args.pidfd = (uint64_t) (uintptr_t) &pidfd;
  args.exit_signal = SIGCHLD;
  if (cgroup_fd >= 0)
    args.cgroup = (uint64_t) cgroup_fd;
  long pid = syscall (__NR_clone3, &args, size);
  if (pid < 0)
    return errno;
  if (pid == 0)
    _exit (0);
  reap (pid);
  if (pidfd >= 0)
    close (pidfd);
  return 0;
}

/* Fork-like clone(CLONE_PIDFD): before Linux 5.2 the flag is silently
   ignored, so success also needs the pidfd written.  x86_64 (and most
   architectures) take parent_tid third; that is where the pidfd goes.
   0, an errno, or -1 for "flag ignored".  */
static int
probe_clone_pidfd (void)
{
  int pidfd = -1;
  long pid = syscall (SYS_clone, (unsigned long) (CLONE_PIDFD | SIGCHLD),
                      0L, &pidfd, 0L, 0L);
  if (pid < 0)
    return errno;
  if (pid == 0)
    _exit (0);
  reap (pid);
  if (pidfd < 0)
    return -1;
  close (pidfd);
  return 0;
}

/* A fork-style clone with FLAGS (no new stack: the child has its own copy
   of the memory) whose child exits at once; then, as the pidfd_open and
   fork rungs do, a pidfd on a process of ours.  0 or an errno.  */
static int
probe_clone_then_pidfd_open (unsigned long flags)
{
  long pid = syscall (SYS_clone, flags | SIGCHLD, 0L, NULL, NULL, 0L);
  if (pid < 0)
    return errno;
  if (pid == 0)
    _exit (0);
  int pidfd = (int) syscall (__NR_pidfd_open, (pid_t) pid, 0);
  int error = pidfd < 0 ? errno : 0;
  reap (pid);
  if (pidfd >= 0)
    close (pidfd);
  return error;
}

static int
mark_and_exit (void *flag)
{
  *(volatile int *) flag = 1;
  _exit (0);
}

/* Whether a CLONE_VM | CLONE_VFORK child's writes reach us, as the library
   asks: not under valgrind or qemu-user, which run such clones as forks.
   1 yes, 0 no, -1 unknown (the clone was refused).  */
static int
probe_memory_shared (void)
{
  static char stack[16384] __attribute__ ((aligned (16)));
  volatile int flag = 0;
  int exit_signal = 0;
  int pid = clone (mark_and_exit, stack + sizeof stack,
                   CLONE_VM | CLONE_VFORK | exit_signal, (void *) &flag);
  if (pid < 0 && errno == EINVAL)
    {
      exit_signal = SIGCHLD;
      pid = clone (mark_and_exit, stack + sizeof stack,
                   CLONE_VM | CLONE_VFORK | exit_signal, (void *) &flag);
    }
  if (pid < 0)
    return -1;
  int shared = flag == 1;
  while (waitpid (pid, NULL, exit_signal == 0 ? __WCLONE : 0) < 0 && errno == EINTR)
    continue;
  return shared;
}

/* What the kernel answers to what rung RUNG does: 0 or an errno.  */
static int
probe_rung (enum pidfdspawn_rung rung)
{
  switch (rung)
    {
    case PIDFDSPAWN_RUNG_clone3:
      return probe_clone3 (0, PIDFDSPAWN_CLONE_ARGS_SIZE_VER0, -1);
    case PIDFDSPAWN_RUNG_clone:
      {
        int error = probe_clone_pidfd ();
        /* Silently ignored before Linux 5.2: the library's child sees no
           pidfd and refuses the rung with ENOSYS.  */
        return error < 0 ? ENOSYS : error;
      }
    case PIDFDSPAWN_RUNG_pidfd_open:
      return probe_clone_then_pidfd_open (CLONE_FILES);
    case PIDFDSPAWN_RUNG_fork:
      return probe_clone_then_pidfd_open (0);
    case PIDFDSPAWN_RUNG_COUNT:
      break;
    }
  return EINVAL;
}

/* Undoes mountinfo's octal escapes (\040 for a space) in place.  */
static void
unescape (char *s)
{
  char *out = s;
  for (; *s != '\0'; ++out)
    if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0'
        && s[2] <= '7' && s[3] >= '0' && s[3] <= '7')
      {
        *out = (char) ((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
        s += 4;
      }
    else
      *out = *s++;
  *out = '\0';
}

/* An fd on our own cgroup v2 directory ("0::PATH" in /proc/self/cgroup,
   under a cgroup2 mount whose root is a prefix of PATH), or -1.  */
static int
open_own_cgroup (void)
{
  char *line = NULL, path[PATH_MAX] = "", dir[2 * PATH_MAX];
  size_t line_size = 0;
  int fd = -1;
  FILE *f = fopen ("/proc/self/cgroup", "re");
  if (f == NULL)
    return -1;
  while (getline (&line, &line_size, f) > 0)
    if (strncmp (line, "0::", 3) == 0)
      {
        line[strcspn (line, "\n")] = '\0';
        snprintf (path, sizeof path, "%s", line + 3);
      }
  fclose (f);
  if (path[0] != '/' || (f = fopen ("/proc/self/mountinfo", "re")) == NULL)
    {
      free (line);
      return -1;
    }
  /* ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE ...  */
  while (fd < 0 && getline (&line, &line_size, f) > 0)
    {
      char root[PATH_MAX], mnt[PATH_MAX], fstype[64];
      const char *sep = strstr (line, " - ");
      if (sep == NULL || sscanf (sep, " - %63s", fstype) != 1
          || strcmp (fstype, "cgroup2") != 0
          || sscanf (line, "%*s %*s %*s %4095s %4095s", root, mnt) != 2)
        continue;
      unescape (root);
      unescape (mnt);
      size_t rlen = strcmp (root, "/") == 0 ? 0 : strlen (root);
      if (strncmp (path, root, rlen) != 0
          || (path[rlen] != '/' && path[rlen] != '\0'))
        continue;
      snprintf (dir, sizeof dir, "%s%s", mnt, path + rlen);
      fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    }
  free (line);
  fclose (f);
  return fd;
}

static int
info (void)
{
  int clone3_error = probe_clone3 (0, PIDFDSPAWN_CLONE_ARGS_SIZE_VER0, -1);
  report ("clone3", clone3_error);

  int clone_error = probe_clone_pidfd ();
  if (clone_error < 0)
    printf ("clone_pidfd: no (flag ignored)\n");
  else
    report ("clone_pidfd", clone_error);

  report ("clone3_clear_sighand",
          probe_clone3 (CLONE_CLEAR_SIGHAND, PIDFDSPAWN_CLONE_ARGS_SIZE_VER0, -1));

  int cgroup_fd = open_own_cgroup ();
  if (cgroup_fd < 0)
    printf ("clone3_into_cgroup: unknown (no cgroup2 directory)\n");
  else
    {
      /* E2BIG: a kernel that does not know the 88-byte struct.  */
      report ("clone3_into_cgroup",
              probe_clone3 (CLONE_INTO_CGROUP, PIDFDSPAWN_CLONE_ARGS_SIZE_VER2, cgroup_fd));
      close (cgroup_fd);
    }

  int self = (int) syscall (__NR_pidfd_open, getpid (), 0);
  int pidfd_open_error = self < 0 ? errno : 0;
  report ("pidfd_open", pidfd_open_error);

  /* EBADF on an fd that cannot be open proves P_PIDFD is understood.  A
     real siginfo: valgrind answers EFAULT for NULL.  */
  int waitid_error = 0;
  siginfo_t waitid_info;
  if (syscall (SYS_waitid, P_PIDFD, INT_MAX, &waitid_info, WEXITED, NULL) == 0)
    waitid_error = EINVAL;
  else if (errno != EBADF)
    waitid_error = errno;
  report ("waitid_pidfd", waitid_error);

  /* Closing the range [~0U, ~0U] closes nothing.  */
  report ("close_range",
          syscall (__NR_close_range, ~0U, ~0U, 0) == 0 ? 0 : errno);

  if (self < 0)
    printf ("pidfd_get_info: unknown (no pidfd)\n");
  else
    {
      struct pidfd_info pinfo;
      memset (&pinfo, 0, sizeof pinfo);
      pinfo.mask = PIDFD_INFO_PID;
      report ("pidfd_get_info",
              ioctl (self, PIDFDSPAWN_PIDFD_GET_INFO_VER0, &pinfo) == 0
                ? 0 : errno);
      close (self);
    }

  int fdinfo = open ("/proc/self/fdinfo", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  report ("procfs", fdinfo >= 0 ? 0 : errno);
  if (fdinfo >= 0)
    close (fdinfo);

#ifdef __GLIBC__
  printf ("libc: glibc %s\n", gnu_get_libc_version ());
#elif defined PIDFDSPAWN_LIBC_MUSL
  /* musl has no version macro or function by design.  */
  printf ("libc: musl\n");
#else
  printf ("libc: unknown (not glibc)\n");
#endif
  struct utsname u;
  if (uname (&u) == 0)
    printf ("kernel: %s %s\n", u.sysname, u.release);
  else
    printf ("kernel: unknown\n");

  /* The library's rule (lib/ladder.h): the first rung whose probe is not
     one of that rung's refusals, or only the forced one; a rung that needs
     shared memory is passed over where CLONE_VM does not share it.  */
  static const struct
  {
    const char *name;
    int memory;
    int refusals[PIDFDSPAWN_LADDER_MAX_REFUSALS];
  } ladder[] = {
#define RULES(name, memory, refusals) \
    { #name, PIDFDSPAWN_MEMORY_##memory, PIDFDSPAWN_LADDER_LIST refusals },
    PIDFDSPAWN_LADDER (RULES)
#undef RULES
  };
  const char *forced = getenv ("PIDFDSPAWN_RUNG");
  int first = 0, last = PIDFDSPAWN_RUNG_COUNT;
  if (forced != NULL && forced[0] != '\0' && strcmp (forced, "auto") != 0)
    {
      for (first = 0; first < last && strcmp (forced, ladder[first].name) != 0;)
        ++first;
      if (first == PIDFDSPAWN_RUNG_COUNT)
        {
          printf ("rung: none (EINVAL: unknown PIDFDSPAWN_RUNG)\n");
          return 0;
        }
      last = first + 1;
    }
  const int memory_shared = probe_memory_shared ();
  printf ("clone_vm_shares_memory: %s\n",
          memory_shared > 0 ? "yes" : memory_shared == 0 ? "no" : "unknown");
  const char *rung = NULL;
  for (int i = first; waitid_error == 0 && i < last && rung == NULL; ++i)
    {
      if (ladder[i].memory == PIDFDSPAWN_MEMORY_SHARED && memory_shared == 0)
        {
          printf ("rung %s: refused (memory not shared)\n", ladder[i].name);
          continue;
        }
      int error = probe_rung ((enum pidfdspawn_rung) i);
      int refused = 0;
      for (int k = 0; k < PIDFDSPAWN_LADDER_MAX_REFUSALS; ++k)
        refused |= error != 0 && ladder[i].refusals[k] == error;
      if (!refused)
        {
          rung = ladder[i].name;
          break;
        }
      if (errno_name (error) != NULL)
        printf ("rung %s: refused (%s)\n", ladder[i].name, errno_name (error));
      else
        printf ("rung %s: refused (errno %d)\n", ladder[i].name, error);
    }
  printf ("rung: %s%s\n", rung != NULL ? rung : "none (ENOSYS)",
          rung != NULL && last - first == 1 ? " (PIDFDSPAWN_RUNG)" : "");
  return 0;
}

/* ------------------------------------------------------------- running */

static int
send_signal (int pidfd, int sig)
{
  return (int) syscall (__NR_pidfd_send_signal, pidfd, sig, NULL, 0);
}

static int usage_error (const char *fmt, ...)
  __attribute__ ((__format__ (__printf__, 1, 2)));

static int
usage_error (const char *fmt, ...)
{
  va_list ap;
  fprintf (stderr, "%s: ", program_name);
  va_start (ap, fmt);
  vfprintf (stderr, fmt, ap);
  va_end (ap);
  fprintf (stderr, "\nTry '%s --help' for more information.\n",
           program_name);
  return EXIT_FAILURE_OWN;
}

static int
help (void)
{
  printf ("Usage: %s [OPTION]... [--] COMMAND [ARG]...\n"
          "   or: %s --info\n"
          "Run COMMAND through pidfd_spawnp and wait for it on its pidfd.\n"
          "\n"
          "  --timeout=SECONDS  send SIGTERM after SECONDS (> 0, may be\n"
          "                     fractional), then SIGKILL %d s later\n"
          "  --chdir=DIR        run COMMAND in DIR\n"
          "  --setsid           run COMMAND in a new session\n"
          "  --info             report the kernel's and libc's pidfd support\n"
          "                     and the rung pidfd_spawn would use\n"
          "  --help             display this help and exit\n"
          "  --version          output version information and exit\n"
          "\n"
          "SIGINT and SIGTERM sent to %s are forwarded to COMMAND.\n"
          "\n"
          "Exit status:\n"
          "  124  COMMAND timed out (and was killed)\n"
          "  125  %s itself failed (bad usage, internal error)\n"
          "  126  COMMAND was found but could not be run\n"
          "  127  COMMAND was not found\n"
          "  128+N  COMMAND died from signal N\n"
          "  otherwise, COMMAND's exit status\n",
          program_name, program_name, GRACE_MS / 1000, program_name,
          program_name);
  return 0;
}

/* Strictly digits with at most one '.', and > 0: "abc", "-1", "0", "1x",
   "inf" and " 1" are refused.  Returns milliseconds (rounded up), or -1. */
static long long
parse_timeout (const char *s)
{
  size_t digits = strspn (s, "0123456789");
  if (s[digits] == '.')
    digits += 1 + strspn (s + digits + 1, "0123456789");
  if (s[digits] != '\0' || strpbrk (s, "0123456789") == NULL)
    return -1;
  double seconds = strtod (s, NULL);
  if (!(seconds > 0) || seconds > 1e9)
    return -1;
  long long ms = (long long) (seconds * 1000);
  return (double) ms < seconds * 1000 ? ms + 1 : ms;
}

static long long
now_ms (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
main (int argc, char **argv)
{
  static const struct option options[] = {
    { "timeout", required_argument, NULL, 't' },
    { "chdir", required_argument, NULL, 'C' },
    { "setsid", no_argument, NULL, 's' },
    { "info", no_argument, NULL, 'i' },
    { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, 'V' },
    { NULL, 0, NULL, 0 },
  };
  const char *timeout_arg = NULL, *dir = NULL;
  long long timeout_ms = -1;
  int setsid_flag = 0, info_flag = 0, c;

  opterr = 0; /* our own messages, with the --help hint */
  while ((c = getopt_long (argc, argv, "+", options, NULL)) != -1)
    switch (c)
      {
      case 't':
        timeout_arg = optarg;
        if ((timeout_ms = parse_timeout (optarg)) < 0)
          return usage_error ("invalid --timeout value '%s' (want seconds "
                              "> 0, like 10 or 0.5)", optarg);
        break;
      case 'C': dir = optarg; break;
      case 's': setsid_flag = 1; break;
      case 'i': info_flag = 1; break;
      case 'h': return help ();
      case 'V':
        printf ("%s (pidfdspawn) %s\n", program_name, PACKAGE_VERSION);
        return 0;
      default:
        if (optopt == 't' || optopt == 'C')
          return usage_error ("option '%s' needs an argument",
                              argv[optind - 1]);
        return usage_error ("unrecognized option '%s'", argv[optind - 1]);
      }
  if (info_flag)
    return optind == argc ? info ()
           : usage_error ("--info takes no command (got '%s')", argv[optind]);
  if (optind == argc)
    return usage_error ("%s", "missing COMMAND");
  char **cmd = argv + optind;

  /* Refuse a bad --chdir here: a failing chdir in the child would look
     like a missing COMMAND.  */
  if (dir != NULL)
    {
      int fd = open (dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
      if (fd < 0)
        {
          fprintf (stderr, "%s: cannot change directory to %s: %s\n",
                   program_name, dir, strerror (errno));
          return EXIT_FAILURE_OWN;
        }
      close (fd);
    }

  /* SIGINT and SIGTERM are blocked from before the spawn and read from a
     signalfd, so one that arrives at any moment is forwarded, never lost.
     The child gets the original mask back.  */
  sigset_t forward, old_mask;
  sigemptyset (&forward);
  sigaddset (&forward, SIGINT);
  sigaddset (&forward, SIGTERM);
  sigprocmask (SIG_BLOCK, &forward, &old_mask);
  int sigfd = signalfd (-1, &forward, SFD_CLOEXEC);
  if (sigfd < 0)
    {
      fprintf (stderr, "%s: signalfd: %s\n", program_name, strerror (errno));
      return EXIT_FAILURE_OWN;
    }

  posix_spawnattr_t attr;
  posix_spawn_file_actions_t actions;
  posix_spawnattr_init (&attr);
  posix_spawn_file_actions_init (&actions);
  posix_spawnattr_setsigmask (&attr, &old_mask);
  posix_spawnattr_setflags (&attr, (short) (POSIX_SPAWN_SETSIGMASK
                                            | (setsid_flag
                                               ? POSIX_SPAWN_SETSID : 0)));
  if (dir != NULL)
    posix_spawn_file_actions_addchdir_np (&actions, dir);

  int pidfd = -1;
  int error = pidfd_spawnp (&pidfd, cmd[0], &actions, &attr, cmd, environ);
  posix_spawn_file_actions_destroy (&actions);
  posix_spawnattr_destroy (&attr);
  if (error != 0)
    {
      fprintf (stderr, "%s: cannot run %s: %s\n", program_name, cmd[0],
               strerror (error));
      switch (error)
        {
        case ENOENT: case ENOTDIR:
          return EXIT_NOT_FOUND;
        case EACCES: case EPERM: case ENOEXEC: case EISDIR: case ETXTBSY:
        case ELOOP: case ENAMETOOLONG: case ELIBBAD:
          return EXIT_CANNOT_EXEC;
        default:
          return EXIT_FAILURE_OWN;
        }
    }

  pid_t pid = pidfd_getpid (pidfd);
  if (pid > 0)
    fprintf (stderr, "%s: started %s as pid %ld\n", program_name, cmd[0],
             (long) pid);
  else
    fprintf (stderr, "%s: started %s (pid unknown: %s)\n", program_name,
             cmd[0], strerror (errno));

  /* Wait for POLLIN on the pidfd (the child exited), forwarding signals
     and stepping SIGTERM -> SIGKILL at each deadline.  */
  int timed_out = 0;
  long long deadline = timeout_ms > 0 ? now_ms () + timeout_ms : -1;
  struct pollfd fds[2] = { { pidfd, POLLIN, 0 }, { sigfd, POLLIN, 0 } };
  for (;;)
    {
      int wait_ms = -1;
      if (deadline >= 0)
        {
          long long left = deadline - now_ms ();
          wait_ms = left <= 0 ? 0 : left > INT_MAX ? INT_MAX : (int) left;
        }
      int n = poll (fds, 2, wait_ms);
      if (n < 0 && errno != EINTR)
        {
          fprintf (stderr, "%s: poll: %s\n", program_name, strerror (errno));
          return EXIT_FAILURE_OWN;
        }
      if (n > 0 && fds[0].revents != 0)
        break;
      if (n > 0 && fds[1].revents != 0)
        {
          struct signalfd_siginfo si;
          if (read (sigfd, &si, sizeof si) == (ssize_t) sizeof si)
            send_signal (pidfd, (int) si.ssi_signo);
        }
      if (n == 0 && deadline >= 0 && now_ms () >= deadline)
        {
          /* First deadline: SIGTERM and a grace period; second: SIGKILL
             and wait for as long as it takes.  */
          send_signal (pidfd, timed_out ? SIGKILL : SIGTERM);
          deadline = timed_out ? -1 : now_ms () + GRACE_MS;
          timed_out = 1;
        }
    }

  siginfo_t info_out;
  memset (&info_out, 0, sizeof info_out);
  while (syscall (SYS_waitid, P_PIDFD, pidfd, &info_out, WEXITED, NULL)
         < 0)
    if (errno != EINTR)
      {
        fprintf (stderr, "%s: waitid: %s\n", program_name, strerror (errno));
        return EXIT_FAILURE_OWN;
      }
  close (pidfd);
  if (timed_out)
    {
      fprintf (stderr, "%s: %s timed out after %s s, killed\n", program_name,
               cmd[0], timeout_arg);
      return EXIT_TIMEDOUT;
    }
  if (info_out.si_code == CLD_EXITED)
    return info_out.si_status;
  return 128 + info_out.si_status;
}
