/* SPDX-License-Identifier: MIT */
/* Debug assertions: checked in host builds (NDEBUG unset), free otherwise. */
#ifndef ASSERT_H
#define ASSERT_H

#include <core/compiler.h>

void __noreturn assert_fail(const char *expr, const char *file, int line);

#ifdef NDEBUG
#define assert(x) ((void)0)
#else
#define assert(x) \
	((x) ? (void)0 : assert_fail(#x, __FILE__, __LINE__))
#endif

#endif
