/* Unit tests of the decoder of the libc's posix_spawn_file_actions_t
   (lib/file_actions.h), on objects built by the libc's own add* functions:
   glibc's array, or musl's list (newest first).  The tests of each layout's
   corruptions run on that libc only; everything else runs on both.
   SPDX-License-Identifier: LGPL-2.1-or-later */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "file_actions.h"
#include "spawn-compat.h"
#include "test-util.h"

#ifdef __GLIBC__
/* glibc's private element of the __actions array, described here
   independently of the library's compat header: an int-sized enum tag
   followed by a union whose largest member is the open action.  Only used
   to copy an array and to corrupt one tag.  */
struct glibc_action_mirror
{
  int tag;
  union
  {
    struct { int fd; char *path; int oflag; mode_t mode; } open_action;
    struct { int fd; int newfd; } dup2_action;
  } action;
};
#else
/* musl's private list node, described independently of the library's
   compat header.  */
struct musl_fdop_mirror
{
  struct musl_fdop_mirror *next, *prev;
  int cmd, fd, srcfd, oflag;
  mode_t mode;
  char path[];
};
#endif

#define CAPACITY 64

static void
decode_null (void **state)
{
  (void) state;
  struct pidfdspawn_file_action out[1];
  size_t count = 12345;
  assert_int_equal (pidfdspawn_decode_file_actions (NULL, out, 1, &count), 0);
  assert_int_equal (count, 0);
  count = 12345;
  assert_int_equal (pidfdspawn_decode_file_actions (NULL, NULL, 0, &count), 0);
  assert_int_equal (count, 0);
}

static void
decode_empty (void **state)
{
  (void) state;
  posix_spawn_file_actions_t fa;
  assert_int_equal (posix_spawn_file_actions_init (&fa), 0);
  struct pidfdspawn_file_action out[1];
  size_t count = 12345;
  assert_int_equal (pidfdspawn_decode_file_actions (&fa, out, 1, &count), 0);
  assert_int_equal (count, 0);
  count = 12345;
  assert_int_equal (pidfdspawn_decode_file_actions (&fa, NULL, 0, &count), 0);
  assert_int_equal (count, 0);
  posix_spawn_file_actions_destroy (&fa);
}

/* Every kind the libc can record (glibc 2.36: seven, musl: five), twice,
   in an order that interleaves them.  Before glibc 2.34/2.35 the closefrom
   and tcsetpgrp entries are built by hand in glibc's layout
   (spawn-compat.h).  */
static void
build_every_kind (posix_spawn_file_actions_t *fa)
{
  assert_int_equal (posix_spawn_file_actions_init (fa), 0);
  assert_int_equal (posix_spawn_file_actions_addclose (fa, 5), 0);
  assert_int_equal (posix_spawn_file_actions_adddup2 (fa, 6, 1), 0);
  assert_int_equal (posix_spawn_file_actions_addopen (
                      fa, 7, "/tmp/some file", O_WRONLY | O_CREAT | O_APPEND,
                      0640),
                    0);
  assert_int_equal (posix_spawn_file_actions_addchdir_np (fa, "/var/tmp"), 0);
  assert_int_equal (posix_spawn_file_actions_addfchdir_np (fa, 8), 0);
#ifdef __GLIBC__
  assert_int_equal (test_fa_addclosefrom (fa, 9), 0);
  assert_int_equal (test_fa_addtcsetpgrp (fa, 10), 0);
  assert_int_equal (test_fa_addtcsetpgrp (fa, 0), 0);
  assert_int_equal (test_fa_addclosefrom (fa, 3), 0);
#endif
  assert_int_equal (posix_spawn_file_actions_addfchdir_np (fa, 0), 0);
  assert_int_equal (posix_spawn_file_actions_addchdir_np (fa, ""), 0);
  assert_int_equal (posix_spawn_file_actions_addopen (fa, 0, "/dev/null",
                                                      O_RDONLY, 0),
                    0);
  assert_int_equal (posix_spawn_file_actions_adddup2 (fa, 2, 2), 0);
  assert_int_equal (posix_spawn_file_actions_addclose (fa, 0), 0);
}

