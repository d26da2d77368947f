/* SPDX-License-Identifier: MIT */
/* Bit helpers found in <strings.h>. */
#ifndef STRINGS_H
#define STRINGS_H

#include <string.h>

/* Index (1-based) of the lowest/highest set bit, 0 if none. */
static inline int ffs(int x) { return __builtin_ffs(x); }
static inline int flsl(unsigned long x)
{
	return x ? (int)(8 * sizeof(x)) - __builtin_clzl(x) : 0;
}

#endif
