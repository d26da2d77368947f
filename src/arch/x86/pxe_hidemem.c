/* SPDX-License-Identifier: MIT */
/*
 * The memory map a PXE program and the OS it loads see through int 15h
 * while nicboot serves the program: nicboot's image and all the heap may
 * touch meanwhile (its live blocks and a window for what the API calls
 * allocate, e.g. a whole file fetched by TFTP_OPEN) are reserved.
 */
#include <stdint.h>
#include <string.h>
#include <core/compiler.h>
#include <core/heap.h>
#include <core/segment.h>
#include <arch/io.h>
#include <arch/pxe_entry.h>

/* The window: half of the largest free block, at most 256 MiB. */
#define WINDOW_SHARE 2
#define WINDOW_MAX (256u << 20)
/* Live blocks closer than this are reserved as one range. */
#define HIDE_GAP (1u << 20)
/* Ranges we hide: the heap's, and nicboot's image. */
#define HIDE_MAX 16
#define PAGE 4096ull

extern char _start[], _bss_end[];

struct phys_hide {
	uint64_t start;
	uint64_t end;
};

/* Sort the N ranges by start (few: insertion sort). */
static void sort_hides(struct phys_hide *h, unsigned int n)
{
	unsigned int i, j;
	struct phys_hide t;

	for (i = 1; i < n; i++) {
		t = h[i];
		for (j = i; j > 0 && h[j - 1].start > t.start; j--)
			h[j] = h[j - 1];
		h[j] = t;
	}
}

/* The heap's ranges and nicboot's image, physical, page-aligned outwards. */
static int collect_hides(struct phys_hide *h)
{
	struct heap_range ranges[HIDE_MAX - 1];
	struct heap_stats st;
	size_t window;
	int n, i;

	heap_get_stats(&st);
	window = MIN(st.largest_free / WINDOW_SHARE, (size_t)WINDOW_MAX);
	n = heap_confine(window, ranges, HIDE_MAX - 1, HIDE_GAP);
	if (n < 0)
		return n;
	for (i = 0; i < n; i++) {
		h[i].start = virt_to_bus((void *)ranges[i].start) & ~(PAGE - 1);
		h[i].end = (virt_to_bus((void *)ranges[i].end) + PAGE - 1) &
			   ~(PAGE - 1);
	}
	h[n].start = virt_to_bus(_start) & ~(PAGE - 1);
	h[n].end = (virt_to_bus(_bss_end) + PAGE - 1) & ~(PAGE - 1);
	sort_hides(h, (unsigned int)n + 1);
	return n + 1;
}

/* Append [BASE, END) of TYPE to MAP; false when it is full. */
static bool put(struct pxe_e820_entry *map, unsigned int *n, unsigned int max,
		uint64_t base, uint64_t end, uint32_t type)
{
	if (end <= base)
		return true;
	if (*n == max)
		return false;
	map[(*n)++] = (struct pxe_e820_entry){ base, end - base, type };
	return true;
}

/* RAM entry E with the hidden ranges (sorted) reserved. */
static bool carve(const struct memmap_entry *e, const struct phys_hide *h,
		  unsigned int nh, struct pxe_e820_entry *map, unsigned int *n,
		  unsigned int max)
{
	uint64_t at = e->base, end = e->base + e->len;
	unsigned int i;

	for (i = 0; i < nh; i++) {
		if (h[i].end <= at || h[i].start >= end)
			continue;
		if (!put(map, n, max, at, MAX(h[i].start, at), MEMMAP_RAM) ||
		    !put(map, n, max, MAX(h[i].start, at), MIN(h[i].end, end),
			 MEMMAP_RESERVED))
			return false;
		at = MIN(h[i].end, end);
	}
	return put(map, n, max, at, end, MEMMAP_RAM);
}

unsigned int pxe_hidemem_start(struct pxe_e820_entry *map, unsigned int max)
{
	struct memmap_entry mm[MEMMAP_MAX];
	struct phys_hide h[HIDE_MAX];
	unsigned int i, count, n = 0;
	int nh = collect_hides(h);

	if (nh < 0)
		return 0;
	count = boot_memmap(mm, MEMMAP_MAX);
	for (i = 0; i < count; i++) {
		bool ok = mm[i].type == MEMMAP_RAM ?
			  carve(&mm[i], h, (unsigned int)nh, map, &n, max) :
			  put(map, &n, max, mm[i].base, mm[i].base + mm[i].len,
			      mm[i].type);

		if (!ok) {
			heap_unconfine();
			return 0;
		}
	}
	return n;
}

void pxe_hidemem_end(void)
{
	heap_unconfine();
}
