/* SPDX-License-Identifier: MIT */
/* Reports a failed assert() and stops the machine. */
#include <assert.h>
#include <stdio.h>
#include <core/platform.h>

/* Exit status of a failed assertion: 128 + SIGABRT, as abort() gives. */
#define ASSERT_EXIT_STATUS 134

void assert_fail(const char *expr, const char *file, int line)
{
	printf("Assertion failed: %s at %s:%d\n", expr, file, line);
	platform_poweroff(ASSERT_EXIT_STATUS);
}
