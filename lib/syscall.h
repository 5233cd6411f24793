// Raw system calls returning the result or -errno.
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// -errno stays in this layer (and in the clone3 entry, clone3_entry.S):
// callers turn a result into an error number (0 for success) with
// error_of, the convention of the rest of the library.
//
// The child runs on the parent's memory and TLS: it must not write errno,
// which belongs to the suspended parent thread.  On x86_64, i386 and
// aarch64 the calls are inline instructions; elsewhere they go through
// syscall(3) with errno saved and restored, the best a generic build can do.
//
// The wrappers take the kernel's types, not the libc's: on 32-bit
// architectures the libc's struct rlimit and struct statfs follow
// _FILE_OFFSET_BITS, the kernel's calls do not.
#pragma once

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <type_traits>

#include "compat/linux_clone.h"

namespace pidfdspawn::sys {

#if defined __x86_64__
inline long
raw (long nr, long a = 0, long b = 0, long c = 0, long d = 0, long e = 0,
     long f = 0)
{
  long ret;
  register long r10 __asm__ ("r10") = d;
  register long r8 __asm__ ("r8") = e;
  register long r9 __asm__ ("r9") = f;
  __asm__ volatile ("syscall"
                    : "=a"(ret)
                    : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8),
                      "r"(r9)
                    : "rcx", "r11", "memory");
  return ret;
}
#elif defined __i386__
inline long
raw (long nr, long a = 0, long b = 0, long c = 0, long d = 0, long e = 0,
     long f = 0)
{
  // int $0x80 takes the arguments in ebx, ecx, edx, esi, edi, ebp.  ebp
  // cannot be an operand (it may be the frame pointer), so the first and
  // the sixth argument come in through memory, and ebx and ebp are
  // restored before the compiler sees them again.
  long ret;
  const long first_and_sixth[2] = { a, f };
  __asm__ volatile ("pushl %%ebp\n\t"
                    "pushl %%ebx\n\t"
                    "movl 4(%%ebx), %%ebp\n\t"
                    "movl (%%ebx), %%ebx\n\t"
                    "int $0x80\n\t"
                    "popl %%ebx\n\t"
                    "popl %%ebp"
                    : "=a"(ret)
                    : "a"(nr), "b"(first_and_sixth), "c"(b), "d"(c), "S"(d),
                      "D"(e)
                    : "memory");
  return ret;
}
#elif defined __aarch64__
inline long
raw (long nr, long a = 0, long b = 0, long c = 0, long d = 0, long e = 0,
     long f = 0)
{
  register long x8 __asm__ ("x8") = nr;
  register long x0 __asm__ ("x0") = a;
  register long x1 __asm__ ("x1") = b;
  register long x2 __asm__ ("x2") = c;
  register long x3 __asm__ ("x3") = d;
  register long x4 __asm__ ("x4") = e;
  register long x5 __asm__ ("x5") = f;
  __asm__ volatile ("svc 0"
                    : "+r"(x0)
                    : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
                    : "memory");
  return x0;
}
#else
inline long
raw (long nr, long a = 0, long b = 0, long c = 0, long d = 0, long e = 0,
     long f = 0)
{
  int saved = errno;
  long ret = ::syscall (nr, a, b, c, d, e, f);
  if (ret == -1)
    ret = -errno;
  errno = saved;
  return ret;
}
#endif

// The error number of a wrapper's result: 0 for any value >= 0.
inline int
error_of (long result)
{
  return result < 0 ? static_cast<int> (-result) : 0;
}

template <typename T>
inline long
arg (T value)
{
  if constexpr (std::is_pointer_v<T>)
    return reinterpret_cast<long> (value);
  else
    return static_cast<long> (value);
}

