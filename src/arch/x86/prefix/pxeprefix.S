/* SPDX-License-Identifier: MIT */
/*
 * nicboot.pxe: a PXE network bootstrap program that brings its own
 * drivers. A vendor's PXE ROM fetches it by TFTP, puts it at 0000:7c00
 * and jumps there in real mode with ES:BX = its PXENV+ structure and the
 * far pointer to its !PXE structure at SS:SP+4 (PXE 2.1, section 4.4.5).
 *
 * Before nicboot takes any memory, this prefix learns which card the
 * ROM booted from (PXENV_UNDI_GET_NIC_TYPE) and keeps a copy of the
 * ROM's DHCP ACK (PXENV_GET_CACHED_INFO), then unloads the vendor's
 * stack in the order PXE 2.1 gives: PXENV_UNDI_SHUTDOWN (the card is
 * reset and quiet), PXENV_UNLOAD_STACK (the base code goes) and
 * PXENV_STOP_UNDI (the UNDI goes), each only after the one before it
 * succeeded. The base memory of what went away is given back when it
 * lies at the top of free memory, so nicboot's own area (prefix_install)
 * comes from there. What happened goes to the payload in a report
 * (arch/pxe_unload.h) after the image, and nicboot starts with its own
 * drivers, the ROM's card first.
 */
#include <arch/rmlayout.h>
#include "payload_addr.h"
#include <arch/pxe_unload.h>
#include "nbp.h"

#define INT_BOOT_FAILURE	0x18
#define NO_BUSDEVFN		0xffffffff
/* Scratch memory right after the image: our stack, then the report. */
#define SCRATCH_STACK_SIZE	0x1000
#define SCRATCH_REPORT		SCRATCH_STACK_SIZE

/* PXE 2.1 opcodes, and the parameter block fields we use. */
#define PXENV_UNDI_SHUTDOWN	0x0005
#define PXENV_UNDI_GET_NIC_TYPE	0x0012
#define PXENV_STOP_UNDI		0x0015
#define PXENV_UNLOAD_STACK	0x0070
#define PXENV_GET_CACHED_INFO	0x0071
#define PARAMS_SIZE		32
#define PARAM_STATUS		0
#define NIC_TYPE		2
#define NIC_TYPE_PCI		2
#define NIC_PCI_BUSDEVFN	11
#define CACHED_PACKET_TYPE	2
#define CACHED_BUFFER_SIZE	4
#define CACHED_BUFFER		6
#define PACKET_TYPE_DHCP_ACK	2

/*
 * The !PXE structure: its segment descriptors are, in order, the stack,
 * UNDI data, UNDI code, UNDI code (writable), base code data, base code
 * code and base code code (writable), each with its size last.
 */
#define ROMID_SIGNATURE		0x45585021	/* "!PXE" */
#define ROMID_LENGTH		4
#define ROMID_ENTRY_SP		0x10
#define ROMID_SEGDESC		0x20
#define ROMID_SEGDESC_SIZE	8
#define ROMID_SEGDESCS		7
#define ROMID_MIN_LENGTH	0x58
#define ROMID_BASE_MASK		0x71
#define ROMID_UNDI_MASK		0x0e

/*
 * The PXENV+ structure: stack, base code code, base code data, UNDI
 * data and UNDI code as segment and size pairs.
 */
#define PXENV_SIGNATURE_LOW	0x4e455850	/* "PXEN" */
#define PXENV_SIGNATURE_HIGH	0x2b56		/* "V+" */
#define PXENV_SIGNATURE_REST	4
#define PXENV_VERSION		6
#define PXENV_LENGTH		8
#define PXENV_RM_ENTRY		0x0a
#define PXENV_SEGS		0x14
#define PXENV_SEG_SIZE		4
#define PXENV_SEG_COUNT		5
#define PXENV_BASE_MASK		0x07
#define PXENV_UNDI_MASK		0x18
#define PXENV_PXE_PTR		0x28
#define PXENV_MIN_LENGTH	0x28
#define PXENV_PXE_PTR_LENGTH	0x2c
#define PXENV_VERSION_PXE_PTR	0x0201

