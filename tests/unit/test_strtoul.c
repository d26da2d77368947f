/* SPDX-License-Identifier: MIT */
/* Unit tests for string to integer conversion. */
#include <stdlib.h>
#include "test.h"

#define ULONG_MAX_VALUE (~0UL)
#define ULLONG_MAX_VALUE (~0ULL)
#define LONG_MAX_VALUE __LONG_MAX__
#define LONG_MIN_VALUE (-__LONG_MAX__ - 1L)

/* Parse S with strtoul() and check the value and how much was used. */
#define CHECK_UL(s, base, value, used)                                 \
	do {                                                           \
		const char *s_ = (s);                                  \
		char *end_ = NULL;                                     \
		CHECK_INT(strtoul(s_, &end_, base) == (value), 1);     \
		CHECK_INT(end_ - s_, used);                            \
	} while (0)

#define CHECK_L(s, base, value, used)                                  \
	do {                                                           \
		const char *s_ = (s);                                  \
		char *end_ = NULL;                                     \
		CHECK_INT(strtol(s_, &end_, base), value);             \
		CHECK_INT(end_ - s_, used);                            \
	} while (0)

UNIT_TEST(strtoul_decimal)
{
	CHECK_UL("0", 10, 0, 1);
	CHECK_UL("123", 10, 123, 3);
	CHECK_UL("123abc", 10, 123, 3);
	CHECK_UL("  \t\n42", 10, 42, 6);
	CHECK_UL("+7", 10, 7, 2);
	CHECK_UL("007", 10, 7, 3);
	CHECK_L("-42xyz", 10, -42, 3);
	CHECK_L(" -0", 10, 0, 3);
}

UNIT_TEST(strtoul_no_digits_sets_end_to_start)
{
	CHECK_UL("", 10, 0, 0);
	CHECK_UL("   ", 10, 0, 0);
	CHECK_UL("-", 10, 0, 0);
	CHECK_UL("+", 0, 0, 0);
	CHECK_UL(" +x", 0, 0, 0);
	CHECK_UL("abc", 10, 0, 0);
	CHECK_UL("- 5", 10, 0, 0);
	CHECK_L("--5", 10, 0, 0);
}

UNIT_TEST(strtoul_base_prefixes)
{
	CHECK_UL("0x1f", 0, 31, 4);
	CHECK_UL("0X1F", 0, 31, 4);
	CHECK_UL("0x1f", 16, 31, 4);
	CHECK_UL("1f", 16, 31, 2);
	CHECK_UL("0x1f", 10, 0, 1);
	CHECK_UL("017", 0, 15, 3);
	CHECK_UL("017", 10, 17, 3);
	CHECK_UL("0", 0, 0, 1);
	CHECK_UL("08", 0, 0, 1);
	CHECK_UL("-0x10", 0, -16UL, 5);
	CHECK_L("-0x10", 0, -16, 5);
	CHECK_L("-010", 0, -8, 4);
	/* "0x" with no hex digit after it is the number 0 followed by x. */
	CHECK_UL("0x", 0, 0, 1);
	CHECK_UL("0xg", 16, 0, 1);
	CHECK_UL("0x", 16, 0, 1);
}

UNIT_TEST(strtoul_other_bases)
{
	CHECK_UL("1011", 2, 11, 4);
	CHECK_UL("12", 2, 1, 1);
	CHECK_UL("zz", 36, 1295, 2);
	CHECK_UL("ZZ", 36, 1295, 2);
	CHECK_UL("z", 35, 0, 0);
	CHECK_UL("777", 8, 511, 3);
	CHECK_UL("778", 8, 63, 2);
	CHECK_UL("ff:", 16, 255, 2);
}

UNIT_TEST(strtoul_invalid_base)
{
	CHECK_UL("10", 1, 0, 0);
	CHECK_UL("10", 37, 0, 0);
	CHECK_UL("10", -1, 0, 0);
	CHECK_L("10", 99, 0, 0);
}

UNIT_TEST(strtoul_unsigned_overflow_saturates)
{
	CHECK_UL("18446744073709551615", 10, ULONG_MAX_VALUE, 20);
	CHECK_UL("18446744073709551616", 10, ULONG_MAX_VALUE, 20);
	CHECK_UL("99999999999999999999999abc", 10, ULONG_MAX_VALUE, 23);
	CHECK_UL("0xffffffffffffffff", 0, ULONG_MAX_VALUE, 18);
	CHECK_UL("0x10000000000000000", 0, ULONG_MAX_VALUE, 19);
	CHECK_UL("0xfffffffffffffffe", 16, ULONG_MAX_VALUE - 1, 18);
	/* C negates in unsigned arithmetic; overflow still saturates. */
	CHECK_UL("-1", 10, ULONG_MAX_VALUE, 2);
	CHECK_UL("-18446744073709551615", 10, 1, 21);
	CHECK_UL("-18446744073709551616", 10, ULONG_MAX_VALUE, 21);
}

UNIT_TEST(strtoul_signed_overflow_saturates)
{
	CHECK_L("9223372036854775807", 10, LONG_MAX_VALUE, 19);
	CHECK_L("9223372036854775808", 10, LONG_MAX_VALUE, 19);
	CHECK_L("-9223372036854775807", 10, -LONG_MAX_VALUE, 20);
	CHECK_L("-9223372036854775808", 10, LONG_MIN_VALUE, 20);
	CHECK_L("-9223372036854775809", 10, LONG_MIN_VALUE, 20);
	CHECK_L("-18446744073709551616", 10, LONG_MIN_VALUE, 21);
	CHECK_L("0x8000000000000000", 0, LONG_MAX_VALUE, 18);
}

UNIT_TEST(strtoul_strtoull)
{
	char *end;
	const char *s = "0xffffffffffffffffz";

	CHECK(strtoull(s, &end, 0) == ULLONG_MAX_VALUE);
	CHECK(end == s + 18);
	CHECK(strtoull("123456789012345678", NULL, 10) ==
	      123456789012345678ULL);
	CHECK(strtoull("99999999999999999999", NULL, 10) == ULLONG_MAX_VALUE);
	CHECK(strtoull("-2", NULL, 10) == ULLONG_MAX_VALUE - 1);
	s = "x";
	CHECK(strtoull(s, &end, 10) == 0);
	CHECK(end == s);
}

UNIT_TEST(strtoul_null_end)
{
	CHECK_INT(strtoul("77", NULL, 8), 63);
	CHECK_INT(strtol("-77", NULL, 8), -63);
	CHECK_INT(strtoul("", NULL, 0), 0);
}

UNIT_TEST(strtoul_atoi_abs)
{
	CHECK_INT(atoi("  -123abc"), -123);
	CHECK_INT(atoi("456"), 456);
	CHECK_INT(atoi("abc"), 0);
	CHECK_INT(atoi(""), 0);
	/* Decimal only: no prefix detection. */
	CHECK_INT(atoi("010"), 10);
	CHECK_INT(atoi("0x10"), 0);
	CHECK_INT(abs(-5), 5);
	CHECK_INT(abs(0), 0);
	CHECK_INT(abs(7), 7);
}
