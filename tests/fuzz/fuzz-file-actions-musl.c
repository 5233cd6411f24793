/* libFuzzer target: the decoder of musl's posix_spawn_file_actions_t
   (lib/file_actions_musl.cpp through pidfdspawn_decode_file_actions).
   That decoder is compiled against musl's headers (run-fuzz.sh) and linked
   here into a glibc program: it only walks memory, and the object it reads
   is built here in musl's layout.  The input describes a doubly linked
   list of nodes, newest first, as musl's add* functions leave it, then
   corrupts links: a head with a newer neighbour, back links that disagree,
   loops.  A broken list must give EINVAL (not a hang: libFuzzer's timeout
   catches one); a sound one must decode oldest first.  Every node and
   buffer has exactly its size, so ASan reports any access outside.
   Input: u8 nodes (mod 33); u8 flags (1: a null object); u8 output
   capacity (mod 40); per node: u8 command selector [+ i32], i32 fd, i32
   srcfd, i32 oflag, u32 mode, path (fuzz-input.h; stored inside the node
   as musl does; a null one: a node without); u8 corruptions (mod 8),
   each u8 node, u8 what (head/next/prev), u8 target node (the count:
   null).
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

#define MAX_NODES 32
#define MAX_CAPACITY 40

/* The object is passed where the decoder expects the libc's type; the two
   have the same size on glibc and musl.  */
_Static_assert (sizeof (struct musl_file_actions)
                == sizeof (posix_spawn_file_actions_t),
                "musl's object is not glibc's size");

static void
fail (const char *what, long got, long want)
{
  fprintf (stderr, "fuzz-file-actions-musl: %s: %ld, expected %ld\n", what,
           got, want);
  abort ();
}

static int
take_cmd (struct fuzz_input *in)
{
  uint8_t selector = fuzz_u8 (in);
  if (selector < 0xe0)
    return MUSL_CLOSE + selector % 5;
  if (selector < 0xf0)
    return (selector & 0x0f) - 5; /* around the range: -5 to 10 */
  return fuzz_i32 (in);
}

static struct musl_fdop *
take_node (struct fuzz_input *in)
{
  int cmd = take_cmd (in);
  int fd = fuzz_i32 (in), srcfd = fuzz_i32 (in), oflag = fuzz_i32 (in);
  mode_t mode = fuzz_u32 (in);
  uint8_t n = fuzz_u8 (in);
  const uint8_t *bytes = NULL;
  size_t length = n == FUZZ_NULL_PATH ? 0 : fuzz_bytes (in, n, &bytes);
  /* No path: a node that ends at mode, as musl allocates for close, dup2
     and fchdir.  */
  struct musl_fdop *op = malloc (sizeof *op + (bytes ? length + 1 : 0));
  if (op == NULL)
    abort ();
  op->next = op->prev = NULL;
  op->cmd = cmd;
  op->fd = fd;
  op->srcfd = srcfd;
  op->oflag = oflag;
  op->mode = mode;
  if (bytes != NULL)
    {
      memcpy (op->path, bytes, length);
      op->path[length] = '\0';
    }
  return op;
}

