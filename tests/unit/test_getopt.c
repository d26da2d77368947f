/* SPDX-License-Identifier: MIT */
/* Tests of command option parsing. */
#include <stdbool.h>
#include <string.h>
#include <errno.h>
#include <core/compiler.h>
#include <core/getopt.h>
#include "test.h"
#include "test_console.h"

enum test_option { OPT_ALL, OPT_BYTES, OPT_NAME, OPT_QUIET };

static const struct cmd_option test_options[] = {
	[OPT_ALL] = { "all", 'a', false },
	[OPT_BYTES] = { NULL, 'b', true },
	[OPT_NAME] = { "name", 'n', true },
	[OPT_QUIET] = { "quiet", 0, false },
};

#define N_TEST_OPTIONS ((int)ARRAY_SIZE(test_options))

/* Next option of ARGV (ARGC words) in STATE. */
static int next(int argc, char **argv, struct getopt_state *state)
{
	return cmd_getopt(argc, argv, test_options, N_TEST_OPTIONS, state);
}

/* Parse ARGV expecting one error; return the message printed. */
static const char *expect_error(int argc, char **argv)
{
	struct getopt_state state = { .index = 1 };
	int rc;

	test_console_start(NULL, 0, false);
	do {
		rc = next(argc, argv, &state);
	} while (rc >= 0);
	test_console_stop();
	CHECK_INT(rc, -EINVAL);
	return test_console_output();
}

UNIT_TEST(getopt_short_long_and_values)
{
	char *argv[] = { "cmd", "-a", "-b", "12", "--name", "x y", "--quiet",
			 "op1", "op2", NULL };
	struct getopt_state state = { .index = 1 };
	int argc = 9;

	CHECK_INT(next(argc, argv, &state), OPT_ALL);
	CHECK(state.arg == NULL);
	CHECK_INT(next(argc, argv, &state), OPT_BYTES);
	CHECK_STR(state.arg, "12");
	CHECK_INT(next(argc, argv, &state), OPT_NAME);
	CHECK_STR(state.arg, "x y");
	CHECK_INT(next(argc, argv, &state), OPT_QUIET);
	CHECK(state.arg == NULL);
	CHECK_INT(next(argc, argv, &state), GETOPT_DONE);
	CHECK_INT(state.index, 7);
}

UNIT_TEST(getopt_attached_values)
{
	char *argv[] = { "cmd", "-b7", "--name=n1", "--name=", "-nX", NULL };
	struct getopt_state state = { .index = 1 };
	int argc = 5;

	CHECK_INT(next(argc, argv, &state), OPT_BYTES);
	CHECK_STR(state.arg, "7");
	CHECK_INT(next(argc, argv, &state), OPT_NAME);
	CHECK_STR(state.arg, "n1");
	CHECK_INT(next(argc, argv, &state), OPT_NAME);
	CHECK_STR(state.arg, "");
	CHECK_INT(next(argc, argv, &state), OPT_NAME);
	CHECK_STR(state.arg, "X");
	CHECK_INT(next(argc, argv, &state), GETOPT_DONE);
	CHECK_INT(state.index, 5);
}

UNIT_TEST(getopt_clustered_flags)
{
	char *argv[] = { "cmd", "-aab", "5", "op", NULL };
	struct getopt_state state = { .index = 1 };
	int argc = 4;

	CHECK_INT(next(argc, argv, &state), OPT_ALL);
	CHECK_INT(next(argc, argv, &state), OPT_ALL);
	CHECK_INT(next(argc, argv, &state), OPT_BYTES);
	CHECK_STR(state.arg, "5");
	CHECK_INT(next(argc, argv, &state), GETOPT_DONE);
	CHECK_INT(state.index, 3);
}

UNIT_TEST(getopt_cluster_value_rest_of_word)
{
	char *argv[] = { "cmd", "-ab9", NULL };
	struct getopt_state state = { .index = 1 };

	CHECK_INT(next(2, argv, &state), OPT_ALL);
	CHECK_INT(next(2, argv, &state), OPT_BYTES);
	CHECK_STR(state.arg, "9");
	CHECK_INT(next(2, argv, &state), GETOPT_DONE);
	CHECK_INT(state.index, 2);
}

