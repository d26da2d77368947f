/* SPDX-License-Identifier: MIT */
/* Unit tests for the printf-style formatter and its wrappers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "test.h"

#define FMT_BUF 512
#define GUARD '#'
#define INT_MAX_VALUE __INT_MAX__
#define LONG_MAX_VALUE __LONG_MAX__
#define LLONG_MAX_VALUE __LONG_LONG_MAX__

/*
 * Format into a fresh buffer and check both the text and the return value.
 * The format is checked by the compiler, as callers' formats are.
 */
#define CHECK_FMT(expect, ...)                                         \
	do {                                                           \
		char buf_[FMT_BUF];                                    \
		int len_ = snprintf(buf_, sizeof(buf_), __VA_ARGS__);  \
		CHECK_STR(buf_, expect);                               \
		CHECK_INT(len_, strlen(expect));                       \
	} while (0)

/*
 * The same for formats the compiler would warn about (flags C leaves
 * without effect, unknown conversions): they must still behave.
 */
#define CHECK_RAW_FMT(expect, ...)                                     \
	do {                                                           \
		char buf_[FMT_BUF];                                    \
		int len_ = format_unchecked(buf_, sizeof(buf_),        \
					    __VA_ARGS__);              \
		CHECK_STR(buf_, expect);                               \
		CHECK_INT(len_, strlen(expect));                       \
	} while (0)

/* snprintf() through a format the compiler does not check. */
static int format_unchecked(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int len;

	va_start(args, fmt);
	len = vsnprintf(buf, size, fmt, args);
	va_end(args);
	return len;
}

UNIT_TEST(vsprintf_plain_text)
{
	CHECK_FMT("", "%s", "");
	CHECK_FMT("hello, world", "hello, world");
	CHECK_FMT("100%", "100%%");
	CHECK_FMT("%%", "%%%%");
	CHECK_FMT("x=5;y", "%s=%d;%c", "x", 5, 'y');
}

UNIT_TEST(vsprintf_decimal)
{
	CHECK_FMT("0", "%d", 0);
	CHECK_FMT("42", "%d", 42);
	CHECK_FMT("-42", "%i", -42);
	CHECK_FMT("2147483647", "%d", INT_MAX_VALUE);
	CHECK_FMT("-2147483648", "%d", -INT_MAX_VALUE - 1);
	CHECK_FMT("4294967295", "%u", 4294967295U);
	CHECK_FMT("0", "%u", 0U);
}

UNIT_TEST(vsprintf_hex_octal)
{
	CHECK_FMT("deadbeef", "%x", 0xdeadbeefU);
	CHECK_FMT("DEADBEEF", "%X", 0xdeadbeefU);
	CHECK_FMT("0", "%x", 0U);
	CHECK_FMT("0xff", "%#x", 255U);
	CHECK_FMT("0XFF", "%#X", 255U);
	/* '#' adds no prefix to zero. */
	CHECK_FMT("0", "%#x", 0U);
	CHECK_FMT("17", "%o", 15U);
	CHECK_FMT("010", "%#o", 8U);
	CHECK_FMT("0", "%#o", 0U);
	CHECK_FMT("0", "%#.0o", 0U);
	CHECK_FMT("00012", "%#.5o", 10U);
	CHECK_FMT("37777777777", "%o", 0xffffffffU);
}

UNIT_TEST(vsprintf_width_and_flags)
{
	CHECK_FMT("   42", "%5d", 42);
	CHECK_FMT("42   |", "%-5d|", 42);
	CHECK_FMT("00042", "%05d", 42);
	CHECK_FMT("-0042", "%05d", -42);
	CHECK_FMT("+42", "%+d", 42);
	CHECK_FMT("-42", "%+d", -42);
	CHECK_FMT("+0", "%+d", 0);
	CHECK_FMT(" 42", "% d", 42);
	CHECK_FMT("-42", "% d", -42);
	CHECK_FMT(" 0042", "% 05d", 42);
	CHECK_FMT("  +42", "%+5d", 42);
	CHECK_FMT("+42  |", "%-+5d|", 42);
	CHECK_FMT("0x0000ff", "%#08x", 255U);
	CHECK_FMT("    0xff", "%#8x", 255U);
	CHECK_FMT("0xff    |", "%#-8x|", 255U);
	CHECK_FMT("   17", "%5o", 15U);
	CHECK_FMT("42", "%1d", 42);
	CHECK_FMT("-42", "%2d", -42);
	/* Flags C gives no effect here must be ignored, not misbehave. */
	CHECK_RAW_FMT("42   |", "%-05d|", 42);
	CHECK_RAW_FMT("+42", "%+ d", 42);
	CHECK_RAW_FMT("5", "%+u", 5U);
	CHECK_RAW_FMT("ff", "% x", 255U);
}

