/* SPDX-License-Identifier: MIT */
/* Setting types: how each kind of setting value becomes text and back. */
#include <stdbool.h>
#include <stdint.h>
#include <ctype.h>
#include <string.h>
#include <errno.h>
#include <core/compiler.h>
#include <core/settings.h>

#define IPV4_LEN 4
#define OCTET_MAX 255
#define UUID_LEN 16
#define DEC_BASE 10
#define HEX_BASE 16
#define NIBBLE_BITS 4
#define BYTE_BITS 8
#define SIGN_BIT 0x80
#define UINT8_WIDTH 1
#define UINT16_WIDTH 2
#define UINT32_WIDTH 4
/* Numbers are read from raw values of at most this many bytes. */
#define NUMBER_RAW_MAX 8
/* Decimal digits of the largest 32-bit magnitude, with room to spare. */
#define DECIMAL_DIGITS_MAX 12

/* Bytes in each dash-separated group of a UUID (8-4-4-4-12 digits). */
static const uint8_t uuid_groups[] = { 4, 2, 2, 2, 6 };

static const char hex_digits[] = "0123456789abcdef";

/* An output cursor that behaves like snprintf: truncates, counts all. */
struct text_out {
	char *buf;
	size_t len;
	size_t used;
};

static void out_char(struct text_out *out, char c)
{
	if (out->used + 1 < out->len)
		out->buf[out->used] = c;
	out->used++;
}

static void out_bytes(struct text_out *out, const char *s, size_t n)
{
	while (n--)
		out_char(out, *s++);
}

static void out_hex_byte(struct text_out *out, uint8_t byte)
{
	out_char(out, hex_digits[byte >> NIBBLE_BITS]);
	out_char(out, hex_digits[byte & (HEX_BASE - 1)]);
}

static void out_decimal(struct text_out *out, uint32_t value)
{
	char digits[DECIMAL_DIGITS_MAX];
	size_t n = 0;

	do {
		digits[n++] = '0' + value % DEC_BASE;
		value /= DEC_BASE;
	} while (value);
	while (n)
		out_char(out, digits[--n]);
}

/* Terminate the output and return the length it needed. */
static int out_finish(struct text_out *out)
{
	if (out->len)
		out->buf[MIN(out->used, out->len - 1)] = '\0';
	return (int)out->used;
}

/* Parse two hex digits at TEXT into *BYTE. */
static int parse_hex_byte(const char *text, uint8_t *byte)
{
	int hi = xdigit_value(text[0]);
	int lo;

	if (hi < 0)
		return -EINVAL;
	lo = xdigit_value(text[1]);
	if (lo < 0)
		return -EINVAL;
	*byte = (uint8_t)(hi << NIBBLE_BITS | lo);
	return 0;
}

/* Copy as much of the N parsed BYTES as fits in RAW; return N. */
static int copy_parsed(void *raw, size_t len, const uint8_t *bytes, size_t n)
{
	if (len)
		memcpy(raw, bytes, MIN(len, n));
	return (int)n;
}

/*
 * Parse all of TEXT as a decimal or 0x-prefixed hex number no greater
 * than MAX.
 */
static int parse_number(const char *text, uint32_t max, uint32_t *value)
{
	unsigned int base = DEC_BASE;
	uint64_t acc = 0;
	int digit;

	if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
		base = HEX_BASE;
		text += 2;
	}
	if (!*text)
		return -EINVAL;
	for (; *text; text++) {
		digit = xdigit_value(*text);
		if (digit < 0 || (unsigned int)digit >= base)
			return -EINVAL;
		acc = acc * base + (unsigned int)digit;
		if (acc > max)
			return -ERANGE;
	}
	*value = (uint32_t)acc;
	return 0;
}

/* Store VALUE big-endian in WIDTH bytes. */
static int put_number(uint32_t value, size_t width, void *raw, size_t len)
{
	uint8_t bytes[UINT32_WIDTH];
	size_t i;

	for (i = 0; i < width; i++)
		bytes[i] = (uint8_t)(value >> (BYTE_BITS * (width - 1 - i)));
	return copy_parsed(raw, len, bytes, width);
}

/*
 * The number held big-endian in RAW (any length up to 8 bytes, shorter
 * values being what DHCP often sends); IS_SIGNED sign-extends it.
 */
static int raw_number(const void *raw, size_t raw_len, bool is_signed,
		      int64_t *value)
{
	const uint8_t *bytes = raw;
	uint64_t acc = 0;
	size_t i;

	if (raw_len > NUMBER_RAW_MAX)
		return -ERANGE;
	if (is_signed && raw_len && (bytes[0] & SIGN_BIT))
		acc = ~(uint64_t)0;
	for (i = 0; i < raw_len; i++)
		acc = acc << BYTE_BITS | bytes[i];
	*value = (int64_t)acc;
	return 0;
}