static void
check_every_kind (const struct pidfdspawn_file_action *out)
{
  size_t i;
  assert_int_equal (out[0].kind, PIDFDSPAWN_FA_CLOSE);
  assert_int_equal (out[0].fd, 5);

  assert_int_equal (out[1].kind, PIDFDSPAWN_FA_DUP2);
  assert_int_equal (out[1].fd, 6);
  assert_int_equal (out[1].newfd, 1);

  assert_int_equal (out[2].kind, PIDFDSPAWN_FA_OPEN);
  assert_int_equal (out[2].fd, 7);
  assert_string_equal (out[2].path, "/tmp/some file");
  assert_int_equal (out[2].oflag, O_WRONLY | O_CREAT | O_APPEND);
  assert_int_equal (out[2].mode, 0640);

  assert_int_equal (out[3].kind, PIDFDSPAWN_FA_CHDIR);
  assert_string_equal (out[3].path, "/var/tmp");

  assert_int_equal (out[4].kind, PIDFDSPAWN_FA_FCHDIR);
  assert_int_equal (out[4].fd, 8);

#ifdef __GLIBC__
  assert_int_equal (out[5].kind, PIDFDSPAWN_FA_CLOSEFROM);
  assert_int_equal (out[5].fd, 9);

  assert_int_equal (out[6].kind, PIDFDSPAWN_FA_TCSETPGRP);
  assert_int_equal (out[6].fd, 10);

  assert_int_equal (out[7].kind, PIDFDSPAWN_FA_TCSETPGRP);
  assert_int_equal (out[7].fd, 0);

  assert_int_equal (out[8].kind, PIDFDSPAWN_FA_CLOSEFROM);
  assert_int_equal (out[8].fd, 3);
  i = 9;
#else
  i = 5;
#endif

  assert_int_equal (out[i + 0].kind, PIDFDSPAWN_FA_FCHDIR);
  assert_int_equal (out[i + 0].fd, 0);

  assert_int_equal (out[i + 1].kind, PIDFDSPAWN_FA_CHDIR);
  assert_string_equal (out[i + 1].path, "");

  assert_int_equal (out[i + 2].kind, PIDFDSPAWN_FA_OPEN);
  assert_int_equal (out[i + 2].fd, 0);
  assert_string_equal (out[i + 2].path, "/dev/null");
  assert_int_equal (out[i + 2].oflag, O_RDONLY);
  assert_int_equal (out[i + 2].mode, 0);

  assert_int_equal (out[i + 3].kind, PIDFDSPAWN_FA_DUP2);
  assert_int_equal (out[i + 3].fd, 2);
  assert_int_equal (out[i + 3].newfd, 2);

  assert_int_equal (out[i + 4].kind, PIDFDSPAWN_FA_CLOSE);
  assert_int_equal (out[i + 4].fd, 0);
}

#ifdef __GLIBC__
# define EVERY_KIND_COUNT 14
#else
# define EVERY_KIND_COUNT 10
#endif

static void
decode_every_kind (void **state)
{
  (void) state;
  posix_spawn_file_actions_t fa;
  build_every_kind (&fa);
#ifdef __GLIBC__
  assert_int_equal (fa.__used, EVERY_KIND_COUNT);
#endif

  struct pidfdspawn_file_action out[CAPACITY];
  memset (out, 0xa5, sizeof out);
  size_t count = 0;
  assert_int_equal (pidfdspawn_decode_file_actions (&fa, out, CAPACITY, &count),
                    0);
  assert_int_equal (count, EVERY_KIND_COUNT);
  check_every_kind (out);
  /* Nothing written past the count.  */
  struct pidfdspawn_file_action untouched;
  memset (&untouched, 0xa5, sizeof untouched);
  assert_memory_equal (&out[EVERY_KIND_COUNT], &untouched, sizeof untouched);

  /* Exactly enough room is enough.  */
  memset (out, 0, sizeof out);
  count = 0;
  assert_int_equal (pidfdspawn_decode_file_actions (&fa, out, EVERY_KIND_COUNT,
                                                    &count),
                    0);
  assert_int_equal (count, EVERY_KIND_COUNT);
  check_every_kind (out);

  posix_spawn_file_actions_destroy (&fa);
}