UNIT_TEST(getopt_double_dash_ends_options)
{
	char *argv[] = { "cmd", "-a", "--", "-b", "x", NULL };
	struct getopt_state state = { .index = 1 };

	CHECK_INT(next(5, argv, &state), OPT_ALL);
	CHECK_INT(next(5, argv, &state), GETOPT_DONE);
	CHECK_INT(state.index, 3);
}

UNIT_TEST(getopt_first_operand_ends_options)
{
	char *argv[] = { "cmd", "op", "-a", "---", NULL };
	struct getopt_state state = { .index = 1 };

	CHECK_INT(next(4, argv, &state), GETOPT_DONE);
	CHECK_INT(state.index, 1);
}

UNIT_TEST(getopt_lone_dash_is_operand)
{
	char *argv[] = { "cmd", "-", NULL };
	struct getopt_state state = { .index = 1 };

	CHECK_INT(next(2, argv, &state), GETOPT_DONE);
	CHECK_INT(state.index, 1);
}

UNIT_TEST(getopt_value_may_start_with_dash)
{
	char *argv[] = { "cmd", "-b", "-a", "--name", "--quiet", NULL };
	struct getopt_state state = { .index = 1 };

	CHECK_INT(next(5, argv, &state), OPT_BYTES);
	CHECK_STR(state.arg, "-a");
	CHECK_INT(next(5, argv, &state), OPT_NAME);
	CHECK_STR(state.arg, "--quiet");
	CHECK_INT(next(5, argv, &state), GETOPT_DONE);
	CHECK_INT(state.index, 5);
}

UNIT_TEST(getopt_no_arguments)
{
	char *argv[] = { "cmd", NULL };
	struct getopt_state state = { .index = 1 };

	CHECK_INT(next(1, argv, &state), GETOPT_DONE);
	CHECK_INT(state.index, 1);
}

UNIT_TEST(getopt_no_options_defined)
{
	char *ok[] = { "cmd", "x", NULL };
	char *bad[] = { "cmd", "-x", NULL };
	struct getopt_state state = { .index = 1 };

	CHECK_INT(cmd_getopt(2, ok, NULL, 0, &state), GETOPT_DONE);
	CHECK_INT(state.index, 1);
	state.index = 1;
	test_console_start(NULL, 0, false);
	CHECK_INT(cmd_getopt(2, bad, NULL, 0, &state), -EINVAL);
	test_console_stop();
	CHECK_STR(test_console_output(), "cmd: unknown option -x\n");
}

UNIT_TEST(getopt_unknown_short)
{
	char *argv[] = { "cmd", "-a", "-z", NULL };

	CHECK_STR(expect_error(3, argv), "cmd: unknown option -z\n");
}

UNIT_TEST(getopt_unknown_in_cluster)
{
	char *argv[] = { "cmd", "-az", NULL };

	CHECK_STR(expect_error(2, argv), "cmd: unknown option -z\n");
}

UNIT_TEST(getopt_unknown_long)
{
	char *argv[] = { "cmd", "--zz=1", NULL };

	CHECK_STR(expect_error(2, argv), "cmd: unknown option --zz\n");
}

UNIT_TEST(getopt_long_prefix_is_not_a_match)
{
	char *argv[] = { "cmd", "--nam", "x", NULL };

	CHECK_STR(expect_error(3, argv), "cmd: unknown option --nam\n");
}

UNIT_TEST(getopt_missing_short_value)
{
	char *argv[] = { "cmd", "-b", NULL };

	CHECK_STR(expect_error(2, argv), "cmd: option -b needs a value\n");
}

UNIT_TEST(getopt_missing_long_value)
{
	char *argv[] = { "cmd", "-a", "--name", NULL };

	CHECK_STR(expect_error(3, argv),
		  "cmd: option --name needs a value\n");
}

UNIT_TEST(getopt_flag_given_a_value)
{
	char *argv[] = { "cmd", "--quiet=yes", NULL };

	CHECK_STR(expect_error(2, argv),
		  "cmd: option --quiet takes no value\n");
}
