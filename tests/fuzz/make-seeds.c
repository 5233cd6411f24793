/* Writes the fuzzers' seed corpora from real inputs (`make fuzz-seeds`):
     make-seeds fdinfo DIR   /proc/self/fdinfo of pidfds (alive, exited, in
                             a nested pid namespace, seen from one where the
                             process is not visible; the last needs root)
                             and of other fds, as the kernel prints them;
     make-seeds file-actions-glibc DIR, make-seeds file-actions-musl DIR
                             file-action objects built by the libc's own
                             add* functions, in that target's input format:
                             built with a glibc compiler, or musl-gcc.
   Each fdinfo seed starts with the byte that picks how the target cuts the
   text into feeds.
   SPDX-License-Identifier: LGPL-2.1-or-later */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mount.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz-input.h"
#include "libc-layouts.h"

static const char *dir;

static FILE *
create (const char *name)
{
  char path[4096];
  snprintf (path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen (path, "wb");
  if (f == NULL)
    {
      perror (path);
      exit (1);
    }
  return f;
}

static void
finish (FILE *f, const char *name)
{
  if (fclose (f) != 0)
    {
      perror (name);
      exit (1);
    }
  printf ("  %s/%s\n", dir, name);
}

/* ---- fdinfo ------------------------------------------------------------ */

static size_t
read_fdinfo (int fd, char *text, size_t size)
{
  char path[64];
  snprintf (path, sizeof path, "/proc/self/fdinfo/%d", fd);
  int info = open (path, O_RDONLY | O_CLOEXEC);
  if (info < 0)
    return 0;
  size_t length = 0;
  ssize_t n;
  while (length < size && (n = read (info, text + length, size - length)) > 0)
    length += (size_t) n;
  close (info);
  return length;
}

static void
write_fdinfo_seed (const char *name, int fd, unsigned chunking)
{
  char text[8192];
  size_t length = read_fdinfo (fd, text, sizeof text);
  if (length == 0)
    {
      fprintf (stderr, "make-seeds: no fdinfo for %s, skipped\n", name);
      return;
    }
  FILE *f = create (name);
  put_u8 (f, chunking);
  fwrite (text, 1, length, f);
  finish (f, name);
}

static int
pidfd_open_ (pid_t pid)
{
  return (int) syscall (SYS_pidfd_open, pid, 0);
}

/* A pidfd of this process read through a procfs of a pid namespace where
   this process is not visible: the kernel prints Pid: 0.  Needs root.  */
static void
pidfd_not_visible (int pidfd)
{
  pid_t child = fork ();
  if (child < 0)
    return;
  if (child == 0)
    {
      if (unshare (CLONE_NEWNS | CLONE_NEWPID) != 0)
        _exit (1);
      pid_t grandchild = fork ();
      if (grandchild == 0)
        {
          if (mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0
              || mount ("proc", "/proc", "proc", 0, NULL) != 0)
            _exit (1);
          write_fdinfo_seed ("pidfd-not-visible", pidfd, 0x81);
          fflush (stdout);
          _exit (0);
        }
      int status;
      _exit (grandchild > 0 && waitpid (grandchild, &status, 0) > 0
             && WIFEXITED (status) ? WEXITSTATUS (status) : 1);
    }
  int status;
  waitpid (child, &status, 0);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    fprintf (stderr, "make-seeds: no Pid: 0 seed (needs root)\n");
}

/* A pidfd of a child in a nested pid namespace: NSpid lists two pids.  */
static void
pidfd_nested (void)
{
  int ready[2];
  if (pipe (ready) != 0)
    return;
  pid_t child = fork ();
  if (child == 0)
    {
      close (ready[1]);
      if (unshare (CLONE_NEWPID) != 0)
        _exit (1);
      pid_t inner = fork ();
      if (inner == 0)
        {
          /* Alive until the parent closes its end.  */
          char c;
          while (read (ready[0], &c, 1) < 0 && errno == EINTR)
            ;
          _exit (0);
        }
      if (inner < 0)
        _exit (1);
      int status;
      waitpid (inner, &status, 0);
      _exit (0);
    }
  close (ready[0]);
  /* The grandchild is the one in the new namespace; find it as the child's
     only child.  */
  char path[64], line[64];
  snprintf (path, sizeof path, "/proc/%d/task/%d/children", (int) child,
            (int) child);
  pid_t inner = 0;
  for (int tries = 0; tries < 1000 && inner == 0; ++tries)
    {
      FILE *f = fopen (path, "r");
      if (f != NULL)
        {
          if (fgets (line, sizeof line, f) != NULL)
            inner = atoi (line);
          fclose (f);
        }
      if (inner == 0)
        usleep (1000);
    }
  if (inner > 0)
    {
      int pidfd = pidfd_open_ (inner);
      if (pidfd >= 0)
        {
          write_fdinfo_seed ("pidfd-nested-namespace", pidfd, 5);
          close (pidfd);
        }
    }
  close (ready[1]);
  int status;
  waitpid (child, &status, 0);
}

static void
fdinfo_seeds (void)
{
  int self = pidfd_open_ (getpid ());
  if (self < 0)
    {
      perror ("pidfd_open");
      exit (1);
    }
  write_fdinfo_seed ("pidfd-alive", self, 0);
  write_fdinfo_seed ("pidfd-alive-byte-feeds", self, 1);

  pid_t child = fork ();
  if (child == 0)
    _exit (0);
  int exited = pidfd_open_ (child);
  int status;
  waitpid (child, &status, 0);
  if (exited >= 0)
    {
      write_fdinfo_seed ("pidfd-exited", exited, 3);
      close (exited);
    }
  pidfd_nested ();
  pidfd_not_visible (self);
  close (self);

  int fds[2];
  if (pipe (fds) == 0)
    {
      write_fdinfo_seed ("pipe", fds[0], 0);
      close (fds[0]);
      close (fds[1]);
    }
  int efd = eventfd (3, EFD_CLOEXEC);
  if (efd >= 0)
    write_fdinfo_seed ("eventfd", efd, 2);
  int ep = epoll_create1 (EPOLL_CLOEXEC);
  if (ep >= 0 && efd >= 0)
    {
      struct epoll_event ev = { .events = EPOLLIN, .data.fd = efd };
      epoll_ctl (ep, EPOLL_CTL_ADD, efd, &ev);
      write_fdinfo_seed ("epoll", ep, 0x90);
      close (ep);
    }
  if (efd >= 0)
    close (efd);
  sigset_t set;
  sigemptyset (&set);
  sigaddset (&set, SIGUSR1);
  int sfd = signalfd (-1, &set, SFD_CLOEXEC);
  if (sfd >= 0)
    {
      write_fdinfo_seed ("signalfd", sfd, 7);
      close (sfd);
    }
  int tfd = timerfd_create (CLOCK_MONOTONIC, TFD_CLOEXEC);
  if (tfd >= 0)
    {
      write_fdinfo_seed ("timerfd", tfd, 0xc3);
      close (tfd);
    }
  int file = open ("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  if (file >= 0)
    {
      write_fdinfo_seed ("regular-file", file, 0);
      close (file);
    }
}

/* ---- file actions ------------------------------------------------------ */

static void
build_every_kind (posix_spawn_file_actions_t *fa)
{
  posix_spawn_file_actions_init (fa);
  posix_spawn_file_actions_addclose (fa, 5);
  posix_spawn_file_actions_adddup2 (fa, 6, 1);
  posix_spawn_file_actions_addopen (fa, 7, "/tmp/some file",
                                    O_WRONLY | O_CREAT | O_APPEND, 0640);
  posix_spawn_file_actions_addchdir_np (fa, "/var/tmp");
  posix_spawn_file_actions_addfchdir_np (fa, 8);
#ifdef __GLIBC__
# if __GLIBC_PREREQ (2, 35)
  posix_spawn_file_actions_addclosefrom_np (fa, 9);
  posix_spawn_file_actions_addtcsetpgrp_np (fa, 10);
# endif
#endif
  posix_spawn_file_actions_adddup2 (fa, 2, 2);
  posix_spawn_file_actions_addopen (fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addclose (fa, 0);
}

static void
build_many (posix_spawn_file_actions_t *fa, int n)
{
  posix_spawn_file_actions_init (fa);
  for (int i = 0; i < n; ++i)
    switch (i % 4)
      {
      case 0: posix_spawn_file_actions_addclose (fa, i); break;
      case 1: posix_spawn_file_actions_adddup2 (fa, i, i + 1000); break;
      case 2: posix_spawn_file_actions_addfchdir_np (fa, i); break;
      default:
        posix_spawn_file_actions_addopen (fa, i, "/etc/passwd", O_RDONLY, 0);
        break;
      }
}

#ifdef __GLIBC__
/* fuzz-file-actions-glibc's input for FA; BAD_TAG_AT >= 0 puts tag 7
   there; FLAGS as the target reads them.  */
static void
write_glibc (const char *name, const posix_spawn_file_actions_t *fa,
             int bad_tag_at, unsigned flags)
{
  const struct glibc_action *a = (const void *) fa->__actions;
  FILE *f = create (name);
  put_u8 (f, (unsigned) fa->__allocated);
  put_u8 (f, 0);                       /* __allocated: the real size */
  put_u8 (f, (unsigned) fa->__used);   /* __used, below allocated + 2 */
  put_u8 (f, flags | (a == NULL));
  put_u8 (f, (unsigned) fa->__used);   /* room for every action */
  for (int i = 0; i < fa->__allocated; ++i)
    {
      int tag = i < fa->__used ? a[i].tag : 0;
      /* Selector 0xe8 is tag 7, the first glibc does not have.  */
      put_u8 (f, i == bad_tag_at ? 0xe8 : (unsigned) tag);
      int fd = 0, second = 0;
      mode_t mode = 0;
      const char *path = NULL;
      switch (i < fa->__used ? tag : -1)
        {
        case GLIBC_DUP2:
          fd = a[i].action.dup2_action.fd;
          second = a[i].action.dup2_action.newfd;
          break;
        case GLIBC_OPEN:
          fd = a[i].action.open_action.fd;
          second = a[i].action.open_action.oflag;
          mode = a[i].action.open_action.mode;
          path = a[i].action.open_action.path;
          break;
        case GLIBC_CHDIR: path = a[i].action.chdir_action.path; break;
        case -1: break;
        default: fd = a[i].action.close_action.fd; break;
        }
      put_i32 (f, fd);
      put_i32 (f, second);
      put_u32 (f, mode);
      put_path (f, path);
    }
  finish (f, name);
}
#else
/* fuzz-file-actions-musl's input for FA, with up to one corruption: node
   FROM's link WHAT (0 head, 1 next, 2 prev) set to node TO.  */
static void
write_musl (const char *name, const posix_spawn_file_actions_t *fa,
            int from, int what, int to)
{
  const struct musl_fdop *head
    = ((const struct musl_file_actions *) (const void *) fa)->actions;
  int n = 0;
  for (const struct musl_fdop *op = head; op != NULL; op = op->next)
    ++n;
  FILE *f = create (name);
  put_u8 (f, (unsigned) n);
  put_u8 (f, 0);
  put_u8 (f, (unsigned) n);
  for (const struct musl_fdop *op = head; op != NULL; op = op->next)
    {
      put_u8 (f, (unsigned) (op->cmd - MUSL_CLOSE));
      put_i32 (f, op->fd);
      put_i32 (f, op->srcfd);
      put_i32 (f, op->oflag);
      put_u32 (f, op->mode);
      put_path (f, op->cmd == MUSL_OPEN || op->cmd == MUSL_CHDIR ? op->path
                                                                 : NULL);
    }
  put_u8 (f, from >= 0);
  if (from >= 0)
    {
      put_u8 (f, (unsigned) from);
      put_u8 (f, (unsigned) what);
      put_u8 (f, (unsigned) to);
    }
  finish (f, name);
}
#endif

static void
file_action_seeds (void)
{
  posix_spawn_file_actions_t empty, every, many;
  posix_spawn_file_actions_init (&empty);
  build_every_kind (&every);
  build_many (&many, 30);
#ifdef __GLIBC__
  write_glibc ("empty", &empty, -1, 0);
  write_glibc ("null-object", &empty, -1, 2);
  write_glibc ("every-kind", &every, -1, 0);
  write_glibc ("unknown-tag", &every, 3, 0);
  write_glibc ("thirty", &many, -1, 0);
#else
  write_musl ("empty", &empty, -1, 0, 0);
  write_musl ("every-kind", &every, -1, 0, 0);
  write_musl ("thirty", &many, -1, 0, 0);
  /* The oldest node's next back to the second: a loop.  */
  write_musl ("loop", &every, 7, 1, 1);
  /* The head with a newer neighbour.  */
  write_musl ("head-has-prev", &every, 0, 2, 5);
#endif
  posix_spawn_file_actions_destroy (&empty);
  posix_spawn_file_actions_destroy (&every);
  posix_spawn_file_actions_destroy (&many);
}

int
main (int argc, char **argv)
{
#ifdef __GLIBC__
  static const char file_actions[] = "file-actions-glibc";
#else
  static const char file_actions[] = "file-actions-musl";
#endif
  if (argc != 3)
    {
      fprintf (stderr, "usage: make-seeds fdinfo|%s DIR\n", file_actions);
      return 2;
    }
  dir = argv[2];
  setvbuf (stdout, NULL, _IOLBF, 0);
  if (strcmp (argv[1], "fdinfo") == 0)
    fdinfo_seeds ();
  else if (strcmp (argv[1], file_actions) == 0)
    file_action_seeds ();
  else
    {
      fprintf (stderr, "make-seeds: no corpus '%s' from this libc\n",
               argv[1]);
      return 2;
    }
  return 0;
}
