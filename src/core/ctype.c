/* SPDX-License-Identifier: MIT */
/* Character classification for ASCII; other values are in no class. */
#include <ctype.h>

#define ASCII_DEL 0x7f
#define CASE_BIT 0x20
/* The value of hex digit 'a' (and 'A'). */
#define XDIGIT_A_VALUE 10

int isdigit(int c)
{
	return c >= '0' && c <= '9';
}

int isxdigit(int c)
{
	return isdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int isupper(int c)
{
	return c >= 'A' && c <= 'Z';
}

int islower(int c)
{
	return c >= 'a' && c <= 'z';
}

int isalpha(int c)
{
	return isupper(c) || islower(c);
}

int isalnum(int c)
{
	return isalpha(c) || isdigit(c);
}

int isspace(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

int isprint(int c)
{
	return c >= ' ' && c < ASCII_DEL;
}

int ispunct(int c)
{
	return isprint(c) && c != ' ' && !isalnum(c);
}

int iscntrl(int c)
{
	return (c >= 0 && c < ' ') || c == ASCII_DEL;
}

int toupper(int c)
{
	return islower(c) ? c & ~CASE_BIT : c;
}

int tolower(int c)
{
	return isupper(c) ? c | CASE_BIT : c;
}

int xdigit_value(int c)
{
	if (isdigit(c))
		return c - '0';
	if (isxdigit(c))
		return tolower(c) - 'a' + XDIGIT_A_VALUE;
	return -1;
}
