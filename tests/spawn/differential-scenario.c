/* SPDX-License-Identifier: LGPL-2.1-or-later */
#define _GNU_SOURCE
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif
#include "differential-scenario.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* The generator.  */

static uint64_t
splitmix64 (uint64_t *state)
{
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

void
rng_seed (struct rng *rng, uint64_t seed, uint64_t index)
{
  uint64_t mix = seed;
  rng->state = splitmix64 (&mix) ^ (index * 0xd1b54a32d192ed03ULL);
}

uint64_t
rng_next (struct rng *rng)
{
  return splitmix64 (&rng->state);
}

unsigned
rng_below (struct rng *rng, unsigned n)
{
  return n == 0 ? 0 : (unsigned) (rng_next (rng) % n);
}

int
rng_chance (struct rng *rng, unsigned percent)
{
  return rng_below (rng, 100) < percent;
}

static char *
store (struct scenario *s, const char *text)
{
  size_t len = strlen (text) + 1;
  if (s->strings_used + len > sizeof s->strings)
    return (char *) "overflow";
  char *p = s->strings + s->strings_used;
  memcpy (p, text, len);
  s->strings_used += len;
  return p;
}

/* A printable string of LEN characters (no newline: the probe reports one
   item a line).  */
static char *
random_text (struct scenario *s, struct rng *rng, size_t len)
{
  if (s->strings_used + len + 1 > sizeof s->strings)
    len = 0;
  if (s->strings_used + 1 > sizeof s->strings)
    return (char *) "";
  char *p = s->strings + s->strings_used;
  static const char alphabet[]
    = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
      " _-.,:;/=+*%$#@!?'\"\\~^&()[]{}<>|";
  for (size_t i = 0; i < len; ++i)
    p[i] = alphabet[rng_below (rng, sizeof alphabet - 1)];
  p[len] = '\0';
  s->strings_used += len + 1;
  return p;
}

static size_t
random_length (struct rng *rng)
{
  switch (rng_below (rng, 10))
    {
    case 0: return 0;
    case 1: return 1000 + rng_below (rng, 4000);   /* long */
    default: return 1 + rng_below (rng, 16);
    }
}

static int
parent_has_fd (const struct scenario *s, int fd)
{
  for (int i = 0; i < s->parent_fd_count; ++i)
    if (s->parent_fds[i].fd == fd)
      return 1;
  return 0;
}

/* What the generator knows of the child's fd table while it appends
   actions, so that a scenario that should succeed only names fds that are
   open (cloexec ones are: they close at exec, after the actions).  */
struct fd_model
{
  unsigned char open[MAX_SCENARIO_FD];
  unsigned char dir[MAX_SCENARIO_FD];
};

static void
model_init (struct fd_model *m, const struct scenario *s)
{
  memset (m, 0, sizeof *m);
  m->open[0] = m->open[1] = m->open[2] = 1;
  for (int i = 0; i < s->parent_fd_count; ++i)
    {
      m->open[s->parent_fds[i].fd] = 1;
      m->dir[s->parent_fds[i].fd] = s->parent_fds[i].kind == PFD_DIR;
    }
  if (s->terminal_fd >= 0)
    m->open[s->terminal_fd] = 1;
}

/* An fd that is open (WANT_DIR: and a directory), or -1.  */
static int
model_pick_open (const struct fd_model *m, struct rng *rng, int want_dir)
{
  int candidates[MAX_SCENARIO_FD], n = 0;
  for (int fd = 0; fd < MAX_SCENARIO_FD; ++fd)
    if (m->open[fd] && (!want_dir || m->dir[fd]))
      candidates[n++] = fd;
  return n == 0 ? -1 : candidates[rng_below (rng, (unsigned) n)];
}

/* A target for an action: any fd in range but 1 (the report).  */
static int
pick_target (const struct fd_model *m, struct rng *rng)
{
  if (rng_chance (rng, 40))
    {
      int fd = model_pick_open (m, rng, 0);
      if (fd >= 0 && fd != 1)
        return fd;
    }
  if (rng_chance (rng, 10))
    return rng_chance (rng, 50) ? 0 : 2;
  return 3 + (int) rng_below (rng, MAX_SCENARIO_FD - 3);
}

/* Any fd, open or not (for the hostile scenarios).  */
static int
pick_any (const struct fd_model *m, struct rng *rng)
{
  if (rng_chance (rng, 50))
    {
      int fd = model_pick_open (m, rng, 0);
      if (fd >= 0)
        return fd;
    }
  return (int) rng_below (rng, MAX_SCENARIO_FD);
}

static const int signal_pool_size = 64;

/* Signals the parent may ignore, catch or block: not SIGKILL/SIGSTOP (the
   kernel refuses).  */
static int
random_signal (struct rng *rng)
{
  for (;;)
    {
      int sig = 1 + (int) rng_below (rng, (unsigned) signal_pool_size);
      if (sig != SIGKILL && sig != SIGSTOP)
        return sig;
    }
}

static uint64_t
random_signal_set (struct rng *rng)
{
  uint64_t set = 0;
  switch (rng_below (rng, 6))
    {
    case 0:
      return 0;
    case 1:
      return ~0ULL;
    default:
      for (unsigned n = rng_below (rng, 8); n > 0; --n)
        set |= 1ULL << (random_signal (rng) - 1);
      return set;
    }
}

static const char *
join_dir (struct scenario *s, const char *dir, const char *name)
{
  char buffer[PATH_MAX];
  snprintf (buffer, sizeof buffer, "%s/%s", dir, name);
  return store (s, buffer);
}

/* PATH for posix_spawnp: unset, empty, inherited, or entries naming the
   fixture's directories (relative ones resolve in the child's cwd).  A
   scenario meant to succeed has the probe's directory in it.  */
static void
generate_path_env (struct scenario *s, struct rng *rng, const char *dir)
{
  if (s->hostile)
    switch (rng_below (rng, 6))
      {
      case 0:
        s->path_env = PATH_UNSET;
        return;
      case 1:
        s->path_env = PATH_SET;
        s->path_value = "";
        return;
      case 2:
        s->path_env = PATH_KEEP;
        return;
      default:
        break;
      }
  static const char *const entries[] = {
    "missing", "noexec", "enoexec", "file", "", "sub", "/nonexistent-dir",
    ".", "bin"
  };
  const unsigned entry_count = sizeof entries / sizeof *entries;
  char value[4 * PATH_MAX] = "";
  unsigned n = 1 + rng_below (rng, 5);
  unsigned with_probe = s->hostile ? n : rng_below (rng, n);
  for (unsigned i = 0; i < n; ++i)
    {
      const char *e;
      if (i == with_probe)
        e = "bin";
      else
        {
          /* After the probe's directory, an ENOEXEC file would only
             matter when nothing came before: keep the successes clean.  */
          e = entries[rng_below (rng, s->hostile ? entry_count : entry_count - 1)];
          if (!s->hostile && i < with_probe && strcmp (e, "enoexec") == 0)
            e = "missing";
        }
      char part[PATH_MAX + 200];
      if (s->hostile && rng_chance (rng, 12))
        {
          /* Longer than a file name (ENAMETOOLONG from the kernel), or
             than a whole path: posix_spawnp skips such an entry.  */
          size_t len = rng_chance (rng, 50) ? NAME_MAX + 20 : PATH_MAX + 100;
          memset (part, 'd', len);
          part[0] = '/';
          part[len] = '\0';
        }
      else if (e[0] == '\0' || e[0] == '/' || e[0] == '.' || rng_chance (rng, 20))
        snprintf (part, sizeof part, "%s", e);
      else
        snprintf (part, sizeof part, "%s/%s", dir, e);
      if (i > 0)
        strcat (value, ":");
      strncat (value, part, sizeof value - strlen (value) - 1);
    }
  s->path_env = PATH_SET;
  s->path_value = store (s, value);
}

static void
generate_file (struct scenario *s, struct rng *rng, const char *dir,
               const char *probe)
{
  if (s->search)
    {
      static const char *const good[] = { "probe", "probe", "probe", "ABSOLUTE", "exit3" };
      /* "true" lives in /usr/bin: found through glibc's default path
         when PATH is unset.  */
      static const char *const bad[] = {
        "probe", "exit3", "nosuch", "", "bin/probe", "./bin/probe", "LONG",
        "sub", "true"
      };
      const char *name = s->hostile ? bad[rng_below (rng, sizeof bad / sizeof *bad)]
                                    : good[rng_below (rng, sizeof good / sizeof *good)];
      if (strcmp (name, "LONG") == 0)
        {
          char buffer[NAME_MAX + 40];
          memset (buffer, 'n', sizeof buffer - 1);
          buffer[sizeof buffer - 1] = '\0';
          s->file = store (s, buffer);
        }
      else if (strcmp (name, "ABSOLUTE") == 0)
        s->file = probe;
      else
        s->file = name;
      return;
    }
  static const char *const good[] = { "PROBE", "PROBE", "PROBE", "bin/probe", "bin/exit3" };
  static const char *const bad[] = {
    "PROBE", "noexec/probe", "enoexec/probe", "missing/probe", "sub",
    "EMPTY", "file/probe", "RELATIVE"
  };
  const char *p = s->hostile ? bad[rng_below (rng, sizeof bad / sizeof *bad)]
                             : good[rng_below (rng, sizeof good / sizeof *good)];
  if (strcmp (p, "PROBE") == 0)
    s->file = probe;
  else if (strcmp (p, "EMPTY") == 0)
    s->file = "";
  else if (strcmp (p, "RELATIVE") == 0)
    s->file = "bin/probe";   /* resolved in the child's cwd, after chdir */
  else
    s->file = join_dir (s, dir, p);
}

static void
generate_args (struct scenario *s, struct rng *rng)
{
  int argc;
  switch (rng_below (rng, 12))
    {
    case 0: argc = 0; break;                              /* empty argv */
    case 1: argc = 20 + (int) rng_below (rng, MAX_ARGS - 20); break;  /* many */
    default: argc = 1 + (int) rng_below (rng, 5); break;
    }
  s->argc = argc;
  for (int i = 0; i < argc; ++i)
    s->argv[i] = random_text (s, rng, i == 0 ? 1 + rng_below (rng, 12)
                                             : random_length (rng));
  s->argv[argc] = NULL;
  /* Sometimes the probe's "exit N" mode: no report, a chosen status.  */
  if (argc >= 1 && argc <= 3 && rng_chance (rng, 8))
    {
      char status[8];
      snprintf (status, sizeof status, "%u", rng_below (rng, 256));
      s->argc = 3;
      s->argv[1] = (char *) "--exit";
      s->argv[2] = store (s, status);
      s->argv[3] = NULL;
    }

  s->envp_null = rng_chance (rng, 5);
  int envc;
  switch (rng_below (rng, 10))
    {
    case 0: envc = 0; break;
    case 1: envc = 20 + (int) rng_below (rng, MAX_ENV - 20); break;
    default: envc = 1 + (int) rng_below (rng, 4); break;
    }
  for (int i = 0; i < envc; ++i)
    {
      char head[32];
      if (rng_chance (rng, 10))
        /* posix_spawnp searches the caller's PATH, never envp's.  */
        snprintf (head, sizeof head, "PATH=");
      else
        snprintf (head, sizeof head, "V%d_%u=", i, rng_below (rng, 1000));
      char *value = random_text (s, rng, random_length (rng));
      size_t need = strlen (head) + strlen (value) + 1;
      if (s->strings_used + need > sizeof s->strings)
        {
          envc = i;
          break;
        }
      char *entry = s->strings + s->strings_used;
      snprintf (entry, need, "%s%s", head, value);
      s->strings_used += need;
      s->envp[i] = entry;
    }
  s->envp[envc] = NULL;
}

/* An open action.  Paths stay inside the fixture (relative ones too:
   chdir actions never leave it), and nothing is ever opened for writing
   through bin/probe, the symlink to the real probe.  */
static void
generate_open (struct scenario *s, struct rng *rng, const char *dir,
               struct fd_model *m, struct action *a)
{
  static const char *const good_paths[] = {
    "ABS:data", "ABS:new", "/dev/null", "data", "new", "sub/data2", "ABS:sub"
  };
  static const char *const bad_paths[] = {
    "ABS:missing/x", "ABS:bin/probe", "ABS:file/x", "ABS:sub", "missing",
    "ABS:data", "new"
  };
  a->fd = pick_target (m, rng);
  const char *p = s->hostile && rng_chance (rng, 50)
                    ? bad_paths[rng_below (rng, sizeof bad_paths / sizeof *bad_paths)]
                    : good_paths[rng_below (rng, sizeof good_paths / sizeof *good_paths)];
  int is_dir = strcmp (p, "ABS:sub") == 0;
  if (strstr (p, "new") != NULL)
    {
      /* A file of its own, or one an earlier action made.  */
      char name[32];
      snprintf (name, sizeof name, "new%u", rng_below (rng, 3));
      p = strncmp (p, "ABS:", 4) == 0 ? join_dir (s, dir, name) : store (s, name);
    }
  else if (strncmp (p, "ABS:", 4) == 0)
    p = join_dir (s, dir, p + 4);
  a->path = p;
  static const int access_modes[] = { O_RDONLY, O_WRONLY, O_RDWR };
  a->oflag = is_dir && !s->hostile ? O_RDONLY : access_modes[rng_below (rng, 3)];
  static const int extra_flags[] = {
    O_APPEND, O_TRUNC, O_NONBLOCK, O_CLOEXEC, O_CREAT, O_EXCL, O_DIRECTORY,
    O_NOFOLLOW
  };
  for (unsigned k = 0; k < sizeof extra_flags / sizeof *extra_flags; ++k)
    {
      const int flag = extra_flags[k];
      unsigned chance = 20;
      if (flag == O_CREAT)
        chance = strstr (p, "new") != NULL ? (s->hostile ? 80 : 100) : 20;
      else if (flag == O_EXCL || flag == O_DIRECTORY || flag == O_NOFOLLOW)
        chance = s->hostile ? 15 : 0;
      if (flag == O_DIRECTORY && is_dir)
        chance = 50;
      if (flag == O_TRUNC && (is_dir || (!s->hostile && (a->oflag & O_ACCMODE) == O_RDONLY)))
        chance = 0;
      if (rng_chance (rng, chance))
        a->oflag |= flag;
    }
  if (strstr (p, "bin/probe") != NULL)
    {
      /* O_NOFOLLOW on the symlink: ELOOP, never a write to the probe.  */
      a->oflag |= O_NOFOLLOW;
      a->oflag &= ~O_CREAT;
    }
  static const mode_t modes[] = { 0600, 0644, 0755, 0, 0444, 07777 };
  a->mode = modes[rng_below (rng, sizeof modes / sizeof *modes)];
  m->open[a->fd] = 1;
  m->dir[a->fd] = (unsigned char) is_dir;
}

static void
generate_actions (struct scenario *s, struct rng *rng, const char *dir)
{
  s->use_actions = !rng_chance (rng, 10);
  if (!s->use_actions)
    return;
  int count;
  switch (rng_below (rng, 10))
    {
    case 0: count = 0; break;
    case 1: count = MAX_ACTIONS; break;
    default: count = 1 + (int) rng_below (rng, 5); break;
    }
  static const char *const good_dirs[] = { "ABS:sub", "sub", "ABS:", "ABS:bin" };
  static const char *const bad_dirs[] = { "ABS:missing", "ABS:file", "missing", "ABS:sub/data2" };
  struct fd_model model;
  model_init (&model, s);
  for (int i = 0; i < count; ++i)
    {
      struct action *a = &s->actions[s->action_count];
      memset (a, 0, sizeof *a);
      unsigned kind = rng_below (rng, ACT_KIND_COUNT + 2);
      if (kind >= ACT_KIND_COUNT)
        kind = rng_chance (rng, 50) ? ACT_OPEN : ACT_DUP2;  /* the common ones */
#ifndef HAVE_POSIX_SPAWN_FILE_ACTIONS_ADDCLOSEFROM_NP
      if (kind == ACT_CLOSEFROM)
        kind = ACT_CLOSE;
#endif
#ifndef HAVE_POSIX_SPAWN_FILE_ACTIONS_ADDTCSETPGRP_NP
      if (kind == ACT_TCSETPGRP)
        kind = ACT_CLOSE;
#endif
      if (kind == ACT_TCSETPGRP && !s->hostile
          && (s->terminal_fd < 0 || !model.open[s->terminal_fd]))
        kind = ACT_CLOSE;
      if (kind == ACT_FCHDIR && !s->hostile && model_pick_open (&model, rng, 1) < 0)
        kind = ACT_CHDIR;
      a->kind = (enum action_kind) kind;
      switch (a->kind)
        {
        case ACT_OPEN:
          generate_open (s, rng, dir, &model, a);
          break;
        case ACT_DUP2:
          {
            int from = s->hostile ? pick_any (&model, rng) : model_pick_open (&model, rng, 0);
            a->fd = from < 0 ? 1 : from;
            a->newfd = rng_chance (rng, 20) ? a->fd : pick_target (&model, rng);
            if (a->newfd == 1)
              a->newfd = 2;
            if (model.open[a->fd])
              {
                model.open[a->newfd] = 1;
                model.dir[a->newfd] = model.dir[a->fd];
              }
            break;
          }
        case ACT_CLOSE:
          switch (rng_below (rng, s->hostile ? 10 : 8))
            {
            case 8: a->fd = -1; break;          /* the adder refuses */
            case 9: a->fd = 1 << 24; break;     /* beyond any limit: refused */
            default:
              a->fd = pick_any (&model, rng);
              if (a->fd == 1)
                a->fd = 2;
              break;
            }
          if (a->fd >= 0 && a->fd < MAX_SCENARIO_FD)
            model.open[a->fd] = 0;
          break;
        case ACT_CHDIR:
          {
            const char *p = s->hostile && rng_chance (rng, 50)
                              ? bad_dirs[rng_below (rng, sizeof bad_dirs / sizeof *bad_dirs)]
                              : good_dirs[rng_below (rng, sizeof good_dirs / sizeof *good_dirs)];
            a->path = strncmp (p, "ABS:", 4) == 0 ? join_dir (s, dir, p + 4) : p;
            break;
          }
        case ACT_FCHDIR:
          a->fd = s->hostile ? pick_any (&model, rng) : model_pick_open (&model, rng, 1);
          break;
        case ACT_CLOSEFROM:
          a->fd = 2 + (int) rng_below (rng, MAX_SCENARIO_FD - 1);
          for (int fd = a->fd; fd < MAX_SCENARIO_FD; ++fd)
            if (fd != 1)
              model.open[fd] = 0;
          break;
        case ACT_TCSETPGRP:
          a->fd = s->terminal_fd >= 0 && rng_chance (rng, 70) ? s->terminal_fd
                                                               : pick_any (&model, rng);
          break;
        case ACT_KIND_COUNT:
          break;
        }
      ++s->action_count;
    }
}

static void
generate_attributes (struct scenario *s, struct rng *rng)
{
  s->use_attr = !rng_chance (rng, 15);
  if (!s->use_attr)
    return;
  static const short flag_pool[] = {
    POSIX_SPAWN_SETSIGMASK, POSIX_SPAWN_SETSIGDEF, POSIX_SPAWN_SETPGROUP,
    POSIX_SPAWN_SETSID, POSIX_SPAWN_RESETIDS, POSIX_SPAWN_SETSCHEDPARAM,
    POSIX_SPAWN_SETSCHEDULER, POSIX_SPAWN_USEVFORK
  };
  static const unsigned flag_chance[] = { 35, 35, 25, 10, 20, 12, 12, 10 };
  for (unsigned i = 0; i < sizeof flag_pool / sizeof *flag_pool; ++i)
    if (rng_chance (rng, flag_chance[i]))
      s->flags |= flag_pool[i];
  if (s->hostile && rng_chance (rng, 5))
    s->flags |= 0x4000;   /* no such flag: the setter's answer is compared */
  s->sigmask = random_signal_set (rng);
  s->sigdefault = random_signal_set (rng);
  s->pgroup = (enum pgroup_choice) rng_below (rng, s->hostile ? 3 : 2);
  s->set_policy = rng_chance (rng, 40);
  static const int good_policies[] = { SCHED_OTHER, SCHED_BATCH, SCHED_IDLE };
  static const int bad_policies[] = {
    SCHED_OTHER, SCHED_FIFO, SCHED_RR, SCHED_BATCH, SCHED_IDLE, 12345, -1
  };
  s->policy = s->hostile ? bad_policies[rng_below (rng, sizeof bad_policies / sizeof *bad_policies)]
                         : good_policies[rng_below (rng, sizeof good_policies / sizeof *good_policies)];
  s->set_param = rng_chance (rng, 40);
  static const int priorities[] = { 0, 0, 1, 5, -1, 1000 };
  s->priority = s->hostile ? priorities[rng_below (rng, sizeof priorities / sizeof *priorities)] : 0;
}

static void
generate_parent (struct scenario *s, struct rng *rng)
{
  s->parent_fd_count = (int) rng_below (rng, 6);
  for (int i = 0; i < s->parent_fd_count; ++i)
    {
      int fd;
      do
        fd = 3 + (int) rng_below (rng, 18);
      while (parent_has_fd (s, fd));
      s->parent_fds[i].fd = fd;
      s->parent_fds[i].kind = (enum parent_fd_kind) rng_below (rng, PFD_KIND_COUNT);
      s->parent_fds[i].cloexec = rng_chance (rng, 50);
    }
  if (rng_chance (rng, 60))
    for (unsigned n = 1 + rng_below (rng, 6); n > 0; --n)
      {
        int sig = random_signal (rng);
        s->disposition[sig] = (unsigned char) (1 + rng_below (rng, 2));
        /* An ignored SIGCHLD makes the kernel reap the child: no status
           to compare.  */
        if (sig == SIGCHLD && s->disposition[sig] == DISP_IGNORE)
          s->disposition[sig] = DISP_CATCH;
      }
  if (rng_chance (rng, 40))
    s->blocked = random_signal_set (rng);
  if (rng_chance (rng, 10))
    s->nofile_limit = 12 + 4 * (int) rng_below (rng, 3);
}

void
scenario_generate (struct scenario *s, uint64_t seed, uint64_t index,
                   const char *probe, const char *dir,
                   const struct scenario_machine *machine)
{
  memset (s, 0, offsetof (struct scenario, strings));
  s->strings_used = 0;
  s->seed = seed;
  s->index = index;
  s->terminal_fd = -1;
  struct rng rng;
  rng_seed (&rng, seed, index);

  s->search = rng_chance (&rng, 35);
  s->hostile = rng_chance (&rng, 35);
  generate_parent (s, &rng);
  if (machine->root && rng_chance (&rng, 8))
    s->effective_ids = 4321;
  if (machine->pty && rng_chance (&rng, 8))
    {
      do
        s->terminal_fd = 3 + (int) rng_below (&rng, 18);
      while (parent_has_fd (s, s->terminal_fd));
      s->terminal_cloexec = rng_chance (&rng, 30);
    }
  s->child_nofile = s->nofile_limit != 0 ? s->nofile_limit : machine->nofile;
  if (s->search)
    generate_path_env (s, &rng, dir);
  generate_attributes (s, &rng);
  generate_actions (s, &rng, dir);
  generate_file (s, &rng, dir, probe);
  generate_args (s, &rng);
}

/* ------------------------------------------------------------------ */
/* Description, for a reproducer's --show.  */

static const char *const action_names[] = {
  "open", "dup2", "close", "chdir", "fchdir", "closefrom", "tcsetpgrp"
};
static const char *const fd_kind_names[] = {
  "/dev/null rdonly", "data rdwr at offset 3", "data wronly|append",
  "pipe read end", "sub/ directory"
};

#define APPEND(...)                                                          \
  do                                                                         \
    {                                                                        \
      if (used < size)                                                       \
        used += (size_t) snprintf (out + used, size - used, __VA_ARGS__);    \
    }                                                                        \
  while (0)

void
scenario_describe (const struct scenario *s, char *out, size_t size)
{
  size_t used = 0;
  out[0] = '\0';
  APPEND ("scenario seed %llu index %llu: %s%s\n", (unsigned long long) s->seed,
          (unsigned long long) s->index, s->search ? "spawnp" : "spawn",
          s->hostile ? " (may fail)" : "");
  for (int i = 0; i < s->parent_fd_count; ++i)
    APPEND ("  parent fd %d: %s%s\n", s->parent_fds[i].fd,
            fd_kind_names[s->parent_fds[i].kind],
            s->parent_fds[i].cloexec ? " cloexec" : "");
  for (int sig = 1; sig <= 64; ++sig)
    if (s->disposition[sig] != DISP_DEFAULT)
      APPEND ("  parent signal %d: %s\n", sig,
              s->disposition[sig] == DISP_IGNORE ? "ignored" : "caught");
  if (s->blocked != 0)
    APPEND ("  parent blocks %016llx\n", (unsigned long long) s->blocked);
  if (s->nofile_limit != 0)
    APPEND ("  parent RLIMIT_NOFILE soft %d (after building the actions)\n",
            s->nofile_limit);
  if (s->effective_ids != 0)
    APPEND ("  parent effective uid/gid %d\n", s->effective_ids);
  if (s->terminal_fd >= 0)
    APPEND ("  parent: new session, controlling pty slave at fd %d%s\n",
            s->terminal_fd, s->terminal_cloexec ? " cloexec" : "");
  if (s->path_env == PATH_UNSET)
    APPEND ("  PATH unset\n");
  else if (s->path_env == PATH_SET)
    APPEND ("  PATH='%s'\n", s->path_value);
  if (s->use_attr)
    {
      static const char *const pgroups[] = { "0", "parent's", "missing" };
      APPEND ("  attr flags %#x sigmask %016llx sigdefault %016llx pgroup %s\n",
              (unsigned) s->flags, (unsigned long long) s->sigmask,
              (unsigned long long) s->sigdefault, pgroups[s->pgroup]);
      if (s->set_policy)
        APPEND ("  attr policy %d\n", s->policy);
      if (s->set_param)
        APPEND ("  attr priority %d\n", s->priority);
    }
  else
    APPEND ("  attr NULL\n");
  if (!s->use_actions)
    APPEND ("  file actions NULL\n");
  for (int i = 0; i < s->action_count; ++i)
    {
      const struct action *a = &s->actions[i];
      switch (a->kind)
        {
        case ACT_OPEN:
          APPEND ("  action open fd %d '%s' oflag %#o mode %#o\n", a->fd,
                  a->path, (unsigned) a->oflag, (unsigned) a->mode);
          break;
        case ACT_DUP2:
          APPEND ("  action dup2 %d -> %d\n", a->fd, a->newfd);
          break;
        case ACT_CHDIR:
          APPEND ("  action chdir '%s'\n", a->path);
          break;
        default:
          APPEND ("  action %s %d\n", action_names[a->kind], a->fd);
          break;
        }
    }
  APPEND ("  file '%s'\n", s->file);
  APPEND ("  argc %d:", s->argc);
  for (int i = 0; i < s->argc; ++i)
    {
      size_t len = strlen (s->argv[i]);
      if (len > 40)
        APPEND (" '%.40s'...(%zu)", s->argv[i], len);
      else
        APPEND (" '%s'", s->argv[i]);
    }
  APPEND ("\n");
  if (s->envp_null)
    APPEND ("  envp NULL\n");
  else
    {
      int envc = 0;
      while (s->envp[envc] != NULL)
        ++envc;
      APPEND ("  envc %d\n", envc);
    }
}

/* ------------------------------------------------------------------ */
/* The fixture.  */

static int
write_file (const char *dir, const char *name, const char *content, mode_t mode)
{
  char path[PATH_MAX];
  snprintf (path, sizeof path, "%s/%s", dir, name);
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0)
    return -1;
  size_t len = strlen (content);
  int ok = write (fd, content, len) == (ssize_t) len && fchmod (fd, mode) == 0;
  close (fd);
  return ok ? 0 : -1;
}

