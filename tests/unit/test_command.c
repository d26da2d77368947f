/* SPDX-License-Identifier: MIT */
/* Tests of the command registry, its error rule and the base commands. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <core/command.h>
#include <core/console.h>
#include <core/script.h>
#include <core/settings.h>
#include "test.h"
#include "test_console.h"

#define CTRL_C "\003"

/* Fails with -ENOENT without saying anything. */
static int tc_silent_exec(int argc, char **argv)
{
	return -ENOENT;
}

COMMAND(tc_silent_command) = {
	.name = "tc_silent",
	.exec = tc_silent_exec,
	.usage = "",
	.summary = "Test: fail silently",
};

/* Fails with its own message. */
static int tc_loud_exec(int argc, char **argv)
{
	return command_error(argv[0], -EACCES, "the door is locked");
}

COMMAND(tc_loud_command) = {
	.name = "tc_loud",
	.exec = tc_loud_exec,
	.usage = "",
	.summary = "Test: fail with a message",
};

/* Needs exactly two operands. */
static int tc_two_exec(int argc, char **argv);

COMMAND(tc_two_command) = {
	.name = "tc_two",
	.exec = tc_two_exec,
	.usage = "A B",
	.summary = "Test: take two operands",
};

static int tc_two_exec(int argc, char **argv)
{
	int first = command_operands(&tc_two_command, argc, argv, 2, 2);

	return first < 0 ? first : 0;
}

/* Run LINE with the output captured; return its status. */
static int run(const char *line)
{
	int rc;

	test_console_start(NULL, 0, false);
	rc = system(line);
	test_console_stop();
	return rc;
}

/* Where NEEDLE is in the captured output, or -1. */
static long output_position(const char *needle)
{
	const char *out = test_console_output();
	const char *found = strstr(out, needle);

	return found ? found - out : -1;
}

UNIT_TEST(command_find)
{
	CHECK(find_command("echo") != NULL);
	CHECK(find_command("tc_silent") == &tc_silent_command);
	CHECK(find_command("nosuchcommand") == NULL);
	CHECK(find_command("") == NULL);
	CHECK(find_command("ech") == NULL);
}

UNIT_TEST(command_unknown_is_named)
{
	char *argv[] = { "nosuchcommand", "x", NULL };
	int rc;

	test_console_start(NULL, 0, false);
	rc = execv(argv);
	test_console_stop();
	CHECK_INT(rc, -EUNKNOWN_CMD);
	CHECK_STR(test_console_output(),
		  "nosuchcommand: command not found "
		  "(type `help` for the list)\n");
}

UNIT_TEST(command_empty_name)
{
	char *argv[] = { "", NULL };
	int rc;

	test_console_start(NULL, 0, false);
	rc = execv(argv);
	test_console_stop();
	CHECK_INT(rc, -EUNKNOWN_CMD);
	CHECK_STR(test_console_output(), "(empty): command name is empty\n");
}

UNIT_TEST(command_silent_failure_gets_generic_message)
{
	CHECK_INT(run("tc_silent"), -ENOENT);
	CHECK_STR(test_console_output(),
		  "tc_silent: No such file or directory\n");
}

UNIT_TEST(command_own_message_not_repeated)
{
	CHECK_INT(run("tc_loud"), -EACCES);
	CHECK_STR(test_console_output(), "tc_loud: the door is locked\n");
}

UNIT_TEST(command_operands_and_usage)
{
	CHECK_INT(run("tc_two a b"), 0);
	CHECK_STR(test_console_output(), "");
	CHECK_INT(run("tc_two -- a b"), 0);
	CHECK_INT(run("tc_two a"), -EINVAL);
	CHECK_STR(test_console_output(), "Usage: tc_two A B\n");
	CHECK_INT(run("tc_two a b c"), -EINVAL);
	CHECK_STR(test_console_output(), "Usage: tc_two A B\n");
	CHECK_INT(run("tc_two -q a b"), -EINVAL);
	CHECK_STR(test_console_output(), "tc_two: unknown option -q\n");
}

