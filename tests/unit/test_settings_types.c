/* SPDX-License-Identifier: MIT */
/* Unit tests for the setting types: parsing, formatting, rejections. */
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <core/settings.h>
#include "test.h"

#define RAW_MAX 32
#define TEXT_MAX 80

/* Parse TEXT as TYPE and check the raw bytes, then format them back. */
static void check_round_trip(const struct setting_type *type,
			     const char *text, const void *raw, size_t len,
			     const char *formatted)
{
	uint8_t buf[RAW_MAX];
	char out[TEXT_MAX];
	int rc;

	rc = type->parse(text, NULL, 0);
	if (rc != (int)len) {
		test_fail(__FILE__, __LINE__, "%s \"%s\": size %d != %zu",
			  type->name, text, rc, len);
		return;
	}
	memset(buf, 0xee, sizeof(buf));
	CHECK_INT(type->parse(text, buf, sizeof(buf)), len);
	CHECK_MEM(buf, raw, len);
	CHECK_INT(buf[len], 0xee);
	rc = type->format(buf, len, out, sizeof(out));
	CHECK_INT(rc, strlen(formatted));
	if (strcmp(out, formatted) != 0)
		test_fail(__FILE__, __LINE__, "%s \"%s\" formats as \"%s\"",
			  type->name, text, out);
}

static void check_rejects(const struct setting_type *type, const char *text)
{
	uint8_t buf[RAW_MAX];

	if (type->parse(text, buf, sizeof(buf)) >= 0)
		test_fail(__FILE__, __LINE__, "%s accepted \"%s\"", type->name,
			  text);
}

static void check_format(const struct setting_type *type, const void *raw,
			 size_t len, const char *expected)
{
	char out[TEXT_MAX];
	int rc = type->format(raw, len, out, sizeof(out));

	if (rc < 0 || strcmp(out, expected) != 0)
		test_fail(__FILE__, __LINE__, "%s: rc %d \"%s\" != \"%s\"",
			  type->name, rc, rc < 0 ? "" : out, expected);
}

UNIT_TEST(settings_types_find)
{
	static const char *const names[] = {
		"string", "ipv4", "uint8", "uint16", "uint32", "int32",
		"hex", "hexhyp", "hexraw", "uuid",
	};
	const struct setting_type *type;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		type = find_setting_type(names[i]);
		CHECK(type != NULL);
		if (type)
			CHECK_STR(type->name, names[i]);
	}
	CHECK(find_setting_type("hexhyp") == &setting_type_hexhyp);
	CHECK(find_setting_type("uint64") == NULL);
	CHECK(find_setting_type("") == NULL);
	CHECK(find_setting_type("HEX") == NULL);
}

UNIT_TEST(settings_types_string)
{
	char out[4];

	check_round_trip(&setting_type_string, "hello world", "hello world",
			 11, "hello world");
	check_round_trip(&setting_type_string, "", "", 0, "");
	/* A NUL in the raw value ends the string (DHCP often sends one). */
	check_format(&setting_type_string, "abc\0def", 7, "abc");
	CHECK_INT(setting_type_string.format("abcdef", 6, out, sizeof(out)),
		  6);
	CHECK_STR(out, "abc");
	CHECK_INT(setting_type_string.format("abcdef", 6, NULL, 0), 6);
}

UNIT_TEST(settings_types_ipv4)
{
	static const uint8_t two[] = { 10, 0, 0, 1, 10, 0, 0, 2 };

	check_round_trip(&setting_type_ipv4, "192.168.0.1",
			 "\xc0\xa8\x00\x01", 4, "192.168.0.1");
	check_round_trip(&setting_type_ipv4, "0.0.0.0", "\0\0\0\0", 4,
			 "0.0.0.0");
	check_round_trip(&setting_type_ipv4, "255.255.255.255",
			 "\xff\xff\xff\xff", 4, "255.255.255.255");
	check_round_trip(&setting_type_ipv4, "010.001.0.9", "\x0a\x01\x00\x09",
			 4, "10.1.0.9");
	check_rejects(&setting_type_ipv4, "256.0.0.1");
	check_rejects(&setting_type_ipv4, "1.2.3");
	check_rejects(&setting_type_ipv4, "1.2.3.4.5");
	check_rejects(&setting_type_ipv4, "1.2.3.4 ");
	check_rejects(&setting_type_ipv4, "1.2.3.4x");
	check_rejects(&setting_type_ipv4, "1.2..4");
	check_rejects(&setting_type_ipv4, "1.2.3.");
	check_rejects(&setting_type_ipv4, ".1.2.3");
	check_rejects(&setting_type_ipv4, "-1.2.3.4");
	check_rejects(&setting_type_ipv4, "1.2.3.99999999999999999999");
	check_rejects(&setting_type_ipv4, "");
	check_rejects(&setting_type_ipv4, "example.org");
	/* Several DNS servers: the first is shown; too short is an error. */
	check_format(&setting_type_ipv4, two, sizeof(two), "10.0.0.1");
	CHECK_INT(setting_type_ipv4.format(two, 3, NULL, 0), -ERANGE);
}

