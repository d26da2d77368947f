/* SPDX-License-Identifier: MIT */
/* SMBIOS: entry points and the settings the structure table yields. */
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <core/settings.h>
#include <core/smbios.h>
#include "test.h"

/* An SMBIOS 2.8 32-bit entry point for a table at TABLE of LEN bytes. */
static void make_entry2(uint8_t *e, uint32_t table, uint16_t len)
{
	uint8_t sum = 0;
	unsigned int i;

	memset(e, 0, 0x1f);
	memcpy(e, "_SM_", 4);
	e[5] = 0x1f;
	e[6] = 2;
	e[7] = 8;
	memcpy(e + 0x16, &len, 2);
	memcpy(e + 0x18, &table, 4);
	for (i = 0; i < 0x1f; i++)
		sum += e[i];
	e[4] = (uint8_t)-sum;
}

/* Type 1 with manufacturer, product, serial and a UUID; type 3 with an asset tag; end. */
static const uint8_t table[] = {
	1, 0x19, 0x01, 0x00, 1, 2, 0, 3,
	0x78, 0x56, 0x34, 0x12, 0xbc, 0x9a, 0xf0, 0xde,
	0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 6,
	'A', 'c', 'm', 'e', 0, 'R', 'o', 'c', 'k', 'e', 't', 0,
	'S', 'N', '4', '2', 0, 0,
	3, 0x09, 0x02, 0x00, 0, 0, 0, 0, 1,
	'T', 'A', 'G', '7', 0, 0,
	127, 4, 0x03, 0x00, 0, 0,
};

UNIT_TEST(smbios_entry_and_settings)
{
	struct smbios_entry info;
	static const uint8_t want_uuid[] = {
		0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0,
		0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
	};
	uint8_t entry[0x1f], raw[16];
	char text[64];

	make_entry2(entry, 0x12345678, sizeof(table));
	CHECK_INT(smbios_parse_entry(entry, sizeof(entry), &info), 0);
	CHECK_INT(info.table_phys, 0x12345678);
	CHECK_INT(info.table_len, sizeof(table));
	CHECK_INT(info.version, 0x0208);
	entry[9] ^= 1;
	CHECK_INT(smbios_parse_entry(entry, sizeof(entry), &info), -ENOENT);

	smbios_apply(table, sizeof(table), 0x0208);
	CHECK(fetch_string_setting(NULL, find_setting("manufacturer"), text,
				   sizeof(text)) > 0);
	CHECK_STR(text, "Acme");
	fetch_string_setting(NULL, find_setting("product"), text, sizeof(text));
	CHECK_STR(text, "Rocket");
	fetch_string_setting(NULL, find_setting("serial"), text, sizeof(text));
	CHECK_STR(text, "SN42");
	fetch_string_setting(NULL, find_setting("asset"), text, sizeof(text));
	CHECK_STR(text, "TAG7");
	/* 2.6+: the first three fields are little-endian in the table. */
	CHECK_INT(fetch_setting(NULL, &uuid_setting, raw, sizeof(raw), NULL),
		  sizeof(raw));
	CHECK_MEM(raw, want_uuid, sizeof(want_uuid));
	delete_setting(NULL, find_setting("manufacturer"));
	delete_setting(NULL, find_setting("product"));
	delete_setting(NULL, find_setting("serial"));
	delete_setting(NULL, find_setting("asset"));
	delete_setting(NULL, &uuid_setting);
}

UNIT_TEST(smbios_truncated_table_is_safe)
{
	size_t len;

	for (len = 0; len < sizeof(table); len++)
		smbios_apply(table, (uint32_t)len, 0x0208);
	delete_setting(NULL, find_setting("manufacturer"));
	delete_setting(NULL, find_setting("product"));
	delete_setting(NULL, find_setting("serial"));
	delete_setting(NULL, find_setting("asset"));
	delete_setting(NULL, &uuid_setting);
}
