/* SPDX-License-Identifier: MIT */
/* The interactive shell: read a line with history, run it, repeat. */
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <config/general.h>
#include <core/command.h>
#include <core/readline.h>
#include <core/script.h>

/*
 * Ctrl-C at the prompt gives a new prompt; end of input or `exit` ends
 * the shell. Returns the status of `exit`, else of the last line run.
 */
int shell(void)
{
	struct readline_history history;
	int status = 0;
	char *line;
	int rc;

	memset(&history, 0, sizeof(history));
	exit_requested = false;
	for (;;) {
		rc = readline(SHELL_PROMPT, NULL, &history, &line);
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