/* Paths are not copied again: they point at the libc's own copies, which
   live as long as the object; the libc copied them from the caller's
   strings.  */
static void
decode_paths_point_at_libc_copies (void **state)
{
  (void) state;
  char open_path[] = "/tmp/open-me";
  char chdir_path[] = "/tmp/chdir-here";
  posix_spawn_file_actions_t fa;
  assert_int_equal (posix_spawn_file_actions_init (&fa), 0);
  assert_int_equal (posix_spawn_file_actions_addopen (&fa, 3, open_path,
                                                      O_RDWR, 0600),
                    0);
  assert_int_equal (posix_spawn_file_actions_addchdir_np (&fa, chdir_path), 0);
  /* The caller's buffers may change after add*: the libc kept copies.  */
  memset (open_path, 'X', sizeof open_path - 1);
  memset (chdir_path, 'Y', sizeof chdir_path - 1);

  struct pidfdspawn_file_action out[2];
  size_t count = 0;
  assert_int_equal (pidfdspawn_decode_file_actions (&fa, out, 2, &count), 0);
  assert_int_equal (count, 2);
  assert_string_equal (out[0].path, "/tmp/open-me");
  assert_string_equal (out[1].path, "/tmp/chdir-here");
  assert_ptr_not_equal (out[0].path, open_path);
  assert_ptr_not_equal (out[1].path, chdir_path);

#ifdef __GLIBC__
  const struct glibc_action_mirror *raw
    = (const struct glibc_action_mirror *) (void *) fa.__actions;
  assert_ptr_equal (out[0].path, raw[0].action.open_action.path);
  /* chdir's path is the union's only member: read it at the union's
     offset.  */
  const char *const *chdir_slot
    = (const char *const *) (const void *) ((const char *) &raw[1]
                                            + offsetof (struct
                                                        glibc_action_mirror,
                                                        action));
  assert_ptr_equal (out[1].path, *chdir_slot);
#else
  /* musl stores each path inside its node; the newest node is the head.  */
  const struct musl_fdop_mirror *newest = fa.__actions;
  assert_ptr_equal (out[1].path, newest->path);
  assert_ptr_equal (out[0].path, newest->next->path);
#endif
  posix_spawn_file_actions_destroy (&fa);
}

static void
decode_order_many (void **state)
{
  (void) state;
  /* Enough actions to make glibc grow its array several times, and a long
     musl list.  Every fd stays below 1024, the usual RLIMIT_NOFILE soft
     limit: the libcs refuse fds beyond it with EBADF.  */
  enum { N = 200 };
  posix_spawn_file_actions_t fa;
  assert_int_equal (posix_spawn_file_actions_init (&fa), 0);
  for (int i = 0; i < N; ++i)
    switch (i % 3)
      {
      case 0:
        assert_int_equal (posix_spawn_file_actions_addclose (&fa, i), 0);
        break;
      case 1:
        assert_int_equal (posix_spawn_file_actions_adddup2 (&fa, i, i + N),
                          0);
        break;
      default:
        assert_int_equal (posix_spawn_file_actions_addfchdir_np (&fa, i), 0);
        break;
      }
  struct pidfdspawn_file_action *out = calloc (N, sizeof *out);
  assert_non_null (out);
  size_t count = 0;
  assert_int_equal (pidfdspawn_decode_file_actions (&fa, out, N, &count), 0);
  assert_int_equal (count, N);
  for (int i = 0; i < N; ++i)
    {
      assert_int_equal (out[i].fd, i);
      switch (i % 3)
        {
        case 0:
          assert_int_equal (out[i].kind, PIDFDSPAWN_FA_CLOSE);
          break;
        case 1:
          assert_int_equal (out[i].kind, PIDFDSPAWN_FA_DUP2);
          assert_int_equal (out[i].newfd, i + N);
          break;
        default:
          assert_int_equal (out[i].kind, PIDFDSPAWN_FA_FCHDIR);
          break;
        }
    }
  free (out);
  posix_spawn_file_actions_destroy (&fa);
}

