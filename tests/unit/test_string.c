/* SPDX-License-Identifier: MIT */
/* Unit tests for the memory and string functions. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "test.h"

/*
 * Sizes for the exhaustive small-copy sweeps: past two rounds of the
 * unrolled loops (8 words of 8 bytes on 64-bit hosts) and their tails.
 */
#define SWEEP_MAX_LEN 160
#define SWEEP_MAX_OFFSET 8
/* Room for the largest sweep, offsets and guard bytes. */
#define SWEEP_BUF (SWEEP_MAX_LEN + 4 * SWEEP_MAX_OFFSET + 64)
/* A bulk copy large enough to run the unrolled word loops many times. */
#define BULK_LEN 4099
#define GUARD 0xa5

/* A recognisable, position-dependent byte pattern. */
static void fill_pattern(unsigned char *buf, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (unsigned char)(i * 7 + seed * 13 + 1);
}

/* The reference copy: one byte at a time, through a temporary. */
static void reference_move(unsigned char *buf, size_t dst, size_t src,
			   size_t len)
{
	unsigned char tmp[SWEEP_BUF];
	size_t i;

	for (i = 0; i < len; i++)
		tmp[i] = buf[src + i];
	for (i = 0; i < len; i++)
		buf[dst + i] = tmp[i];
}

UNIT_TEST(string_memcpy_misaligned_sizes)
{
	unsigned char src[SWEEP_BUF], dst[SWEEP_BUF], want[SWEEP_BUF];
	size_t so, doff, len, i;
	unsigned int bad = 0;

	for (so = 0; so < SWEEP_MAX_OFFSET; so++) {
		for (doff = 0; doff < SWEEP_MAX_OFFSET; doff++) {
			for (len = 0; len <= SWEEP_MAX_LEN; len++) {
				fill_pattern(src, sizeof(src), len);
				for (i = 0; i < sizeof(dst); i++)
					dst[i] = want[i] = GUARD;
				for (i = 0; i < len; i++)
					want[doff + i] = src[so + i];
				if (memcpy(dst + doff, src + so, len) !=
				    dst + doff)
					bad++;
				if (memcmp(dst, want, sizeof(dst)) != 0)
					bad++;
			}
		}
	}
	CHECK_INT(bad, 0);
}

UNIT_TEST(string_memcpy_bulk)
{
	static unsigned char src[BULK_LEN + 16], dst[BULK_LEN + 16];
	size_t i, off;
	unsigned int bad = 0;

	for (off = 0; off < 4; off++) {
		fill_pattern(src, sizeof(src), off);
		memset(dst, GUARD, sizeof(dst));
		memcpy(dst + off, src + 3, BULK_LEN);
		for (i = 0; i < BULK_LEN; i++)
			bad += dst[off + i] != src[3 + i];
		for (i = 0; i < off; i++)
			bad += dst[i] != GUARD;
		for (i = off + BULK_LEN; i < sizeof(dst); i++)
			bad += dst[i] != GUARD;
	}
	CHECK_INT(bad, 0);
}

/* Move within one buffer for every overlap, in both directions. */
UNIT_TEST(string_memmove_overlap)
{
	unsigned char buf[SWEEP_BUF], want[SWEEP_BUF];
	size_t src, dst, len;
	unsigned int bad = 0;

	for (src = 0; src < 2 * SWEEP_MAX_OFFSET + 1; src++) {
		for (dst = 0; dst < 2 * SWEEP_MAX_OFFSET + 1; dst++) {
			for (len = 0; len <= SWEEP_MAX_LEN; len++) {
				fill_pattern(buf, sizeof(buf), len);
				fill_pattern(want, sizeof(want), len);
				reference_move(want, dst, src, len);
				if (memmove(buf + dst, buf + src, len) !=
				    buf + dst)
					bad++;
				if (memcmp(buf, want, sizeof(buf)) != 0)
					bad++;
			}
		}
	}
	CHECK_INT(bad, 0);
}

UNIT_TEST(string_memmove_bulk_both_directions)
{
	static unsigned char buf[BULK_LEN + 64];
	size_t i;
	unsigned int bad = 0;

	fill_pattern(buf, sizeof(buf), 1);
	memmove(buf + 13, buf, BULK_LEN);
	for (i = 0; i < BULK_LEN; i++)
		bad += buf[13 + i] != (unsigned char)(i * 7 + 14);
	for (i = 0; i < 13; i++)
		bad += buf[i] != (unsigned char)(i * 7 + 14);

	fill_pattern(buf, sizeof(buf), 2);
	memmove(buf, buf + 21, BULK_LEN);
	for (i = 0; i < BULK_LEN; i++)
		bad += buf[i] != (unsigned char)((i + 21) * 7 + 27);
	CHECK_INT(bad, 0);
}

