/* SPDX-License-Identifier: MIT */
/* The base commands: echo, help, exit, sleep, isset and iseq. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <core/command.h>
#include <core/getopt.h>
#include <core/process.h>
#include <core/script.h>
#include <core/time.h>

/* Largest `exit` status and `sleep` time accepted. */
#define EXIT_STATUS_MAX 255
#define SLEEP_SECONDS_MAX (UINT32_MAX / MS_PER_SEC - 1)

/* --- echo ---------------------------------------------------------------- */

enum echo_option { ECHO_NO_NEWLINE };

static const struct cmd_option echo_options[] = {
	[ECHO_NO_NEWLINE] = { NULL, 'n', false },
};

static int echo_exec(int argc, char **argv)
{
	struct getopt_state state = { .index = 1 };
	bool newline = true;
	int opt, i;

	while ((opt = cmd_getopt(argc, argv, echo_options,
				 ARRAY_SIZE(echo_options), &state)) >= 0) {
		if (opt == ECHO_NO_NEWLINE)
			newline = false;
	}
	if (opt != GETOPT_DONE)
		return opt;
	for (i = state.index; i < argc; i++)
		printf("%s%s", i > state.index ? " " : "", argv[i]);
	if (newline)
		printf("\n");
	return 0;
}

COMMAND(echo_command) = {
	.name = "echo",
	.exec = echo_exec,
	.usage = "[-n] [TEXT...]",
	.summary = "Print the words joined by spaces (-n: no newline)",
};

/* --- help ---------------------------------------------------------------- */

/* The command whose name comes first after AFTER (NULL: the first of all). */
static const struct command *next_command_by_name(const struct command *after)
{
	const struct command *cmd, *best = NULL;

	for_each_table_entry(cmd, commands) {
		if (after && strcmp(cmd->name, after->name) <= 0)
			continue;
		if (!best || strcmp(cmd->name, best->name) < 0)
			best = cmd;
	}
	return best;
}

/* Print every command with its summary, in order of name. */
static void list_commands(void)
{
	const struct command *cmd;
	int width = 0;

	for_each_table_entry(cmd, commands) {
		if ((int)strlen(cmd->name) > width)
			width = (int)strlen(cmd->name);
	}
	printf("Commands (`help COMMAND` for its usage):\n");
	for (cmd = next_command_by_name(NULL); cmd;
	     cmd = next_command_by_name(cmd))
		printf("  %-*s  %s\n", width, cmd->name, cmd->summary);
}

static int help_exec(int argc, char **argv);

COMMAND(help_command) = {
	.name = "help",
	.exec = help_exec,
	.usage = "[COMMAND]",
	.summary = "List the commands, or show how to use one",
};

static int help_exec(int argc, char **argv)
{
	int first = command_operands(&help_command, argc, argv, 0, 1);
	const struct command *cmd;

	if (first < 0)
		return first;
	if (first == argc) {
		list_commands();
		return 0;
	}
	cmd = find_command(argv[first]);
	if (!cmd)
		return command_error(argv[0], -EUNKNOWN_CMD,
				     "no command called %s", argv[first]);
	printf("Usage: %s %s\n  %s\n", cmd->name, cmd->usage, cmd->summary);
	return 0;
}

/* --- exit ---------------------------------------------------------------- */

static int exit_exec(int argc, char **argv);

COMMAND(exit_command) = {
	.name = "exit",
	.exec = exit_exec,
	.usage = "[STATUS]",
	.summary = "Stop the script or shell with STATUS (default 0)",
};

static int exit_exec(int argc, char **argv)
{
	int first = command_operands(&exit_command, argc, argv, 0, 1);
	unsigned long status = 0;
	int rc;

	if (first < 0)
		return first;
	if (first < argc) {
		rc = parse_count(argv[0], "status", argv[first],
				 EXIT_STATUS_MAX, &status);
		if (rc)
			return rc;
	}
	exit_status = (int)status;
	exit_requested = true;
	return 0;
}

/* --- sleep --------------------------------------------------------------- */

static int sleep_exec(int argc, char **argv);

COMMAND(sleep_command) = {
	.name = "sleep",
	.exec = sleep_exec,
	.usage = "SECONDS",
	.summary = "Wait SECONDS seconds (Ctrl-C cancels)",
};

static int sleep_exec(int argc, char **argv)
{
	int first = command_operands(&sleep_command, argc, argv, 1, 1);
	unsigned long seconds;
	int rc;

	if (first < 0)
		return first;
	rc = parse_count(argv[0], "number of seconds", argv[first],
			 SLEEP_SECONDS_MAX, &seconds);
	if (rc)
		return rc;
	rc = sleep_ms((uint32_t)(seconds * MS_PER_SEC));
	if (rc == -ECANCELED)
		return command_error(argv[0], rc, "interrupted");
	return rc;
}

/* --- isset and iseq ------------------------------------------------------ */

static int isset_exec(int argc, char **argv);

COMMAND(isset_command) = {
	.name = "isset",
	.exec = isset_exec,
	.usage = "[VALUE]",
	.summary = "Succeed if VALUE is not empty (isset ${name})",
};

static int isset_exec(int argc, char **argv)
{
	int first = command_operands(&isset_command, argc, argv, 0, 1);

	if (first < 0)
		return first;
	return first < argc && argv[first][0] ? 0 : STATUS_FALSE;
}

static int iseq_exec(int argc, char **argv);

COMMAND(iseq_command) = {
	.name = "iseq",
	.exec = iseq_exec,
	.usage = "VALUE VALUE",
	.summary = "Succeed if the two values are the same",
};

static int iseq_exec(int argc, char **argv)
{
	int first = command_operands(&iseq_command, argc, argv, 2, 2);

	if (first < 0)
		return first;
	return strcmp(argv[first], argv[first + 1]) == 0 ? 0 : STATUS_FALSE;
}