static void
decode_enospc (void **state)
{
  (void) state;
  posix_spawn_file_actions_t fa;
  build_every_kind (&fa);
  struct pidfdspawn_file_action out[CAPACITY];
  size_t count = 0;
  assert_int_equal (pidfdspawn_decode_file_actions (&fa, out,
                                                    EVERY_KIND_COUNT - 1,
                                                    &count),
                    ENOSPC);
  assert_int_equal (pidfdspawn_decode_file_actions (&fa, out, 1, &count),
                    ENOSPC);
  assert_int_equal (pidfdspawn_decode_file_actions (&fa, NULL, 0, &count),
                    ENOSPC);
  posix_spawn_file_actions_destroy (&fa);

  assert_int_equal (posix_spawn_file_actions_init (&fa), 0);
  assert_int_equal (posix_spawn_file_actions_addclose (&fa, 3), 0);
  assert_int_equal (pidfdspawn_decode_file_actions (&fa, NULL, 0, &count),
                    ENOSPC);
  count = 0;
  assert_int_equal (pidfdspawn_decode_file_actions (&fa, out, 1, &count), 0);
  assert_int_equal (count, 1);
  posix_spawn_file_actions_destroy (&fa);
}

#ifdef __GLIBC__
/* A copy of FA whose action array is a private copy, so it can be
   corrupted without touching glibc's.  */
static struct glibc_action_mirror *
copy_actions (const posix_spawn_file_actions_t *fa,
              posix_spawn_file_actions_t *copy)
{
  *copy = *fa;
  size_t n = (size_t) fa->__used;
  struct glibc_action_mirror *actions = calloc (n, sizeof *actions);
  assert_non_null (actions);
  memcpy (actions, fa->__actions, n * sizeof *actions);
  copy->__actions = (void *) actions;
  copy->__allocated = fa->__used;
  return actions;
}

static void
decode_copy_is_faithful (void **state)
{
  (void) state;
  /* The mirror's size matches glibc's element: a copy decodes the same.  */
  posix_spawn_file_actions_t fa, copy;
  build_every_kind (&fa);
  struct glibc_action_mirror *actions = copy_actions (&fa, &copy);
  struct pidfdspawn_file_action out[CAPACITY];
  size_t count = 0;
  assert_int_equal (pidfdspawn_decode_file_actions (&copy, out, CAPACITY,
                                                    &count),
                    0);
  assert_int_equal (count, EVERY_KIND_COUNT);
  check_every_kind (out);
  free (actions);
  posix_spawn_file_actions_destroy (&fa);
}

static void
decode_corrupted_tag (void **state)
{
  (void) state;
  posix_spawn_file_actions_t fa, copy;
  build_every_kind (&fa);
  const int bad_tags[] = { 7, 8, 99, -1, 0x7fffffff, (int) 0x80000000u };
  const size_t where[] = { 0, 6, EVERY_KIND_COUNT - 1 };
  for (size_t t = 0; t < sizeof bad_tags / sizeof bad_tags[0]; ++t)
    for (size_t w = 0; w < sizeof where / sizeof where[0]; ++w)
      {
        struct glibc_action_mirror *actions = copy_actions (&fa, &copy);
        actions[where[w]].tag = bad_tags[t];
        struct pidfdspawn_file_action out[CAPACITY];
        size_t count = 0;
        int r = pidfdspawn_decode_file_actions (&copy, out, CAPACITY, &count);
        if (r != EINVAL)
          print_error ("tag %d at %zu: %d\n", bad_tags[t], where[w], r);
        assert_int_equal (r, EINVAL);
        free (actions);
      }
  posix_spawn_file_actions_destroy (&fa);
}

