/* SPDX-License-Identifier: MIT */
/*
 * The unit-test framework: UNIT_TEST(name) { CHECK(...); } registers a
 * test by linker table; the runner runs each one, checks the heap for
 * leaks and damage after it, and ends with "N passed, N failed".
 */
#ifndef TESTS_UNIT_TEST_H
#define TESTS_UNIT_TEST_H

#include <string.h>
#include <core/compiler.h>
#include <core/table.h>

struct unit_test {
	const char *name;
	const char *file;
	void (*run)(void);
};
TABLE_DECLARE(const struct unit_test, unit_tests);

#define UNIT_TEST(fn)                                                  \
	static void fn(void);                                          \
	static const struct unit_test fn##_entry                       \
		TABLE_ENTRY(const struct unit_test, unit_tests) = {    \
		#fn, __FILE__, fn };                                   \
	static void fn(void)

/* Record a failed check in the running test. */
void test_fail(const char *file, int line, const char *fmt, ...)
	__printf(3, 4);

#define CHECK(cond)                                                    \
	do {                                                           \
		if (!(cond))                                           \
			test_fail(__FILE__, __LINE__, "%s", #cond);    \
	} while (0)

#define CHECK_INT(a, b)                                                \
	do {                                                           \
		long long a_ = (long long)(a), b_ = (long long)(b);    \
		if (a_ != b_)                                          \
			test_fail(__FILE__, __LINE__,                  \
				  "%s == %s: %lld != %lld", #a, #b,    \
				  a_, b_);                             \
	} while (0)

#define CHECK_STR(a, b)                                                \
	do {                                                           \
		const char *a_ = (a), *b_ = (b);                       \
		if (!a_ || !b_ || strcmp(a_, b_) != 0)                 \
			test_fail(__FILE__, __LINE__,                  \
				  "%s == %s: \"%s\" != \"%s\"", #a,    \
				  #b, a_ ? a_ : "(null)",              \
				  b_ ? b_ : "(null)");                 \
	} while (0)

#define CHECK_MEM(a, b, len)                                           \
	do {                                                           \
		if (memcmp((a), (b), (len)) != 0)                      \
			test_fail(__FILE__, __LINE__,                  \
				  "%s and %s differ", #a, #b);         \
	} while (0)

#endif
