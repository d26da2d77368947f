/* SPDX-License-Identifier: MIT */
/* prompt: show a text and wait for a key, or for one particular key. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <errno.h>
#include <core/command.h>
#include <core/console.h>
#include <core/getopt.h>
#include <core/process.h>

enum prompt_option { PROMPT_KEY, PROMPT_TIMEOUT };

static const struct cmd_option prompt_options[] = {
	[PROMPT_KEY] = { "key", 'k', true },
	[PROMPT_TIMEOUT] = { "timeout", 't', true },
};

/* No --key: any key but Ctrl-C (and the end of input) succeeds. */
#define ANY_KEY (-1)

/* Whether KEY answers a prompt that waits for WANTED. */
static bool key_accepted(int key, int wanted)
{
	if (key < 0 || key == KEY_EOF)
		return false;
	if (wanted == ANY_KEY)
		return key != KEY_CTRL('C');
	return key == wanted;
}

/*
 * prompt [--key KEY] [--timeout MS] [TEXT...]: print TEXT and wait for a
 * key (for ever, or MS milliseconds). Succeeds if the key was KEY (any
 * key without --key); a timeout or another key fails quietly, as a test.
 */
static int prompt_exec(int argc, char **argv)
{
	struct getopt_state state = { .index = 1 };
	uint32_t timeout_ms = WAIT_FOREVER;
	int wanted = ANY_KEY;
	int opt = GETOPT_DONE, rc = 0, i, key;

	while (rc == 0 && (opt = cmd_getopt(argc, argv, prompt_options,
					    ARRAY_SIZE(prompt_options),
					    &state)) >= 0) {
		if (opt == PROMPT_KEY)
			rc = parse_key(argv[0], state.arg, &wanted);
		else
			rc = parse_timeout(argv[0], state.arg, &timeout_ms);
	}
	if (rc)
		return rc;
	if (opt != GETOPT_DONE)
		return opt;
	for (i = state.index; i < argc; i++)
		printf("%s%s", i > state.index ? " " : "", argv[i]);
	key = getkey(timeout_ms);
	printf("\n");
	return key_accepted(key, wanted) ? 0 : STATUS_FALSE;
}

COMMAND(prompt_command) = {
	.name = "prompt",
	.exec = prompt_exec,
	.usage = "[--key KEY] [--timeout MS] [TEXT...]",
	.summary = "Wait for a key (KEY: a character or a code like 0x02)",
};
