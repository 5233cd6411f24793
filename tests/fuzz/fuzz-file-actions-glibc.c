/* libFuzzer target: the decoder of glibc's posix_spawn_file_actions_t
   (lib/file_actions_glibc.cpp through pidfdspawn_decode_file_actions).
   The input describes an object as glibc could leave it, or corrupted:
   counts, an action array (or none), tags known and unknown, fds, paths
   (or null pointers).  Every array, string and output buffer has exactly
   its size, so ASan reports any read or write outside; the result must be
   what the description says.
   Input: u8 allocated elements (mod 33); u8 how `__allocated` is set
   (usually the real size) [+ i32]; u8 how `__used` is set [+ i32]; u8
   flags (1: no array, 2: a null object); u8 output capacity (mod 40); then
   per element: u8 tag selector [+ i32], i32 fd, i32 second fd or oflag,
   u32 mode, path (fuzz-input.h).
   SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file_actions.h"
#include "fuzz-input.h"
#include "libc-layouts.h"

#ifndef __GLIBC__
# error "this target reads glibc's layout: build it against glibc"
#endif

#define MAX_ELEMENTS 32
#define MAX_CAPACITY 40

/* What one element was built to say.  */
struct described
{
  int tag;
  int fd, second;
  int oflag;
  mode_t mode;
  char *path;
};

/* glibc's tags, in its order, and the kind each must decode to.  */
static const int kind_of_tag[] = {
  PIDFDSPAWN_FA_CLOSE, PIDFDSPAWN_FA_DUP2, PIDFDSPAWN_FA_OPEN,
  PIDFDSPAWN_FA_CHDIR, PIDFDSPAWN_FA_FCHDIR, PIDFDSPAWN_FA_CLOSEFROM,
  PIDFDSPAWN_FA_TCSETPGRP
};
#define KNOWN_TAGS ((int) (sizeof kind_of_tag / sizeof kind_of_tag[0]))
_Static_assert (KNOWN_TAGS == GLIBC_KNOWN_TAGS, "a tag without a kind");

static void
fail (const char *what, long got, long want)
{
  fprintf (stderr, "fuzz-file-actions-glibc: %s: %ld, expected %ld\n", what,
           got, want);
  abort ();
}

static char *
take_path (struct fuzz_input *in)
{
  uint8_t n = fuzz_u8 (in);
  if (n == FUZZ_NULL_PATH)
    return NULL;
  const uint8_t *bytes;
  size_t length = fuzz_bytes (in, n, &bytes);
  char *path = malloc (length + 1);
  if (path == NULL)
    abort ();
  memcpy (path, bytes, length);
  path[length] = '\0';
  return path;
}

static int
take_tag (struct fuzz_input *in)
{
  uint8_t selector = fuzz_u8 (in);
  if (selector < 0xe0)
    return selector % KNOWN_TAGS;
  if (selector < 0xf0)
    return KNOWN_TAGS + (selector & 0x0f) - 8; /* just outside: -8 to 14 */
  return fuzz_i32 (in);
}

/* Writes D into E the way glibc's add* functions do for its tag; the
   union's other bytes keep a filler, as stale bytes would.  */
static void
store (struct glibc_action *e, const struct described *d)
{
  e->tag = d->tag;
  switch (d->tag)
    {
    case GLIBC_CLOSE: e->action.close_action.fd = d->fd; break;
    case GLIBC_DUP2:
      e->action.dup2_action.fd = d->fd;
      e->action.dup2_action.newfd = d->second;
      break;
    case GLIBC_OPEN:
      e->action.open_action.fd = d->fd;
      e->action.open_action.path = d->path;
      e->action.open_action.oflag = d->oflag;
      e->action.open_action.mode = d->mode;
      break;
    case GLIBC_CHDIR: e->action.chdir_action.path = d->path; break;
    case GLIBC_FCHDIR: e->action.fchdir_action.fd = d->fd; break;
    case GLIBC_CLOSEFROM: e->action.closefrom_action.from = d->fd; break;
    case GLIBC_TCSETPGRP: e->action.setpgrp_action.fd = d->fd; break;
    default: break;
    }
}

