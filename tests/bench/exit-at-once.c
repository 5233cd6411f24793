/* The program make bench spawns: a static executable without libc that
   exits with status 0 at once, so that what the benchmark measures is the
   spawn, the exec and the reap, not the program's own start-up.
   SPDX-License-Identifier: LGPL-2.1-or-later

   Built with -static -nostdlib (tests/bench.mk): _start is the entry.  */

#if defined __x86_64__
void
_start (void)
{
  __asm__ volatile ("movl $231, %eax\n\t" /* __NR_exit_group */
                    "xorl %edi, %edi\n\t"
                    "syscall\n\t"
                    "hlt");
}
#elif defined __aarch64__
void
_start (void)
{
  __asm__ volatile ("mov x8, #94\n\t" /* __NR_exit_group */
                    "mov x0, #0\n\t"
                    "svc #0\n\t"
                    "brk #0");
}
#else
# error "make bench: exit-at-once supports x86_64 and aarch64 (as lib/clone3_entry.S)"
#endif