static int parse_string(const char *text, void *raw, size_t len)
{
	return copy_parsed(raw, len, (const uint8_t *)text, strlen(text));
}

/* Strings end at the first NUL if the raw value holds one. */
static int format_string(const void *raw, size_t raw_len, char *buf,
			 size_t len)
{
	struct text_out out = { buf, len, 0 };

	out_bytes(&out, raw, strnlen(raw, raw_len));
	return out_finish(&out);
}

/* Parse a strict dotted quad: four decimal octets and nothing else. */
static int parse_ipv4(const char *text, void *raw, size_t len)
{
	uint8_t ip[IPV4_LEN];
	unsigned int octet;
	size_t part;

	for (part = 0; part < IPV4_LEN; part++) {
		if (part && *text++ != '.')
			return -EINVAL;
		if (*text < '0' || *text > '9')
			return -EINVAL;
		octet = 0;
		while (*text >= '0' && *text <= '9') {
			octet = octet * DEC_BASE +
				(unsigned int)(*text++ - '0');
			if (octet > OCTET_MAX)
				return -EINVAL;
		}
		ip[part] = (uint8_t)octet;
	}
	if (*text)
		return -EINVAL;
	return copy_parsed(raw, len, ip, sizeof(ip));
}

/* A longer value (several DNS servers) formats as its first address. */
static int format_ipv4(const void *raw, size_t raw_len, char *buf,
		       size_t len)
{
	struct text_out out = { buf, len, 0 };
	const uint8_t *ip = raw;
	size_t i;

	if (raw_len < IPV4_LEN)
		return -ERANGE;
	for (i = 0; i < IPV4_LEN; i++) {
		if (i)
			out_char(&out, '.');
		out_decimal(&out, ip[i]);
	}
	return out_finish(&out);
}

static int parse_uint(const char *text, void *raw, size_t len, size_t width)
{
	uint32_t max = (uint32_t)(~(uint64_t)0 >> (BYTE_BITS *
						  (sizeof(uint64_t) - width)));
	uint32_t value;
	int rc;

	rc = parse_number(text, max, &value);
	if (rc < 0)
		return rc;
	return put_number(value, width, raw, len);
}

/* Format a big-endian unsigned number that must fit WIDTH bytes. */
static int format_uint(const void *raw, size_t raw_len, char *buf,
		       size_t len, size_t width)
{
	struct text_out out = { buf, len, 0 };
	uint64_t max = ~(uint64_t)0 >> (BYTE_BITS *
					(sizeof(uint64_t) - width));
	int64_t value;
	int rc;

	rc = raw_number(raw, raw_len, false, &value);
	if (rc < 0)
		return rc;
	if ((uint64_t)value > max)
		return -ERANGE;
	out_decimal(&out, (uint32_t)value);
	return out_finish(&out);
}

static int parse_uint8(const char *text, void *raw, size_t len)
{
	return parse_uint(text, raw, len, UINT8_WIDTH);
}

static int format_uint8(const void *raw, size_t raw_len, char *buf,
			size_t len)
{
	return format_uint(raw, raw_len, buf, len, UINT8_WIDTH);
}

static int parse_uint16(const char *text, void *raw, size_t len)
{
	return parse_uint(text, raw, len, UINT16_WIDTH);
}

static int format_uint16(const void *raw, size_t raw_len, char *buf,
			 size_t len)
{
	return format_uint(raw, raw_len, buf, len, UINT16_WIDTH);
}

static int parse_uint32(const char *text, void *raw, size_t len)
{
	return parse_uint(text, raw, len, UINT32_WIDTH);
}

static int format_uint32(const void *raw, size_t raw_len, char *buf,
			 size_t len)
{
	return format_uint(raw, raw_len, buf, len, UINT32_WIDTH);
}

/* Parse an optionally signed decimal or 0x hex number in int32 range. */
static int parse_int32(const char *text, void *raw, size_t len)
{
	uint32_t magnitude;
	bool negative = false;
	int rc;

	if (*text == '-' || *text == '+')
		negative = (*text++ == '-');
	rc = parse_number(text, negative ? (uint32_t)INT32_MAX + 1 :
			  (uint32_t)INT32_MAX, &magnitude);
	if (rc < 0)
		return rc;
	return put_number(negative ? 0 - magnitude : magnitude, UINT32_WIDTH,
			  raw, len);
}

/* Shorter values are sign-extended from their first byte. */
static int format_int32(const void *raw, size_t raw_len, char *buf,
			size_t len)
{
	struct text_out out = { buf, len, 0 };
	int64_t value;
	int rc;

	rc = raw_number(raw, raw_len, true, &value);
	if (rc < 0)
		return rc;
	if (value < INT32_MIN || value > INT32_MAX)
		return -ERANGE;
	if (value < 0) {
		out_char(&out, '-');
		value = -value;
	}
	out_decimal(&out, (uint32_t)value);
	return out_finish(&out);
}

