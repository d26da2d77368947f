/* SPDX-License-Identifier: MIT */
/* The host program recognises kernels but cannot boot them: no boot zone, no handoff. */
#include <errno.h>
#include <stdint.h>
#include <core/segment.h>

unsigned int boot_memmap(struct memmap_entry *map, unsigned int max)
{
	return 0;
}

uint64_t boot_phys(const void *ptr)
{
	return (uintptr_t)ptr;
}

struct phys_range boot_zone(void)
{
	return (struct phys_range){ 0, 0 };
}

int boot_start(const struct boot_entry *entry)
{
	return -ENOTSUP;
}
