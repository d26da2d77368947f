/* SPDX-License-Identifier: MIT */
/* The command registry: finding and running commands, reporting failures. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <core/command.h>
#include <core/getopt.h>
#include <core/script.h>

/*
 * One command being run; commands may run others (nested execv()), whose
 * reported failures count as reported for the outer command too, so a
 * failure deep in a chained script is not repeated at every level.
 */
struct command_run {
	/* The last failure reported while it ran (0: none). */
	int reported_rc;
};

static struct command_run *current_run;

const struct command *find_command(const char *name)
{
	const struct command *cmd;

	for_each_table_entry(cmd, commands) {
		if (strcmp(cmd->name, name) == 0)
			return cmd;
	}
	return NULL;
}

/* Remember that failure RC of the running command has been reported. */
static void mark_reported(int rc)
{
	if (current_run)
		current_run->reported_rc = rc;
}

int command_error(const char *name, int rc, const char *fmt, ...)
{
	va_list args;

	script_print_location();
	printf("%s: ", name);
	va_start(args, fmt);
	vprintf(fmt, args);
	va_end(args);
	printf("\n");
	mark_reported(rc);
	return rc;
}

int command_usage(const struct command *cmd)
{
	script_print_location();
	printf("Usage: %s %s\n", cmd->name, cmd->usage);
	mark_reported(-EINVAL);
	return -EINVAL;
}

int command_operands(const struct command *cmd, int argc, char **argv,
		     int min, int max)
{
	struct getopt_state state = { .index = 1 };
	int rc = cmd_getopt(argc, argv, NULL, 0, &state);
	int count = argc - state.index;

	if (rc != GETOPT_DONE)
		return rc;
	if (count < min || count > max)
		return command_usage(cmd);
	return state.index;
}

/* Report a command name that matches no command. */
static int command_not_found(const char *name)
{
	if (!name[0])
		return command_error("(empty)", -EUNKNOWN_CMD,
				     "command name is empty");
	return command_error(name, -EUNKNOWN_CMD,
			     "command not found (type `help` for the list)");
}

int execv(char **argv)
{
	const struct command *cmd = find_command(argv[0]);
	struct command_run run = { .reported_rc = 0 };
	struct command_run *outer = current_run;
	int argc = 0;
	int rc;

	if (!cmd)
		return command_not_found(argv[0]);
	while (argv[argc])
		argc++;
	current_run = &run;
	rc = cmd->exec(argc, argv);
	current_run = outer;
	if (rc < 0 && rc != run.reported_rc)
		command_error(argv[0], rc, "%s", strerror(rc));
	else if (rc < 0)
		mark_reported(rc);
	return rc;
}