static void
check_decoded (const struct pidfdspawn_file_action *out,
               const struct described *d)
{
  struct pidfdspawn_file_action want;
  memset (&want, 0, sizeof want);
  want.kind = kind_of_tag[d->tag];
  switch (d->tag)
    {
    case GLIBC_DUP2: want.fd = d->fd; want.newfd = d->second; break;
    case GLIBC_OPEN:
      want.fd = d->fd;
      want.path = d->path;
      want.oflag = d->oflag;
      want.mode = d->mode;
      break;
    case GLIBC_CHDIR: want.path = d->path; break;
    default: want.fd = d->fd; break;
    }
  if (out->kind != want.kind)
    fail ("kind", out->kind, want.kind);
  if (out->fd != want.fd)
    fail ("fd", out->fd, want.fd);
  if (out->newfd != want.newfd)
    fail ("newfd", out->newfd, want.newfd);
  if (out->oflag != want.oflag)
    fail ("oflag", out->oflag, want.oflag);
  if (out->mode != want.mode)
    fail ("mode", (long) out->mode, (long) want.mode);
  if (out->path != want.path)
    fail ("path", (long) (intptr_t) out->path, (long) (intptr_t) want.path);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct fuzz_input in = { data, size };
  int elements = fuzz_u8 (&in) % (MAX_ELEMENTS + 1);

  /* __allocated: the real size, or a smaller (even negative) claim; any
     value when there is no array.  Never more than there is: the decoder
     has to trust that much.  */
  uint8_t allocated_mode = fuzz_u8 (&in);
  int allocated = elements;
  if (allocated_mode >= 0xc0)
    {
      int32_t claim = fuzz_i32 (&in);
      if (claim < allocated)
        allocated = claim;
    }
  uint8_t used_mode = fuzz_u8 (&in);
  int used = used_mode < 0xc0 ? used_mode % (elements + 2) : fuzz_i32 (&in);
  uint8_t flags = fuzz_u8 (&in);
  int no_array = flags & 1;
  int null_object = flags & 2;
  if (no_array && allocated_mode >= 0xc0)
    allocated = fuzz_i32 (&in);
  size_t capacity = fuzz_u8 (&in) % (MAX_CAPACITY + 1);

  struct described described[MAX_ELEMENTS];
  struct glibc_action *array = NULL;
  if (!no_array)
    {
      array = malloc (elements ? elements * sizeof *array : 1);
      if (array == NULL)
        abort ();
      for (int i = 0; i < elements; ++i)
        {
          memset (&array[i], 0x5a, sizeof array[i]);
          struct described *d = &described[i];
          d->tag = take_tag (&in);
          d->fd = fuzz_i32 (&in);
          d->second = d->oflag = fuzz_i32 (&in);
          d->mode = fuzz_u32 (&in);
          d->path = take_path (&in);
          store (&array[i], d);
        }
    }

  posix_spawn_file_actions_t *fa = malloc (sizeof *fa);
  if (fa == NULL)
    abort ();
  memset (fa, 0, sizeof *fa);
  fa->__allocated = allocated;
  fa->__used = used;
  fa->__actions = (void *) array;

  struct pidfdspawn_file_action *out = NULL;
  if (capacity > 0)
    {
      out = malloc (capacity * sizeof *out);
      if (out == NULL)
        abort ();
      memset (out, 0xa5, capacity * sizeof *out);
    }
  size_t count = 12345;
  int r = pidfdspawn_decode_file_actions (null_object ? NULL : fa, out,
                                          capacity, &count);

  /* What the description says.  */
  int want;
  int actions = no_array ? 0 : elements;
  if (null_object)
    want = 0, used = 0;
  else if (used < 0 || used > allocated || (used > 0 && array == NULL))
    want = EINVAL;
  else if ((size_t) used > capacity)
    want = ENOSPC;
  else
    {
      want = 0;
      if (used > actions)
        abort (); /* the construction above rules it out */
      for (int i = 0; i < used; ++i)
        if (described[i].tag < 0 || described[i].tag >= KNOWN_TAGS)
          want = EINVAL;
    }
  if (r != want)
    fail ("result", r, want);
  if (r == 0 || r == ENOSPC)
    if (count != (size_t) used)
      fail ("count", (long) count, used);
  if (r == 0)
    {
      for (int i = 0; i < used; ++i)
        check_decoded (&out[i], &described[i]);
      /* Nothing written past the count.  */
      struct pidfdspawn_file_action untouched;
      memset (&untouched, 0xa5, sizeof untouched);
      for (size_t i = (size_t) used; i < capacity; ++i)
        if (memcmp (&out[i], &untouched, sizeof untouched) != 0)
          fail ("written past the count at", (long) i, used);
    }

  free (out);
  free (fa);
  for (int i = 0; !no_array && i < elements; ++i)
    free (described[i].path);
  free (array);
  return 0;
}