/* Our table of the stack's memory: segment and size (bytes) per region. */
#define REGION_SIZE		4
#define REGION_BYTES		2
#define REGIONS_MAX		7

/* The BIOS data area's EBDA segment; base memory ends there or at 640 KiB. */
#define BDA_EBDA_SEGMENT	0x40e
#define CONVENTIONAL_KB		640
#define KB			1024
#define KB_SHIFT		10
/* A segment (paragraphs) shifted right this far is its KiB, and back. */
#define SEGMENT_KB_SHIFT	6

	.code16
	.text
	.org 0
image_start:
	NBP_ENTRY
	pushw	%cs
	popw	%ds
	movl	%ecx, romid_ptr
	movl	%ebp, pxenv_ptr
	/* PXENV_UNLOAD_STACK takes the ROM's stack away: use our own. */
	call	scratch_segment
	cli
	movw	%ax, %ss
	movw	$SCRATCH_STACK_SIZE, %sp
	sti
	cld
	call	clear_report
	call	find_api
	jc	2f
	orw	$PU_API_FOUND, %ss:SCRATCH_REPORT + PU_DONE
	call	get_nic_type
	call	get_cached_ack
	call	unload_stack
2:	PAYLOAD_ADDR_TO_ESI
	xorl	%edi, %edi
	movl	busdevfn, %edx
	movw	%ss, %cx
	shll	$16, %ecx
	movw	$SCRATCH_REPORT, %cx
	xorl	%ebp, %ebp
	movw	$PREFIX_PXE, %bx
	call	prefix_install
	int	$INT_BOOT_FAILURE

/* AX = the segment of the scratch memory right after the image. */
scratch_segment:
	movl	$payload_end + PARAGRAPH - 1, %eax
	shrl	$4, %eax
	movw	%cs, %dx
	addw	%dx, %ax
	ret

/* Zero the report's fixed part (SS = the scratch segment). */
clear_report:
	pushw	%ss
	popw	%es
	movw	$SCRATCH_REPORT, %di
	movw	$PU_ACK, %cx
	xorb	%al, %al
	rep stosb
	ret

/*
 * Find the vendor's API: the !PXE structure from the stack, else
 * PXENV+ and the !PXE structure it points to, else PXENV+ alone.
 * Records the entry point and the stack's memory regions; CF set if
 * there is no valid structure.
 */
find_api:
	lesw	romid_ptr, %bx
	call	check_romid
	jnc	use_romid
	lesw	pxenv_ptr, %bx
	call	check_pxenv
	jc	2f
	cmpw	$PXENV_VERSION_PXE_PTR, %es:PXENV_VERSION(%bx)
	jb	use_pxenv
	cmpb	$PXENV_PXE_PTR_LENGTH, %es:PXENV_LENGTH(%bx)
	jb	use_pxenv
	pushw	%es
	pushw	%bx
	lesw	%es:PXENV_PXE_PTR(%bx), %bx
	call	check_romid
	jc	1f
	addw	$4, %sp
	jmp	use_romid
1:	popw	%bx
	popw	%es
	jmp	use_pxenv
2:	ret

/* Use the !PXE structure at ES:BX. */
use_romid:
	movl	%es:ROMID_ENTRY_SP(%bx), %eax
	movl	%eax, api_entry
	movb	$0, api_legacy
	movw	$ROMID_BASE_MASK, base_mask
	movw	$ROMID_UNDI_MASK, undi_mask
	leaw	ROMID_SEGDESC(%bx), %si
	movw	$ROMID_SEGDESC_SIZE, %dx
	movw	$ROMID_SEGDESCS, %cx
	jmp	copy_regions

