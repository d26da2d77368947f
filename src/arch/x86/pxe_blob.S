/* SPDX-License-Identifier: MIT */
/*
 * The real-mode side of the PXE API nicboot offers: the blob copied to
 * RM_PXE in the base-memory area (the !PXE and PXENV+ entry points, the
 * int 1Ah and int 15h hooks, the start of a network bootstrap program)
 * and the 32-bit code an API call runs in. The blob runs with CS = the
 * area's segment; the C side (pxe_entry.c) patches its pointers.
 */
#include <arch/rmlayout.h>
#include <arch/modeswitch.h>
#include <arch/pxe_entry.h>

/* An offset inside the area, as the blob's 16-bit code sees it. */
#define POFF(label)	(RM_PXE + (label) - pxe_blob_start)

/* The !PXE entry's far call: return address, then opcode and params. */
#define SP_OPCODE	4
#define SP_PARAMS_OFF	6
#define SP_PARAMS_SEG	8
/* The interrupt frame above a pushed BP: IP, CS, then FLAGS. */
#define BP_IRET_FLAGS	6
#define FLAGS_CF	0x01
/* int 1Ah AX=5650h: is there a PXE stack? */
#define PXE_INSTALL_CHECK	0x5650
#define PXE_INSTALLED		0x564e
/* int 15h memory-size calls. */
#define E820_CALL	0xe820
#define E820_SMAP	0x534d4150
#define E801_CALL	0xe801
#define E88_CALL	0x88
/* Where a network bootstrap program starts. */
#define NBP_SEGMENT	0
#define NBP_OFFSET	0x7c00

	.section ".data.pxe_blob", "aw", @progbits
	.code16
	.balign 16
	.globl pxe_blob_start
pxe_blob_start:

/*
 * Keep the caller's flags and the registers the !PXE entry reuses for the
 * call's arguments, and turn interrupts off (the near call leaves the
 * flags alone; SP is the caller's again on return).
 */
pxe_save_entry:
	pushfw
	popw	%cs:POFF(pxe_saved_flags)
	cli
	movl	%ebp, %cs:POFF(pxe_saved_ebp)
	movl	%ebx, %cs:POFF(pxe_saved_ebx)
	movl	%edi, %cs:POFF(pxe_saved_edi)
	movw	%es, %cs:POFF(pxe_saved_es)
	ret

/* !PXE: far call with the opcode and the parameter block on the stack. */
	.globl pxe_entry_sp
pxe_entry_sp:
	call	pxe_save_entry
	movw	%sp, %bp
	movw	SP_OPCODE(%bp), %bx
	movw	SP_PARAMS_OFF(%bp), %di
	movw	SP_PARAMS_SEG(%bp), %es
	jmp	pxe_common

/* PXENV+: far call with BX = opcode, ES:DI = the parameter block. */
	.globl pxenv_entry
pxenv_entry:
	call	pxe_save_entry
	/* fall through */

/* Keep the caller's state, enter protected mode on our own GDT. */
pxe_common:
	movw	%bx, %cs:POFF(pxe_call_opcode)
	movw	%di, %cs:POFF(pxe_call_params)
	movw	%es, %cs:POFF(pxe_call_params) + 2
	movl	%eax, %cs:POFF(pxe_saved_eax)
	movl	%ecx, %cs:POFF(pxe_saved_ecx)
	movl	%edx, %cs:POFF(pxe_saved_edx)
	movl	%esi, %cs:POFF(pxe_saved_esi)
	movw	%ds, %cs:POFF(pxe_saved_ds)
	movw	%fs, %cs:POFF(pxe_saved_fs)
	movw	%gs, %cs:POFF(pxe_saved_gs)
	movw	%ss, %cs:POFF(pxe_saved_ss)
	movl	%esp, %cs:POFF(pxe_saved_esp)
	sgdtl	%cs:POFF(pxe_saved_gdtr)
	sidtl	%cs:POFF(pxe_saved_idtr)
	lgdtl	%cs:POFF(pxe_gdtr)
	ENTER_PROTECTED_MODE
	ljmpl	*%cs:POFF(pxe_pm_ptr)

/* 16-bit protected mode on the way back: real-mode limits, leave PE. */
pxe_rm_exit:
	LEAVE_PROTECTED_MODE
	ljmp	*%cs:POFF(pxe_rm_ptr)