// The kernel's struct sigaction for rt_sigaction: 64 signals in a mask of
// unsigned longs (its alignment, not uint64_t's: they differ on arm), and
// sa_restorer where the architecture has SA_RESTORER (riscv has none).
inline constexpr size_t kernel_sigset_size = 8;
inline constexpr int kernel_nsig = 64;
struct KernelSigaction
{
  unsigned long handler;
  unsigned long flags;
#if !defined __riscv
  unsigned long restorer;
#endif
  unsigned long mask[kernel_sigset_size / sizeof (unsigned long)];
};

// prlimit64's struct, the same on every architecture.
struct KernelRlimit
{
  uint64_t cur;
  uint64_t max;
};

// fstatfs: 32-bit architectures have fstatfs64 with the size of the
// 64-bit struct; the libc's struct statfs64 is that struct.
#if defined __NR_fstatfs64
using KernelStatfs = struct statfs64;
#else
using KernelStatfs = struct statfs;
#endif

inline long close (int fd) { return raw (__NR_close, fd); }
inline long
open (const char *path, int flags, mode_t mode)
{
  return raw (__NR_openat, AT_FDCWD, arg (path), flags, mode);
}
inline long
openat (int dirfd, const char *path, int flags, mode_t mode = 0)
{
  return raw (__NR_openat, dirfd, arg (path), flags, mode);
}
inline long read (int fd, void *buf, size_t n) { return raw (__NR_read, fd, arg (buf), arg (n)); }
inline long write (int fd, const void *buf, size_t n) { return raw (__NR_write, fd, arg (buf), arg (n)); }
inline long lseek (int fd, off_t off, int whence) { return raw (__NR_lseek, fd, off, whence); }
inline long dup3 (int fd, int newfd, int flags) { return raw (__NR_dup3, fd, newfd, flags); }
inline long fcntl (int fd, int cmd, long value = 0) { return raw (__NR_fcntl, fd, cmd, value); }
inline long chdir (const char *path) { return raw (__NR_chdir, arg (path)); }
inline long fchdir (int fd) { return raw (__NR_fchdir, fd); }
inline long
close_range (unsigned first, unsigned last, unsigned flags)
{
  return raw (__NR_close_range, first, last, flags);
}
inline long getdents64 (int fd, void *buf, size_t n) { return raw (__NR_getdents64, fd, arg (buf), arg (n)); }
inline long
socketpair (int domain, int type, int fds[2])
{
  return raw (__NR_socketpair, domain, type, 0, arg (fds));
}
// send(2) without SIGPIPE: the peer may have gone.
inline long
send_nosignal (int fd, const void *buf, size_t n)
{
  return raw (__NR_sendto, fd, arg (buf), arg (n), MSG_NOSIGNAL, 0, 0);
}
#if defined __NR_fstatfs64
inline long
fstatfs (int fd, KernelStatfs *buf)
{
  return raw (__NR_fstatfs64, fd, sizeof (KernelStatfs), arg (buf));
}
#else
inline long fstatfs (int fd, KernelStatfs *buf) { return raw (__NR_fstatfs, fd, arg (buf)); }
#endif
inline long ioctl (int fd, unsigned long request, void *argp) { return raw (__NR_ioctl, fd, arg (request), arg (argp)); }
inline long
sigprocmask (int how, const uint64_t *set, uint64_t *old)
{
  return raw (__NR_rt_sigprocmask, how, arg (set), arg (old), kernel_sigset_size);
}
inline long
sigaction (int sig, const KernelSigaction *act, KernelSigaction *old)
{
  return raw (__NR_rt_sigaction, sig, arg (act), arg (old), kernel_sigset_size);
}
inline long sched_setparam (const struct sched_param *p) { return raw (__NR_sched_setparam, 0, arg (p)); }
inline long
sched_setscheduler (int policy, const struct sched_param *p)
{
  return raw (__NR_sched_setscheduler, 0, policy, arg (p));
}
inline long setsid () { return raw (__NR_setsid); }
inline long setpgid (pid_t pid, pid_t pgid) { return raw (__NR_setpgid, pid, pgid); }
inline long getpgid (pid_t pid) { return raw (__NR_getpgid, pid); }
// i386 and arm keep 16-bit ids under the old names; the 32-bit calls are
// the ...32 ones there (and the only ones elsewhere).
#if defined __NR_getuid32
inline long getuid () { return raw (__NR_getuid32); }
inline long getgid () { return raw (__NR_getgid32); }
inline long set_effective_uid (uid_t uid) { return raw (__NR_setresuid32, -1, uid, -1); }
inline long set_effective_gid (gid_t gid) { return raw (__NR_setresgid32, -1, gid, -1); }
#else
inline long getuid () { return raw (__NR_getuid); }
inline long getgid () { return raw (__NR_getgid); }
inline long set_effective_uid (uid_t uid) { return raw (__NR_setresuid, -1, uid, -1); }
inline long set_effective_gid (gid_t gid) { return raw (__NR_setresgid, -1, gid, -1); }
#endif
inline long getpid () { return raw (__NR_getpid); }
inline long
nofile_soft_limit (KernelRlimit *limit)
{
  return raw (__NR_prlimit64, 0, RLIMIT_NOFILE, 0, arg (limit));
}
inline long
tcsetpgrp (int fd, pid_t pgrp)
{
  return raw (__NR_ioctl, fd, TIOCSPGRP, arg (&pgrp));
}
inline long
execve (const char *path, char *const argv[], char *const envp[])
{
  return raw (__NR_execve, arg (path), arg (argv), arg (envp));
}
[[noreturn]] inline void
exit_group (int status)
{
  for (;;)
    raw (__NR_exit_group, status);
}
inline long pidfd_open (pid_t pid, unsigned flags) { return raw (__NR_pidfd_open, pid, flags); }
inline long
pidfd_send_signal (int pidfd, int sig, siginfo_t *info, unsigned flags)
{
  return raw (__NR_pidfd_send_signal, pidfd, sig, arg (info), flags);
}
inline long
pidfd_getfd (int pidfd, int targetfd, unsigned flags)
{
  return raw (__NR_pidfd_getfd, pidfd, targetfd, flags);
}
// A fork-style clone: no new stack, the child returns here with 0 in a
// copy of the address space.  No CLONE_PIDFD, no CLONE_SETTLS: the flags
// every emulator accepts.
// s390 takes the stack before the flags.
#if defined __s390__
inline long clone_fork () { return raw (__NR_clone, 0, SIGCHLD, 0, 0, 0); }
#else
inline long clone_fork () { return raw (__NR_clone, SIGCHLD, 0, 0, 0, 0); }
#endif
inline long unshare (int flags) { return raw (__NR_unshare, flags); }
inline long
waitid (int idtype, int id, siginfo_t *info, int options)
{
  return raw (__NR_waitid, idtype, id, arg (info), options, 0);
}
inline long
wait4 (pid_t pid, int *status, int options)
{
  return raw (__NR_wait4, pid, arg (status), options, 0);
}
// __NR_mmap is the old one-pointer call on i386 and s390 (arm EABI has
// none); mmap2 takes the offset in pages, 0 here.
inline long
mmap_anonymous (size_t size, int prot, int extra_flags)
{
#if defined __s390__
  const long args[6] = { 0, arg (size), prot,
                         MAP_PRIVATE | MAP_ANONYMOUS | extra_flags, -1, 0 };
  return raw (__NR_mmap, arg (args));
#elif defined __NR_mmap2
  return raw (__NR_mmap2, 0, arg (size), prot,
              MAP_PRIVATE | MAP_ANONYMOUS | extra_flags, -1, 0);
#else
  return raw (__NR_mmap, 0, arg (size), prot,
              MAP_PRIVATE | MAP_ANONYMOUS | extra_flags, -1, 0);
#endif
}
inline long munmap (void *addr, size_t size) { return raw (__NR_munmap, arg (addr), arg (size)); }

} // namespace pidfdspawn::sys