/* Use the PXENV+ structure at ES:BX: far call with ES:DI and BX. */
use_pxenv:
	movl	%es:PXENV_RM_ENTRY(%bx), %eax
	movl	%eax, api_entry
	movb	$1, api_legacy
	movw	$PXENV_BASE_MASK, base_mask
	movw	$PXENV_UNDI_MASK, undi_mask
	leaw	PXENV_SEGS(%bx), %si
	movw	$PXENV_SEG_SIZE, %dx
	movw	$PXENV_SEG_COUNT, %cx
	/* fall through */

/*
 * Copy CX (segment, ..., size) records DX bytes long from ES:SI, the
 * size being each one's last word, into `regions`. Clears CF.
 */
copy_regions:
	movw	$regions, %di
1:	movw	%es:(%si), %ax
	movw	%ax, (%di)
	addw	%dx, %si
	movw	%es:-2(%si), %ax
	movw	%ax, REGION_BYTES(%di)
	addw	$REGION_SIZE, %di
	loop	1b
	clc
	ret

/* CF clear if ES:BX is a valid !PXE structure. */
check_romid:
	cmpl	$ROMID_SIGNATURE, %es:(%bx)
	jne	bad_structure
	cmpl	$0, %es:ROMID_ENTRY_SP(%bx)
	je	bad_structure
	movzbw	%es:ROMID_LENGTH(%bx), %cx
	cmpw	$ROMID_MIN_LENGTH, %cx
	jb	bad_structure
	jmp	checksum

/* CF clear if ES:BX is a valid PXENV+ structure. */
check_pxenv:
	cmpl	$PXENV_SIGNATURE_LOW, %es:(%bx)
	jne	bad_structure
	cmpw	$PXENV_SIGNATURE_HIGH, %es:PXENV_SIGNATURE_REST(%bx)
	jne	bad_structure
	cmpl	$0, %es:PXENV_RM_ENTRY(%bx)
	je	bad_structure
	movzbw	%es:PXENV_LENGTH(%bx), %cx
	cmpw	$PXENV_MIN_LENGTH, %cx
	jb	bad_structure
	/* fall through */

/* CF clear if the CX bytes at ES:BX add up to 0 (mod 256). */
checksum:
	xorb	%al, %al
	movw	%bx, %si
1:	addb	%es:(%si), %al
	incw	%si
	loop	1b
	testb	%al, %al
	jnz	bad_structure
	clc
	ret
bad_structure:
	stc
	ret

/* Zero the parameter block. */
clear_params:
	pushw	%ds
	popw	%es
	movw	$params, %di
	movw	$PARAMS_SIZE, %cx
	xorb	%al, %al
	rep stosb
	ret

/*
 * Call the vendor's API with opcode BX and the parameter block
 * `params`. AX = its exit code, CF set unless it succeeded; the other
 * registers are kept.
 */
pxe_call:
	pushal
	pushw	%es
	cmpb	$0, api_legacy
	jne	1f
	pushw	%ds
	pushw	$params
	pushw	%bx
	lcall	*api_entry
	addw	$6, %sp
	jmp	2f
1:	pushw	%ds
	popw	%es
	movw	$params, %di
	lcall	*api_entry
2:	pushw	%cs
	popw	%ds
	cld
	movw	%ax, pxe_exit
	popw	%es
	popal
	movw	pxe_exit, %ax
	testw	%ax, %ax
	jz	3f
	stc
3:	ret

/* Note the PCI bus:dev.fn of the card the ROM drives, so it is tried first. */
get_nic_type:
	call	clear_params
	movw	$PXENV_UNDI_GET_NIC_TYPE, %bx
	call	pxe_call
	jc	1f
	cmpb	$NIC_TYPE_PCI, params + NIC_TYPE
	jne	1f
	movzwl	params + NIC_PCI_BUSDEVFN, %eax
	movl	%eax, busdevfn