UNIT_TEST(string_memset_sizes)
{
	unsigned char buf[SWEEP_BUF];
	size_t off, len, i;
	unsigned int bad = 0;

	for (off = 0; off < SWEEP_MAX_OFFSET; off++) {
		for (len = 0; len <= SWEEP_MAX_LEN; len++) {
			memset(buf, GUARD, sizeof(buf));
			/* Only the low byte of the value counts. */
			if (memset(buf + off, 0x13c, len) != buf + off)
				bad++;
			for (i = 0; i < sizeof(buf); i++) {
				if (buf[i] != (i >= off && i < off + len ?
					       0x3c : GUARD))
					bad++;
			}
		}
	}
	CHECK_INT(bad, 0);
	memset(buf, -1, 4);
	CHECK_INT(buf[0], 0xff);
	CHECK_INT(buf[3], 0xff);
}

UNIT_TEST(string_memcmp_unsigned)
{
	CHECK_INT(memcmp("abc", "abc", 3), 0);
	CHECK(memcmp("abc", "abd", 3) < 0);
	CHECK(memcmp("abd", "abc", 3) > 0);
	CHECK_INT(memcmp("abc", "xyz", 0), 0);
	/* Bytes compare as unsigned char. */
	CHECK(memcmp("\x80", "\x7f", 1) > 0);
	CHECK(memcmp("\x01", "\xff", 1) < 0);
	/* Embedded NULs do not stop the comparison. */
	CHECK(memcmp("a\0b", "a\0c", 3) < 0);
}

UNIT_TEST(string_memchr)
{
	const char s[] = "hello\0world";

	CHECK(memchr(s, 'l', sizeof(s)) == s + 2);
	CHECK(memchr(s, 'w', sizeof(s)) == s + 6);
	CHECK(memchr(s, '\0', sizeof(s)) == s + 5);
	CHECK(memchr(s, 'w', 5) == NULL);
	CHECK(memchr(s, 'h', 0) == NULL);
	/* C is converted to unsigned char. */
	CHECK(memchr(s, 0x100 + 'o', sizeof(s)) == s + 4);
	CHECK(memchr("\xff", -1, 1) != NULL);
}

UNIT_TEST(string_memswap)
{
	char a[] = "abcdef", b[] = "123456";

	CHECK(memswap(a, b, 4) == a);
	CHECK_STR(a, "1234ef");
	CHECK_STR(b, "abcd56");
	memswap(a, b, 0);
	CHECK_STR(a, "1234ef");
}

UNIT_TEST(string_strlen)
{
	CHECK_INT(strlen(""), 0);
	CHECK_INT(strlen("a"), 1);
	CHECK_INT(strlen("hello world"), 11);
	CHECK_INT(strlen("ab\0cd"), 2);
	CHECK_INT(strnlen("hello", 3), 3);
	CHECK_INT(strnlen("hello", 5), 5);
	CHECK_INT(strnlen("hello", 100), 5);
	CHECK_INT(strnlen("hello", 0), 0);
	/* strnlen must not read past MAX: this array has no NUL. */
	{
		const char unterminated[4] = { 'a', 'b', 'c', 'd' };

		CHECK_INT(strnlen(unterminated, sizeof(unterminated)), 4);
	}
}

UNIT_TEST(string_strcmp)
{
	CHECK_INT(strcmp("", ""), 0);
	CHECK_INT(strcmp("abc", "abc"), 0);
	CHECK(strcmp("abc", "abd") < 0);
	CHECK(strcmp("abd", "abc") > 0);
	CHECK(strcmp("ab", "abc") < 0);
	CHECK(strcmp("abc", "ab") > 0);
	CHECK(strcmp("\xe9", "z") > 0);
	CHECK_INT(strncmp("abcdef", "abcxyz", 3), 0);
	CHECK(strncmp("abcdef", "abcxyz", 4) < 0);
	CHECK_INT(strncmp("abc", "abd", 0), 0);
	CHECK_INT(strncmp("ab", "ab", 10), 0);
	CHECK(strncmp("ab", "abc", 10) < 0);
	CHECK(strncmp("\x80", "\x01", 1) > 0);
}

UNIT_TEST(string_strcasecmp)
{
	CHECK_INT(strcasecmp("Hello", "hELLO"), 0);
	CHECK(strcasecmp("apple", "Banana") < 0);
	CHECK(strcasecmp("Zebra", "apple") > 0);
	CHECK(strcasecmp("abc", "ABCD") < 0);
	CHECK_INT(strcasecmp("", ""), 0);
	/* '[' lies between 'Z' and 'a': case folding must go to lower. */
	CHECK(strcasecmp("[", "a") < 0);
	CHECK_INT(strncasecmp("CONTENT-length", "content-LENGTHX", 14), 0);
	CHECK(strncasecmp("abc", "abD", 3) < 0);
	CHECK_INT(strncasecmp("abc", "xyz", 0), 0);
}

