/* SPDX-License-Identifier: MIT */
/* Unit tests for character classification. */
#include <ctype.h>
#include <string.h>
#include "test.h"

/* Every value a caller may pass: EOF and the unsigned char range. */
#define FIRST_CHAR (-1)
#define LAST_CHAR 255
#define PRINTABLE_COUNT 95
#define CONTROL_COUNT 33

static const char digits[] = "0123456789";
static const char hex_digits[] = "0123456789abcdefABCDEF";
static const char upper[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
static const char lower[] = "abcdefghijklmnopqrstuvwxyz";
static const char spaces[] = " \t\n\v\f\r";
static const char punctuation[] = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

/* Is C one of the characters of SET (the terminator excluded)? */
static int in_set(int c, const char *set)
{
	return c > 0 && c <= LAST_CHAR && strchr(set, c) != NULL;
}

/* Count the values for which CLASSIFY(c) is nonzero. */
static int count_class(int (*classify)(int c))
{
	int c, count = 0;

	for (c = FIRST_CHAR; c <= LAST_CHAR; c++)
		count += classify(c) != 0;
	return count;
}

UNIT_TEST(ctype_classes_match_sets)
{
	int c, bad = 0;

	for (c = FIRST_CHAR; c <= LAST_CHAR; c++) {
		bad += !isdigit(c) != !in_set(c, digits);
		bad += !isxdigit(c) != !in_set(c, hex_digits);
		bad += !isupper(c) != !in_set(c, upper);
		bad += !islower(c) != !in_set(c, lower);
		bad += !isalpha(c) != !(in_set(c, upper) || in_set(c, lower));
		bad += !isalnum(c) != !(isalpha(c) || isdigit(c));
		bad += !isspace(c) != !in_set(c, spaces);
		bad += !ispunct(c) != !in_set(c, punctuation);
	}
	CHECK_INT(bad, 0);
}

UNIT_TEST(ctype_print_and_control)
{
	CHECK_INT(count_class(isprint), PRINTABLE_COUNT);
	CHECK_INT(count_class(iscntrl), CONTROL_COUNT);
	CHECK(isprint(' '));
	CHECK(isprint('~'));
	CHECK(!isprint(0x7f));
	CHECK(!isprint('\n'));
	CHECK(iscntrl('\0'));
	CHECK(iscntrl(0x1f));
	CHECK(iscntrl(0x7f));
	CHECK(!iscntrl(' '));
	CHECK(!iscntrl(-1));
}

UNIT_TEST(ctype_high_bytes_and_eof)
{
	int c;
	int bad = 0;

	for (c = 0x80; c <= LAST_CHAR; c++) {
		bad += isalpha(c) || isdigit(c) || isspace(c) || isprint(c) ||
		       ispunct(c) || iscntrl(c) || isxdigit(c);
		bad += toupper(c) != c || tolower(c) != c;
	}
	CHECK_INT(bad, 0);
	CHECK(!isspace(-1));
	CHECK(!isalnum(-1));
	CHECK_INT(toupper(-1), -1);
	CHECK_INT(tolower(-1), -1);
}

UNIT_TEST(ctype_case_conversion)
{
	int c, bad = 0;

	for (c = FIRST_CHAR; c <= LAST_CHAR; c++) {
		if (islower(c))
			bad += toupper(c) != upper[c - 'a'];
		else
			bad += toupper(c) != c;
		if (isupper(c))
			bad += tolower(c) != lower[c - 'A'];
		else
			bad += tolower(c) != c;
	}
	CHECK_INT(bad, 0);
	CHECK_INT(toupper('['), '[');
	CHECK_INT(tolower('@'), '@');
	CHECK_INT(toupper('`'), '`');
	CHECK_INT(tolower('{'), '{');
}

UNIT_TEST(ctype_xdigit_value)
{
	CHECK_INT(xdigit_value('0'), 0);
	CHECK_INT(xdigit_value('9'), 9);
	CHECK_INT(xdigit_value('a'), 10);
	CHECK_INT(xdigit_value('F'), 15);
	CHECK_INT(xdigit_value('g'), -1);
	CHECK_INT(xdigit_value('/'), -1);
	CHECK_INT(xdigit_value(-1), -1);
	CHECK_INT(xdigit_value(0xff), -1);
}
