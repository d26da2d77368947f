/* SPDX-License-Identifier: MIT */
/* SMBIOS on a BIOS machine: the entry point is found by scanning the F segment. */
#include <stdint.h>
#include <core/smbios.h>
#include <arch/io.h>
#include "platform/bios/bios.h"

#define SMBIOS_SEARCH_START 0xf0000
#define SMBIOS_SEARCH_END 0x100000
#define SMBIOS_ALIGN 16
/* A 32-bit build reaches tables below 4 GiB only. */
#define SMBIOS_TABLE_LIMIT 0x100000000ull

void smbios_init(void)
{
	struct smbios_entry info;
	uint32_t addr;

	for (addr = SMBIOS_SEARCH_START; addr < SMBIOS_SEARCH_END;
	     addr += SMBIOS_ALIGN) {
		if (smbios_parse_entry(phys_to_virt(addr),
				       SMBIOS_SEARCH_END - addr, &info) != 0)
			continue;
		if (info.table_phys + info.table_len <= SMBIOS_TABLE_LIMIT)
			smbios_apply(phys_to_virt(info.table_phys),
				     info.table_len, info.version);
		return;
	}
}
