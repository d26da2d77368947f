/* SPDX-License-Identifier: MIT */
/* The payload's entry, at offset 0: the installer jumps here in 32-bit protected mode. */
#include <arch/rmlayout.h>
#include <arch/modeswitch.h>

/* Protected-mode stack for all of nicboot's C code. */
#define STACK_SIZE 0x10000

/*
 * In: CS = SEL_CS32 and the GDT's SEL_DS32 both based at the payload's
 * physical address; %esi = physical address of the boot information;
 * %edi = that base (becomes virt_offset). Interrupts are off.
 */
	.section ".text.entry", "ax", @progbits
	.code32
	.globl _start
_start:
	LOAD_SEGMENTS SEL_DS32
	movl	$stack_top, %esp
	movl	%edi, virt_offset
	cld
	pushl	%esi
	call	bios_main
1:	hlt
	jmp	1b

	.data
	.balign 4
	.globl virt_offset
virt_offset:
	.long 0

	.bss
	.balign 16
stack:
	.space STACK_SIZE
stack_top:

	.section .note.GNU-stack, "", @progbits