UNIT_TEST(command_echo)
{
	CHECK_INT(run("echo hello   world"), 0);
	CHECK_STR(test_console_output(), "hello world\n");
	CHECK_INT(run("echo"), 0);
	CHECK_STR(test_console_output(), "\n");
	CHECK_INT(run("echo -n a b"), 0);
	CHECK_STR(test_console_output(), "a b");
	CHECK_INT(run("echo -- -n"), 0);
	CHECK_STR(test_console_output(), "-n\n");
	CHECK_INT(run("echo a -n"), 0);
	CHECK_STR(test_console_output(), "a -n\n");
	CHECK_INT(run("echo '' x"), 0);
	CHECK_STR(test_console_output(), " x\n");
}

UNIT_TEST(command_echo_bad_option)
{
	CHECK_INT(run("echo -x hi"), -EINVAL);
	CHECK_STR(test_console_output(), "echo: unknown option -x\n");
}

UNIT_TEST(command_help_lists_sorted)
{
	long clear, echo, exit, help, set, show, sleep;

	CHECK_INT(run("help"), 0);
	clear = output_position("\n  clear ");
	echo = output_position("\n  echo ");
	exit = output_position("\n  exit ");
	help = output_position("\n  help ");
	set = output_position("\n  set ");
	show = output_position("\n  show ");
	sleep = output_position("\n  sleep ");
	CHECK(clear > 0);
	CHECK(clear < echo);
	CHECK(echo < exit);
	CHECK(exit < help);
	CHECK(help < set);
	CHECK(set < show);
	CHECK(show < sleep);
	CHECK(output_position("Print the words joined by spaces") > echo);
	CHECK(output_position("tc_silent") > sleep);
}

UNIT_TEST(command_help_one)
{
	CHECK_INT(run("help echo"), 0);
	CHECK_STR(test_console_output(),
		  "Usage: echo [-n] [TEXT...]\n"
		  "  Print the words joined by spaces (-n: no newline)\n");
	CHECK_INT(run("help nosuch"), -EUNKNOWN_CMD);
	CHECK_STR(test_console_output(), "help: no command called nosuch\n");
	CHECK_INT(run("help a b"), -EINVAL);
	CHECK_STR(test_console_output(), "Usage: help [COMMAND]\n");
}

UNIT_TEST(command_exit_status)
{
	CHECK_INT(run("exit 7"), 7);
	CHECK(exit_requested);
	CHECK_INT(run("exit"), 0);
	CHECK(exit_requested);
	CHECK_INT(run("exit 255"), 255);
	exit_requested = false;
}

UNIT_TEST(command_exit_bad_status)
{
	CHECK_INT(run("exit 256"), -EINVAL);
	CHECK(!exit_requested);
	CHECK_STR(test_console_output(),
		  "exit: invalid status: 256 (expected 0 to 255)\n");
	CHECK_INT(run("exit abc"), -EINVAL);
	CHECK_INT(run("exit 1x"), -EINVAL);
	CHECK_INT(run("exit ''"), -EINVAL);
	CHECK_INT(run("exit -- -1"), -EINVAL);
	CHECK_INT(run("exit 1 2"), -EINVAL);
	CHECK_STR(test_console_output(), "Usage: exit [STATUS]\n");
	CHECK(!exit_requested);
}

UNIT_TEST(command_sleep)
{
	CHECK_INT(run("sleep 0"), 0);
	CHECK_STR(test_console_output(), "");
	CHECK_INT(run("sleep"), -EINVAL);
	CHECK_STR(test_console_output(), "Usage: sleep SECONDS\n");
	CHECK_INT(run("sleep soon"), -EINVAL);
	CHECK(output_position("sleep: invalid number of seconds: soon") == 0);
	CHECK_INT(run("sleep 99999999999999999999"), -EINVAL);
}