/* Real mode: the caller's state back, AX = exit code, CF set on failure. */
	.globl pxe_rm_back
pxe_rm_back:
	lidtl	%cs:POFF(pxe_saved_idtr)
	lgdtl	%cs:POFF(pxe_saved_gdtr)
	movw	%cs:POFF(pxe_saved_ss), %ss
	movl	%cs:POFF(pxe_saved_esp), %esp
	movw	%cs:POFF(pxe_saved_ds), %ds
	movw	%cs:POFF(pxe_saved_es), %es
	movw	%cs:POFF(pxe_saved_fs), %fs
	movw	%cs:POFF(pxe_saved_gs), %gs
	movl	%cs:POFF(pxe_saved_eax), %eax
	movw	%cs:POFF(pxe_call_exit), %ax
	movl	%cs:POFF(pxe_saved_ebx), %ebx
	movl	%cs:POFF(pxe_saved_ecx), %ecx
	movl	%cs:POFF(pxe_saved_edx), %edx
	movl	%cs:POFF(pxe_saved_esi), %esi
	movl	%cs:POFF(pxe_saved_edi), %edi
	movl	%cs:POFF(pxe_saved_ebp), %ebp
	pushw	%cs:POFF(pxe_saved_flags)
	popfw
	testw	%ax, %ax
	jz	1f
	stc
1:	lret

/* int 1Ah: answer the PXE installation check, pass the rest on. */
	.globl pxe_int1a
pxe_int1a:
	cmpw	$PXE_INSTALL_CHECK, %ax
	je	1f
	ljmp	*%cs:POFF(pxe_old_int1a)
1:	movw	$PXE_INSTALLED, %ax
	pushw	%cs
	popw	%es
	movw	$POFF(pxe_pxenv), %bx
	jmp	iret_clc

/* int 15h: the memory map with nicboot's memory reserved; the rest passed on. */
	.globl pxe_int15
pxe_int15:
	cmpw	$E820_CALL, %ax
	jne	1f
	cmpl	$E820_SMAP, %edx
	je	e820
	jmp	int15_chain
1:	cmpw	$E801_CALL, %ax
	je	e801
	cmpb	$E88_CALL, %ah
	je	e88
int15_chain:
	ljmp	*%cs:POFF(pxe_old_int15)

/* E820: entry EBX of pxe_e820_map to ES:DI; EBX = the next, 0 after the last. */
e820:
	cmpl	%cs:POFF(pxe_e820_count), %ebx
	jae	iret_stc
	pushw	%ds
	pushw	%si
	pushw	%di
	pushw	%cs
	popw	%ds
	imulw	$PXE_E820_ENTRY_SIZE, %bx, %si
	addw	$POFF(pxe_e820_map), %si
	movl	$PXE_E820_ENTRY_SIZE, %ecx
	cld
	rep movsb
	popw	%di
	popw	%si
	popw	%ds
	incl	%ebx
	cmpl	%cs:POFF(pxe_e820_count), %ebx
	jb	2f
	xorl	%ebx, %ebx
2:	movl	$E820_SMAP, %eax
	movl	$PXE_E820_ENTRY_SIZE, %ecx
	jmp	iret_clc

/* E801: KiB from 1 MiB to 16 MiB in AX and CX, 64 KiB blocks above in BX and DX. */
e801:
	movw	%cs:POFF(pxe_e801_kb), %ax
	movw	%ax, %cx
	movw	%cs:POFF(pxe_e801_blocks), %bx
	movw	%bx, %dx
	jmp	iret_clc

/* 88h: KiB above 1 MiB in AX. */
e88:
	movw	%cs:POFF(pxe_e88_kb), %ax
	jmp	iret_clc

/* Return from an interrupt with CF clear or set. */
iret_clc:
	pushw	%bp
	movw	%sp, %bp
	andb	$~FLAGS_CF, BP_IRET_FLAGS(%bp)
	popw	%bp
	iret
iret_stc:
	pushw	%bp
	movw	%sp, %bp
	orb	$FLAGS_CF, BP_IRET_FLAGS(%bp)
	popw	%bp
	iret

