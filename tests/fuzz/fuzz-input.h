/* Reading a fuzzer's bytes as a sequence of small fields, and writing them
   (tests/fuzz/make-seeds.c turns real objects into seed inputs with the
   same format).  Past the end every field reads as zero, so any input is
   a valid one.  Little-endian, as on every target the fuzzers run.
   SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PIDFDSPAWN_TESTS_FUZZ_INPUT_H
#define PIDFDSPAWN_TESTS_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct fuzz_input
{
  const uint8_t *data;
  size_t size;
};

static inline uint8_t
fuzz_u8 (struct fuzz_input *in)
{
  if (in->size == 0)
    return 0;
  --in->size;
  return *in->data++;
}

static inline uint32_t
fuzz_u32 (struct fuzz_input *in)
{
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i)
    v |= (uint32_t) fuzz_u8 (in) << (8 * i);
  return v;
}

static inline int32_t
fuzz_i32 (struct fuzz_input *in)
{
  uint32_t v = fuzz_u32 (in);
  int32_t r;
  memcpy (&r, &v, sizeof r);
  return r;
}

/* Up to LENGTH bytes; returns how many there were.  */
static inline size_t
fuzz_bytes (struct fuzz_input *in, size_t length, const uint8_t **bytes)
{
  if (length > in->size)
    length = in->size;
  *bytes = in->data;
  in->data += length;
  in->size -= length;
  return length;
}

static inline void
put_u8 (FILE *f, unsigned v)
{
  fputc ((int) (v & 0xff), f);
}

static inline void
put_u32 (FILE *f, uint32_t v)
{
  for (int i = 0; i < 4; ++i)
    put_u8 (f, v >> (8 * i));
}

static inline void
put_i32 (FILE *f, int32_t v)
{
  uint32_t u;
  memcpy (&u, &v, sizeof u);
  put_u32 (f, u);
}

/* A path field: one length byte, FUZZ_NULL_PATH for a null pointer, then
   the bytes (no NUL).  */
#define FUZZ_NULL_PATH 0xff

static inline void
put_path (FILE *f, const char *path)
{
  if (path == NULL)
    {
      put_u8 (f, FUZZ_NULL_PATH);
      return;
    }
  size_t n = strlen (path);
  if (n >= FUZZ_NULL_PATH)
    n = FUZZ_NULL_PATH - 1;
  put_u8 (f, (unsigned) n);
  fwrite (path, 1, n, f);
}

#endif