UNIT_TEST(settings_types_uint)
{
	check_round_trip(&setting_type_uint8, "0", "\0", 1, "0");
	check_round_trip(&setting_type_uint8, "255", "\xff", 1, "255");
	check_round_trip(&setting_type_uint8, "0x7f", "\x7f", 1, "127");
	check_round_trip(&setting_type_uint16, "0X1234", "\x12\x34", 2,
			 "4660");
	check_round_trip(&setting_type_uint16, "65535", "\xff\xff", 2,
			 "65535");
	check_round_trip(&setting_type_uint32, "4294967295",
			 "\xff\xff\xff\xff", 4, "4294967295");
	check_round_trip(&setting_type_uint32, "0xdeadBEEF",
			 "\xde\xad\xbe\xef", 4, "3735928559");
	check_round_trip(&setting_type_uint32, "007", "\0\0\0\x07", 4, "7");
	check_rejects(&setting_type_uint8, "256");
	check_rejects(&setting_type_uint8, "0x100");
	check_rejects(&setting_type_uint16, "65536");
	check_rejects(&setting_type_uint32, "4294967296");
	check_rejects(&setting_type_uint32, "99999999999999999999999");
	check_rejects(&setting_type_uint8, "-1");
	check_rejects(&setting_type_uint8, "+1");
	check_rejects(&setting_type_uint8, "");
	check_rejects(&setting_type_uint8, "0x");
	check_rejects(&setting_type_uint8, "12a");
	check_rejects(&setting_type_uint8, " 1");
	check_rejects(&setting_type_uint16, "0xg");
	CHECK_INT(setting_type_uint8.parse("256", NULL, 0), -ERANGE);
	CHECK_INT(setting_type_uint8.parse("x", NULL, 0), -EINVAL);
}

UNIT_TEST(settings_types_uint_raw_lengths)
{
	/* Shorter raw values are the big-endian number of what is there. */
	check_format(&setting_type_uint32, "\x01\x02", 2, "258");
	check_format(&setting_type_uint16, "\x05", 1, "5");
	check_format(&setting_type_uint32, "", 0, "0");
	/* Longer ones must still fit the type. */
	check_format(&setting_type_uint8, "\0\0\0\x05", 4, "5");
	CHECK_INT(setting_type_uint8.format("\x01\x00", 2, NULL, 0), -ERANGE);
	CHECK_INT(setting_type_uint32.format("\x01\0\0\0\0", 5, NULL, 0),
		  -ERANGE);
	CHECK_INT(setting_type_uint32.format("123456789", 9, NULL, 0),
		  -ERANGE);
	/* An IP address as a number, as ${ip:uint32} would show it. */
	check_format(&setting_type_uint32, "\x0a\x00\x00\x01", 4, "167772161");
}

UNIT_TEST(settings_types_int32)
{
	check_round_trip(&setting_type_int32, "-1", "\xff\xff\xff\xff", 4,
			 "-1");
	check_round_trip(&setting_type_int32, "2147483647",
			 "\x7f\xff\xff\xff", 4, "2147483647");
	check_round_trip(&setting_type_int32, "-2147483648",
			 "\x80\0\0\0", 4, "-2147483648");
	check_round_trip(&setting_type_int32, "+3600", "\0\0\x0e\x10", 4,
			 "3600");
	check_round_trip(&setting_type_int32, "-0x10", "\xff\xff\xff\xf0", 4,
			 "-16");
	check_rejects(&setting_type_int32, "2147483648");
	check_rejects(&setting_type_int32, "-2147483649");
	check_rejects(&setting_type_int32, "--1");
	check_rejects(&setting_type_int32, "-");
	check_rejects(&setting_type_int32, "1-");
	/* Short values are sign-extended. */
	check_format(&setting_type_int32, "\xff", 1, "-1");
	check_format(&setting_type_int32, "\x7f", 1, "127");
	check_format(&setting_type_int32, "\xff\xff\xff\xff\xff", 5, "-1");
	CHECK_INT(setting_type_int32.format("\0\x80\0\0\0", 5, NULL, 0),
		  -ERANGE);
}

