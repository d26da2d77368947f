/* SPDX-License-Identifier: MIT */
/* Hand the machine to a kernel: quiesce nicboot, copy the segments into the boot zone, jump. */
#include <string.h>
#include <core/init.h>
#include <core/segment.h>
#include <arch/bootjump.h>
#include <arch/io.h>

/*
 * After shutdown() nothing runs but this code, and the boot zone is
 * outside the heap and nicboot's image, so copying into it cannot hit a
 * source that is still needed.
 */
static void place_segment(const struct boot_segment *seg)
{
	uint8_t *dest = phys_to_virt(seg->phys);

	memcpy(dest, seg->src, seg->filesz);
	memset(dest + seg->filesz, 0, seg->memsz - seg->filesz);
}

int boot_start(const struct boot_entry *entry)
{
	unsigned int i;

	shutdown();
	for (i = 0; i < entry->nsegments; i++)
		place_segment(&entry->segments[i]);
	boot_jump(entry->entry, entry->eax, entry->ebx, entry->esi);
}
