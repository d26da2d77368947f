/* SPDX-License-Identifier: MIT */
/*
 * The heap from the firmware's free memory: the largest free ranges below
 * 4 GiB (where every card can reach them by DMA), taken with
 * AllocatePages() at start, leaving a share to the firmware for the
 * images it loads and the operating system's loader. An application that
 * returns to the firmware gives them back.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <core/compiler.h>
#include <core/heap.h>
#include "platform/efi/efi.h"

/* Below 1 MiB live what legacy code and the firmware's trampolines use. */
#define HEAP_LOW_LIMIT 0x100000ull
#define HEAP_HIGH_LIMIT 0x100000000ull
#define PAGE_SIZE 4096ull
/* Ranges smaller than this are not worth a heap region. */
#define HEAP_MIN_RANGE (1024 * 1024ull)
/* The firmware keeps a quarter of the free memory, and at least this. */
#define FIRMWARE_RESERVE_MIN (48 * 1024 * 1024ull)
#define FIRMWARE_RESERVE_SHARE 4
/* Free ranges considered, largest first. */
#define MAX_RANGES 64
/* Room for descriptors the map gains between sizing and reading it. */
#define MAP_SLACK_DESCRIPTORS 8

struct range {
	uint64_t start, len;
};

/* What the heap took, to give back. */
static struct range taken[MAX_RANGES];
static unsigned int n_taken;

struct free_memory {
	struct range ranges[MAX_RANGES];	/* below 4 GiB, largest first */
	unsigned int count;
	uint64_t total;				/* free bytes anywhere */
};

/* Insert [START, START+LEN) into FREE's list, keeping it largest first. */
static void add_range(struct free_memory *free, uint64_t start, uint64_t len)
{
	unsigned int i;

	if (len < HEAP_MIN_RANGE)
		return;
	if (free->count == MAX_RANGES) {
		if (free->ranges[MAX_RANGES - 1].len >= len)
			return;
		free->count--;
	}
	for (i = free->count; i > 0 && free->ranges[i - 1].len < len; i--)
		free->ranges[i] = free->ranges[i - 1];
	free->ranges[i].start = start;
	free->ranges[i].len = len;
	free->count++;
}

/* Note one descriptor of the memory map in FREE. */
static void add_descriptor(struct free_memory *free,
			   const EFI_MEMORY_DESCRIPTOR *d)
{
	uint64_t start = d->PhysicalStart;
	uint64_t end = start + d->NumberOfPages * PAGE_SIZE;

	if (d->Type != EfiConventionalMemory)
		return;
	free->total += end - start;
	start = MAX(start, HEAP_LOW_LIMIT);
	end = MIN(end, HEAP_HIGH_LIMIT);
	if (end > start)
		add_range(free, start, end - start);
}

/* Read the memory map into FREE; false if the firmware would not give it. */
static bool read_memory_map(struct free_memory *free)
{
	UINTN size = 0, key, desc_size;
	UINT32 version;
	uint8_t *map;
	UINTN offset;
	EFI_STATUS status;

	status = efi_bs->GetMemoryMap(&size, NULL, &key, &desc_size, &version);
	if (status != EFI_BUFFER_TOO_SMALL)
		return false;
	size += MAP_SLACK_DESCRIPTORS * desc_size;
	if (efi_bs->AllocatePool(EfiLoaderData, size, (void **)&map))
		return false;
	status = efi_bs->GetMemoryMap(&size, (EFI_MEMORY_DESCRIPTOR *)map, &key,
				      &desc_size, &version);
	if (status == EFI_SUCCESS) {
		for (offset = 0; offset + desc_size <= size; offset += desc_size)
			add_descriptor(free, (EFI_MEMORY_DESCRIPTOR *)(map + offset));
	}
	efi_bs->FreePool(map);
	return status == EFI_SUCCESS;
}

void efi_memory_init(void)
{
	struct free_memory free = { .count = 0 };
	uint64_t reserve, allowance, len;
	EFI_PHYSICAL_ADDRESS addr;
	unsigned int i;

	if (!read_memory_map(&free)) {
		printf("efi: cannot read the memory map\n");
		return;
	}
	reserve = MAX(FIRMWARE_RESERVE_MIN, free.total / FIRMWARE_RESERVE_SHARE);
	allowance = free.total > reserve ? free.total - reserve : 0;
	for (i = 0; i < free.count && allowance >= HEAP_MIN_RANGE; i++) {
		len = MIN(free.ranges[i].len, allowance) & ~(PAGE_SIZE - 1);
		addr = free.ranges[i].start;
		if (efi_bs->AllocatePages(AllocateAddress, EfiLoaderData,
					  len / PAGE_SIZE, &addr))
			continue;
		heap_add_region((void *)(uintptr_t)addr, (size_t)len);
		taken[n_taken].start = addr;
		taken[n_taken++].len = len;
		allowance -= len;
	}
}

void efi_memory_release(void)
{
	while (n_taken) {
		n_taken--;
		efi_bs->FreePages(taken[n_taken].start,
				  taken[n_taken].len / PAGE_SIZE);
	}
}
