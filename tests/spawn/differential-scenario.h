/* Differential testing: one random scenario, fully determined by
   (seed, index), and how to set it up in a forked "parent" process.
   SPDX-License-Identifier: LGPL-2.1-or-later

   A scenario is plain data: the state of the process that spawns (open
   fds, signal dispositions, blocked signals, PATH, fd limit, effective
   ids, a controlling terminal), the spawn attributes, the file actions,
   the program and its argv/envp.  The driver runs it twice, each time in
   a fresh fork: once through the libc's posix_spawn(p), once through
   pidfd_spawn(p), and compares what the probe reports.  */
#ifndef PIDFDSPAWN_TESTS_DIFFERENTIAL_SCENARIO_H
#define PIDFDSPAWN_TESTS_DIFFERENTIAL_SCENARIO_H

#include <spawn.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* splitmix64: small, fast, and every (seed, index) gets its own stream.  */
struct rng
{
  uint64_t state;
};
void rng_seed (struct rng *rng, uint64_t seed, uint64_t index);
uint64_t rng_next (struct rng *rng);
/* Uniform in [0, n).  */
unsigned rng_below (struct rng *rng, unsigned n);
/* 1 with probability percent/100.  */
int rng_chance (struct rng *rng, unsigned percent);

/* The report pipe is dup2'd onto fd 1 by the first file action, so random
   actions never touch fd 1; their fds come from [0, MAX_SCENARIO_FD).  */
enum { MAX_SCENARIO_FD = 24, MAX_PARENT_FDS = 8, MAX_ACTIONS = 10,
       MAX_ARGS = 160, MAX_ENV = 160, STRINGS_SIZE = 96 * 1024 };

enum parent_fd_kind
{
  PFD_DEVNULL,     /* /dev/null, read-only */
  PFD_DATA_RDWR,   /* T/data, read-write, offset 3 */
  PFD_DATA_APPEND, /* T/data, write-only, O_APPEND */
  PFD_PIPE,        /* the read end of a pipe */
  PFD_DIR,         /* T/sub, O_DIRECTORY */
  PFD_KIND_COUNT
};

struct parent_fd
{
  int fd;
  enum parent_fd_kind kind;
  int cloexec;
};

enum action_kind
{
  ACT_OPEN, ACT_DUP2, ACT_CLOSE, ACT_CHDIR, ACT_FCHDIR, ACT_CLOSEFROM,
  ACT_TCSETPGRP, ACT_KIND_COUNT
};

struct action
{
  enum action_kind kind;
  int fd;            /* open/close/fchdir/closefrom/tcsetpgrp target; dup2 source */
  int newfd;         /* dup2 target */
  const char *path;  /* open/chdir (static strings or in the scenario's strings) */
  int oflag;
  mode_t mode;
};

/* Disposition a signal gets in the parent before the spawn.  */
enum disposition { DISP_DEFAULT, DISP_IGNORE, DISP_CATCH };

enum pgroup_choice { PGROUP_ZERO, PGROUP_PARENTS, PGROUP_MISSING };

enum path_env { PATH_KEEP, PATH_UNSET, PATH_SET };

struct scenario
{
  uint64_t seed;
  uint64_t index;
  int search;                   /* posix_spawnp / pidfd_spawnp */
  int hostile;                  /* may pick elements that make it fail */

  /* The spawning process.  */
  int parent_fd_count;
  struct parent_fd parent_fds[MAX_PARENT_FDS];
  unsigned char disposition[65];      /* by signal number, enum disposition */
  uint64_t blocked;                   /* bit N-1: signal N blocked */
  int nofile_limit;                   /* 0, or a soft RLIMIT_NOFILE set after the actions are built */
  int child_nofile;                   /* the child's soft RLIMIT_NOFILE */
  int effective_ids;                  /* 0, or an euid/egid to switch to (root only) */
  int terminal_fd;                    /* -1, or where a new session's controlling pty slave sits */
  int terminal_cloexec;
  enum path_env path_env;
  const char *path_value;

  /* Attributes.  */
  int use_attr;
  short flags;
  uint64_t sigmask;
  uint64_t sigdefault;
  enum pgroup_choice pgroup;
  int set_policy;                     /* call posix_spawnattr_setschedpolicy */
  int policy;
  int set_param;
  int priority;

  /* File actions (after the dup2 of the report pipe onto fd 1).  */
  int use_actions;
  int action_count;
  struct action actions[MAX_ACTIONS];

  /* The program.  */
  const char *file;
  int argc;                           /* -1: argv is NULL-terminated list of 0 (empty argv) */
  char *argv[MAX_ARGS + 2];
  int envp_null;
  char *envp[MAX_ENV + 1];

  char strings[STRINGS_SIZE];
  size_t strings_used;
};

/* What this machine offers the generator: root (effective ids can be
   changed), a pseudo-terminal (posix_openpt).  */
struct scenario_machine
{
  int root;
  int pty;
  int nofile;     /* soft RLIMIT_NOFILE of the driver */
};

/* Builds scenario (SEED, INDEX).  PROBE is the probe's absolute path, DIR
   the fixture directory.  The same (seed, index) on the same kind of
   machine is the same scenario.  */
void scenario_generate (struct scenario *s, uint64_t seed, uint64_t index,
                        const char *probe, const char *dir,
                        const struct scenario_machine *machine);

/* Writes a readable description of S (one element a line) to OUT.  */
void scenario_describe (const struct scenario *s, char *out, size_t size);

/* Creates the fixture the scenarios use in DIR (which must be empty):
   data files, a sub-directory, PATH directories with the probe, a file
   that is not executable, one that is not a program, a script.  0 or -1.  */
int fixture_create (const char *dir, const char *probe);
/* Empties DIR (files the previous run created included).  */
int fixture_remove (const char *dir, int remove_dir_itself);
/* One line per entry of DIR, recursively, sorted: name, type, mode, size.  */
void fixture_listing (const char *dir, char *out, size_t size);

/* In the forked parent: sets up the process state of S, except what must
   come after the file actions are built (the fd limit).  Its cwd becomes
   DIR.  Returns 0, or -1 with a reason in WHY.  */
int scenario_setup_parent (const struct scenario *s, const char *dir,
                           char *why, size_t why_size);

/* Builds the attributes and file actions in the forked parent.  Every
   adder's answer is recorded in TRACE (the same adders serve both sides,
   so this is part of what both sides must agree on).  After this, lowers
   the fd limit if S asks for it.  */
void scenario_build (const struct scenario *s, posix_spawnattr_t *attr,
                     posix_spawn_file_actions_t *fa, char *trace,
                     size_t trace_size);

#endif
