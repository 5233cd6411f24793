/* clone3 with a separate stack, for x86_64 and aarch64.
   SPDX-License-Identifier: LGPL-2.1-or-later

   long pidfdspawn_clone3 (struct clone_args *args, size_t size,
                           int (*fn) (void *), void *arg);

   The parent returns the syscall's result.  The child wakes on the stack
   named in ARGS with no valid frame, so it never returns through C: it
   calls FN (ARG) and passes FN's result to exit.  */

#if defined __x86_64__
	.text
	.globl	pidfdspawn_clone3
	.hidden	pidfdspawn_clone3
	.type	pidfdspawn_clone3, @function
	.p2align 4
pidfdspawn_clone3:
	.cfi_startproc
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

#elif defined __aarch64__
	.text
	.globl	pidfdspawn_clone3
	.hidden	pidfdspawn_clone3
	.type	pidfdspawn_clone3, %function
	.p2align 2
pidfdspawn_clone3:
	.cfi_startproc
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
