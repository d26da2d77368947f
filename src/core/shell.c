/* SPDX-License-Identifier: MIT */
/* The interactive shell: read a line with history and completion, run it. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <config/general.h>
#include <core/command.h>
#include <core/process.h>
#include <core/readline.h>
#include <core/script.h>
#include <core/settings.h>

/* What a completed name is followed by when it is the only one. */
#define COMMAND_SUFFIX " "
#define SETTING_SUFFIX "}"

/* Names that fit the word being completed, gathered in one pass. */
struct completion {
	const char *word;	/* the part typed so far */
	size_t len;
	char *common;		/* the longest start all fitting names share */
	unsigned int matches;
	bool print;		/* list the names (second pass) */
};

/* Count NAME if it fits, narrowing the common start, or print it. */
static void consider(struct completion *c, const char *name)
{
	size_t n;

	if (strncmp(name, c->word, c->len) != 0)
		return;
	if (c->print) {
		printf("  %s", name);
		return;
	}
	c->matches++;
	if (!c->common) {
		c->common = strdup(name);
		return;
	}
	for (n = 0; c->common[n] && c->common[n] == name[n]; n++)
		;
	c->common[n] = '\0';
}

static void consider_commands(struct completion *c)
{
	const struct command *cmd;

	for_each_table_entry(cmd, commands)
		consider(c, cmd->name);
}

static void consider_stored(struct settings *origin,
			    const struct setting *setting, const void *raw,
			    size_t len, void *ctx)
{
	if (!find_setting(setting->name))
		consider(ctx, setting->name);
}

static void consider_settings(struct completion *c)
{
	const struct setting *setting;

	for_each_table_entry(setting, setting_defs)
		consider(c, setting->name);
	for_each_setting(NULL, consider_stored, c);
}

/* Does the word at START of LINE begin a command (first after ; && ||)? */
static bool at_command_start(const char *line, size_t start)
{
	while (start && line[start - 1] == ' ')
		start--;
	if (!start || line[start - 1] == ';')
		return true;
	return start >= 2 && (strncmp(line + start - 2, "&&", 2) == 0 ||
			      strncmp(line + start - 2, "||", 2) == 0);
}

/*
 * The completer for readline: command names at the start of a command,
 * setting names after "${" (the part after a "scope/" too).
 */
static int shell_complete(const char *line, size_t cursor, bool list,
			  char **insert)
{
	struct completion c = { .word = line + cursor };
	void (*gather)(struct completion *c) = NULL;
	const char *suffix = "";
	size_t start = cursor;

	while (start && line[start - 1] != ' ' && line[start - 1] != '{' &&
	       line[start - 1] != '/')
		start--;
	if (start >= 2 && line[start - 1] == '{' && line[start - 2] == '$') {
		gather = consider_settings;
		suffix = SETTING_SUFFIX;
	} else if (start && line[start - 1] == '/' &&
		   memchr(line, '{', start)) {
		gather = consider_settings;
		suffix = SETTING_SUFFIX;
	} else if (at_command_start(line, start)) {
		gather = consider_commands;
		suffix = COMMAND_SUFFIX;
	}
	*insert = NULL;
	if (!gather)
		return 0;
	c.word = line + start;
	c.len = cursor - start;
	gather(&c);
	if (c.matches && !c.common)
		return -ENOMEM;
	if (c.matches > 1 && list) {
		c.print = true;
		printf("\n");
		gather(&c);
		printf("\n");
	}
	if (c.matches == 1)
		*insert = malloc(strlen(c.common) - c.len + strlen(suffix) + 1);
	else if (c.matches)
		*insert = strdup(c.common + c.len);
	if (c.matches == 1 && *insert)
		strcat(strcpy(*insert, c.common + c.len), suffix);
	free(c.common);
	if (c.matches && !*insert)
		return -ENOMEM;
	return c.matches > 1 && list;
}

/*
 * Ctrl-C at the prompt gives a new prompt; end of input or `exit` ends
 * the shell. Returns the status of `exit`, else of the last line run.
 */
int shell(void)
{
	struct readline_history history;
	struct readline_options options = {
		.prompt = SHELL_PROMPT,
		.history = &history,
		.timeout_ms = WAIT_FOREVER,
		.complete = shell_complete,
	};
	int status = 0;
	char *line;
	int rc;

	memset(&history, 0, sizeof(history));
	exit_requested = false;
	for (;;) {
		rc = readline_with(&options, &line);
		if (rc == -ECANCELED)
			continue;
		if (rc == -EPIPE)
			break;
		if (rc < 0) {
			status = command_error("shell", rc,
					       "cannot read a line: %s",
					       strerror(rc));
			break;
		}
		status = system(line);
		free(line);
		if (exit_requested) {
			exit_requested = false;
			break;
		}
	}
	readline_history_free(&history);
	return status;
}

/* shell: the interactive shell from a script (`prompt ... && shell`). */
static int shell_exec(int argc, char **argv)
{
	if (argc > 1)
		return command_usage(find_command(argv[0]));
	return shell();
}

COMMAND(shell_command) = {
	.name = "shell",
	.exec = shell_exec,
	.usage = "",
	.summary = "Open the interactive shell (exit returns)",
};
