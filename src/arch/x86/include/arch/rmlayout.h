/* SPDX-License-Identifier: MIT */
/*
 * The base-memory area nicboot takes from the BIOS (shared by the 16-bit
 * prefixes, the installer and the 32-bit payload; included from assembly
 * too, so only #defines). The prefix carves it from the top of
 * conventional memory by lowering the BIOS data area's memory size.
 *
 *   0x0000  real-mode trampoline (code, GDT, register block)
 *   0x0800  boot information from the prefix (struct boot_info)
 *   0x1000  bounce buffer for BIOS calls that take a real-mode pointer
 *   0x2000  the PXE API's real-mode code and structures (pxe_blob.S)
 *   0x3000  the PXE API's cached DHCP packets (GET_CACHED_INFO)
 *   0x3800  the stack a PXE network bootstrap program starts on, growing
 *           down from RM_NBP_STACK_TOP
 *   0x5000  real-mode stack, growing down from RM_STACK_TOP
 */
#ifndef ARCH_RMLAYOUT_H
#define ARCH_RMLAYOUT_H

#define RM_AREA_KB		24
#define RM_AREA_SIZE		(RM_AREA_KB * 1024)
#define RM_TRAMPOLINE_MAX	0x0800
#define RM_BOOTINFO		0x0800
#define RM_BOOTINFO_MAX		0x0800
#define RM_BUFFER		0x1000
#define RM_BUFFER_SIZE		0x1000
#define RM_PXE			0x2000
#define RM_PXE_MAX		0x1000
#define RM_PXE_CACHED		0x3000
#define RM_PXE_CACHED_SIZE	0x0800
#define RM_NBP_STACK_TOP	0x5000
#define RM_STACK_TOP		RM_AREA_SIZE
/* Most words a real-mode far call takes on the stack (trampoline.S). */
#define RM_CALL_WORDS_MAX	4

/* BIOS data area: conventional memory size in KiB (a word at 0x413). */
#define BDA_BASE_MEM_KB		0x413
#define PARAGRAPH		16
#define PARAGRAPHS_PER_KB	64

/* Protected-mode selectors, identical in the installer's and payload's GDT. */
#define SEL_CS32		0x08
#define SEL_DS32		0x10
#define SEL_CS16		0x18
#define SEL_DS16		0x20
#define GDT_ENTRIES		5
#define GDT_ENTRY_SIZE		8
/* Byte offsets inside a descriptor of the base's three parts. */
#define DESC_BASE_LOW		2
#define DESC_BASE_MID		4
#define DESC_BASE_HIGH		7

#define CR0_PE			0x1

/* struct boot_info (arch/bootinfo.h) field offsets, for the prefixes. */
#define BOOTINFO_MAGIC		0x4e42424e	/* "NBBN" */
#define BI_MAGIC		0
#define BI_PREFIX		4
#define BI_BUSDEVFN		8
#define BI_CMDLINE		12
#define BI_RM_SEGMENT		16
#define BI_PXE			20
#define BI_PXENV		24
#define BI_E820_COUNT		28
#define BI_E820			32
#define BI_E820_ENTRY_SIZE	24
#define BI_E820_MAX		32

/* Which prefix started us (BI_PREFIX). */
#define PREFIX_LKRN		1
#define PREFIX_ROM		2
#define PREFIX_USB		3
#define PREFIX_KPXE		4
#define PREFIX_PXE		5	/* nicboot.pxe: vendor stack unloaded */

/* Payload header (in front of the packed payload) field offsets. */
#define PAYLOAD_MAGIC		0x4c50424e	/* "NBPL" */
#define PH_MAGIC		0
#define PH_PACKED_LEN		4
#define PH_UNPACKED_LEN		8
#define PH_MEM_LEN		12
#define PH_SIZE			16

#endif
