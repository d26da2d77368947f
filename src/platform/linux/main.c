/* SPDX-License-Identifier: MIT */
/* The host program's entry point: options, then commands, a script or shell. */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <core/command.h>
#include <core/getopt.h>
#include <core/init.h>
#include <core/script.h>
#include "drivers/net/tap.h"
#include "platform/linux/hostsys.h"
#include "platform/linux/linux.h"

#define PROGRAM_NAME "nicboot-linux"
/* Exit statuses: a failed command, and a bad command line. */
#define EXIT_FAILED 1
#define EXIT_USAGE 2
#define EXIT_STATUS_MASK 0xff
/* First buffer for a script whose size the host cannot tell (a pipe). */
#define SCRIPT_INITIAL_SIZE 4096
/* How many --net options one run accepts. */
#define MAX_NET_OPTIONS 8
/* The prefix of a --net value that names a tap interface. */
#define NET_TAP_PREFIX "tap:"

/* The command line's options; add one by adding an entry to each table. */
enum main_option {
	OPT_EXEC,
	OPT_SCRIPT,
	OPT_NET,
	OPT_HELP,
	N_MAIN_OPTIONS
};

static const struct cmd_option main_options[N_MAIN_OPTIONS] = {
	[OPT_EXEC] = { "exec", 0, true },
	[OPT_SCRIPT] = { "script", 0, true },
	[OPT_NET] = { "net", 0, true },
	[OPT_HELP] = { "help", 'h', false },
};

static const char *const main_option_help[N_MAIN_OPTIONS] = {
	[OPT_EXEC] = "--exec 'COMMANDS'  run a command line, exit with its "
		     "status",
	[OPT_SCRIPT] = "--script FILE      run a script, exit with its status",
	[OPT_NET] = "--net tap:IFNAME   drive the tap IFNAME as the next netN (repeatable)",
	[OPT_HELP] = "--help, -h         show this help",
};

/* What the command line asks for. */
struct main_config {
	const char *exec;	/* --exec COMMANDS */
	const char *script;	/* --script FILE */
	const char *nets[MAX_NET_OPTIONS];	/* --net TYPE:NAME, in order */
	unsigned int n_nets;
	bool help;
};

static void print_usage(void)
{
	int i;

	printf("Usage: %s [--net tap:IFNAME]... [--exec 'COMMANDS' | --script FILE]\n",
	       PROGRAM_NAME);
	for (i = 0; i < N_MAIN_OPTIONS; i++)
		printf("  %s\n", main_option_help[i]);
	printf("With neither --exec nor --script, run the interactive shell "
	       "on standard input.\n");
}

/* Record option OPT with argument ARG in CONFIG. */
static int apply_option(struct main_config *config, int opt, const char *arg)
{
	switch (opt) {
	case OPT_NET:
		if (config->n_nets == MAX_NET_OPTIONS)
			return command_error(PROGRAM_NAME, -E2BIG,
					     "at most %d --net options",
					     MAX_NET_OPTIONS);
		config->nets[config->n_nets++] = arg;
		break;
	case OPT_EXEC:
		config->exec = arg;
		break;
	case OPT_SCRIPT:
		config->script = arg;
		break;
	case OPT_HELP:
		config->help = true;
		break;
	}
	return 0;
}

/* Parse ARGV into CONFIG; prints what is wrong and returns -EINVAL. */
static int parse_arguments(int argc, char **argv, struct main_config *config)
{
	struct getopt_state state = { .index = 1 };
	int opt;

	argv[0] = PROGRAM_NAME;
	while ((opt = cmd_getopt(argc, argv, main_options, N_MAIN_OPTIONS,
				 &state)) >= 0) {
		int rc = apply_option(config, opt, state.arg);
		if (rc)
			return rc;
	}
	if (opt != GETOPT_DONE)
		return opt;
	if (state.index < argc)
		return command_error(PROGRAM_NAME, -EINVAL,
				     "unexpected argument %s",
				     argv[state.index]);
	if (config->exec && config->script)
		return command_error(PROGRAM_NAME, -EINVAL,
				     "give --exec or --script, not both");
	return 0;
}

/* Report a failed host call on PATH (RC is a negative host errno). */
static int host_error(const char *what, const char *path, long rc)
{
	return command_error(PROGRAM_NAME, -EIO, "cannot %s %s: %s", what,
			     path, host_strerror((int)rc));
}

/* Read all of FD into a heap buffer *TEXT of *LEN bytes, growing it. */
static int read_all(int fd, const char *path, char **text, size_t *len)
{
	long long hint = host_file_size(fd);
	size_t size = hint > 0 ? (size_t)hint + 1 : SCRIPT_INITIAL_SIZE;
	char *buf = NULL, *bigger;
	long n;

	*len = 0;
	do {
		if (!buf || *len == size) {
			size = buf ? size * 2 : size;
			bigger = realloc(buf, size);
			if (!bigger) {
				free(buf);
				return command_error(PROGRAM_NAME, -ENOMEM,
						     "%s is too big to load",
						     path);
			}
			buf = bigger;
		}
		n = host_read(fd, buf + *len, size - *len);
		if (n > 0)
			*len += (size_t)n;
	} while (n > 0);
	if (n < 0) {
		free(buf);
		return host_error("read script", path, n);
	}
	*text = buf;
	return 0;
}

/* Load the script file PATH and run it. */
static int run_script_file(const char *path)
{
	int fd = host_open_read(path);
	char *text = NULL;
	size_t len = 0;
	int rc;

	if (fd < 0)
		return host_error("open script", path, fd);
	rc = read_all(fd, path, &text, &len);
	host_close(fd);
	if (rc)
		return rc;
	rc = script_run(text, len, path);
	free(text);
	return rc;
}

/* Run what CONFIG asks for; returns the status of the last command. */
static int run(const struct main_config *config)
{
	if (config->exec)
		return system(config->exec);
	if (config->script)
		return run_script_file(config->script);
	return shell();
}

/* The process exit status for a nicboot status. */
static int exit_code(int status)
{
	if (status < 0)
		return EXIT_FAILED;
	return status & EXIT_STATUS_MASK;
}

/* Attach every network device the command line names, in order. */
static int attach_networks(const struct main_config *config)
{
	size_t prefix = strlen(NET_TAP_PREFIX);
	unsigned int i;
	int rc;

	for (i = 0; i < config->n_nets; i++) {
		const char *spec = config->nets[i];

		if (strncmp(spec, NET_TAP_PREFIX, prefix) != 0 || !spec[prefix])
			return command_error(PROGRAM_NAME, -EINVAL,
					     "--net %s: expected tap:IFNAME",
					     spec);
		rc = tap_probe(spec + prefix);
		if (rc)
			return rc;
	}
	return 0;
}

int linux_main(int argc, char **argv)
{
	struct main_config config = { .exec = NULL };
	int code;

	linux_platform_init();
	startup();
	if (parse_arguments(argc, argv, &config) < 0) {
		print_usage();
		code = EXIT_USAGE;
	} else if (config.help) {
		print_usage();
		code = 0;
	} else if (attach_networks(&config) < 0) {
		code = EXIT_FAILED;
	} else {
		code = exit_code(run(&config));
	}
	shutdown();
	return code;
}