UNIT_TEST(command_sleep_cancelled_by_ctrl_c)
{
	int rc;

	test_console_start(TEST_INPUT(CTRL_C), false);
	rc = system("sleep 100");
	test_console_stop();
	CHECK_INT(rc, -ECANCELED);
	CHECK_STR(test_console_output(), "sleep: interrupted\n");
}

UNIT_TEST(command_set_and_show)
{
	CHECK_INT(run("set tc_greeting hello   big world"), 0);
	CHECK_INT(run("show tc_greeting"), 0);
	CHECK_STR(test_console_output(),
		  "tc_greeting:string = hello big world\n");
	CHECK_INT(run("set ip 10.0.0.2"), 0);
	CHECK_INT(run("show ip"), 0);
	CHECK_STR(test_console_output(), "ip:ipv4 = 10.0.0.2\n");
	CHECK_INT(run("show"), 0);
	CHECK(output_position("tc_greeting:string = hello big world\n") >= 0);
	CHECK(output_position("ip:ipv4 = 10.0.0.2\n") >= 0);
	CHECK_INT(run("clear ip"), 0);
	CHECK_INT(run("set tc_greeting"), 0);
	CHECK_INT(run("show"), 0);
	CHECK(output_position("tc_greeting") < 0);
	CHECK(output_position("ip:ipv4") < 0);
}

UNIT_TEST(command_show_stored_type)
{
	CHECK_INT(run("set tc_bytes:hex 01:ff"), 0);
	CHECK_INT(run("show tc_bytes"), 0);
	CHECK_STR(test_console_output(), "tc_bytes:hex = 01:ff\n");
	CHECK_INT(run("show tc_bytes:hexhyp"), 0);
	CHECK_STR(test_console_output(), "tc_bytes:hexhyp = 01-ff\n");
	CHECK_INT(run("clear tc_bytes"), 0);
}

UNIT_TEST(command_show_unset)
{
	CHECK_INT(run("show tc_nothing"), -ENOENT);
	CHECK_STR(test_console_output(), "show: tc_nothing is not set\n");
	CHECK_INT(run("clear tc_nothing"), 0);
}

UNIT_TEST(command_set_invalid_value)
{
	CHECK_INT(run("set ip 300.1.1.1"), -EINVAL);
	CHECK_STR(test_console_output(),
		  "set: invalid value for ip:ipv4: 300.1.1.1\n");
	CHECK_INT(run("set tc_n:uint8 256"), -ERANGE);
	CHECK_STR(test_console_output(),
		  "set: invalid value for tc_n:uint8: 256\n");
	CHECK_INT(run("show ip"), -ENOENT);
}

UNIT_TEST(command_set_unknown_type_and_scope)
{
	CHECK_INT(run("set tc_x:nosuchtype 1"), -EINVAL);
	CHECK(output_position("set: unknown setting type nosuchtype "
			      "(in tc_x:nosuchtype)\n") == 0);
	CHECK(output_position("known types:") > 0);
	CHECK(output_position(" ipv4") > 0);
	CHECK_INT(run("set net9/ip 1.2.3.4"), -ENODEV);
	CHECK_STR(test_console_output(),
		  "set: no settings scope net9 (in net9/ip)\n");
	CHECK_INT(run("set"), -EINVAL);
	CHECK_STR(test_console_output(),
		  "Usage: set [SCOPE/]NAME[:TYPE] [VALUE...]\n");
}

UNIT_TEST(command_set_then_expand_same_line)
{
	CHECK_INT(run("set tc_x 42; echo ${tc_x}"), 0);
	CHECK_STR(test_console_output(), "42\n");
	CHECK_INT(run("set tc_x \"a  b\" && echo [${tc_x}]"), 0);
	CHECK_STR(test_console_output(), "[a  b]\n");
	CHECK_INT(run("clear tc_x"), 0);
}
