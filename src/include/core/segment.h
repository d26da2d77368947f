/* SPDX-License-Identifier: MIT */
/*
 * What kernel loaders (bzImage, multiboot) need from the platform: the
 * machine's memory map, physical addresses of heap memory, the "boot
 * zone" kept free for kernels that must sit at fixed addresses, and the
 * handoff that quiesces nicboot, copies segments into place and jumps.
 */
#ifndef CORE_SEGMENT_H
#define CORE_SEGMENT_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

/* Memory map entry types (the E820 numbering, which Linux and multiboot share). */
#define MEMMAP_RAM 1
#define MEMMAP_RESERVED 2

struct memmap_entry {
	uint64_t base;
	uint64_t len;
	uint32_t type;
};

/* Largest memory map a loader asks for. */
#define MEMMAP_MAX 32

/*
 * The memory map the booted OS should see, at most MAX entries; returns
 * the count. What nicboot leaves resident (base memory) is reserved.
 */
unsigned int boot_memmap(struct memmap_entry *map, unsigned int max);

/* The physical address of memory at PTR (heap or image data). */
uint64_t boot_phys(const void *ptr);

/*
 * The first address in BLOCK whose physical address is a multiple of
 * ALIGN (a power of two): heap pointers are aligned in nicboot's own
 * address space, which need not match physical alignment. BLOCK must
 * have ALIGN - 1 bytes to spare.
 */
static inline void *phys_align(void *block, uint64_t align)
{
	uint64_t phys = boot_phys(block);

	return (uint8_t *)block + (((phys + align - 1) & ~(align - 1)) - phys);
}

/* A physical range [start, end). */
struct phys_range {
	uint64_t start;
	uint64_t end;
};

/*
 * The boot zone: RAM that neither nicboot nor its heap uses, where a
 * kernel's fixed-address segments go at handoff (empty if the platform
 * has none).
 */
struct phys_range boot_zone(void);

/* 0 if [PHYS, PHYS+MEMSZ) lies in the boot zone, else -ERANGE. */
static inline int segment_check(uint64_t phys, uint64_t memsz)
{
	struct phys_range zone = boot_zone();

	if (phys < zone.start || phys > zone.end || memsz > zone.end - phys)
		return -ERANGE;
	return 0;
}

/* Copied to PHYS at handoff: FILESZ bytes from SRC, then zeros up to MEMSZ. */
struct boot_segment {
	uint64_t phys;
	const void *src;
	size_t filesz;
	size_t memsz;
};

/*
 * How to enter a kernel: 32-bit protected mode, paging and interrupts
 * off, flat 4 GiB code selector 0x10 and data selector 0x18 (what the
 * Linux 32-bit boot protocol asks for; multiboot accepts any), the three
 * registers given, every other general register zero but the one holding
 * the entry point.
 */
struct boot_entry {
	uint32_t entry;		/* physical address */
	uint32_t eax;
	uint32_t ebx;
	uint32_t esi;
	const struct boot_segment *segments;	/* each passed segment_check() */
	unsigned int nsegments;
};

/*
 * Shut nicboot down (every card quiesced), place the segments and jump.
 * Returns only if this platform cannot boot a kernel (-ENOTSUP).
 */
int boot_start(const struct boot_entry *entry);

#endif
