/* SPDX-License-Identifier: MIT */
/* String to integer conversion with C semantics; overflow saturates. */
#include <stdbool.h>
#include <ctype.h>
#include <stdlib.h>

#define ULONG_MAX_VALUE (__LONG_MAX__ * 2UL + 1UL)
#define ULLONG_MAX_VALUE (__LONG_LONG_MAX__ * 2ULL + 1ULL)
#define LONG_MIN_VALUE (-__LONG_MAX__ - 1L)
#define MAX_BASE 36
#define HEX_BASE 16
#define OCTAL_BASE 8
#define DECIMAL_BASE 10
/* Marks a character that is a digit in no base. */
#define NOT_A_DIGIT MAX_BASE

/* What parse_number() found. */
struct parsed_number {
	unsigned long long magnitude;
	bool negative;
	/* The magnitude exceeded the caller's limit. */
	bool overflow;
};

/* Value of C as a digit in bases up to 36, or NOT_A_DIGIT. */
static unsigned int digit_value(int c)
{
	if (isdigit(c))
		return c - '0';
	if (isalpha(c))
		return tolower(c) - 'a' + DECIMAL_BASE;
	return NOT_A_DIGIT;
}

/* Does S start with "0x" or "0X" followed by a hex digit? */
static bool has_hex_prefix(const char *s)
{
	return s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
	       digit_value((unsigned char)s[2]) < HEX_BASE;
}

/* Choose the base for BASE (0 means from the prefix) and skip the prefix. */
static int resolve_base(const char **s, int base)
{
	if ((base == 0 || base == HEX_BASE) && has_hex_prefix(*s)) {
		*s += 2;
		return HEX_BASE;
	}
	if (base == 0)
		return **s == '0' ? OCTAL_BASE : DECIMAL_BASE;
	return base;
}

/*
 * Parse optional whitespace, sign, prefix and digits of S. LIMIT is the
 * largest magnitude the caller can represent. Sets *END past the last
 * digit, or to S when there is none; returns false for an invalid base.
 */
static bool parse_number(const char *s, char **end, int base,
			 unsigned long long limit, struct parsed_number *num)
{
	const char *p = s, *digits;
	unsigned int digit;

	num->magnitude = 0;
	num->negative = false;
	num->overflow = false;
	if (end)
		*end = (char *)s;
	if (base < 0 || base == 1 || base > MAX_BASE)
		return false;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+' || *p == '-')
		num->negative = (*p++ == '-');
	base = resolve_base(&p, base);
	digits = p;
	for (; (digit = digit_value((unsigned char)*p)) < (unsigned int)base;
	     p++) {
		if (num->magnitude > (limit - digit) / base)
			num->overflow = true;
		else
			num->magnitude = num->magnitude * base + digit;
	}
	if (p == digits)
		return false;
	if (end)
		*end = (char *)p;
	return true;
}

unsigned long long strtoull(const char *s, char **end, int base)
{
	struct parsed_number num;

	if (!parse_number(s, end, base, ULLONG_MAX_VALUE, &num))
		return 0;
	if (num.overflow)
		return ULLONG_MAX_VALUE;
	return num.negative ? -num.magnitude : num.magnitude;
}

unsigned long strtoul(const char *s, char **end, int base)
{
	struct parsed_number num;
	unsigned long value;

	if (!parse_number(s, end, base, ULONG_MAX_VALUE, &num))
		return 0;
	if (num.overflow)
		return ULONG_MAX_VALUE;
	value = (unsigned long)num.magnitude;
	return num.negative ? -value : value;
}

long strtol(const char *s, char **end, int base)
{
	struct parsed_number num;
	unsigned long max_negative = (unsigned long)__LONG_MAX__ + 1;

	if (!parse_number(s, end, base, ULONG_MAX_VALUE, &num))
		return 0;
	if (num.negative) {
		if (num.overflow || num.magnitude >= max_negative)
			return LONG_MIN_VALUE;
		return -(long)num.magnitude;
	}
	if (num.overflow || num.magnitude > __LONG_MAX__)
		return __LONG_MAX__;
	return (long)num.magnitude;
}

int atoi(const char *s)
{
	return (int)strtol(s, NULL, DECIMAL_BASE);
}

int abs(int x)
{
	return x < 0 ? -x : x;
}