static void
decode_corrupted_used (void **state)
{
  (void) state;
  posix_spawn_file_actions_t fa, copy;
  build_every_kind (&fa);
  struct pidfdspawn_file_action out[CAPACITY];
  size_t count;

  /* More used than allocated.  */
  copy = fa;
  copy.__used = copy.__allocated + 1;
  assert_int_equal (pidfdspawn_decode_file_actions (&copy, out, CAPACITY,
                                                    &count),
                    EINVAL);
  copy = fa;
  copy.__used = 0x7fffffff;
  assert_int_equal (pidfdspawn_decode_file_actions (&copy, out, CAPACITY,
                                                    &count),
                    EINVAL);
  /* Negative.  */
  copy = fa;
  copy.__used = -1;
  assert_int_equal (pidfdspawn_decode_file_actions (&copy, out, CAPACITY,
                                                    &count),
                    EINVAL);
  copy = fa;
  copy.__used = (int) 0x80000000u;
  assert_int_equal (pidfdspawn_decode_file_actions (&copy, out, CAPACITY,
                                                    &count),
                    EINVAL);
  /* Negative allocation.  */
  copy = fa;
  copy.__allocated = -5;
  assert_int_equal (pidfdspawn_decode_file_actions (&copy, out, CAPACITY,
                                                    &count),
                    EINVAL);
  /* Actions claimed but no array.  */
  copy = fa;
  copy.__actions = NULL;
  assert_int_equal (pidfdspawn_decode_file_actions (&copy, out, CAPACITY,
                                                    &count),
                    EINVAL);
  /* Fewer used than recorded is a valid, shorter object.  */
  copy = fa;
  copy.__used = 3;
  count = 0;
  assert_int_equal (pidfdspawn_decode_file_actions (&copy, out, CAPACITY,
                                                    &count),
                    0);
  assert_int_equal (count, 3);
  assert_int_equal (out[2].kind, PIDFDSPAWN_FA_OPEN);
  posix_spawn_file_actions_destroy (&fa);
}

#else /* musl */

/* musl pushes each action at the head: the list runs newest first, and the
   decoder must hand them back oldest first.  */
static void
decode_musl_list_is_newest_first (void **state)
{
  (void) state;
  posix_spawn_file_actions_t fa;
  assert_int_equal (posix_spawn_file_actions_init (&fa), 0);
  assert_int_equal (posix_spawn_file_actions_adddup2 (&fa, 4, 1), 0);
  assert_int_equal (posix_spawn_file_actions_addclose (&fa, 4), 0);
  assert_int_equal (posix_spawn_file_actions_adddup2 (&fa, 5, 1), 0);

  const struct musl_fdop_mirror *newest = fa.__actions;
  assert_non_null (newest);
  assert_null (newest->prev);
  assert_int_equal (newest->srcfd, 5); /* the last added */
  assert_int_equal (newest->next->next->srcfd, 4);
  assert_null (newest->next->next->next);

  struct pidfdspawn_file_action out[3];
  size_t count = 0;
  assert_int_equal (pidfdspawn_decode_file_actions (&fa, out, 3, &count), 0);
  assert_int_equal (count, 3);
  assert_int_equal (out[0].kind, PIDFDSPAWN_FA_DUP2);
  assert_int_equal (out[0].fd, 4);
  assert_int_equal (out[1].kind, PIDFDSPAWN_FA_CLOSE);
  assert_int_equal (out[1].fd, 4);
  /* The last dup2 onto 1 is the one that runs last, so it wins.  */
  assert_int_equal (out[2].kind, PIDFDSPAWN_FA_DUP2);
  assert_int_equal (out[2].fd, 5);
  assert_int_equal (out[2].newfd, 1);
  posix_spawn_file_actions_destroy (&fa);
}

