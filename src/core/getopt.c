/* SPDX-License-Identifier: MIT */
/* Option parsing for commands: -n, -abc, -nVALUE, --name, --name=VALUE. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <core/command.h>
#include <core/getopt.h>
#include <core/process.h>

#define DECIMAL 10
/* strtoul's base for "0x..." hexadecimal, "0..." octal, else decimal. */
#define ANY_BASE 0
/* Key codes end here (see core/console.h). */
#define KEY_CODE_MAX 0xffff

/* The option whose short name is C, or -1. */
static int find_short(const struct cmd_option *options, int n_options,
		      char c)
{
	int i;

	for (i = 0; i < n_options; i++) {
		if (options[i].short_name && options[i].short_name == c)
			return i;
	}
	return -1;
}

/* The option whose long name is the LEN bytes at NAME, or -1. */
static int find_long(const struct cmd_option *options, int n_options,
		     const char *name, size_t len)
{
	int i;

	for (i = 0; i < n_options; i++) {
		if (options[i].long_name &&
		    strncmp(options[i].long_name, name, len) == 0 &&
		    options[i].long_name[len] == '\0')
			return i;
	}
	return -1;
}

/* The next character of the current "-abc" cluster, as an option. */
static int short_option(int argc, char **argv,
			const struct cmd_option *options, int n_options,
			struct getopt_state *state)
{
	char c = *state->cluster++;
	int i = find_short(options, n_options, c);

	if (i < 0)
		return command_error(argv[0], -EINVAL, "unknown option -%c", c);
	if (!options[i].has_arg)
		return i;
	if (*state->cluster) {
		state->arg = state->cluster;
	} else if (state->index < argc) {
		state->arg = argv[state->index++];
	} else {
		return command_error(argv[0], -EINVAL,
				     "option -%c needs a value", c);
	}
	state->cluster = NULL;
	return i;
}

/* The option "--NAME" or "--NAME=VALUE" (WORD points after the dashes). */
static int long_option(int argc, char **argv,
		       const struct cmd_option *options, int n_options,
		       struct getopt_state *state, const char *word)
{
	const char *value = strchr(word, '=');
	int len = value ? (int)(value - word) : (int)strlen(word);
	int i = find_long(options, n_options, word, (size_t)len);

	if (i < 0)
		return command_error(argv[0], -EINVAL,
				     "unknown option --%.*s", len, word);
	if (!options[i].has_arg) {
		if (value)
			return command_error(argv[0], -EINVAL,
					     "option --%.*s takes no value",
					     len, word);
		return i;
	}
	if (value)
		state->arg = value + 1;
	else if (state->index < argc)
		state->arg = argv[state->index++];
	else
		return command_error(argv[0], -EINVAL,
				     "option --%.*s needs a value", len, word);
	return i;
}

int cmd_getopt(int argc, char **argv, const struct cmd_option *options,
	       int n_options, struct getopt_state *state)
{
	const char *word;

	state->arg = NULL;
	if (state->cluster && *state->cluster)
		return short_option(argc, argv, options, n_options, state);
	state->cluster = NULL;
	if (state->index >= argc)
		return GETOPT_DONE;
	word = argv[state->index];
	if (word[0] != '-' || word[1] == '\0')
		return GETOPT_DONE;
	state->index++;
	if (word[1] != '-') {
		state->cluster = word + 1;
		return short_option(argc, argv, options, n_options, state);
	}
	if (word[2] == '\0')
		return GETOPT_DONE;
	return long_option(argc, argv, options, n_options, state, word + 2);
}

int parse_count(const char *cmd, const char *what, const char *text,
		unsigned long max, unsigned long *value)
{
	char *end;

	*value = strtoul(text, &end, DECIMAL);
	if (!text[0] || *end || text[0] == '-' || text[0] == '+' ||
	    *value > max)
		return command_error(cmd, -EINVAL,
				     "invalid %s: %s (expected 0 to %lu)",
				     what, text, max);
	return 0;
}

int parse_timeout(const char *cmd, const char *text, uint32_t *ms)
{
	unsigned long value;
	int rc = parse_count(cmd, "timeout (ms)", text, WAIT_FOREVER - 1,
			     &value);

	if (rc)
		return rc;
	*ms = value ? (uint32_t)value : WAIT_FOREVER;
	return 0;
}

int parse_key(const char *cmd, const char *text, int *key)
{
	unsigned long value;
	char *end;

	if (text[0] && !text[1]) {
		*key = (unsigned char)text[0];
		return 0;
	}
	value = strtoul(text, &end, ANY_BASE);
	if (!text[0] || *end || text[0] == '-' || value > KEY_CODE_MAX)
		return command_error(cmd, -EINVAL, "invalid key: %s (expected "
				     "a character or a key code like 0x02)",
				     text);
	*key = (int)value;
	return 0;
}