1:	ret

/* Copy the ROM's DHCP ACK into the report, before the base code goes. */
get_cached_ack:
	call	clear_params
	movw	$PACKET_TYPE_DHCP_ACK, params + CACHED_PACKET_TYPE
	movw	$PU_ACK_MAX, params + CACHED_BUFFER_SIZE
	movw	$SCRATCH_REPORT + PU_ACK, params + CACHED_BUFFER
	movw	%ss, params + CACHED_BUFFER + 2
	movw	$PXENV_GET_CACHED_INFO, %bx
	call	pxe_call
	jc	1f
	movw	params + CACHED_BUFFER_SIZE, %ax
	cmpw	$PU_ACK_MAX, %ax
	ja	1f
	movw	%ax, %ss:SCRATCH_REPORT + PU_ACK_LEN
1:	ret

/*
 * Unload the vendor's stack: shut the card down, unload the base code,
 * stop the UNDI, each only after the one before succeeded; then give
 * back the memory of what went away.
 */
unload_stack:
	xorw	%ax, %ax
	movw	%ax, %es
	movw	%es:BDA_BASE_MEM_KB, %ax
	movw	%ax, %ss:SCRATCH_REPORT + PU_KB_BEFORE
	movw	%ax, %ss:SCRATCH_REPORT + PU_KB_AFTER
	movw	$PXENV_UNDI_SHUTDOWN, %bx
	movw	$PU_SHUT_DOWN, %dx
	movw	$SCRATCH_REPORT + PU_STATUS + 2 * PU_CALL_SHUTDOWN, %si
	call	unload_call
	jc	1f
	movw	$PXENV_UNLOAD_STACK, %bx
	movw	$PU_BASE_UNLOADED, %dx
	movw	$SCRATCH_REPORT + PU_STATUS + 2 * PU_CALL_UNLOAD_STACK, %si
	call	unload_call
	jc	1f
	movw	base_mask, %ax
	orw	%ax, unloaded
	movw	$PXENV_STOP_UNDI, %bx
	movw	$PU_UNDI_STOPPED, %dx
	movw	$SCRATCH_REPORT + PU_STATUS + 2 * PU_CALL_STOP_UNDI, %si
	call	unload_call
	jc	1f
	movw	undi_mask, %ax
	orw	%ax, unloaded
1:	jmp	give_back

/*
 * Make unload call BX. On success set the report's PU_* bit DX, else
 * store the call's PXE status at SS:SI and set CF.
 */
unload_call:
	call	clear_params
	call	pxe_call
	jc	1f
	orw	%dx, %ss:SCRATCH_REPORT + PU_DONE
	ret
1:	movw	params + PARAM_STATUS, %ax
	movw	%ax, %ss:(%si)
	stc
	ret

/*
 * AX and CX = the first KiB of region SI (a byte offset into `regions`)
 * and the KiB past its end; ZF set if the region is empty.
 */
region_kb:
	movzwl	regions + REGION_BYTES(%si), %ecx
	testl	%ecx, %ecx
	jz	1f
	movzwl	regions(%si), %eax
	shll	$4, %eax
	addl	%eax, %ecx
	shrl	$KB_SHIFT, %eax
	addl	$KB - 1, %ecx
	shrl	$KB_SHIFT, %ecx
1:	ret

/*
 * Call the routine at DI for each region whose bit is set in AX and which
 * is not empty, with AX and CX = its first KiB and the KiB past its end
 * (region_kb); DX and BP pass through, and the routine may change DX.
 * Clobbers BX and SI.
 */
each_region:
	movw	%ax, region_mask
	xorw	%si, %si
	movw	$1, %bx
1:	testw	%bx, region_mask
	jz	2f
	call	region_kb
	jz	2f
	call	*%di
2:	addw	$REGION_SIZE, %si
	shlw	$1, %bx
	cmpw	$REGIONS_MAX * REGION_SIZE, %si
	jb	1b
	ret

