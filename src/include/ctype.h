/* SPDX-License-Identifier: MIT */
/* Character classification for the ASCII range. */
#ifndef CTYPE_H
#define CTYPE_H

int isdigit(int c);
int isxdigit(int c);
int isalpha(int c);
int isalnum(int c);
int isupper(int c);
int islower(int c);
int isspace(int c);
int isprint(int c);
int ispunct(int c);
int iscntrl(int c);
int toupper(int c);
int tolower(int c);
/* The value 0..15 of hex digit C, or -1 if C is not one. */
int xdigit_value(int c);

#endif
