/* SPDX-License-Identifier: MIT */
/* The settings commands: set, clear, show, read and inc. */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <core/command.h>
#include <core/getopt.h>
#include <core/process.h>
#include <core/readline.h>
#include <core/settings.h>

/* Room for a block's full name ("net0.dhcp") in `show` output. */
#define SCOPE_NAME_MAX 96

/* A parsed "[SCOPE/]NAME[:TYPE]" and the buffer its name lives in. */
struct named_setting {
	struct settings *scope;
	struct setting setting;
	char *namebuf;
};

/* Print the known type names, for an "unknown type" message. */
static void list_setting_types(void)
{
	const struct setting_type *type;

	printf("  (known types:");
	for_each_table_entry(type, setting_types)
		printf(" %s", type->name);
	printf(")\n");
}

/* Parse NAME into NS; prints what is wrong with a bad scope or type. */
static int parse_name(const char *cmd, const char *name,
		      struct named_setting *ns)
{
	size_t len = strlen(name) + 1;
	const char *type = strchr(name, ':');
	const char *slash = strchr(name, '/');
	int rc;

	ns->namebuf = malloc(len);
	if (!ns->namebuf)
		return -ENOMEM;
	rc = parse_setting_name(name, &ns->scope, &ns->setting, ns->namebuf,
				len);
	if (rc == 0)
		return 0;
	free(ns->namebuf);
	ns->namebuf = NULL;
	if (rc == -ENODEV && slash)
		return command_error(cmd, rc, "no settings scope %.*s (in %s)",
				     (int)(slash - name), name, name);
	if (rc == -EINVAL && type) {
		command_error(cmd, rc, "unknown setting type %s (in %s)",
			      type + 1, name);
		list_setting_types();
		return rc;
	}
	return command_error(cmd, rc, "invalid setting name %s: %s", name,
			     strerror(rc));
}

/* Length of NAME without its ":TYPE" part. */
static int untyped_length(const char *name)
{
	const char *type = strchr(name, ':');

	return type ? (int)(type - name) : (int)strlen(name);
}

/* Store VALUE (NULL clears) into NAME, with a clear message on failure. */
static int store_named(const char *cmd, const char *name, const char *value)
{
	struct named_setting ns;
	int rc = parse_name(cmd, name, &ns);

	if (rc)
		return rc;
	rc = storef_setting(name, value);
	if (rc == -EINVAL || rc == -ERANGE)
		command_error(cmd, rc, "invalid value for %.*s:%s: %s",
			      untyped_length(name), name,
			      ns.setting.type->name, value ? value : "");
	else if (rc == -ENOTSUP)
		command_error(cmd, rc, "%s is read-only", name);
	else if (rc < 0)
		command_error(cmd, rc, "cannot store %s: %s", name,
			      strerror(rc));
	free(ns.namebuf);
	return rc < 0 ? rc : 0;
}

/* The COUNT words at WORDS joined by single spaces, in a heap string. */
static char *join_words(char **words, int count)
{
	size_t len = 1;
	char *text, *p;
	int i;

	for (i = 0; i < count; i++)
		len += strlen(words[i]) + 1;
	text = malloc(len);
	if (!text)
		return NULL;
	p = text;
	for (i = 0; i < count; i++) {
		if (i)
			*p++ = ' ';
		strcpy(p, words[i]);
		p += strlen(words[i]);
	}
	*p = '\0';
	return text;
}

/* --- set and clear ------------------------------------------------------- */

static int set_exec(int argc, char **argv);

COMMAND(set_command) = {
	.name = "set",
	.exec = set_exec,
	.usage = "[SCOPE/]NAME[:TYPE] [VALUE...]",
	.summary = "Set a setting to the words of VALUE (none: clear it)",
};

static int set_exec(int argc, char **argv)
{
	int first = command_operands(&set_command, argc, argv, 1, argc);
	char *value;
	int rc;

	if (first < 0)
		return first;
	if (first + 1 == argc)
		return store_named(argv[0], argv[first], NULL);
	value = join_words(argv + first + 1, argc - first - 1);
	if (!value)
		return -ENOMEM;
	rc = store_named(argv[0], argv[first], value);
	free(value);
	return rc;
}

static int clear_exec(int argc, char **argv);

COMMAND(clear_command) = {
	.name = "clear",
	.exec = clear_exec,
	.usage = "[SCOPE/]NAME",
	.summary = "Clear a setting",
};

static int clear_exec(int argc, char **argv)
{
	int first = command_operands(&clear_command, argc, argv, 1, 1);

	if (first < 0)
		return first;
	return store_named(argv[0], argv[first], NULL);
}

/* --- show ---------------------------------------------------------------- */

/* RAW formatted by TYPE into a heap string, or NULL with *RC set. */
static char *format_value(const struct setting_type *type, const void *raw,
			  size_t len, int *rc)
{
	int need = type->format(raw, len, NULL, 0);
	char *text;

	if (need < 0) {
		*rc = need;
		return NULL;
	}
	text = malloc((size_t)need + 1);
	if (!text) {
		*rc = -ENOMEM;
		return NULL;
	}
	type->format(raw, len, text, (size_t)need + 1);
	return text;
}

/* Print "SCOPE/NAME:TYPE = VALUE" for one stored value. */
static void show_value(struct settings *origin, const struct setting *setting,
		       const void *raw, size_t len, void *ctx)
{
	char scope[SCOPE_NAME_MAX] = "";
	char *value;
	int rc = 0;

	settings_full_name(origin, scope, sizeof(scope));
	printf("%s%s%s:%s = ", scope, scope[0] ? "/" : "", setting->name,
	       setting->type->name);
	value = format_value(setting->type, raw, len, &rc);
	if (value)
		printf("%s\n", value);
	else
		printf("(cannot show: %s)\n", strerror(rc));
	free(value);
}

