/* SPDX-License-Identifier: MIT */
/*
 * Memory from the BIOS memory map: the heap gets all RAM above the boot
 * zone and below 4 GiB except nicboot itself; the boot zone, from 1 MiB
 * up, stays free for kernels that load at fixed addresses; the OS gets
 * the map with nicboot's base-memory area reserved.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <core/compiler.h>
#include <core/heap.h>
#include <core/segment.h>
#include <arch/io.h>
#include <arch/rmlayout.h>
#include "platform/bios/bios.h"

/* Below 1 MiB live the BIOS, option ROMs and what a PXE program needs. */
#define BOOT_ZONE_START 0x100000ull
/* The zone takes an eighth of the RAM above 1 MiB, at most 15 MiB (to 16 MiB). */
#define BOOT_ZONE_SHARE 8
#define BOOT_ZONE_MAX (15ull << 20)
#define BOOT_ZONE_ALIGN 0x10000ull
/* A 32-bit build addresses only the first 4 GiB. */
#define HEAP_HIGH_LIMIT 0x100000000ull
#define KIB 1024

extern char _start[], _bss_end[];

static struct phys_range zone = { BOOT_ZONE_START, BOOT_ZONE_START };

/* Add [START, END) to the heap, as far as it lies above the boot zone and below 4 GiB. */
static void add_range(uint64_t start, uint64_t end)
{
	start = MAX(start, zone.end);
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

static bool is_ram(const struct e820_entry *e)
{
	return e->type == E820_RAM && e->len;
}

/*
 * The boot zone: [1 MiB, 1 MiB + an eighth of the RAM above it, at most
 * 15 MiB), within the RAM range that holds 1 MiB (empty without one).
 */
static void choose_boot_zone(const struct boot_info *info)
{
	uint64_t ram = 0, contiguous = 0, base, end;
	uint32_t i;

	for (i = 0; i < info->e820_count && i < BI_E820_MAX; i++) {
		const struct e820_entry *e = &info->e820[i];

		if (!is_ram(e))
			continue;
		base = MAX(e->base, BOOT_ZONE_START);
		end = MIN(e->base + e->len, HEAP_HIGH_LIMIT);
		if (end > base)
			ram += end - base;
		if (e->base <= BOOT_ZONE_START && end > BOOT_ZONE_START)
			contiguous = end - BOOT_ZONE_START;
	}
	zone.end = BOOT_ZONE_START +
		   (MIN(MIN(ram / BOOT_ZONE_SHARE, BOOT_ZONE_MAX), contiguous) &
		    ~(BOOT_ZONE_ALIGN - 1));
}

void bios_memory_init(const struct boot_info *info)
{
	uint32_t i;

	choose_boot_zone(info);
	for (i = 0; i < info->e820_count && i < BI_E820_MAX; i++) {
		const struct e820_entry *e = &info->e820[i];

		if (is_ram(e))
			add_ram(e->base, e->base + e->len);
	}
}

struct phys_range boot_zone(void)
{
	return zone;
}

uint64_t boot_phys(const void *ptr)
{
	return virt_to_bus(ptr);
}

/* Conventional memory the BIOS data area still gives the OS (nicboot took the rest). */
static uint64_t base_memory_end(void)
{
	uint16_t kb;

	memcpy(&kb, phys_to_virt(BDA_BASE_MEM_KB), sizeof(kb));
	return (uint64_t)kb * KIB;
}

static void put_entry(struct memmap_entry *m, uint64_t base, uint64_t len,
		      uint32_t type)
{
	m->base = base;
	m->len = len;
	m->type = type;
}

unsigned int boot_memmap(struct memmap_entry *map, unsigned int max)
{
	uint64_t low_end = base_memory_end(), end;
	unsigned int n = 0;
	uint32_t i;

	for (i = 0; i < bios_boot_info.e820_count && i < BI_E820_MAX && n < max;
	     i++) {
		const struct e820_entry *e = &bios_boot_info.e820[i];

		end = e->base + e->len;
		if (is_ram(e) && e->base < low_end && end > low_end &&
		    n + 1 < max) {
			put_entry(&map[n++], e->base, low_end - e->base, MEMMAP_RAM);
			put_entry(&map[n++], low_end, end - low_end,
				  MEMMAP_RESERVED);
		} else {
			put_entry(&map[n++], e->base, e->len, e->type);
		}
	}
	return n;
}
