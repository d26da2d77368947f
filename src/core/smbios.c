/* SPDX-License-Identifier: MIT */
/* SMBIOS entry points and the structure table: the machine's UUID and names as settings. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <core/settings.h>
#include <core/smbios.h>

/* 32-bit entry point: version, table length and address. */
#define SM2_LEN_OFFSET 5
#define SM2_MAJOR 6
#define SM2_MINOR 7
#define SM2_TABLE_LEN 0x16
#define SM2_TABLE_ADDR 0x18
#define SM2_ENTRY_LEN 0x1f
/* 64-bit entry point: version, maximum table size and address. */
#define SM3_MAJOR 7
#define SM3_MINOR 8
#define SM3_TABLE_MAX 0x0c
#define SM3_TABLE_ADDR 0x10
#define SM3_ENTRY_LEN 0x18
#define VERSION_SHIFT 8
/* Structure header; the types and fields we read. */
#define SMBIOS_HEADER_LEN 4
#define SMBIOS_TYPE_SYSTEM 1
#define SMBIOS_TYPE_CHASSIS 3
#define SMBIOS_TYPE_END 127
#define SYSTEM_MANUFACTURER 0x04
#define SYSTEM_PRODUCT 0x05
#define SYSTEM_SERIAL 0x07
#define SYSTEM_UUID 0x08
#define CHASSIS_ASSET_TAG 0x08
#define UUID_LEN 16
/* Since SMBIOS 2.6 the first three UUID fields are little-endian. */
#define SMBIOS_UUID_LE_VERSION 0x0206

SETTING(manufacturer_setting) = {
	.name = "manufacturer", .description = "Manufacturer (SMBIOS)",
	.type = &setting_type_string,
};

SETTING(product_setting) = {
	.name = "product", .description = "Product name (SMBIOS)",
	.type = &setting_type_string,
};

SETTING(serial_setting) = {
	.name = "serial", .description = "Serial number (SMBIOS)",
	.type = &setting_type_string,
};

SETTING(asset_setting) = {
	.name = "asset", .description = "Asset tag (SMBIOS)",
	.type = &setting_type_string,
};

static bool sum_ok(const uint8_t *p, size_t len)
{
	uint8_t sum = 0;

	while (len--)
		sum += *p++;
	return sum == 0;
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

int smbios_parse_entry(const uint8_t *entry, size_t avail,
		       struct smbios_entry *out)
{
	uint16_t len16;
	uint64_t addr64;

	if (avail >= SM3_ENTRY_LEN &&
	    memcmp(entry, SMBIOS3_ANCHOR, strlen(SMBIOS3_ANCHOR)) == 0 &&
	    sum_ok(entry, SM3_ENTRY_LEN)) {
		memcpy(&addr64, entry + SM3_TABLE_ADDR, sizeof(addr64));
		out->table_phys = addr64;
		out->table_len = get32(entry + SM3_TABLE_MAX);
		out->version = entry[SM3_MAJOR] << VERSION_SHIFT |
			       entry[SM3_MINOR];
		return 0;
	}
	if (avail >= SM2_ENTRY_LEN &&
	    memcmp(entry, SMBIOS2_ANCHOR, strlen(SMBIOS2_ANCHOR)) == 0 &&
	    entry[SM2_LEN_OFFSET] <= avail &&
	    sum_ok(entry, entry[SM2_LEN_OFFSET])) {
		memcpy(&len16, entry + SM2_TABLE_LEN, sizeof(len16));
		out->table_phys = get32(entry + SM2_TABLE_ADDR);
		out->table_len = len16;
		out->version = entry[SM2_MAJOR] << VERSION_SHIFT |
			       entry[SM2_MINOR];
		return 0;
	}
	return -ENOENT;
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

/* String number N (1-based) of the structure at P, or NULL. */
static const char *structure_string(const uint8_t *p, const uint8_t *end,
				    unsigned int n)
{
	const char *s = (const char *)p + p[1];

	if (!n)
		return NULL;
	while ((const uint8_t *)s < end && *s) {
		size_t len = strnlen(s, (size_t)(end - (const uint8_t *)s));

		if ((const uint8_t *)s + len >= end)
			return NULL;
		if (--n == 0)
			return s;
		s += len + 1;
	}
	return NULL;
}

/* Store string field FIELD of the structure at P as SETTING, if present. */
static void store_string(const uint8_t *p, const uint8_t *end,
			 unsigned int field, const struct setting *setting)
{
	const char *s;

	if (p[1] <= field)
		return;
	s = structure_string(p, end, p[field]);
	if (s && *s)
		store_setting(NULL, setting, s, strlen(s));
}

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

/* The System Information structure: names and the UUID. */
static void apply_system(const uint8_t *p, const uint8_t *end,
			 unsigned int version)
{
	uint8_t uuid[UUID_LEN];

	store_string(p, end, SYSTEM_MANUFACTURER, &manufacturer_setting);
	store_string(p, end, SYSTEM_PRODUCT, &product_setting);
	store_string(p, end, SYSTEM_SERIAL, &serial_setting);
	if (p[1] < SYSTEM_UUID + UUID_LEN)
		return;
	memcpy(uuid, p + SYSTEM_UUID, UUID_LEN);
	if (uuid_all(uuid, 0) || uuid_all(uuid, 0xff))
		return;
	if (version >= SMBIOS_UUID_LE_VERSION)
		uuid_to_network_order(uuid);
	store_setting(NULL, &uuid_setting, uuid, UUID_LEN);
}

void smbios_apply(const uint8_t *table, uint32_t len, unsigned int version)
{
	const uint8_t *end = table + len, *p;

	for (p = table; p && p + SMBIOS_HEADER_LEN <= end &&
	     p[0] != SMBIOS_TYPE_END; p = next_structure(p, end)) {
		if (p[1] < SMBIOS_HEADER_LEN || p + p[1] > end)
			return;
		if (p[0] == SMBIOS_TYPE_SYSTEM)
			apply_system(p, end, version);
		else if (p[0] == SMBIOS_TYPE_CHASSIS)
			store_string(p, end, CHASSIS_ASSET_TAG, &asset_setting);
	}
}