UNIT_TEST(vsprintf_precision)
{
	CHECK_FMT("00042", "%.5d", 42);
	CHECK_FMT("-00042", "%.5d", -42);
	CHECK_FMT("  -00042", "%8.5d", -42);
	CHECK_FMT("-00042  |", "%-8.5d|", -42);
	CHECK_FMT("42", "%.1d", 42);
	CHECK_FMT("42", "%.d", 42);
	/* Precision 0 prints nothing for the value 0. */
	CHECK_FMT("", "%.0d", 0);
	CHECK_FMT("", "%.0x", 0U);
	CHECK_FMT("     ", "%5.0d", 0);
	CHECK_FMT("+", "%+.0d", 0);
	CHECK_FMT("0x00ff", "%#.4x", 255U);
	/* With a precision the '0' flag is ignored. */
	CHECK_RAW_FMT("   00042", "%08.5d", 42);
}

UNIT_TEST(vsprintf_star)
{
	CHECK_FMT("   42", "%*d", 5, 42);
	CHECK_FMT("42   |", "%-*d|", 5, 42);
	/* A negative width means left-justify. */
	CHECK_FMT("42   |", "%*d|", -5, 42);
	CHECK_FMT("7|", "%*d|", -1, 7);
	CHECK_FMT("0007", "%.*d", 4, 7);
	/* A negative precision counts as none. */
	CHECK_FMT("7", "%.*d", -1, 7);
	CHECK_RAW_FMT("00007", "%0*.*d", 5, -3, 7);
	CHECK_FMT("abc", "%.*s", 3, "abcdef");
	CHECK_FMT("    ab", "%*.*s", 6, 2, "abc");
	CHECK_FMT("x", "%.*s%s", 0, "abc", "x");
}

UNIT_TEST(vsprintf_length_modifiers)
{
	CHECK_FMT("-1", "%hhd", (signed char)-1);
	CHECK_FMT("255", "%hhu", (unsigned char)255);
	CHECK_RAW_FMT("5", "%hhu", 0x105);
	CHECK_RAW_FMT("-1", "%hhd", 0xff);
	CHECK_RAW_FMT("-1", "%hd", 0xffff);
	CHECK_RAW_FMT("1", "%hu", 0x10001);
	CHECK_FMT("ff", "%hhx", (unsigned char)0xff);
	CHECK_FMT("-9223372036854775808", "%ld", -LONG_MAX_VALUE - 1);
	CHECK_FMT("9223372036854775807", "%ld", LONG_MAX_VALUE);
	CHECK_FMT("18446744073709551615", "%lu", ~0UL);
	CHECK_FMT("-9223372036854775808", "%lld", -LLONG_MAX_VALUE - 1);
	CHECK_FMT("ffffffffffffffff", "%llx", ~0ULL);
	CHECK_FMT("1777777777777777777777", "%llo", ~0ULL);
	CHECK_FMT("18446744073709551615", "%zu", ~(size_t)0);
	CHECK_FMT("-3", "%zd", (ptrdiff_t)-3);
	CHECK_FMT("-5", "%jd", (intmax_t)-5);
	CHECK_FMT("18446744073709551615", "%ju", ~(uintmax_t)0);
	CHECK_FMT("-9", "%td", (ptrdiff_t)-9);
	CHECK_FMT("100000000", "%lx", 0x100000000UL);
	/* An int argument after a long one is still fetched as an int. */
	CHECK_FMT("1 2 3", "%ld %d %lld", 1L, 2, 3LL);
}

UNIT_TEST(vsprintf_char)
{
	CHECK_FMT("A", "%c", 'A');
	CHECK_FMT("  A", "%3c", 'A');
	CHECK_FMT("A  |", "%-3c|", 'A');
	CHECK_FMT("\xe9", "%c", 0xe9);
}

UNIT_TEST(vsprintf_string)
{
	const char *null_string = NULL;

	CHECK_FMT("hello", "%s", "hello");
	CHECK_FMT("     hello", "%10s", "hello");
	CHECK_FMT("hello     |", "%-10s|", "hello");
	CHECK_FMT("he", "%.2s", "hello");
	CHECK_FMT("hello", "%.10s", "hello");
	CHECK_FMT("hello", "%2s", "hello");
	CHECK_RAW_FMT("(null)", "%s", null_string);
	CHECK_RAW_FMT("  (null)", "%8s", null_string);
}

UNIT_TEST(vsprintf_precision_bounds_string_read)
{
	/* With a precision, %s must not read past it: no NUL here. */
	const char unterminated[3] = { 'a', 'b', 'c' };

	CHECK_FMT("abc", "%.3s", unterminated);
}

UNIT_TEST(vsprintf_pointer)
{
	CHECK_FMT("0x1234", "%p", (void *)0x1234);
	CHECK_FMT("0xdeadbeefcafe", "%p", (void *)0xdeadbeefcafeUL);
	CHECK_RAW_FMT("0x0", "%p", (void *)NULL);
	CHECK_FMT("    0x1234", "%10p", (void *)0x1234);
	CHECK_FMT("0x1234    |", "%-10p|", (void *)0x1234);
}

