/* clone3 with a separate stack, for x86_64, i386 and aarch64.
   SPDX-License-Identifier: LGPL-2.1-or-later

   long pidfdspawn_clone3 (struct clone_args *args, size_t size,
                           int (*fn) (void *), void *arg);

   The parent returns the syscall's result.  The child wakes on the stack
   named in ARGS with no valid frame, so it never returns through C: it
   calls FN (ARG) and passes FN's result to exit.

   Control-flow protection: the linker marks the library as protected (a
   GNU property note) only if every object says it is.  When the compiler
   was asked for it (-fcf-protection on x86: __CET__; -mbranch-protection
   on aarch64: __ARM_FEATURE_BTI_DEFAULT, __ARM_FEATURE_PAC_DEFAULT), the
   entry starts with a landing pad for indirect calls (endbr, bti c) and
   this file carries the same note.  The code needs nothing else: the
   parent returns with the return address it was called with, and the
   child never returns (a vfork child shares the parent's shadow stack
   and only pushes below it).  tests/abi/branch-protection.sh checks it.  */

#if defined __x86_64__ && defined __CET__ && (__CET__ & 1)
# define LANDING_PAD endbr64
#elif defined __i386__ && defined __CET__ && (__CET__ & 1)
# define LANDING_PAD endbr32
#elif defined __aarch64__ && defined __ARM_FEATURE_BTI_DEFAULT \
      && __ARM_FEATURE_BTI_DEFAULT
# define LANDING_PAD hint 34	/* bti c; a no-op where BTI is absent */
#else
# define LANDING_PAD
#endif

#if defined __x86_64__
	.text
	.globl	pidfdspawn_clone3
	.hidden	pidfdspawn_clone3
	.type	pidfdspawn_clone3, @function
	.p2align 4
pidfdspawn_clone3:
	.cfi_startproc
	LANDING_PAD
	/* The kernel preserves every register but rax, rcx and r11.  */
	movq	%rdx, %r8		/* fn */
	movq	%rcx, %r9		/* arg */
	movl	$435, %eax		/* __NR_clone3 */
	syscall
	testq	%rax, %rax
	jz	1f
	ret				/* parent: pid or -errno */
1:	.cfi_undefined rip
	xorl	%ebp, %ebp		/* outermost frame */
	andq	$-16, %rsp
	movq	%r9, %rdi
	call	*%r8
	movl	%eax, %edi
	movl	$231, %eax		/* __NR_exit_group */
	syscall
	hlt
	.cfi_endproc
	.size	pidfdspawn_clone3, .-pidfdspawn_clone3

#elif defined __i386__
	.text
	.globl	pidfdspawn_clone3
	.hidden	pidfdspawn_clone3
	.type	pidfdspawn_clone3, @function
	.p2align 4
pidfdspawn_clone3:
	.cfi_startproc
	LANDING_PAD
	/* int $0x80 takes ebx, ecx and preserves every register but eax; fn
	   and arg wait in esi and edi, which the caller expects kept.  */
	pushl	%ebx
	.cfi_adjust_cfa_offset 4
	.cfi_rel_offset ebx, 0
	pushl	%esi
	.cfi_adjust_cfa_offset 4
	.cfi_rel_offset esi, 0
	pushl	%edi
	.cfi_adjust_cfa_offset 4
	.cfi_rel_offset edi, 0
	movl	16(%esp), %ebx		/* args: struct clone_args, 64-bit fields */
	movl	20(%esp), %ecx		/* size */
	movl	24(%esp), %esi		/* fn */
	movl	28(%esp), %edi		/* arg */
	movl	$435, %eax		/* __NR_clone3 */
	int	$0x80
	testl	%eax, %eax
	jz	1f
	popl	%edi
	.cfi_adjust_cfa_offset -4
	.cfi_restore edi
	popl	%esi
	.cfi_adjust_cfa_offset -4
	.cfi_restore esi
	popl	%ebx
	.cfi_adjust_cfa_offset -4
	.cfi_restore ebx
	ret				/* parent: pid or -errno */
1:	.cfi_undefined eip
	xorl	%ebp, %ebp		/* outermost frame */
	andl	$-16, %esp		/* the i386 ABI's alignment at a call */
	subl	$12, %esp
	pushl	%edi
	call	*%esi
	movl	%eax, %ebx
	movl	$252, %eax		/* __NR_exit_group */
	int	$0x80
	hlt
	.cfi_endproc
	.size	pidfdspawn_clone3, .-pidfdspawn_clone3

#elif defined __aarch64__
	.text
	.globl	pidfdspawn_clone3
	.hidden	pidfdspawn_clone3
	.type	pidfdspawn_clone3, %function
	.p2align 2
pidfdspawn_clone3:
	.cfi_startproc
	LANDING_PAD
	/* The kernel preserves x1..x30 across svc.  */
	mov	x10, x2			/* fn */
	mov	x11, x3			/* arg */
	mov	x8, #435		/* __NR_clone3 */
	svc	#0
	cbz	x0, 1f
	ret				/* parent: pid or -errno */
1:	.cfi_undefined x30
	mov	x29, #0			/* outermost frame */
	mov	x30, #0
	mov	x0, x11
	blr	x10
	mov	x8, #94			/* __NR_exit_group */
	svc	#0
	brk	#0
	.cfi_endproc
	.size	pidfdspawn_clone3, .-pidfdspawn_clone3
#endif

#if defined __linux__ && defined __ELF__
	.section .note.GNU-stack,"",%progbits
#endif

/* The GNU property note: one NT_GNU_PROPERTY_TYPE_0 (5) note named "GNU"
   holding one property, the architecture's FEATURE_1_AND bits; entries
   are aligned to 8 bytes on 64-bit targets, 4 on 32-bit ones.  */
#if defined __x86_64__ && defined __CET__
# define PROPERTY_TYPE 0xc0000002	/* GNU_PROPERTY_X86_FEATURE_1_AND */
# define PROPERTY_BITS __CET__		/* 1: IBT, 2: SHSTK */
# define PROPERTY_ALIGN 8
#elif defined __i386__ && defined __CET__
# define PROPERTY_TYPE 0xc0000002
# define PROPERTY_BITS __CET__
# define PROPERTY_ALIGN 4
#elif defined __aarch64__
# if defined __ARM_FEATURE_BTI_DEFAULT && __ARM_FEATURE_BTI_DEFAULT
#  define PROPERTY_BTI 1
# else
#  define PROPERTY_BTI 0
# endif
# if defined __ARM_FEATURE_PAC_DEFAULT && __ARM_FEATURE_PAC_DEFAULT
#  define PROPERTY_PAC 2
# else
#  define PROPERTY_PAC 0
# endif
# if PROPERTY_BTI || PROPERTY_PAC
#  define PROPERTY_TYPE 0xc0000000	/* GNU_PROPERTY_AARCH64_FEATURE_1_AND */
#  define PROPERTY_BITS (PROPERTY_BTI | PROPERTY_PAC)
#  define PROPERTY_ALIGN 8
# endif
#endif
#if defined PROPERTY_TYPE && defined __linux__ && defined __ELF__
	.section .note.gnu.property,"a"
	.balign	PROPERTY_ALIGN
	.long	4			/* name size: "GNU" and its NUL */
	.long	3f - 2f			/* descriptor size */
	.long	5			/* NT_GNU_PROPERTY_TYPE_0 */
	.asciz	"GNU"
2:	.long	PROPERTY_TYPE
	.long	4			/* the property's data size */
	.long	PROPERTY_BITS
	.balign	PROPERTY_ALIGN
3:
#endif
