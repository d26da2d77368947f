/* SPDX-License-Identifier: MIT */
/* Commands of the shell and scripts, registered by table. */
#ifndef CORE_COMMAND_H
#define CORE_COMMAND_H

#include <core/compiler.h>
#include <core/table.h>

struct command {
	const char *name;
	/* Run with ARGV[0] the command name; return 0 or a negative error. */
	int (*exec)(int argc, char **argv);
	/* Arguments after the name, e.g. "[-n] TEXT..." */
	const char *usage;
	/* One line for `help`. */
	const char *summary;
};
TABLE_DECLARE(const struct command, commands);
#define COMMAND(ident) \
	static const struct command ident \
	TABLE_ENTRY(const struct command, commands)

const struct command *find_command(const char *name);

/*
 * The status of a test that is false (isset, iseq, a prompt that timed
 * out): a failure, so `||` runs and an unhandled one ends the script, but
 * an expected one that prints no message.
 */
#define STATUS_FALSE 1

/*
 * Run ARGV (NULL-terminated, ARGV[0] the name) as a command and return its
 * status. Every failure is reported exactly once: a command either prints
 * its own specific message through command_error() or command_usage() and
 * returns that same code, or returns the error code without printing, and
 * then execv() prints "NAME: MESSAGE" with strerror(). A failure already
 * reported by a command run inside it (a chained script's line) is not
 * reported again. Unknown commands fail with -EUNKNOWN_CMD and a message
 * naming them.
 */
int execv(char **argv);

/* Print "Usage: NAME USAGE" for a command, and return -EINVAL. */
int command_usage(const struct command *cmd);

/*
 * For a command with no options and MIN to MAX operands: return the index
 * of the first operand in ARGV, or print the usage and return -EINVAL.
 * "--" may come before the operands.
 */
int command_operands(const struct command *cmd, int argc, char **argv,
		     int min, int max);

/*
 * Report why command NAME failed: print "NAME: MESSAGE" (prefixed with
 * "SCRIPT line N: " while a script runs) and return RC.
 */
int command_error(const char *name, int rc, const char *fmt, ...)
	__printf(3, 4);

#endif
