/* SPDX-License-Identifier: MIT */
/* SMBIOS through the configuration table: the machine's UUID and names as settings. */
#include <stdint.h>
#include <core/smbios.h>
#include "platform/efi/efi.h"

/* Bytes of an entry point we may read (the larger, 64-bit one). */
#define SMBIOS_ENTRY_MAX 0x20

void efi_smbios_init(void)
{
	EFI_GUID sm3_guid = SMBIOS3_TABLE_GUID, sm2_guid = SMBIOS_TABLE_GUID;
	const uint8_t *entry = efi_find_table(&sm3_guid);
	struct smbios_entry info;

	if (!entry || smbios_parse_entry(entry, SMBIOS_ENTRY_MAX, &info) != 0)
		entry = efi_find_table(&sm2_guid);
	if (!entry || smbios_parse_entry(entry, SMBIOS_ENTRY_MAX, &info) != 0)
		return;
	smbios_apply((const uint8_t *)(uintptr_t)info.table_phys,
		     info.table_len, info.version);
}