/* What find_stored_type() looks for, and what it found. */
struct stored_type_search {
	const struct settings *origin;
	const struct setting *setting;
	const struct setting_type *type;
};

static void match_stored_type(struct settings *origin,
			      const struct setting *setting, const void *raw,
			      size_t len, void *ctx)
{
	struct stored_type_search *search = ctx;

	if (origin == search->origin &&
	    strcmp(setting->name, search->setting->name) == 0)
		search->type = setting->type;
}

/* The type SETTING was stored with in ORIGIN (its own if not stored). */
static const struct setting_type *
find_stored_type(struct settings *origin, const struct setting *setting)
{
	struct stored_type_search search = { origin, setting, setting->type };

	for_each_setting(origin, match_stored_type, &search);
	return search.type;
}

/*
 * Show the value NAME refers to, from the block it is found in, as the
 * type NAME gives or else the type it was stored with.
 */
static int show_named(const char *cmd, const char *name)
{
	struct settings *origin = &settings_root;
	const struct setting_type *type;
	char scope[SCOPE_NAME_MAX] = "";
	struct named_setting ns;
	char *value = NULL;
	int rc = parse_name(cmd, name, &ns);

	if (rc)
		return rc;
	rc = fetch_setting(ns.scope, &ns.setting, NULL, 0, &origin);
	if (rc >= 0)
		rc = fetchf_setting_copy(name, &value);
	if (rc >= 0) {
		type = strchr(name, ':') ? ns.setting.type :
			find_stored_type(origin, &ns.setting);
		settings_full_name(origin, scope, sizeof(scope));
		printf("%s%s%s:%s = %s\n", scope, scope[0] ? "/" : "",
		       ns.setting.name, type->name, value);
	} else if (rc == -ENOENT) {
		command_error(cmd, rc, "%s is not set", name);
	}
	free(value);
	free(ns.namebuf);
	return rc < 0 ? rc : 0;
}

static int show_exec(int argc, char **argv);

COMMAND(show_command) = {
	.name = "show",
	.exec = show_exec,
	.usage = "[[SCOPE/]NAME[:TYPE]]",
	.summary = "Show a setting, or every stored setting",
};

static int show_exec(int argc, char **argv)
{
	int first = command_operands(&show_command, argc, argv, 0, 1);

	if (first < 0)
		return first;
	if (first < argc)
		return show_named(argv[0], argv[first]);
	for_each_setting(NULL, show_value, NULL);
	return 0;
}

/* --- read ---------------------------------------------------------------- */

static const struct cmd_option read_options[] = {
	{ "timeout", 't', true },
};

/*
 * read [--timeout MS] NAME: edit the setting's value on the console (its
 * current value is the starting text) and store it. Ctrl-C, the end of
 * input or no key within the timeout leave it as it was and fail quietly.
 */
static int read_exec(int argc, char **argv)
{
	struct getopt_state state = { .index = 1 };
	struct readline_options options = { .timeout_ms = WAIT_FOREVER };
	char *current = NULL, *line;
	int opt, rc;

	while ((opt = cmd_getopt(argc, argv, read_options,
				 ARRAY_SIZE(read_options), &state)) >= 0) {
		rc = parse_timeout(argv[0], state.arg, &options.timeout_ms);
		if (rc)
			return rc;
	}
	if (opt != GETOPT_DONE)
		return opt;
	if (argc - state.index != 1)
		return command_usage(find_command(argv[0]));
	fetchf_setting_copy(argv[state.index], &current);
	options.prefill = current;
	rc = readline_with(&options, &line);
	free(current);
	if (rc == -ECANCELED || rc == -ETIMEDOUT || rc == -EPIPE)
		return STATUS_FALSE;
	if (rc)
		return rc;
	rc = store_named(argv[0], argv[state.index], line);
	free(line);
	return rc;
}

COMMAND(read_command) = {
	.name = "read",
	.exec = read_exec,
	.usage = "[--timeout MS] [SCOPE/]NAME[:TYPE]",
	.summary = "Read a setting's value from the console",
};

/* --- inc ----------------------------------------------------------------- */

/* Largest increment `inc` takes, and the base its numbers are written in. */
#define INC_MAX 0x7fffffff
#define INC_BASE 10

/*
 * inc NAME [N]: add N (default 1) to a numeric setting, an unset one
 * counting as 0, as retry loops count their attempts.
 */
static int inc_exec(int argc, char **argv)
{
	int first = command_operands(find_command(argv[0]), argc, argv, 1, 2);
	unsigned long step = 1, value = 0;
	char *current = NULL, *end;
	char text[24];
	int rc;

	if (first < 0)
		return first;
	if (first + 1 < argc) {
		rc = parse_count(argv[0], "increment", argv[first + 1],
				 INC_MAX, &step);
		if (rc)
			return rc;
	}
	if (fetchf_setting_copy(argv[first], &current) >= 0) {
		value = strtoul(current, &end, INC_BASE);
		rc = *end ? command_error(argv[0], -EINVAL, "%s is not a "
					  "number: %s", argv[first], current) : 0;
		free(current);
		if (rc)
			return rc;
	}
	snprintf(text, sizeof(text), "%lu", value + step);
	return store_named(argv[0], argv[first], text);
}

COMMAND(inc_command) = {
	.name = "inc",
	.exec = inc_exec,
	.usage = "[SCOPE/]NAME [N]",
	.summary = "Add N (default 1) to a numeric setting",
};
