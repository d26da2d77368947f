/* SPDX-License-Identifier: MIT */
/* A scripted console for tests: input from a byte array, output captured. */
#ifndef TESTS_UNIT_TEST_CONSOLE_H
#define TESTS_UNIT_TEST_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>

/* A string literal as the (INPUT, LEN) pair test_console_start() takes. */
#define TEST_INPUT(s) (s), (sizeof(s) - 1)

/*
 * Make the test console the only input and output (host stdio is masked).
 * It yields the LEN bytes of INPUT, then KEY_EOF for ever if EOF_AFTER,
 * else nothing more. Keys read ahead earlier are dropped.
 */
void test_console_start(const char *input, size_t len, bool eof_after);
/*
 * Disable the test console, drop any keys left read ahead, restore host
 * stdio and repeat there the failures reported while it was masked.
 */
void test_console_stop(void);
/* Everything printed since test_console_start(), NUL-terminated. */
const char *test_console_output(void);
/* How many input bytes the console has not yet delivered. */
size_t test_console_unread(void);

#endif