UNIT_TEST(vsprintf_malformed_format)
{
	/* An unknown conversion is copied out and consumes no argument. */
	CHECK_RAW_FMT("%y 5", "%y %d", 5);
	CHECK_RAW_FMT("%-5y", "%-5y");
	CHECK_RAW_FMT("abc%", "abc%");
	CHECK_RAW_FMT("abc%5", "abc%5");
	CHECK_RAW_FMT("abc%l", "abc%l");
}

UNIT_TEST(vsprintf_snprintf_truncation)
{
	char buf[16];

	memset(buf, GUARD, sizeof(buf));
	CHECK_INT(snprintf(buf, 5, "hello %s", "world"), 11);
	CHECK_STR(buf, "hell");
	CHECK_INT(buf[5], GUARD);

	memset(buf, GUARD, sizeof(buf));
	CHECK_INT(snprintf(buf, 6, "%s", "hello"), 5);
	CHECK_STR(buf, "hello");
	CHECK_INT(buf[6], GUARD);

	CHECK_INT(snprintf(buf, 1, "%d", 12345), 5);
	CHECK_STR(buf, "");

	/* Size 0 writes nothing, and the buffer may be NULL. */
	memset(buf, GUARD, sizeof(buf));
	CHECK_INT(snprintf(buf, 0, "%d", 12345), 5);
	CHECK_INT(buf[0], GUARD);
	CHECK_INT(snprintf(NULL, 0, "%s-%d", "abc", -7), 6);

	/* Truncation in the middle of padding. */
	CHECK_INT(snprintf(buf, 4, "%8d", 1), 8);
	CHECK_STR(buf, "   ");
}

UNIT_TEST(vsprintf_scnprintf)
{
	char buf[8];

	CHECK_INT(scnprintf(buf, sizeof(buf), "abc"), 3);
	CHECK_STR(buf, "abc");
	CHECK_INT(scnprintf(buf, sizeof(buf), "%s", "hello world"), 7);
	CHECK_STR(buf, "hello w");
	CHECK_INT(scnprintf(buf, sizeof(buf), "1234567"), 7);
	CHECK_INT(scnprintf(buf, 1, "abc"), 0);
	CHECK_STR(buf, "");
	CHECK_INT(scnprintf(buf, 0, "abc"), 0);
	CHECK_INT(scnprintf(buf, sizeof(buf), "%s", ""), 0);
}

UNIT_TEST(vsprintf_long_output)
{
	char buf[FMT_BUF];
	int len;

	len = snprintf(buf, sizeof(buf), "[%300d]", 7);
	CHECK_INT(len, 302);
	CHECK_INT(strlen(buf), 302);
	CHECK_INT(buf[0], '[');
	CHECK_INT(buf[1], ' ');
	CHECK_STR(buf + 298, "  7]");
	len = snprintf(buf, sizeof(buf), "%0600d", 1);
	CHECK_INT(len, 600);
	CHECK_INT(strlen(buf), sizeof(buf) - 1);
	CHECK_INT(buf[sizeof(buf) - 2], '0');
}

UNIT_TEST(vsprintf_asprintf)
{
	char *s = NULL;

	CHECK_INT(asprintf(&s, "%d-%s", 12, "ab"), 5);
	CHECK(s != NULL);
	if (s)
		CHECK_STR(s, "12-ab");
	free(s);
	s = NULL;
	CHECK_INT(asprintf(&s, "%s", ""), 0);
	if (s)
		CHECK_STR(s, "");
	free(s);
	s = NULL;
	CHECK_INT(asprintf(&s, "%200s", "x"), 200);
	if (s) {
		CHECK_INT(strlen(s), 200);
		CHECK_INT(s[199], 'x');
	}
	free(s);
}

/* Collects vcprintf() output and counts the calls. */
struct collector {
	char text[FMT_BUF];
	size_t calls;
};

static void collect(void *ctx, char c)
{
	struct collector *col = ctx;

	if (col->calls < sizeof(col->text) - 1)
		col->text[col->calls] = c;
	col->calls++;
}

/* vcprintf() with variable arguments. */
static int collect_format(struct collector *col, const char *fmt, ...)
	__printf(2, 3);

static int collect_format(struct collector *col, const char *fmt, ...)
{
	va_list args;
	int len;

	va_start(args, fmt);
	len = vcprintf(collect, col, fmt, args);
	va_end(args);
	return len;
}

UNIT_TEST(vsprintf_vcprintf_emits_each_char)
{
	struct collector col = { { 0 }, 0 };

	CHECK_INT(collect_format(&col, "%s:%04x", "id", 0xbeefU), 7);
	CHECK_INT(col.calls, 7);
	CHECK_STR(col.text, "id:beef");

	memset(&col, 0, sizeof(col));
	/* A NUL from %c is emitted and counted like any character. */
	CHECK_INT(collect_format(&col, "a%cb", 0), 3);
	CHECK_INT(col.calls, 3);
	CHECK_MEM(col.text, "a\0b", 3);
}