static void
check_decoded (const struct pidfdspawn_file_action *out,
               const struct musl_fdop *op)
{
  struct pidfdspawn_file_action want;
  memset (&want, 0, sizeof want);
  switch (op->cmd)
    {
    case MUSL_CLOSE: want.kind = PIDFDSPAWN_FA_CLOSE; want.fd = op->fd; break;
    case MUSL_DUP2:
      want.kind = PIDFDSPAWN_FA_DUP2;
      want.fd = op->srcfd;
      want.newfd = op->fd;
      break;
    case MUSL_OPEN:
      want.kind = PIDFDSPAWN_FA_OPEN;
      want.fd = op->fd;
      want.path = op->path;
      want.oflag = op->oflag;
      want.mode = op->mode;
      break;
    case MUSL_CHDIR:
      want.kind = PIDFDSPAWN_FA_CHDIR;
      want.path = op->path;
      break;
    case MUSL_FCHDIR:
      want.kind = PIDFDSPAWN_FA_FCHDIR;
      want.fd = op->fd;
      break;
    default: abort ();
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

/* The reference: follows next links from the head, remembering every node
   it has seen; sound when the walk ends at NULL without meeting a node
   twice and every link is matched by the back link.  Stores the walk in
   ORDER (newest first) and returns its length, or -1.  */
static int
reference_walk (struct musl_fdop *head, struct musl_fdop *const *nodes,
                int n, struct musl_fdop **order)
{
  int seen[MAX_NODES] = { 0 };
  int length = 0;
  const struct musl_fdop *newer = NULL;
  for (struct musl_fdop *op = head; op != NULL; op = op->next)
    {
      int index = -1;
      for (int i = 0; i < n; ++i)
        if (nodes[i] == op)
          index = i;
      if (index < 0)
        abort (); /* links only ever name nodes */
      if (seen[index])
        return -1; /* a loop */
      seen[index] = 1;
      if (op->prev != newer)
        return -1;
      order[length++] = op;
      newer = op;
    }
  return length;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct fuzz_input in = { data, size };
  int n = fuzz_u8 (&in) % (MAX_NODES + 1);
  int null_object = fuzz_u8 (&in) & 1;
  size_t capacity = fuzz_u8 (&in) % (MAX_CAPACITY + 1);

  /* As musl leaves it: nodes[0] is the newest, the head.  */
  struct musl_fdop *nodes[MAX_NODES];
  for (int i = 0; i < n; ++i)
    nodes[i] = take_node (&in);
  for (int i = 0; i < n; ++i)
    {
      nodes[i]->next = i + 1 < n ? nodes[i + 1] : NULL;
      nodes[i]->prev = i > 0 ? nodes[i - 1] : NULL;
    }
  struct musl_fdop *head = n > 0 ? nodes[0] : NULL;

  int corruptions = fuzz_u8 (&in) % 8;
  for (int c = 0; c < corruptions && n > 0; ++c)
    {
      struct musl_fdop *op = nodes[fuzz_u8 (&in) % n];
      uint8_t what = fuzz_u8 (&in) % 3;
      uint8_t target_index = fuzz_u8 (&in) % (n + 1);
      struct musl_fdop *target = target_index < n ? nodes[target_index] : NULL;
      if (what == 0)
        head = target;
      else if (what == 1)
        op->next = target;
      else
        op->prev = target;
    }

  struct musl_file_actions *fa = malloc (sizeof *fa);
  if (fa == NULL)
    abort ();
  memset (fa, 0, sizeof *fa);
  fa->actions = head;

  struct pidfdspawn_file_action *out = NULL;
  if (capacity > 0)
    {
      out = malloc (capacity * sizeof *out);
      if (out == NULL)
        abort ();
      memset (out, 0xa5, capacity * sizeof *out);
    }
  size_t count = 12345;
  int r = pidfdspawn_decode_file_actions (
    null_object ? NULL : (const posix_spawn_file_actions_t *) (void *) fa,
    out, capacity, &count);

  struct musl_fdop *order[MAX_NODES];
  int length = null_object ? 0 : reference_walk (head, nodes, n, order);
  int want;
  if (length < 0)
    want = EINVAL;
  else if ((size_t) length > capacity)
    want = ENOSPC;
  else
    {
      want = 0;
      for (int i = 0; i < length; ++i)
        if (order[i]->cmd < MUSL_CLOSE || order[i]->cmd > MUSL_FCHDIR)
          want = EINVAL;
    }
  if (r != want)
    fail ("result", r, want);
  if ((r == 0 || r == ENOSPC) && count != (size_t) length)
    fail ("count", (long) count, length);
  if (r == 0)
    {
      /* Oldest first: the list's last node is the first action.  */
      for (int i = 0; i < length; ++i)
        check_decoded (&out[i], order[length - 1 - i]);
      struct pidfdspawn_file_action untouched;
      memset (&untouched, 0xa5, sizeof untouched);
      for (size_t i = (size_t) length; i < capacity; ++i)
        if (memcmp (&out[i], &untouched, sizeof untouched) != 0)
          fail ("written past the count at", (long) i, length);
    }

  free (out);
  free (fa);
  for (int i = 0; i < n; ++i)
    free (nodes[i]);
  return 0;
}
