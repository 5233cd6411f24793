/* SPDX-License-Identifier: LGPL-2.1-or-later */
#define _GNU_SOURCE
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif
#include "differential-compare.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test-util.h"

const char *const known_difference_names[KNOWN_COUNT] = {
  "glibc-internal-signals-ignored",
  "musl-close-errors-ignored",
  "musl-open-cloexec-landing",
  "glibc-spawnp-long-name",
};

#define APPEND(...)                                                          \
  do                                                                         \
    {                                                                        \
      if (*used < size)                                                      \
        *used += (size_t) snprintf (out + *used, size - *used, __VA_ARGS__); \
    }                                                                        \
  while (0)

/* The probe's numbers that name processes, as "SELF" (the probe) or
   "PARENT" (the process that spawned it; each side has its own), so that
   "equals own pid" is what is compared.  */
static void
name_process (char *value, size_t size, long self, long parent)
{
  char *end;
  long n = strtol (value, &end, 10);
  if (end == value || *end != '\0')
    return;
  if (n == self)
    snprintf (value, size, "SELF");
  else if (n == parent)
    snprintf (value, size, "PARENT");
}

/* One report line, normalised in place (LINE has room for PATH_MAX+).  */
static void
normalise_line (char *line, size_t size, long self, long parent)
{
  char *space = strchr (line, ' ');
  if (space == NULL)
    return;
  size_t key_len = (size_t) (space - line);
  if ((key_len == 3 && strncmp (line, "pid", 3) == 0)
      || (key_len == 4 && strncmp (line, "ppid", 4) == 0)
      || (key_len == 4 && strncmp (line, "pgid", 4) == 0)
      || (key_len == 3 && strncmp (line, "sid", 3) == 0)
      || strncmp (line, "tcpgrp", 6) == 0)
    {
      name_process (space + 1, size - key_len - 1, self, parent);
      return;
    }
  if (strncmp (line, "fd", 2) == 0)
    {
      /* Pipe inodes and pty numbers are each side's own.  */
      char *path = strstr (line, " path=");
      if (path == NULL)
        return;
      path += 6;
      if (strncmp (path, "pipe:[", 6) == 0)
        snprintf (path, size - (size_t) (path - line), "pipe:[]");
      else if (strncmp (path, "/dev/pts/", 9) == 0)
        snprintf (path, size - (size_t) (path - line), "/dev/pts/?");
    }
}

static long
report_pid (const char *report)
{
  if (strncmp (report, "pid ", 4) != 0)
    return -1;
  return strtol (report + 4, NULL, 10);
}

/* The next line of *CURSOR into LINE (NUL-terminated, without '\n');
   0 at the end.  */
static int
next_line (const char **cursor, char *line, size_t size)
{
  const char *p = *cursor;
  if (*p == '\0')
    return 0;
  const char *eol = strchr (p, '\n');
  size_t len = eol != NULL ? (size_t) (eol - p) : strlen (p);
  size_t copy = len < size - 1 ? len : size - 1;
  memcpy (line, p, copy);
  line[copy] = '\0';
  *cursor = eol != NULL ? eol + 1 : p + len;
  return 1;
}

/* What pidfd_spawn's child must have for one of glibc's internal signals:
   the parent's disposition (a handler cannot be installed for them
   through glibc, so: ignored or default).  */
static const char *
parent_internal_disposition (const struct scenario *s, int sig)
{
  return s->disposition[sig] == DISP_IGNORE ? "ign" : "dfl";
}

/* A line pair that differs only as a known difference allows.  */
static int
known_line_difference (const struct scenario *s, const char *ref_line,
                       const char *lib_line,
                       unsigned long known_used[KNOWN_COUNT])
{
#ifdef __GLIBC__
  for (int sig = 32; sig <= 33; ++sig)
    {
      char key[16];
      snprintf (key, sizeof key, "sig%d ", sig);
      if (strncmp (ref_line, key, strlen (key)) == 0
          && strncmp (lib_line, key, strlen (key)) == 0
          && strcmp (ref_line + strlen (key), "ign") == 0
          && strcmp (lib_line + strlen (key),
                     parent_internal_disposition (s, sig)) == 0)
        {
          ++known_used[KNOWN_GLIBC_INTERNAL_SIGNALS];
          return 1;
        }
    }
#else
  (void) s, (void) ref_line, (void) lib_line, (void) known_used;
  (void) parent_internal_disposition;
#endif
  return 0;
}