/* Raise DX to the end CX of a freed region [AX, CX) starting at or below it. */
grow_over:
	cmpw	%dx, %ax
	ja	1f
	cmpw	%dx, %cx
	jbe	1f
	movw	%cx, %dx
1:	ret

/* Lower DX to the start AX of a region still in use that it covers above BP. */
stop_below:
	cmpw	%bp, %cx
	jbe	1f
	cmpw	%dx, %ax
	jae	1f
	movw	%ax, %dx
	/* fall through */

/* DX = at least BP: the size never falls below the old one. */
at_least_old:
	cmpw	%bp, %dx
	jae	1f
	movw	%bp, %dx
1:	ret

/* AX = where base memory must end: the EBDA, or 640 KiB without one. */
ebda_kb:
	movw	%es:BDA_EBDA_SEGMENT, %ax
	shrw	$SEGMENT_KB_SHIFT, %ax
	jz	1f
	cmpw	$CONVENTIONAL_KB, %ax
	jbe	2f
1:	movw	$CONVENTIONAL_KB, %ax
2:	ret

/*
 * Give back base memory: raise the BIOS data area's size over the
 * regions of what was unloaded as long as one of them starts at or below
 * it and ends above (the ROM took them from the top of free memory;
 * anything it took after them, such as undionly.kpxe's area, stops
 * this), but never into a region still in use or the EBDA. The memory
 * given back is zeroed, so no stale !PXE structure is found there later.
 * DX = the new size, BP = the old one (KiB); ES = 0.
 */
give_back:
	xorw	%ax, %ax
	movw	%ax, %es
	movw	%es:BDA_BASE_MEM_KB, %dx
	movw	%dx, %bp
1:	pushw	%dx
	movw	unloaded, %ax
	movw	$grow_over, %di
	call	each_region
	popw	%ax
	cmpw	%ax, %dx
	jne	1b
	movw	unloaded, %ax
	notw	%ax
	movw	$stop_below, %di
	call	each_region
	call	ebda_kb
	cmpw	%ax, %dx
	jbe	2f
	movw	%ax, %dx
	call	at_least_old
2:	movw	%dx, %es:BDA_BASE_MEM_KB
	movw	%dx, %ss:SCRATCH_REPORT + PU_KB_AFTER
	/* fall through */

/* Zero the KiB from BP up to DX, the memory given back. */
zero_given_back:
	cmpw	%dx, %bp
	jae	1f
	movw	%bp, %ax
	shlw	$SEGMENT_KB_SHIFT, %ax
	movw	%ax, %es
	xorw	%di, %di
	movw	$KB / 2, %cx
	xorw	%ax, %ax
	rep stosw
	incw	%bp
	jmp	zero_given_back
1:	ret

/* What the prefix learns (in the image, which the ROM loaded into RAM). */
	.balign 4
api_entry:	.long	0		/* the API's real-mode entry, OFF | SEG << 16 */
romid_ptr:	.long	0		/* the !PXE pointer the ROM passed */
pxenv_ptr:	.long	0		/* the PXENV+ pointer the ROM passed */
busdevfn:	.long	NO_BUSDEVFN	/* the ROM's card, or none */
base_mask:	.word	0		/* the regions of the base code */
undi_mask:	.word	0		/* the regions of the UNDI */
unloaded:	.word	0		/* the regions of what was unloaded */
region_mask:	.word	0		/* the regions each_region visits */
pxe_exit:	.word	0		/* the last call's exit code */
regions:	.fill	REGIONS_MAX * REGION_SIZE, 1, 0
params:		.fill	PARAMS_SIZE, 1, 0
api_legacy:	.byte	0		/* 1: PXENV+ entry (ES:DI, BX) */

#include "libprefix.S"

#define PAYLOAD_ALIGNMENT 16
#include "payload.S"