/* Parse pairs of hex digits separated by SEP (none if SEP is 0). */
static int parse_hex_separated(const char *text, void *raw, size_t len,
			       char sep)
{
	uint8_t *bytes = raw;
	size_t count = 0;
	uint8_t byte;
	int rc;

	while (*text) {
		if (count && sep && *text++ != sep)
			return -EINVAL;
		rc = parse_hex_byte(text, &byte);
		if (rc < 0)
			return rc;
		if (count < len)
			bytes[count] = byte;
		count++;
		text += 2;
	}
	return (int)count;
}

/* Format every byte as two lower-case hex digits joined by SEP. */
static int format_hex_separated(const void *raw, size_t raw_len, char *buf,
				size_t len, char sep)
{
	struct text_out out = { buf, len, 0 };
	const uint8_t *bytes = raw;
	size_t i;

	for (i = 0; i < raw_len; i++) {
		if (i && sep)
			out_char(&out, sep);
		out_hex_byte(&out, bytes[i]);
	}
	return out_finish(&out);
}

static int parse_hex(const char *text, void *raw, size_t len)
{
	return parse_hex_separated(text, raw, len, ':');
}

static int format_hex(const void *raw, size_t raw_len, char *buf,
		      size_t len)
{
	return format_hex_separated(raw, raw_len, buf, len, ':');
}

static int parse_hexhyp(const char *text, void *raw, size_t len)
{
	return parse_hex_separated(text, raw, len, '-');
}

static int format_hexhyp(const void *raw, size_t raw_len, char *buf,
			 size_t len)
{
	return format_hex_separated(raw, raw_len, buf, len, '-');
}

static int parse_hexraw(const char *text, void *raw, size_t len)
{
	return parse_hex_separated(text, raw, len, 0);
}

static int format_hexraw(const void *raw, size_t raw_len, char *buf,
			 size_t len)
{
	return format_hex_separated(raw, raw_len, buf, len, 0);
}

/* Parse 8-4-4-4-12 hex digits (either case) into 16 bytes. */
static int parse_uuid(const char *text, void *raw, size_t len)
{
	uint8_t uuid[UUID_LEN];
	size_t group, i, pos = 0;
	int rc;

	for (group = 0; group < ARRAY_SIZE(uuid_groups); group++) {
		if (group && *text++ != '-')
			return -EINVAL;
		for (i = 0; i < uuid_groups[group]; i++) {
			rc = parse_hex_byte(text, &uuid[pos++]);
			if (rc < 0)
				return rc;
			text += 2;
		}
	}
	if (*text)
		return -EINVAL;
	return copy_parsed(raw, len, uuid, sizeof(uuid));
}

static int format_uuid(const void *raw, size_t raw_len, char *buf,
		       size_t len)
{
	struct text_out out = { buf, len, 0 };
	const uint8_t *uuid = raw;
	size_t group, i, pos = 0;

	if (raw_len != UUID_LEN)
		return -ERANGE;
	for (group = 0; group < ARRAY_SIZE(uuid_groups); group++) {
		if (group)
			out_char(&out, '-');
		for (i = 0; i < uuid_groups[group]; i++)
			out_hex_byte(&out, uuid[pos++]);
	}
	return out_finish(&out);
}

SETTING_TYPE(setting_type_string) = {
	.name = "string", .parse = parse_string, .format = format_string,
};

SETTING_TYPE(setting_type_ipv4) = {
	.name = "ipv4", .parse = parse_ipv4, .format = format_ipv4,
};

SETTING_TYPE(setting_type_uint8) = {
	.name = "uint8", .parse = parse_uint8, .format = format_uint8,
};

SETTING_TYPE(setting_type_uint16) = {
	.name = "uint16", .parse = parse_uint16, .format = format_uint16,
};

SETTING_TYPE(setting_type_uint32) = {
	.name = "uint32", .parse = parse_uint32, .format = format_uint32,
};

SETTING_TYPE(setting_type_int32) = {
	.name = "int32", .parse = parse_int32, .format = format_int32,
};

SETTING_TYPE(setting_type_hex) = {
	.name = "hex", .parse = parse_hex, .format = format_hex,
};

SETTING_TYPE(setting_type_hexhyp) = {
	.name = "hexhyp", .parse = parse_hexhyp, .format = format_hexhyp,
};

SETTING_TYPE(setting_type_hexraw) = {
	.name = "hexraw", .parse = parse_hexraw, .format = format_hexraw,
};

SETTING_TYPE(setting_type_uuid) = {
	.name = "uuid", .parse = parse_uuid, .format = format_uuid,
};

const struct setting_type *find_setting_type(const char *name)
{
	const struct setting_type *type;

	for_each_table_entry(type, setting_types) {
		if (strcmp(type->name, name) == 0)
			return type;
	}
	return NULL;
}