/* The last file action that decides what fd FD is: an open onto it, a
   dup2 onto it, a close or closefrom covering it; NULL if none.  */
static const struct action *
last_action_on (const struct scenario *s, int fd)
{
  const struct action *last = NULL;
  if (!s->use_actions)
    return NULL;
  for (int i = 0; i < s->action_count; ++i)
    {
      const struct action *a = &s->actions[i];
      if (((a->kind == ACT_OPEN || a->kind == ACT_CLOSE) && a->fd == fd)
          || (a->kind == ACT_DUP2 && a->newfd == fd)
          || (a->kind == ACT_CLOSEFROM && fd >= a->fd))
        last = a;
    }
  return last;
}

/* A line only one side's report has, that a known difference explains.  */
static int
known_extra_line (const struct scenario *s, const char *ref_line,
                  unsigned long known_used[KNOWN_COUNT])
{
#ifdef __GLIBC__
  (void) s, (void) ref_line, (void) known_used;
  (void) last_action_on;
#else
  int fd;
  if (sscanf (ref_line, "fd%d cloexec=0 ", &fd) == 1)
    {
      const struct action *a = last_action_on (s, fd);
      if (a != NULL && a->kind == ACT_OPEN && (a->oflag & O_CLOEXEC))
        {
          ++known_used[KNOWN_MUSL_OPEN_CLOEXEC_LANDING];
          return 1;
        }
    }
#endif
  return 0;
}

/* A close action the child's fd limit puts out of range.  */
static int
has_close_out_of_range (const struct scenario *s)
{
  if (!s->use_actions)
    return 0;
  for (int i = 0; i < s->action_count; ++i)
    if (s->actions[i].kind == ACT_CLOSE && s->actions[i].fd >= s->child_nofile)
      return 1;
  return 0;
}

static int
compare_reports (const struct scenario *s, const struct side_result *ref,
                 const struct side_result *lib, const char *ref_name,
                 unsigned long known_used[KNOWN_COUNT], char *out,
                 size_t size, size_t *used)
{
  const long ref_self = report_pid (ref->report);
  const long lib_self = report_pid (lib->report);
  const char *rc = ref->report, *lc = lib->report;
  char rl[8192], ll[8192];
  int line = 0;
  for (;;)
    {
      const char *ref_at = rc, *lib_at = lc;
      int more_ref = next_line (&rc, rl, sizeof rl);
      int more_lib = next_line (&lc, ll, sizeof ll);
      if (!more_ref && !more_lib)
        return 0;
      ++line;
      if (more_ref)
        normalise_line (rl, sizeof rl, ref_self, ref->parent_pid);
      if (more_lib)
        normalise_line (ll, sizeof ll, lib_self, lib->parent_pid);
      if (more_ref && more_lib
          && (strcmp (rl, ll) == 0
              || known_line_difference (s, rl, ll, known_used)))
        continue;
      /* A line one side has and the other rightly has not: step over it
         on that side only.  */
      if (more_ref && known_extra_line (s, rl, known_used))
        {
          lc = lib_at;
          continue;
        }
      if (more_lib && known_extra_line (s, ll, known_used))
        {
          rc = ref_at;
          continue;
        }
      APPEND ("  report line %d differs:\n    %s: %.200s\n"
              "    pidfd_spawn: %.200s\n", line, ref_name,
              more_ref ? rl : "(end of report)",
              more_lib ? ll : "(end of report)");
      return 1;
    }
}