/*
 * Start the network bootstrap program (far-called by the trampoline with
 * its registers loaded): on a stack of its own with the !PXE pointer at
 * SP+4, since the BIOS calls its API calls make reuse the trampoline's
 * stack; for the same reason the way back is kept here, not there.
 */
	.globl pxe_nbp_start
pxe_nbp_start:
	popl	%cs:POFF(pxe_nbp_return)
	movw	%ss, %cs:POFF(pxe_nbp_ss)
	movw	%sp, %cs:POFF(pxe_nbp_sp)
	pushw	%cs
	popw	%ss
	movw	$RM_NBP_STACK_TOP, %sp
	pushw	%cs:POFF(pxe_romid_ptr) + 2
	pushw	%cs:POFF(pxe_romid_ptr)
	lcall	$NBP_SEGMENT, $NBP_OFFSET
	cli
	movw	%cs:POFF(pxe_nbp_ss), %ss
	movw	%cs:POFF(pxe_nbp_sp), %sp
	/* nicboot lives above 1 MiB: A20 on again, whatever the program did. */
	FAST_A20_ON
	ljmp	*%cs:POFF(pxe_nbp_return)

/* Patched by pxe_entry.c. */
	.balign 4
	.globl pxe_gdtr
pxe_gdtr:				/* the trampoline's GDT */
	.word 0
	.long 0
	.globl pxe_pm_ptr
pxe_pm_ptr:				/* far pointer to pxe_pm_entry */
	.long 0
	.word SEL_CS32
	.globl pxe_rm_ptr
pxe_rm_ptr:				/* far pointer to pxe_rm_back */
	.word 0
	.word 0
	.globl pxe_old_int1a
pxe_old_int1a:
	.long 0
	.globl pxe_old_int15
pxe_old_int15:
	.long 0
	.globl pxe_romid_ptr
pxe_romid_ptr:				/* the !PXE structure, offset then segment */
	.long 0
	.globl pxe_e801_kb
pxe_e801_kb:
	.word 0
	.globl pxe_e801_blocks
pxe_e801_blocks:
	.word 0
	.globl pxe_e88_kb
pxe_e88_kb:
	.word 0
	.globl pxe_call_exit
pxe_call_exit:				/* AX for the caller */
	.word 0
	.globl pxe_call_opcode
pxe_call_opcode:
	.word 0
	.balign 4
	.globl pxe_call_params
pxe_call_params:			/* the caller's parameter block */
	.long 0
	.globl pxe_e820_count
pxe_e820_count:
	.long 0

/* The caller's state during a call, and the trampoline's around the NBP. */
pxe_saved_eax:	.long 0
pxe_saved_ebx:	.long 0
pxe_saved_ecx:	.long 0
pxe_saved_edx:	.long 0
pxe_saved_esi:	.long 0
pxe_saved_edi:	.long 0
pxe_saved_ebp:	.long 0
pxe_saved_esp:	.long 0
pxe_saved_gdtr:	.word 0
		.long 0
pxe_saved_idtr:	.word 0
		.long 0
pxe_saved_ds:	.word 0
pxe_saved_es:	.word 0
pxe_saved_fs:	.word 0
pxe_saved_gs:	.word 0
pxe_saved_ss:	.word 0
pxe_saved_flags: .word 0
pxe_nbp_return:	.long 0
pxe_nbp_ss:	.word 0
pxe_nbp_sp:	.word 0

	.balign 16
	.globl pxe_romid
pxe_romid:
	.space PXE_ROMID_SIZE
	.balign 16
	.globl pxe_pxenv
pxe_pxenv:
	.space PXENV_PLUS_SIZE
	.balign 4
	.globl pxe_e820_map
pxe_e820_map:
	.space PXE_E820_MAX * PXE_E820_ENTRY_SIZE
	.globl pxe_blob_end
pxe_blob_end:

/*
 * 32-bit side of an API call: on nicboot's stack below the frame of the
 * real_call() that started the program, with real_switch's saved ESP
 * kept across the BIOS calls the handler makes.
 */
	.text
	.code32
	.globl pxe_pm_entry
pxe_pm_entry:
	LOAD_SEGMENTS SEL_DS32
	movl	real_saved_esp, %esp
	pushl	real_saved_esp
	cld
	call	pxe_api_entry
	popl	real_saved_esp
	ljmpl	$SEL_CS16, $POFF(pxe_rm_exit)

	.section .note.GNU-stack, "", @progbits
