/* SPDX-License-Identifier: LGPL-2.1-or-later */
#define _GNU_SOURCE
#include "seccomp-filter.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "compat/linux_clone.h"
#include "compat/linux_pidfd.h"

#if defined __x86_64__
# define CURRENT_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined __i386__
# define CURRENT_AUDIT_ARCH AUDIT_ARCH_I386
#elif defined __aarch64__
# define CURRENT_AUDIT_ARCH AUDIT_ARCH_AARCH64
#else
# error "seccomp emulation: add this architecture's AUDIT_ARCH"
#endif

#define NR_OFFSET offsetof (struct seccomp_data, nr)
#define ARCH_OFFSET offsetof (struct seccomp_data, arch)
/* The low 32 bits of an argument (little-endian targets above).  */
#define ARG_OFFSET(i) (offsetof (struct seccomp_data, args) + 8 * (i))

/* ARG_MASKED_EQUALS: (argument & mask) == value, for a rule on several
   flags at once, some of which must be clear.  */
enum match { ANY, ARG_HAS_BITS, ARG_EQUALS, ARG_MASKED_EQUALS };

struct rule
{
  const char *name;
  long nr;
  enum match match;
  int arg;
  uint32_t value;
  uint32_t mask;
};

static const struct rule rules[] = {
  { "clone3", __NR_clone3, ANY, 0, 0, 0 },
  { "clone3-size88", __NR_clone3, ARG_EQUALS, 1,
    PIDFDSPAWN_CLONE_ARGS_SIZE_VER2, 0 },
  { "clone-pidfd", __NR_clone, ARG_HAS_BITS, 0, CLONE_PIDFD, 0 },
  { "clone", __NR_clone, ANY, 0, 0, 0 },
  /* A thread's clone also has CLONE_FILES, and qemu-user accepts it.  */
  { "clone-files", __NR_clone, ARG_MASKED_EQUALS, 0, CLONE_FILES,
    CLONE_FILES | CLONE_THREAD },
  /* The low byte of clone's flags is the exit signal.  */
  { "clone-vfork-nosignal", __NR_clone, ARG_MASKED_EQUALS, 0,
    CLONE_VM | CLONE_VFORK, CLONE_VM | CLONE_VFORK | 0xff },
  { "pidfd_open", __NR_pidfd_open, ANY, 0, 0, 0 },
  { "waitid-pidfd", __NR_waitid, ARG_EQUALS, 0, P_PIDFD, 0 },
  { "close_range", __NR_close_range, ANY, 0, 0, 0 },
  { "pidfd-get-info", __NR_ioctl, ARG_EQUALS, 1,
    (uint32_t) PIDFDSPAWN_PIDFD_GET_INFO_VER0, 0 },
  { "unshare", __NR_unshare, ANY, 0, 0, 0 },
};

static int
parse_errno (const char *text)
{
  static const struct { const char *name; int value; } names[] = {
    { "ENOSYS", ENOSYS }, { "EPERM", EPERM }, { "EINVAL", EINVAL },
    { "ENOTTY", ENOTTY }, { "EACCES", EACCES }, { "E2BIG", E2BIG },
  };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; ++i)
    if (strcmp (text, names[i].name) == 0)
      return names[i].value;
  char *end;
  long value = strtol (text, &end, 10);
  if (*text == '\0' || *end != '\0' || value <= 0 || value > 4095)
    return -1;
  return (int) value;
}

int
seccomp_refuse (const char *const specs[], size_t count)
{
  /* 3 for the architecture check, up to 6 a rule, 1 for the final allow.  */
  struct sock_filter code[4 + 6 * 16];
  size_t n = 0;
  if (count > 16)
    {
      fprintf (stderr, "seccomp: at most 16 refusals\n");
      return -1;
    }
  code[n++] = (struct sock_filter) BPF_STMT (BPF_LD | BPF_W | BPF_ABS, ARCH_OFFSET);
  code[n++] = (struct sock_filter) BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, CURRENT_AUDIT_ARCH, 1, 0);
  code[n++] = (struct sock_filter) BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ALLOW);

  for (size_t i = 0; i < count; ++i)
    {
      const char *eq = strchr (specs[i], '=');
      const struct rule *rule = NULL;
      for (size_t r = 0; eq != NULL && r < sizeof rules / sizeof rules[0]; ++r)
        if (strlen (rules[r].name) == (size_t) (eq - specs[i])
            && strncmp (rules[r].name, specs[i], (size_t) (eq - specs[i])) == 0)
          rule = &rules[r];
      int error = eq != NULL ? parse_errno (eq + 1) : -1;
      if (rule == NULL || error < 0)
        {
          fprintf (stderr, "seccomp: bad refusal '%s' (WHAT=ERRNO)\n", specs[i]);
          return -1;
        }
      const uint32_t ret = SECCOMP_RET_ERRNO | (uint32_t) error;
      code[n++] = (struct sock_filter) BPF_STMT (BPF_LD | BPF_W | BPF_ABS, NR_OFFSET);
      if (rule->match == ANY)
        {
          code[n++] = (struct sock_filter) BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, (uint32_t) rule->nr, 0, 1);
          code[n++] = (struct sock_filter) BPF_STMT (BPF_RET | BPF_K, ret);
        }
      else if (rule->match == ARG_MASKED_EQUALS)
        {
          code[n++] = (struct sock_filter) BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, (uint32_t) rule->nr, 0, 4);
          code[n++] = (struct sock_filter) BPF_STMT (BPF_LD | BPF_W | BPF_ABS, ARG_OFFSET (rule->arg));
          code[n++] = (struct sock_filter) BPF_STMT (BPF_ALU | BPF_AND | BPF_K, rule->mask);
          code[n++] = (struct sock_filter) BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, rule->value, 0, 1);
          code[n++] = (struct sock_filter) BPF_STMT (BPF_RET | BPF_K, ret);
        }
      else
        {
          code[n++] = (struct sock_filter) BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, (uint32_t) rule->nr, 0, 3);
          code[n++] = (struct sock_filter) BPF_STMT (BPF_LD | BPF_W | BPF_ABS, ARG_OFFSET (rule->arg));
          code[n++] = (struct sock_filter) BPF_JUMP (
            BPF_JMP | (rule->match == ARG_HAS_BITS ? BPF_JSET : BPF_JEQ) | BPF_K,
            rule->value, 0, 1);
          code[n++] = (struct sock_filter) BPF_STMT (BPF_RET | BPF_K, ret);
        }
    }
  code[n++] = (struct sock_filter) BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ALLOW);

  struct sock_fprog program = { .len = (unsigned short) n, .filter = code };
  /* no_new_privs only where the kernel demands it (no CAP_SYS_ADMIN):
     on older kernels (6.1, 5.10; not 6.18) it makes execve reset an
     effective uid that differs from the real one, which the suites check (POSIX_SPAWN_RESETIDS).  */
  if (syscall (__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &program) == 0)
    return 0;
  if (errno != EACCES)
    {
      perror ("seccomp: SECCOMP_SET_MODE_FILTER");
      return -1;
    }
  if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
    {
      perror ("seccomp: PR_SET_NO_NEW_PRIVS");
      return -1;
    }
  if (syscall (__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &program) != 0)
    {
      perror ("seccomp: SECCOMP_SET_MODE_FILTER");
      return -1;
    }
  return 0;
}
