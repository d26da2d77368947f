/* SPDX-License-Identifier: MIT */
/* What a 16-bit prefix tells the payload: how it was started, and the memory map. */
#ifndef ARCH_BOOTINFO_H
#define ARCH_BOOTINFO_H

#include <stdint.h>
#include <arch/rmlayout.h>

/* E820 address range types. */
#define E820_RAM 1

struct e820_entry {
	uint64_t base;
	uint64_t len;
	uint32_t type;
	uint32_t ext_attrs;
} __attribute__((packed));

struct boot_info {
	uint32_t magic;		/* BOOTINFO_MAGIC */
	uint32_t prefix;	/* PREFIX_LKRN, PREFIX_ROM, PREFIX_USB, PREFIX_KPXE, PREFIX_PXE */
	uint32_t busdevfn;	/* the card whose ROM we are (PREFIX_PXE: the PXE ROM's), or ~0 */
	uint32_t cmdline;	/* physical address of the kernel command line, or 0 */
	uint32_t rm_segment;	/* segment of the base-memory area (rmlayout.h) */
	uint32_t pxe;		/* PREFIX_KPXE: the !PXE structure, SEG << 16 | OFF, or 0;
				   PREFIX_PXE: the unload report (arch/pxe_unload.h), SEG << 16 | OFF */
	uint32_t pxenv;		/* PREFIX_KPXE: the PXENV+ structure, SEG << 16 | OFF, or 0 */
	uint32_t e820_count;
	struct e820_entry e820[BI_E820_MAX];
} __attribute__((packed));

_Static_assert(sizeof(struct e820_entry) == BI_E820_ENTRY_SIZE, "e820 entry");
_Static_assert(__builtin_offsetof(struct boot_info, pxe) == BI_PXE, "bootinfo");
_Static_assert(__builtin_offsetof(struct boot_info, e820) == BI_E820, "bootinfo");
_Static_assert(sizeof(struct boot_info) <= RM_BOOTINFO_MAX, "bootinfo size");

#endif
