/* SPDX-License-Identifier: MIT */
/*
 * What every 16-bit prefix does before nicboot can run: take a base-memory
 * area from the BIOS, record the boot information and the E820 memory
 * map there, enable A20, and enter 32-bit protected mode in the
 * installer, which unpacks the payload high in memory and starts it.
 * Included by each prefix; assumes CS is based at the image start.
 */
#include <arch/modeswitch.h>

#define E820_FUNCTION 0xe820
#define E820_SMAP 0x534d4150	/* "SMAP" */
#define INT_SYSTEM 0x15
#define A20_ENABLE_FUNCTION 0x2401
/* Where the installer's GDT and its pointer go in the base-memory area. */
#define INSTALL_GDTR 0x30
#define DESC_LIMIT_LOW 0x0000ffff
#define DESC_CODE32_HIGH 0x00cf9b00
#define DESC_DATA32_HIGH 0x00cf9300
#define INSTALL_GDT_LIMIT (3 * GDT_ENTRY_SIZE - 1)

/*
 * prefix_install: ESI = physical address of the payload blob, EDI = the
 * command line's physical address (0: none), EDX = the PCI bus:dev.fn of
 * our card (~0: none), ECX and EBP = the !PXE and PXENV+ structures as
 * SEG << 16 | OFF (0: none), BX = PREFIX_*. Returns only if the area
 * could not be taken.
 */
prefix_install:
	pushw	%cs
	popw	%ds
	xorw	%ax, %ax
	movw	%ax, %es
	movw	%es:BDA_BASE_MEM_KB, %ax
	subw	$RM_AREA_KB, %ax
	jb	1f
	movw	%ax, %es:BDA_BASE_MEM_KB
	shlw	$6, %ax			/* KiB to paragraphs */
	movw	%ax, %es
	movl	$BOOTINFO_MAGIC, %es:RM_BOOTINFO + BI_MAGIC
	movzwl	%bx, %ebx
	movl	%ebx, %es:RM_BOOTINFO + BI_PREFIX
	movl	%edx, %es:RM_BOOTINFO + BI_BUSDEVFN
	movl	%edi, %es:RM_BOOTINFO + BI_CMDLINE
	movl	%ecx, %es:RM_BOOTINFO + BI_PXE
	movl	%ebp, %es:RM_BOOTINFO + BI_PXENV
	movzwl	%ax, %eax
	movl	%eax, %es:RM_BOOTINFO + BI_RM_SEGMENT
	call	read_e820
	call	enable_a20
	jmp	enter_installer
1:	ret

/* Fill the boot information's E820 table (ES = the area). */
read_e820:
	pushl	%esi
	xorl	%ebx, %ebx
	xorw	%bp, %bp
	movw	$RM_BOOTINFO + BI_E820, %di
2:	movl	$E820_FUNCTION, %eax
	movl	$BI_E820_ENTRY_SIZE, %ecx
	movl	$E820_SMAP, %edx
	movl	$1, %es:20(%di)		/* valid, for BIOSes that skip it */
	int	$INT_SYSTEM
	jc	3f
	cmpl	$E820_SMAP, %eax
	jne	3f
	incw	%bp
	addw	$BI_E820_ENTRY_SIZE, %di
	cmpw	$BI_E820_MAX, %bp
	jae	3f
	testl	%ebx, %ebx
	jnz	2b
3:	movzwl	%bp, %eax
	movl	%eax, %es:RM_BOOTINFO + BI_E820_COUNT
	popl	%esi
	ret

/* A20 through the BIOS, and the fast A20 gate for BIOSes without it. */
enable_a20:
	movw	$A20_ENABLE_FUNCTION, %ax
	int	$INT_SYSTEM
	inb	$PORT_FAST_A20, %al
	testb	$FAST_A20_ENABLE, %al
	jnz	4f
	FAST_A20_ON
4:	ret

/*
 * Build a GDT in the area whose 32-bit segments are based at the
 * installer, and jump to it with EAX = the area's physical address,
 * EBX = the installer's, ESI = the payload's.
 */
enter_installer:
	movzwl	%es:RM_BOOTINFO + BI_RM_SEGMENT, %eax
	shll	$4, %eax
	movw	%cs, %bx
	movzwl	%bx, %ebx
	shll	$4, %ebx
	addl	$installer, %ebx
	xorl	%ecx, %ecx
	movl	%ecx, %es:0
	movl	%ecx, %es:4
	movl	$DESC_LIMIT_LOW, %es:SEL_CS32
	movl	$DESC_CODE32_HIGH, %es:SEL_CS32 + 4
	movl	$DESC_LIMIT_LOW, %es:SEL_DS32
	movl	$DESC_DATA32_HIGH, %es:SEL_DS32 + 4
	movl	%ebx, %ecx
	movw	%cx, %es:SEL_CS32 + DESC_BASE_LOW
	movw	%cx, %es:SEL_DS32 + DESC_BASE_LOW
	shrl	$16, %ecx
	movb	%cl, %es:SEL_CS32 + DESC_BASE_MID
	movb	%cl, %es:SEL_DS32 + DESC_BASE_MID
	movb	%ch, %es:SEL_CS32 + DESC_BASE_HIGH
	movb	%ch, %es:SEL_DS32 + DESC_BASE_HIGH
	movw	$INSTALL_GDT_LIMIT, %es:INSTALL_GDTR
	movl	%eax, %es:INSTALL_GDTR + 2
	cli
	lgdtl	%es:INSTALL_GDTR
	movl	%cr0, %ecx
	orb	$CR0_PE, %cl
	movl	%ecx, %cr0
	ljmpl	$SEL_CS32, $0

/* The 32-bit installer, run where it lies with its segments based there. */
	.balign 16
installer:
	.incbin INSTALLER_BIN
