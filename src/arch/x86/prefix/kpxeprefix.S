/* SPDX-License-Identifier: MIT */
/*
 * undionly.kpxe: a PXE network bootstrap program. A vendor's PXE ROM
 * fetches it by TFTP, puts it at 0000:7c00 and jumps there in real mode
 * with ES:BX = its PXENV+ structure and the far pointer to its !PXE
 * structure at SS:SP+4 (PXE 2.1, section 4.4.5). The vendor's PXE stack
 * stays resident: nicboot drives the card through its UNDI API, and
 * prefix_install takes nicboot's base memory below the stack's.
 */
#include <arch/rmlayout.h>
#include "payload_addr.h"
#include "nbp.h"

#define INT_BOOT_FAILURE 0x18
#define NO_BUSDEVFN 0xffffffff

	.code16
	.text
	.org 0
image_start:
	NBP_ENTRY
	PAYLOAD_ADDR_TO_ESI
	xorl	%edi, %edi
	movl	$NO_BUSDEVFN, %edx
	movw	$PREFIX_KPXE, %bx
	call	prefix_install
	int	$INT_BOOT_FAILURE

#include "libprefix.S"

#define PAYLOAD_ALIGNMENT 16
#include "payload.S"