static int
make_dir (const char *dir, const char *name)
{
  char path[PATH_MAX];
  snprintf (path, sizeof path, "%s/%s", dir, name);
  return mkdir (path, 0755) == 0 && chmod (path, 0755) == 0 ? 0 : -1;
}

int
fixture_create (const char *dir, const char *probe)
{
  char link[PATH_MAX];
  snprintf (link, sizeof link, "%s/bin/probe", dir);
  if (chmod (dir, 0755) != 0
      || write_file (dir, "data", "0123456789\n", 0644) != 0
      || make_dir (dir, "sub") != 0
      || write_file (dir, "sub/data2", "abc\n", 0644) != 0
      || make_dir (dir, "bin") != 0
      || symlink (probe, link) != 0
      || write_file (dir, "bin/exit3", "#!/bin/sh\nexit 3\n", 0755) != 0
      || make_dir (dir, "noexec") != 0
      || write_file (dir, "noexec/probe", "#!/bin/sh\nexit 0\n", 0644) != 0
      || make_dir (dir, "enoexec") != 0
      || write_file (dir, "enoexec/probe", "\1\2\3 not a program\n", 0755) != 0
      || write_file (dir, "file", "x\n", 0644) != 0)
    return -1;
  return 0;
}

static int
remove_tree_at (int parent, const char *name)
{
  int fd = openat (parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return unlinkat (parent, name, 0);
  DIR *d = fdopendir (fd);
  if (d == NULL)
    {
      close (fd);
      return -1;
    }
  int rc = 0;
  struct dirent *e;
  while ((e = readdir (d)) != NULL)
    if (strcmp (e->d_name, ".") != 0 && strcmp (e->d_name, "..") != 0)
      rc |= remove_tree_at (dirfd (d), e->d_name);
  closedir (d);
  return rc | unlinkat (parent, name, AT_REMOVEDIR);
}

int
fixture_remove (const char *dir, int remove_dir_itself)
{
  DIR *d = opendir (dir);
  if (d == NULL)
    return -1;
  int rc = 0;
  struct dirent *e;
  while ((e = readdir (d)) != NULL)
    if (strcmp (e->d_name, ".") != 0 && strcmp (e->d_name, "..") != 0)
      rc |= remove_tree_at (dirfd (d), e->d_name);
  closedir (d);
  if (remove_dir_itself)
    rc |= rmdir (dir);
  return rc;
}

static void
listing_at (const char *path, const char *shown, char *out, size_t size,
            size_t *usedp)
{
  size_t used = *usedp;
  struct dirent **names;
  int n = scandir (path, &names, NULL, alphasort);
  for (int i = 0; i < n; ++i)
    {
      const char *name = names[i]->d_name;
      if (strcmp (name, ".") != 0 && strcmp (name, "..") != 0)
        {
          char full[PATH_MAX], rel[1024];
          snprintf (full, sizeof full, "%.3000s/%.255s", path, name);
          snprintf (rel, sizeof rel, "%.700s%.255s", shown, name);
          struct stat st;
          if (lstat (full, &st) != 0)
            APPEND ("%s ?\n", rel);
          else if (S_ISDIR (st.st_mode))
            {
              APPEND ("%s/ %04o uid=%d\n", rel, (unsigned) (st.st_mode & 07777),
                      (int) st.st_uid);
              *usedp = used;
              char sub[1100];
              snprintf (sub, sizeof sub, "%s/", rel);
              listing_at (full, sub, out, size, usedp);
              used = *usedp;
            }
          else if (S_ISLNK (st.st_mode))
            APPEND ("%s symlink\n", rel);
          else
            APPEND ("%s %04o uid=%d size=%lld\n", rel,
                    (unsigned) (st.st_mode & 07777), (int) st.st_uid,
                    (long long) st.st_size);
        }
      free (names[i]);
    }
  if (n >= 0)
    free (names);
  *usedp = used;
}

void
fixture_listing (const char *dir, char *out, size_t size)
{
  size_t used = 0;
  out[0] = '\0';
  listing_at (dir, "", out, size, &used);
}

/* ------------------------------------------------------------------ */
/* Setting a scenario up in the forked parent.  */

/* Kernel-level rt_sigaction: the libcs refuse their own signals (glibc 32
   and 33, musl 32 to 34), which a program can still have ignored.  */
struct raw_sigaction
{
  unsigned long handler, flags, restorer;
  uint64_t mask;
};

static void
on_signal (int sig)
{
  (void) sig;
}

static int
place_fd (int fd, int target, int cloexec)
{
  if (fd < 0)
    return -1;
  if (fd == target)
    return fcntl (fd, F_SETFD, cloexec ? FD_CLOEXEC : 0);
  int r = dup3 (fd, target, cloexec ? O_CLOEXEC : 0);
  close (fd);
  return r == target ? 0 : -1;
}

static int
open_parent_fd (const struct parent_fd *p)
{
  int fd = -1;
  switch (p->kind)
    {
    case PFD_DEVNULL:
      fd = open ("/dev/null", O_RDONLY | O_CLOEXEC);
      break;
    case PFD_DATA_RDWR:
      fd = open ("data", O_RDWR | O_CLOEXEC);
      if (fd >= 0)
        lseek (fd, 3, SEEK_SET);
      break;
    case PFD_DATA_APPEND:
      fd = open ("data", O_WRONLY | O_APPEND | O_CLOEXEC);
      break;
    case PFD_PIPE:
      {
        int ends[2];
        if (pipe2 (ends, O_CLOEXEC) != 0)
          return -1;
        /* The write end must not take a slot the scenario uses.  */
        close (ends[1]);
        fd = ends[0];
        break;
      }
    case PFD_DIR:
      fd = open ("sub", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      break;
    case PFD_KIND_COUNT:
      break;
    }
  return place_fd (fd, p->fd, p->cloexec);
}

static int
open_terminal (const struct scenario *s, char *why, size_t why_size)
{
  if (setsid () < 0)
    {
      snprintf (why, why_size, "setsid: %s", strerror (errno));
      return -1;
    }
  int master = posix_openpt (O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master < 0 || grantpt (master) != 0 || unlockpt (master) != 0)
    {
      snprintf (why, why_size, "posix_openpt: %s", strerror (errno));
      return -1;
    }
  /* Out of the scenario's way, open for as long as this process lives
     (a pty without its master hangs up).  */
  int high = fcntl (master, F_DUPFD_CLOEXEC, 200);
  close (master);
  const char *name = ptsname (high);
  /* Without O_NOCTTY: it becomes this new session's controlling tty.  */
  int slave = name != NULL ? open (name, O_RDWR) : -1;
  if (slave < 0 || place_fd (slave, s->terminal_fd, s->terminal_cloexec) != 0)
    {
      snprintf (why, why_size, "pty slave: %s", strerror (errno));
      return -1;
    }
  return 0;
}

static void
fill_sigset (sigset_t *set, uint64_t bits)
{
  sigemptyset (set);
  for (int sig = 1; sig <= 64; ++sig)
    if (bits & (1ULL << (sig - 1)))
      sigaddset (set, sig);   /* refused for the libc's own: ignored */
}

int
scenario_setup_parent (const struct scenario *s, const char *dir, char *why,
                       size_t why_size)
{
  if (chdir (dir) != 0)
    {
      snprintf (why, why_size, "chdir %s: %s", dir, strerror (errno));
      return -1;
    }
  for (int i = 0; i < s->parent_fd_count; ++i)
    if (open_parent_fd (&s->parent_fds[i]) != 0)
      {
        snprintf (why, why_size, "parent fd %d: %s", s->parent_fds[i].fd,
                  strerror (errno));
        return -1;
      }
  if (s->terminal_fd >= 0 && open_terminal (s, why, why_size) != 0)
    return -1;
  for (int sig = 1; sig <= 64; ++sig)
    {
      if (s->disposition[sig] == DISP_DEFAULT)
        continue;
      if (s->disposition[sig] == DISP_IGNORE && sig >= 32 && sig <= 34)
        {
          struct raw_sigaction act = { .handler = (unsigned long) SIG_IGN };
          syscall (SYS_rt_sigaction, sig, &act, NULL, 8);
          continue;
        }
      struct sigaction sa;
      memset (&sa, 0, sizeof sa);
      sa.sa_handler = s->disposition[sig] == DISP_IGNORE ? SIG_IGN : on_signal;
      sa.sa_flags = SA_RESTART;
      sigaction (sig, &sa, NULL);   /* refused for the libc's own signals */
    }
  sigset_t blocked;
  fill_sigset (&blocked, s->blocked);
  sigprocmask (SIG_SETMASK, &blocked, NULL);
  if (s->path_env == PATH_UNSET)
    unsetenv ("PATH");
  else if (s->path_env == PATH_SET)
    setenv ("PATH", s->path_value, 1);
  if (s->effective_ids != 0
      && (setegid ((gid_t) s->effective_ids) != 0
          || seteuid ((uid_t) s->effective_ids) != 0))
    {
      snprintf (why, why_size, "seteuid: %s", strerror (errno));
      return -1;
    }
  return 0;
}

#undef APPEND
#define APPEND(...)                                                          \
  do                                                                         \
    {                                                                        \
      if (used < trace_size)                                                 \
        used += (size_t) snprintf (trace + used, trace_size - used,          \
                                   __VA_ARGS__);                             \
    }                                                                        \
  while (0)

void
scenario_build (const struct scenario *s, posix_spawnattr_t *attr,
                posix_spawn_file_actions_t *fa, char *trace,
                size_t trace_size)
{
  size_t used = 0;
  trace[0] = '\0';
  if (s->use_attr)
    {
      APPEND ("attr_init=%d", posix_spawnattr_init (attr));
      APPEND (" setflags=%d", posix_spawnattr_setflags (attr, s->flags));
      sigset_t set;
      fill_sigset (&set, s->sigmask);
      APPEND (" setsigmask=%d", posix_spawnattr_setsigmask (attr, &set));
      fill_sigset (&set, s->sigdefault);
      APPEND (" setsigdefault=%d", posix_spawnattr_setsigdefault (attr, &set));
      pid_t pgroup = s->pgroup == PGROUP_ZERO      ? 0
                     : s->pgroup == PGROUP_PARENTS ? getpgrp ()
                                                   : 0x3ffffff0;
      APPEND (" setpgroup=%d", posix_spawnattr_setpgroup (attr, pgroup));
      if (s->set_policy)
        {
          int rc = posix_spawnattr_setschedpolicy (attr, s->policy);
          APPEND (" setschedpolicy=%d", rc);
#ifdef __GLIBC__
          /* glibc's setter takes OTHER, FIFO and RR only; its posix_spawn
             passes whatever the field holds, so invalid and other
             policies are reached by writing the field.  */
          if (rc != 0)
            {
              attr->__policy = s->policy;
              APPEND (" (field written)");
            }
#endif
        }
      if (s->set_param)
        {
          struct sched_param param = { .sched_priority = s->priority };
          APPEND (" setschedparam=%d", posix_spawnattr_setschedparam (attr, &param));
        }
    }
  if (s->use_actions)
    {
      APPEND ("%sfa_init=%d", used > 0 ? " " : "",
              posix_spawn_file_actions_init (fa));
      for (int i = 0; i < s->action_count; ++i)
        {
          const struct action *a = &s->actions[i];
          int rc = -1;
          switch (a->kind)
            {
            case ACT_OPEN:
              rc = posix_spawn_file_actions_addopen (fa, a->fd, a->path,
                                                     a->oflag, a->mode);
              break;
            case ACT_DUP2:
              rc = posix_spawn_file_actions_adddup2 (fa, a->fd, a->newfd);
              break;
            case ACT_CLOSE:
              rc = posix_spawn_file_actions_addclose (fa, a->fd);
              break;
            case ACT_CHDIR:
              rc = posix_spawn_file_actions_addchdir_np (fa, a->path);
              break;
            case ACT_FCHDIR:
              rc = posix_spawn_file_actions_addfchdir_np (fa, a->fd);
              break;
            case ACT_CLOSEFROM:
#ifdef HAVE_POSIX_SPAWN_FILE_ACTIONS_ADDCLOSEFROM_NP
              rc = posix_spawn_file_actions_addclosefrom_np (fa, a->fd);
#endif
              break;
            case ACT_TCSETPGRP:
#ifdef HAVE_POSIX_SPAWN_FILE_ACTIONS_ADDTCSETPGRP_NP
              rc = posix_spawn_file_actions_addtcsetpgrp_np (fa, a->fd);
#endif
              break;
            case ACT_KIND_COUNT:
              break;
            }
          APPEND (" %s=%d", action_names[a->kind], rc);
        }
    }
  if (s->nofile_limit != 0)
    {
      struct rlimit limit;
      getrlimit (RLIMIT_NOFILE, &limit);
      limit.rlim_cur = (rlim_t) s->nofile_limit;
      APPEND (" setrlimit=%d", setrlimit (RLIMIT_NOFILE, &limit));
    }
}
