/* SPDX-License-Identifier: MIT */
/*
 * The start shared by the prefixes a vendor's PXE ROM runs as network
 * bootstrap programs (kpxeprefix.S, pxeprefix.S). The ROM puts the
 * program at 0000:7c00 and jumps there in real mode with ES:BX = its
 * PXENV+ structure and the far pointer to its !PXE structure at SS:SP+4
 * (PXE 2.1, section 4.4.5). Assembly only.
 */
#ifndef PREFIX_NBP_H
#define PREFIX_NBP_H

/* Run with CS based at the image, so labels are offsets into it. */
#define NBP_SEGMENT		0x07c0
/* Where the !PXE far pointer lies above the entry's SP (past a far return). */
#define ENTRY_PXE_PTR		4

/*
 * The program's first instructions: reload CS, then ECX = the !PXE
 * pointer and EBP = the PXENV+ pointer, each SEG << 16 | OFF as
 * prefix_install takes them. Clobbers EAX; the ROM's stack stays.
 */
.macro NBP_ENTRY
	ljmp	$NBP_SEGMENT, $1f
1:	movw	%sp, %bp
	movl	%ss:ENTRY_PXE_PTR(%bp), %ecx
	movw	%es, %ax
	shll	$16, %eax
	movw	%bx, %ax
	movl	%eax, %ebp
.endm

#endif
