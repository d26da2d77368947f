/* SPDX-License-Identifier: MIT */
/* The real/protected mode trampoline: the 16-bit blob copied to base memory, and the 32-bit switch. */
#include <arch/rmlayout.h>
#include <arch/modeswitch.h>

/* struct real_regs offsets (arch/realmode.h). */
#define RR_EAX		0
#define RR_EBX		4
#define RR_ECX		8
#define RR_EDX		12
#define RR_ESI		16
#define RR_EDI		20
#define RR_EBP		24
#define RR_EFLAGS	28
#define RR_DS		32
#define RR_ES		34
#define RR_SIZE		36

/* An offset inside the blob, as the 16-bit code (CS base = blob) sees it. */
#define OFF(label)	(label - rm_blob_start)

/* Flat 4 GiB 32-bit and 64 KiB 16-bit descriptors; bases are patched. */
#define DESC(access, flags) .word 0xffff, 0; .byte 0, access, flags, 0
#define ACCESS_CODE	0x9b
#define ACCESS_DATA	0x93
#define FLAGS_32_4G	0xcf
#define FLAGS_16	0x00

	.section ".data.rm_blob", "aw", @progbits
	.code16
	.balign 16
	.globl rm_blob_start
rm_blob_start:
	.globl rm_gdt
rm_gdt:
	.quad 0
	DESC(ACCESS_CODE, FLAGS_32_4G)	/* SEL_CS32, base = payload */
	DESC(ACCESS_DATA, FLAGS_32_4G)	/* SEL_DS32, base = payload */
	DESC(ACCESS_CODE, FLAGS_16)	/* SEL_CS16, base = this blob */
	DESC(ACCESS_DATA, FLAGS_16)	/* SEL_DS16, base = this blob */
rm_gdt_end:
	.globl rm_gdtr
rm_gdtr:
	.word rm_gdt_end - rm_gdt - 1
	.long 0				/* linear address of rm_gdt */
rm_idtr:
	.word 0x3ff			/* the real-mode vector table */
	.long 0
	.globl rm_real_ptr
rm_real_ptr:				/* far pointer to rm_real */
	.word OFF(rm_real)
	.word 0				/* our segment */
	.globl rm_pm_ptr
rm_pm_ptr:				/* far pointer back to real_return */
	.long 0
	.word SEL_CS32
	.balign 4
	.globl rm_regs
rm_regs:
	.space RR_SIZE
/* A far call instead of the interrupt: its target and the words it takes on the stack. */
	.globl rm_call_ptr
rm_call_ptr:				/* far pointer: offset, segment */
	.long 0
	.globl rm_is_call
rm_is_call:				/* 0: run the interrupt, 1: the far call */
	.word 0
	.globl rm_call_words
rm_call_words:				/* words in rm_call_stack */
	.word 0
	.globl rm_call_stack
rm_call_stack:				/* the first word ends on top */
	.space 2 * RM_CALL_WORDS_MAX

/* 16-bit protected mode: give every segment real-mode limits, leave PE. */
rm_entry:
	LEAVE_PROTECTED_MODE
	ljmp	*%cs:OFF(rm_real_ptr)

/*
 * Real mode: push the far call's words, load the caller's registers, run
 * the interrupt or the far call, save the results.
 */
rm_real:
	movw	%cs, %ax
	movw	%ax, %ds
	movw	%ax, %ss
	movw	$RM_STACK_TOP, %sp
	xorw	%ax, %ax
	movw	%ax, %fs
	movw	%ax, %gs
	lidtl	OFF(rm_idtr)
	movw	OFF(rm_call_words), %cx
	movw	%cx, %si
	shlw	$1, %si
	jcxz	2f
1:	pushw	OFF(rm_call_stack) - 2(%si)
	subw	$2, %si
	loop	1b
2:	pushw	OFF(rm_regs) + RR_DS
	movw	OFF(rm_regs) + RR_ES, %es
	movl	OFF(rm_regs) + RR_EAX, %eax
	movl	OFF(rm_regs) + RR_EBX, %ebx
	movl	OFF(rm_regs) + RR_ECX, %ecx
	movl	OFF(rm_regs) + RR_EDX, %edx
	movl	OFF(rm_regs) + RR_ESI, %esi
	movl	OFF(rm_regs) + RR_EDI, %edi
	movl	OFF(rm_regs) + RR_EBP, %ebp
	popw	%ds
	sti
	cmpw	$0, %cs:OFF(rm_is_call)
	jne	3f
	.globl rm_int
rm_int:
	int	$0			/* the vector byte is patched per call */
	jmp	4f
3:	lcall	*%cs:OFF(rm_call_ptr)
4:	cli
	pushfl
	popl	%cs:OFF(rm_regs) + RR_EFLAGS
	movl	%eax, %cs:OFF(rm_regs) + RR_EAX
	movl	%ebx, %cs:OFF(rm_regs) + RR_EBX
	movl	%ecx, %cs:OFF(rm_regs) + RR_ECX
	movl	%edx, %cs:OFF(rm_regs) + RR_EDX
	movl	%esi, %cs:OFF(rm_regs) + RR_ESI
	movl	%edi, %cs:OFF(rm_regs) + RR_EDI
	movl	%ebp, %cs:OFF(rm_regs) + RR_EBP
	movw	%ds, %cs:OFF(rm_regs) + RR_DS
	movw	%es, %cs:OFF(rm_regs) + RR_ES
	/* Some PXE stacks turn A20 off; nicboot lives above 1 MiB. */
	cmpw	$0, %cs:OFF(rm_is_call)
	je	5f
	FAST_A20_ON
5:
	/* The BIOS may have loaded a GDT of its own: reload ours. */
	lgdtl	%cs:OFF(rm_gdtr)
	ENTER_PROTECTED_MODE
	ljmpl	*%cs:OFF(rm_pm_ptr)
	.globl rm_blob_end
rm_blob_end:

	.text
	.code32
/* void real_switch(void): run the call prepared in the blob's rm_regs. */
	.globl real_switch
real_switch:
	pushal
	movl	%esp, real_saved_esp
	ljmp	$SEL_CS16, $OFF(rm_entry)

	.globl real_return
real_return:
	LOAD_SEGMENTS SEL_DS32
	movl	real_saved_esp, %esp
	popal
	ret

	.bss
	.balign 4
	.globl real_saved_esp		/* the PXE API saves it around nested calls */
real_saved_esp:
	.space 4

	.section .note.GNU-stack, "", @progbits
