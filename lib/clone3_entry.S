/* clone3 with a separate stack, for x86_64, i386 and aarch64.
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

#elif defined __i386__
	.text
	.globl	pidfdspawn_clone3
	.hidden	pidfdspawn_clone3
	.type	pidfdspawn_clone3, @function
	.p2align 4
pidfdspawn_clone3:
	.cfi_startproc
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
