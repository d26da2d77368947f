/* SPDX-License-Identifier: MIT */
/* Unit tests for the error messages. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "test.h"

#define INT_MIN_VALUE (-__INT_MAX__ - 1)
/* How unknown codes start: no known code may produce it. */
#define UNKNOWN_PREFIX "Error "
#define UNKNOWN_LEN 24

UNIT_TEST(errno_known_messages)
{
	CHECK_STR(strerror(0), "No error");
	CHECK_STR(strerror(EPERM), "Operation not permitted");
	CHECK_STR(strerror(-ENOENT), "No such file or directory");
	CHECK_STR(strerror(-ENOMEM), "Out of memory");
	CHECK_STR(strerror(-ETIMEDOUT), "Connection timed out");
	CHECK_STR(strerror(-ECANCELED), "Operation cancelled");
	CHECK_STR(strerror(-ELOOP), "Too many levels of redirection");
	CHECK_STR(strerror(-EUNKNOWN_CMD), "Unknown command");
	CHECK_STR(strerror(-ESYNTAX), "Syntax error");
	CHECK_STR(strerror(-ENXIO), "No such device or address");
}

UNIT_TEST(errno_either_sign)
{
	int code, bad = 0;

	for (code = 1; code < ERRNO_MAX; code++)
		bad += strerror(code) != strerror(-code);
	CHECK_INT(bad, 0);
}

UNIT_TEST(errno_every_code_has_its_own_message)
{
	int code, other, bad = 0;

	for (code = 0; code < ERRNO_MAX; code++) {
		const char *msg = strerror(-code);

		bad += msg == NULL || msg[0] == '\0';
		bad += strncmp(msg, UNKNOWN_PREFIX,
			       strlen(UNKNOWN_PREFIX)) == 0;
		for (other = 0; other < code; other++)
			bad += strcmp(msg, strerror(-other)) == 0;
	}
	CHECK_INT(bad, 0);
}

UNIT_TEST(errno_unknown_codes)
{
	char first_unknown[UNKNOWN_LEN];

	snprintf(first_unknown, sizeof(first_unknown), "Error %d", ERRNO_MAX);
	CHECK_STR(strerror(ERRNO_MAX), first_unknown);
	snprintf(first_unknown, sizeof(first_unknown), "Error %d", -ERRNO_MAX);
	CHECK_STR(strerror(-ERRNO_MAX), first_unknown);
	CHECK_STR(strerror(9999), "Error 9999");
	CHECK_STR(strerror(-9999), "Error -9999");
	CHECK_STR(strerror(INT_MIN_VALUE), "Error -2147483648");
	CHECK_STR(strerror(__INT_MAX__), "Error 2147483647");
}
