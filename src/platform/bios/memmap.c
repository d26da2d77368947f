/* SPDX-License-Identifier: MIT */
/* The heap from the BIOS memory map: all RAM above 1 MiB and below 4 GiB except nicboot itself. */
#include <stdint.h>
#include <stdio.h>
#include <core/compiler.h>
#include <core/heap.h>
#include <arch/io.h>
#include "platform/bios/bios.h"

/* Below 1 MiB live the BIOS, option ROMs and what a PXE program needs. */
#define HEAP_LOW_LIMIT 0x100000ull
/* A 32-bit build addresses only the first 4 GiB. */
#define HEAP_HIGH_LIMIT 0x100000000ull

extern char _start[], _bss_end[];

/* Add [START, END) to the heap, as far as it lies in the usable window. */
static void add_range(uint64_t start, uint64_t end)
{
	start = MAX(start, HEAP_LOW_LIMIT);
	end = MIN(end, HEAP_HIGH_LIMIT);
	if (end > start)
		heap_add_region(phys_to_virt(start), (size_t)(end - start));
}

/* Add the part of RAM range [START, END) that nicboot's image does not use. */
static void add_ram(uint64_t start, uint64_t end)
{
	uint64_t self_start = virt_to_bus(_start);
	uint64_t self_end = virt_to_bus(_bss_end);

	if (end <= self_start || start >= self_end) {
		add_range(start, end);
		return;
	}
	add_range(start, self_start);
	add_range(self_end, end);
}

void bios_memory_init(const struct boot_info *info)
{
	uint32_t i;

	for (i = 0; i < info->e820_count && i < BI_E820_MAX; i++) {
		const struct e820_entry *e = &info->e820[i];

		if (e->type == E820_RAM && e->len)
			add_ram(e->base, e->base + e->len);
	}
}
