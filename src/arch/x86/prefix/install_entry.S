/* SPDX-License-Identifier: MIT */
/* The installer's entry at offset 0: a stack in the base-memory area, then install(). */
#include <arch/rmlayout.h>

/*
 * In: EAX = the area's physical address, EBX = ours, ESI = the payload
 * blob's. install() returns the payload's new base, where we jump with
 * ESI = the boot information and EDI = that base.
 */
	.section ".text.entry", "ax", @progbits
	.code32
	.globl _install_entry
_install_entry:
	movw	$SEL_DS32, %cx
	movw	%cx, %ds
	movw	%cx, %es
	movw	%cx, %ss
	leal	RM_STACK_TOP(%eax), %esp
	subl	%ebx, %esp
	pushl	%eax
	pushl	%esi
	pushl	%ebx
	pushl	%eax
	call	install
	addl	$12, %esp
	popl	%esi
	addl	$RM_BOOTINFO, %esi
	movl	%eax, %edi
	ljmp	$SEL_CS32, $0
	.section .note.GNU-stack, "", @progbits