int
compare_sides (const struct scenario *s, const struct side_result *ref,
               const struct side_result *lib, const char *ref_name,
               int expect_rung,
               unsigned long known_used[KNOWN_COUNT], char *out, size_t size)
{
  size_t used_storage = 0, *used = &used_storage;
  int mismatches = 0;
  out[0] = '\0';
#define MISMATCH(...)                                                        \
  do                                                                         \
    {                                                                        \
      ++mismatches;                                                          \
      APPEND (__VA_ARGS__);                                                  \
    }                                                                        \
  while (0)

  if (ref->hung || lib->hung)
    MISMATCH ("  no answer: %s side %s, pidfd_spawn side %s\n", ref_name,
              ref->hung ? "hung" : "ok", lib->hung ? "hung" : "ok");
  if (ref->setup_failed != lib->setup_failed)
    MISMATCH ("  setup: %s side %s, pidfd_spawn side %s\n", ref_name,
              ref->setup_failed ? ref->why : "ok",
              lib->setup_failed ? lib->why : "ok");
  if (mismatches > 0 || ref->setup_failed)
    return mismatches;

  if (strcmp (ref->trace, lib->trace) != 0)
    MISMATCH ("  adders: %s side '%s', pidfd_spawn side '%s'\n", ref_name,
              ref->trace, lib->trace);
#ifndef __GLIBC__
  if (ref->rc != lib->rc && lib->rc == EBADF && has_close_out_of_range (s))
    {
      /* The two children went different ways from that close on.  */
      ++known_used[KNOWN_MUSL_CLOSE_ERRORS_IGNORED];
      return mismatches;
    }
#else
  (void) has_close_out_of_range;
#endif
#ifdef __GLIBC__
  if (ref->rc != lib->rc && lib->rc == ENAMETOOLONG && s->search
      && strlen (s->file) > NAME_MAX && strchr (s->file, '/') == NULL)
    {
      ++known_used[KNOWN_GLIBC_SPAWNP_LONG_NAME];
      return mismatches;
    }
#endif
  if (ref->rc != lib->rc)
    MISMATCH ("  error: %s %s, pidfd_spawn %s\n", ref_name,
              errno_name (ref->rc), errno_name (lib->rc));
  if (strcmp (ref->checks, "ok") != 0)
    MISMATCH ("  %s side: %s\n", ref_name, ref->checks);
  if (strcmp (lib->checks, "ok") != 0)
    MISMATCH ("  pidfd_spawn side: %s\n", lib->checks);
  /* Files the actions created or truncated, failed spawns included.  */
  if (strcmp (ref->listing, lib->listing) != 0)
    MISMATCH ("  the fixture directory differs afterwards:\n"
              "    %s:\n%s    pidfd_spawn:\n%s", ref_name, ref->listing,
              lib->listing);
  if (ref->rc != 0 || lib->rc != 0)
    return mismatches;

  if (strcmp (ref->status, lib->status) != 0)
    MISMATCH ("  exit status: %s's child %s, pidfd_spawn's %s\n", ref_name,
              ref->status, lib->status);
  if (!lib->pidfd_cloexec)
    MISMATCH ("  the pidfd lacks FD_CLOEXEC\n");
  if (ref->has_pidfd && !ref->pidfd_cloexec)
    MISMATCH ("  %s's pidfd lacks FD_CLOEXEC\n", ref_name);
  if (ref->has_pidfd && ref->spawn_pid < 0)
    MISMATCH ("  the libc's pidfd_getpid failed: %s\n",
              errno_name (ref->getpid_errno));
  if (expect_rung >= 0 && lib->rung != expect_rung)
    MISMATCH ("  pidfd_spawn used rung %d, not %d\n", lib->rung,
              expect_rung);
  if (lib->spawn_pid < 0)
    MISMATCH ("  pidfd_getpid failed: %s\n", errno_name (lib->getpid_errno));
  /* The probe reports its pid first; without a report (exit mode, a
     script) there is nothing to check it against.  */
  const long ref_self = report_pid (ref->report);
  const long lib_self = report_pid (lib->report);
  if (ref->report_len > 0 && ref_self != ref->spawn_pid)
    MISMATCH ("  %s's pid %ld, the child reports %ld\n", ref_name,
              ref->spawn_pid, ref_self);
  if (lib->report_len > 0 && lib_self != lib->spawn_pid)
    MISMATCH ("  pidfd_getpid gave %ld, the child reports %ld\n",
              lib->spawn_pid, lib_self);
  mismatches += compare_reports (s, ref, lib, ref_name, known_used, out,
                                 size, used);
#undef MISMATCH
  return mismatches;
}
