/* SPDX-License-Identifier: MIT */
/* Option parsing for commands: short (-n) and long (--name VALUE) options. */
#ifndef CORE_GETOPT_H
#define CORE_GETOPT_H

#include <stdbool.h>
#include <stdint.h>

struct cmd_option {
	const char *long_name;	/* "name" for --name, NULL for none */
	char short_name;	/* 'n' for -n, 0 for none */
	bool has_arg;
};

/* What cmd_getopt() returns when the options end. */
#define GETOPT_DONE (-1)

struct getopt_state {
	int index;		/* next argv index to look at (starts at 1) */
	const char *arg;	/* argument of the option just returned */
	const char *cluster;	/* rest of a "-abc" word (internal) */
};

/*
 * Return the index in OPTIONS of the next option in ARGV, GETOPT_DONE when
 * the options end (state->index is then the first operand), or -EINVAL after
 * printing a message naming the unknown option or missing argument.
 * Stop calling once it has returned GETOPT_DONE or an error.
 *
 * Accepted forms: -n, -abc (several flags), -nVALUE and -n VALUE for an
 * option with an argument, --name, --name=VALUE and --name VALUE.
 *
 * Options come before the operands, as in iPXE and POSIX: the first word
 * that does not start with "-", a lone "-", or "--" ends them. So the
 * operands of `kernel vmlinuz --- quiet` or `set n -1` pass through
 * untouched.
 */
int cmd_getopt(int argc, char **argv, const struct cmd_option *options,
	       int n_options, struct getopt_state *state);

/*
 * Parse TEXT as a decimal number from 0 to MAX into *VALUE; for anything
 * else print "CMD: invalid WHAT: TEXT (expected 0 to MAX)" and fail.
 */
int parse_count(const char *cmd, const char *what, const char *text,
		unsigned long max, unsigned long *value);

/*
 * An iPXE --timeout value: milliseconds, where 0 means for ever. Stores
 * WAIT_FOREVER or the number in *MS; prints an error for bad text.
 */
int parse_timeout(const char *cmd, const char *text, uint32_t *ms);

/*
 * An iPXE --key value: one character ("q") or a number ("0x02" for
 * Ctrl-B, "0x197e" for F12) as getkey() returns it.
 */
int parse_key(const char *cmd, const char *text, int *key);

#endif