UNIT_TEST(string_strchr_strrchr)
{
	const char *s = "a/b/c";

	CHECK(strchr(s, '/') == s + 1);
	CHECK(strrchr(s, '/') == s + 3);
	CHECK(strchr(s, 'x') == NULL);
	CHECK(strrchr(s, 'x') == NULL);
	/* The terminator is part of the string. */
	CHECK(strchr(s, '\0') == s + 5);
	CHECK(strrchr(s, '\0') == s + 5);
	CHECK(strchr(s, 'a') == s);
	CHECK(strrchr(s, 'a') == s);
	CHECK(strchr("", 'a') == NULL);
	CHECK(strchr("\xe9t\xe9", 0xe9) != NULL);
}

UNIT_TEST(string_strstr)
{
	const char *s = "aaab needle in a haystack";

	CHECK(strstr(s, "needle") == s + 5);
	CHECK(strstr(s, "aab") == s + 1);
	CHECK(strstr(s, "stack") == s + 20);
	CHECK(strstr(s, "stacks") == NULL);
	CHECK(strstr(s, "") == s);
	CHECK(strstr("", "") != NULL);
	CHECK(strstr("", "a") == NULL);
	CHECK(strstr("ab", "abc") == NULL);
	CHECK(strstr("abababc", "ababc") != NULL);
}

UNIT_TEST(string_strcpy_strcat)
{
	char buf[16];

	memset(buf, GUARD, sizeof(buf));
	CHECK(strcpy(buf, "abc") == buf);
	CHECK_STR(buf, "abc");
	CHECK_INT((unsigned char)buf[4], GUARD);
	CHECK(strcat(buf, "def") == buf);
	CHECK_STR(buf, "abcdef");
	strcat(buf, "");
	CHECK_STR(buf, "abcdef");
	strcpy(buf, "");
	CHECK_STR(buf, "");
}

UNIT_TEST(string_strncpy_pads)
{
	char buf[8];

	memset(buf, GUARD, sizeof(buf));
	CHECK(strncpy(buf, "ab", 6) == buf);
	CHECK_MEM(buf, "ab\0\0\0\0", 6);
	CHECK_INT((unsigned char)buf[6], GUARD);
	/* No terminator when the source fills LEN. */
	memset(buf, GUARD, sizeof(buf));
	strncpy(buf, "abcdefgh", 4);
	CHECK_MEM(buf, "abcd", 4);
	CHECK_INT((unsigned char)buf[4], GUARD);
	strncpy(buf, "xyz", 0);
	CHECK_INT(buf[0], 'a');
}

UNIT_TEST(string_strlcpy)
{
	char buf[8];

	memset(buf, GUARD, sizeof(buf));
	CHECK_INT(strlcpy(buf, "hello", sizeof(buf)), 5);
	CHECK_STR(buf, "hello");
	CHECK_INT(strlcpy(buf, "hello world", sizeof(buf)), 11);
	CHECK_STR(buf, "hello w");
	CHECK_INT(strlcpy(buf, "1234567", sizeof(buf)), 7);
	CHECK_STR(buf, "1234567");
	CHECK_INT(strlcpy(buf, "abc", 1), 3);
	CHECK_STR(buf, "");
	/* Size 0 touches nothing. */
	buf[0] = 'Q';
	CHECK_INT(strlcpy(buf, "abc", 0), 3);
	CHECK_INT(buf[0], 'Q');
}

UNIT_TEST(string_spans)
{
	const char *s = "  \tkey=value";

	CHECK_INT(strspn(s, " \t"), 3);
	CHECK_INT(strspn(s, ""), 0);
	CHECK_INT(strspn("abc", "abc"), 3);
	CHECK_INT(strcspn(s, "="), 6);
	CHECK_INT(strcspn(s, ""), 12);
	CHECK_INT(strcspn("", "abc"), 0);
	CHECK(strpbrk(s, "=v") == s + 6);
	CHECK(strpbrk(s, "#!") == NULL);
	CHECK(strpbrk(s, "") == NULL);
}

UNIT_TEST(string_strdup)
{
	char *copy = strdup("network boot");
	char *part;

	CHECK(copy != NULL);
	if (copy)
		CHECK_STR(copy, "network boot");
	part = strndup("network boot", 7);
	CHECK(part != NULL);
	if (part)
		CHECK_STR(part, "network");
	free(part);
	part = strndup("abc", 100);
	if (part)
		CHECK_STR(part, "abc");
	free(part);
	part = strdup("");
	if (part)
		CHECK_STR(part, "");
	free(part);
	free(copy);
}
