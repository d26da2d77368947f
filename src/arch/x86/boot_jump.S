/* SPDX-License-Identifier: MIT */
/* Enter a kernel with flat segments: see arch/bootjump.h. */
#include <arch/bootjump.h>

/* A flat 4 GiB descriptor (base 0), as the kernel's boot protocol wants. */
#define FLAT_DESC(access) .word 0xffff, 0; .byte 0, access, 0xcf, 0
#define ACCESS_CODE	0x9b
#define ACCESS_DATA	0x93

/* Argument offsets on the stack (cdecl) after the return address. */
#define ARG_ENTRY	4
#define ARG_EAX		8
#define ARG_EBX		12
#define ARG_ESI		16

/*
 * Runs with CS and DS based at virt_offset: every address we hand the
 * processor (the GDT's base, the far jump's target) is made physical by
 * adding virt_offset. The old segments stay cached until reloaded, so the
 * memory operands before the far jump still use them.
 */
	.text
	.code32
	.globl boot_jump
boot_jump:
	cli
	movl	ARG_ENTRY(%esp), %edx
	movl	ARG_EAX(%esp), %eax
	movl	ARG_EBX(%esp), %ebx
	movl	ARG_ESI(%esp), %esi
	movl	$boot_gdt, %ecx
	addl	virt_offset, %ecx
	movl	%ecx, boot_gdtr + 2
	lgdtl	boot_gdtr
	movl	$flat, %ecx
	addl	virt_offset, %ecx
	movl	%ecx, boot_far
	ljmpl	*boot_far
	/* From here on CS is flat: EIP is the physical address. */
flat:
	movl	$BOOT_SEL_DS, %ecx
	movl	%ecx, %ds
	movl	%ecx, %es
	movl	%ecx, %fs
	movl	%ecx, %gs
	movl	%ecx, %ss
	xorl	%ecx, %ecx
	xorl	%edi, %edi
	xorl	%ebp, %ebp
	jmp	*%edx

	.data
	.balign 8
boot_gdt:
	.quad 0
	.quad 0
	FLAT_DESC(ACCESS_CODE)		/* BOOT_SEL_CS */
	FLAT_DESC(ACCESS_DATA)		/* BOOT_SEL_DS */
boot_gdt_end:
	.balign 4
boot_gdtr:
	.word boot_gdt_end - boot_gdt - 1
	.long 0				/* physical address of boot_gdt */
	.balign 4
boot_far:
	.long 0				/* physical address of flat */
	.word BOOT_SEL_CS

	.section .note.GNU-stack, "", @progbits
