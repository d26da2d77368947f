/* SPDX-License-Identifier: MIT */
/*
 * SMBIOS: the platform finds the entry point (BIOS: a scan of the F
 * segment; UEFI: the configuration table); this module reads it and
 * stores what the structure table says about the machine as settings:
 * uuid (DHCP option 97), manufacturer, product, serial and asset.
 */
#ifndef CORE_SMBIOS_H
#define CORE_SMBIOS_H

#include <stddef.h>
#include <stdint.h>

#define SMBIOS2_ANCHOR "_SM_"
#define SMBIOS3_ANCHOR "_SM3_"

/* Where an entry point says the structure table is. */
struct smbios_entry {
	uint64_t table_phys;
	uint32_t table_len;	/* exact (2.x) or maximum (3.x) */
	unsigned int version;	/* major << 8 | minor */
};

/*
 * Read the entry point at ENTRY (AVAIL bytes readable): "_SM3_" or
 * "_SM_", its checksum verified. 0, or -ENOENT if it is neither.
 */
int smbios_parse_entry(const uint8_t *entry, size_t avail,
		       struct smbios_entry *out);

/* Store the settings from the structure table at TABLE (LEN bytes). */
void smbios_apply(const uint8_t *table, uint32_t len, unsigned int version);

#endif