static void
decode_musl_corrupted_cmd (void **state)
{
  (void) state;
  posix_spawn_file_actions_t fa;
  build_every_kind (&fa);
  struct musl_fdop_mirror *nodes[EVERY_KIND_COUNT];
  size_t n = 0;
  for (struct musl_fdop_mirror *op = fa.__actions; op; op = op->next)
    nodes[n++] = op;
  assert_int_equal (n, EVERY_KIND_COUNT);
  const int bad_cmds[] = { 0, 6, 7, 99, -1, 0x7fffffff, (int) 0x80000000u };
  const size_t where[] = { 0, 4, EVERY_KIND_COUNT - 1 };
  for (size_t c = 0; c < sizeof bad_cmds / sizeof bad_cmds[0]; ++c)
    for (size_t w = 0; w < sizeof where / sizeof where[0]; ++w)
      {
        struct musl_fdop_mirror *op = nodes[where[w]];
        int saved = op->cmd;
        op->cmd = bad_cmds[c];
        struct pidfdspawn_file_action out[CAPACITY];
        size_t count = 0;
        int r = pidfdspawn_decode_file_actions (&fa, out, CAPACITY, &count);
        op->cmd = saved;
        if (r != EINVAL)
          print_error ("cmd %d at %zu: %d\n", bad_cmds[c], where[w], r);
        assert_int_equal (r, EINVAL);
      }
  posix_spawn_file_actions_destroy (&fa);
}

/* Links that do not match both ways, loops included, are refused rather
   than walked forever.  */
static void
decode_musl_broken_links (void **state)
{
  (void) state;
  posix_spawn_file_actions_t fa;
  build_every_kind (&fa);
  struct musl_fdop_mirror *head = fa.__actions;
  struct musl_fdop_mirror *second = head->next;
  struct musl_fdop_mirror *tail = head;
  while (tail->next)
    tail = tail->next;
  struct pidfdspawn_file_action out[CAPACITY];
  size_t count;

  /* The head has a newer neighbour.  */
  head->prev = tail;
  assert_int_equal (pidfdspawn_decode_file_actions (&fa, out, CAPACITY,
                                                    &count),
                    EINVAL);
  head->prev = NULL;
  /* A loop from the oldest node back to the second.  */
  tail->next = second;
  assert_int_equal (pidfdspawn_decode_file_actions (&fa, out, CAPACITY,
                                                    &count),
                    EINVAL);
  /* A loop onto the oldest node itself.  */
  tail->next = tail;
  assert_int_equal (pidfdspawn_decode_file_actions (&fa, out, CAPACITY,
                                                    &count),
                    EINVAL);
  tail->next = NULL;
  /* A back link that names another node.  */
  second->prev = second;
  assert_int_equal (pidfdspawn_decode_file_actions (&fa, out, CAPACITY,
                                                    &count),
                    EINVAL);
  second->prev = head;
  /* Restored: valid again.  */
  count = 0;
  assert_int_equal (pidfdspawn_decode_file_actions (&fa, out, CAPACITY,
                                                    &count),
                    0);
  assert_int_equal (count, EVERY_KIND_COUNT);
  check_every_kind (out);
  posix_spawn_file_actions_destroy (&fa);
}
#endif

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (decode_null),
    cmocka_unit_test (decode_empty),
    cmocka_unit_test (decode_every_kind),
    cmocka_unit_test (decode_paths_point_at_libc_copies),
    cmocka_unit_test (decode_order_many),
    cmocka_unit_test (decode_enospc),
#ifdef __GLIBC__
    cmocka_unit_test (decode_copy_is_faithful),
    cmocka_unit_test (decode_corrupted_tag),
    cmocka_unit_test (decode_corrupted_used),
#else
    cmocka_unit_test (decode_musl_list_is_newest_first),
    cmocka_unit_test (decode_musl_corrupted_cmd),
    cmocka_unit_test (decode_musl_broken_links),
#endif
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
