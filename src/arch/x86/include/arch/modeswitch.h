/* SPDX-License-Identifier: MIT */
/*
 * Assembler macros for the steps of a switch between real and protected
 * mode, shared by the prefixes (libprefix.S), the trampoline
 * (trampoline.S), the PXE API's entry points (pxe_blob.S) and the
 * payload's entry (entry.S). Assembly only.
 */
#ifndef ARCH_MODESWITCH_H
#define ARCH_MODESWITCH_H

#ifndef __ASSEMBLER__
#error "arch/modeswitch.h is for assembly sources"
#endif

#include <arch/rmlayout.h>

/* The fast A20 gate (libprefix.S enables it first, if the BIOS did not). */
#define PORT_FAST_A20	0x92
#define FAST_A20_ENABLE	0x02
#define FAST_A20_RESET	0x01

/* Load DS, ES, FS, GS and SS with SELECTOR (an immediate); clobbers AX. */
.macro LOAD_SEGMENTS selector
	movw	$\selector, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %fs
	movw	%ax, %gs
	movw	%ax, %ss
.endm

/*
 * In 16-bit protected mode: give every data segment real-mode limits and
 * leave protected mode; the caller's far jump then reloads CS. Clobbers EAX.
 */
.macro LEAVE_PROTECTED_MODE
	LOAD_SEGMENTS SEL_DS16
	movl	%cr0, %eax
	andb	$~CR0_PE, %al
	movl	%eax, %cr0
.endm

/* Set CR0.PE (a GDT loaded); the caller's far jump loads CS. Clobbers EAX. */
.macro ENTER_PROTECTED_MODE
	movl	%cr0, %eax
	orb	$CR0_PE, %al
	movl	%eax, %cr0
.endm

/* Turn A20 on through the fast gate, whatever it was; clobbers AL. */
.macro FAST_A20_ON
	inb	$PORT_FAST_A20, %al
	orb	$FAST_A20_ENABLE, %al
	andb	$~FAST_A20_RESET, %al
	outb	%al, $PORT_FAST_A20
.endm

#endif
