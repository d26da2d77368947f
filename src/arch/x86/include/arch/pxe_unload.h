/* SPDX-License-Identifier: MIT */
/*
 * What nicboot.pxe's prefix (pxeprefix.S) did with the vendor's PXE
 * stack before nicboot started: which unload calls succeeded, their PXE
 * status otherwise, the BIOS data area's base memory size before and
 * after, and a copy of the ROM's cached DHCP ACK. The prefix writes this
 * record in base memory after its image and passes its real-mode address
 * in the boot information (BI_PXE). Included from assembly too.
 */
#ifndef ARCH_PXE_UNLOAD_H
#define ARCH_PXE_UNLOAD_H

/* PU_DONE bits: what the prefix found and did. */
#define PU_API_FOUND		0x0001	/* a valid !PXE or PXENV+ structure */
#define PU_SHUT_DOWN		0x0002	/* PXENV_UNDI_SHUTDOWN succeeded */
#define PU_BASE_UNLOADED	0x0004	/* PXENV_UNLOAD_STACK succeeded */
#define PU_UNDI_STOPPED		0x0008	/* PXENV_STOP_UNDI succeeded */

/* The unload calls in order, indexing PU_STATUS. */
#define PU_CALL_SHUTDOWN	0
#define PU_CALL_UNLOAD_STACK	1
#define PU_CALL_STOP_UNDI	2
#define PU_CALLS		3

/* Field offsets of the record. */
#define PU_DONE			0
#define PU_STATUS		2	/* PU_CALLS words: each call's PXE status */
#define PU_KB_BEFORE		8
#define PU_KB_AFTER		10
#define PU_ACK_LEN		12
#define PU_ACK			14
/* Room for the DHCP ACK: a whole UDP payload of a 1500-byte frame. */
#define PU_ACK_MAX		1472

#ifndef __ASSEMBLER__
#include <stdint.h>

struct pxe_unload_report {
	uint16_t done;			/* PU_* bits */
	uint16_t status[PU_CALLS];	/* PXE status of each call */
	uint16_t kb_before;		/* base memory size (KiB) the ROM left */
	uint16_t kb_after;		/* and after the unload gave some back */
	uint16_t ack_len;		/* bytes in ack; 0: the ROM gave none */
	uint8_t ack[PU_ACK_MAX];
} __attribute__((packed));

_Static_assert(__builtin_offsetof(struct pxe_unload_report, kb_before) ==
	       PU_KB_BEFORE, "pxe unload report");
_Static_assert(__builtin_offsetof(struct pxe_unload_report, ack) == PU_ACK,
	       "pxe unload report");
#endif

#endif
