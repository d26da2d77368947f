/* SPDX-License-Identifier: MIT */
/* The system UUID from SMBIOS (type 1), found through the configuration table, as the "uuid" setting. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <core/settings.h>
#include "platform/efi/efi.h"

/* 32-bit entry point "_SM_": version, table length and address. */
#define SM2_ANCHOR "_SM_"
#define SM2_MAJOR 6
#define SM2_MINOR 7
#define SM2_TABLE_LEN 0x16
#define SM2_TABLE_ADDR 0x18
/* 64-bit entry point "_SM3_": version, maximum table size and address. */
#define SM3_ANCHOR "_SM3_"
#define SM3_MAJOR 7
#define SM3_MINOR 8
#define SM3_TABLE_MAX 0x0c
#define SM3_TABLE_ADDR 0x10
/* Structure header, and the System Information structure's UUID. */
#define SMBIOS_HEADER_LEN 4
#define SMBIOS_TYPE_SYSTEM 1
#define SMBIOS_TYPE_END 127
#define SYSTEM_UUID_OFFSET 8
#define UUID_LEN 16
/* Since SMBIOS 2.6 the first three UUID fields are little-endian. */
#define SMBIOS_UUID_LE_VERSION 0x0206

struct smbios_table {
	const uint8_t *start;
	uint32_t len;
	unsigned int version;	/* major << 8 | minor */
};

/* The structure table from an entry point the firmware lists. */
static bool find_table(struct smbios_table *table)
{
	EFI_GUID sm3_guid = SMBIOS3_TABLE_GUID, sm2_guid = SMBIOS_TABLE_GUID;
	const uint8_t *p = efi_find_table(&sm3_guid);
	uint64_t addr = 0;
	uint32_t addr32;
	uint16_t len16;

	if (p && memcmp(p, SM3_ANCHOR, strlen(SM3_ANCHOR)) == 0) {
		memcpy(&table->len, p + SM3_TABLE_MAX, sizeof(table->len));
		memcpy(&addr, p + SM3_TABLE_ADDR, sizeof(addr));
		table->version = p[SM3_MAJOR] << 8 | p[SM3_MINOR];
	} else if ((p = efi_find_table(&sm2_guid)) &&
		   memcmp(p, SM2_ANCHOR, strlen(SM2_ANCHOR)) == 0) {
		memcpy(&len16, p + SM2_TABLE_LEN, sizeof(len16));
		memcpy(&addr32, p + SM2_TABLE_ADDR, sizeof(addr32));
		table->len = len16;
		addr = addr32;
		table->version = p[SM2_MAJOR] << 8 | p[SM2_MINOR];
	}
	table->start = (const uint8_t *)(uintptr_t)addr;
	return addr != 0;
}

/* The structure after the one at P (past its strings), or NULL at the end. */
static const uint8_t *next_structure(const uint8_t *p, const uint8_t *end)
{
	p += p[1];
	while (p + 1 < end && (p[0] || p[1]))
		p++;
	p += 2;
	return p + SMBIOS_HEADER_LEN <= end ? p : NULL;
}

/* Whether every byte of the UUID is B (an unset UUID). */
static bool uuid_all(const uint8_t *uuid, uint8_t b)
{
	unsigned int i;

	for (i = 0; i < UUID_LEN; i++) {
		if (uuid[i] != b)
			return false;
	}
	return true;
}

/* Put the first three fields of an SMBIOS 2.6+ UUID in network order. */
static void uuid_to_network_order(uint8_t *uuid)
{
	static const uint8_t swaps[][2] = { {0, 3}, {1, 2}, {4, 5}, {6, 7} };
	unsigned int i;

	for (i = 0; i < sizeof(swaps) / sizeof(swaps[0]); i++) {
		uint8_t t = uuid[swaps[i][0]];

		uuid[swaps[i][0]] = uuid[swaps[i][1]];
		uuid[swaps[i][1]] = t;
	}
}

void efi_smbios_init(void)
{
	struct smbios_table table;
	const uint8_t *p, *end;
	uint8_t uuid[UUID_LEN];

	if (!find_table(&table))
		return;
	end = table.start + table.len;
	for (p = table.start; p && p + SMBIOS_HEADER_LEN <= end &&
	     p[0] != SMBIOS_TYPE_END; p = next_structure(p, end)) {
		if (p[1] < SMBIOS_HEADER_LEN)
			return;
		if (p[0] != SMBIOS_TYPE_SYSTEM ||
		    p[1] < SYSTEM_UUID_OFFSET + UUID_LEN)
			continue;
		memcpy(uuid, p + SYSTEM_UUID_OFFSET, UUID_LEN);
		if (uuid_all(uuid, 0) || uuid_all(uuid, 0xff))
			return;
		if (table.version >= SMBIOS_UUID_LE_VERSION)
			uuid_to_network_order(uuid);
		store_setting(NULL, &uuid_setting, uuid, UUID_LEN);
		return;
	}
}