UNIT_TEST(settings_types_hex)
{
	check_round_trip(&setting_type_hex, "52:54:00:AB:cd:ef",
			 "\x52\x54\x00\xab\xcd\xef", 6, "52:54:00:ab:cd:ef");
	check_round_trip(&setting_type_hex, "00", "\0", 1, "00");
	check_round_trip(&setting_type_hexhyp, "52-54-00-ab-cd-ef",
			 "\x52\x54\x00\xab\xcd\xef", 6, "52-54-00-ab-cd-ef");
	check_round_trip(&setting_type_hexraw, "5254FF", "\x52\x54\xff", 3,
			 "5254ff");
	check_rejects(&setting_type_hex, "5:54");
	check_rejects(&setting_type_hex, "52:54:");
	check_rejects(&setting_type_hex, ":52");
	check_rejects(&setting_type_hex, "52-54");
	check_rejects(&setting_type_hex, "5254");
	check_rejects(&setting_type_hex, "52::54");
	check_rejects(&setting_type_hex, "zz");
	check_rejects(&setting_type_hexhyp, "52:54");
	check_rejects(&setting_type_hexraw, "525");
	check_rejects(&setting_type_hexraw, "52 54");
	check_format(&setting_type_hex, "", 0, "");
}

UNIT_TEST(settings_types_hex_partial_parse)
{
	uint8_t buf[4] = { 0, 0, 0, 0xee };

	/* The size is reported in full; only what fits is written. */
	CHECK_INT(setting_type_hex.parse("01:02:03:04:05", buf, 3), 5);
	CHECK_MEM(buf, "\x01\x02\x03\xee", 4);
}

UNIT_TEST(settings_types_uuid)
{
	static const uint8_t uuid[] = {
		0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0,
		0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
	};

	check_round_trip(&setting_type_uuid,
			 "12345678-9ABC-def0-0123-456789ABCDEF", uuid, 16,
			 "12345678-9abc-def0-0123-456789abcdef");
	check_rejects(&setting_type_uuid,
		      "12345678-9abc-def0-0123-456789abcde");
	check_rejects(&setting_type_uuid,
		      "12345678-9abc-def0-0123-456789abcdef0");
	check_rejects(&setting_type_uuid,
		      "123456789abcdef00123456789abcdef");
	check_rejects(&setting_type_uuid,
		      "12345678-9abcd-ef0-0123-456789abcdef");
	check_rejects(&setting_type_uuid,
		      "1234567g-9abc-def0-0123-456789abcdef");
	check_rejects(&setting_type_uuid, "");
	CHECK_INT(setting_type_uuid.format(uuid, 15, NULL, 0), -ERANGE);
	CHECK_INT(setting_type_uuid.format(uuid, 6, NULL, 0), -ERANGE);
}

UNIT_TEST(settings_types_cross_format)
{
	static const uint8_t mac[] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	static const uint8_t ip[] = { 10, 0, 0, 1 };

	check_format(&setting_type_hexhyp, mac, sizeof(mac),
		     "52-54-00-12-34-56");
	check_format(&setting_type_hexraw, mac, sizeof(mac), "525400123456");
	check_format(&setting_type_hex, ip, sizeof(ip), "0a:00:00:01");
	check_format(&setting_type_string, "x", 1, "x");
	check_format(&setting_type_ipv4, mac, sizeof(mac), "82.84.0.18");
}

UNIT_TEST(settings_types_truncation)
{
	static const uint8_t mac[] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	char out[8];

	memset(out, 'X', sizeof(out));
	CHECK_INT(setting_type_hex.format(mac, sizeof(mac), out, 6), 17);
	CHECK_STR(out, "52:54");
	CHECK_INT(out[6], 'X');
	CHECK_INT(setting_type_ipv4.format(mac, 4, out, 1), 10);
	CHECK_STR(out, "");
	CHECK_INT(setting_type_uint32.format(mac, 4, NULL, 0), 10);
}
