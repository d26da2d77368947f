/* SPDX-License-Identifier: MIT */
/* Runs every linked unit test; `unit-tests PREFIX` runs those whose name starts so. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <core/heap.h>
#include <core/init.h>
#include "platform/linux/hostsys.h"
#include "platform/linux/linux.h"
#include "test.h"

static const struct unit_test *current_test;
static unsigned int current_failures;

void test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list args;

	printf("FAIL %s: %s:%d: ", current_test ? current_test->name : "?",
	       file, line);
	va_start(args, fmt);
	vprintf(fmt, args);
	va_end(args);
	printf("\n");
	current_failures++;
}

/* Run one test and verify it left the heap as it found it. */
static int run_one(const struct unit_test *test)
{
	struct heap_stats before, after;

	current_test = test;
	current_failures = 0;
	heap_get_stats(&before);
	test->run();
	heap_get_stats(&after);
	if (after.blocks != before.blocks)
		test_fail(test->file, 0, "leaked %d heap blocks",
			  (int)after.blocks - (int)before.blocks);
	if (heap_check() != 0)
		test_fail(test->file, 0, "heap damaged");
	current_test = NULL;
	return current_failures == 0;
}

int linux_main(int argc, char **argv)
{
	const struct unit_test *test;
	const char *prefix = argc > 1 ? argv[1] : "";
	unsigned int passed = 0, failed = 0;

	linux_platform_init();
	startup();
	for_each_table_entry(test, unit_tests) {
		if (strncmp(test->name, prefix, strlen(prefix)) != 0)
			continue;
		if (run_one(test))
			passed++;
		else
			failed++;
	}
	printf("%u passed, %u failed\n", passed, failed);
	shutdown();
	return failed ? 1 : 0;
}
