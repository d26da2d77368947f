/* SPDX-License-Identifier: MIT */
/* Line editing with history for the shell and the read/prompt commands. */
#ifndef CORE_READLINE_H
#define CORE_READLINE_H

#define READLINE_HISTORY_DEPTH 32

struct readline_history {
	char *entries[READLINE_HISTORY_DEPTH];
	unsigned int count;	/* entries in use */
	unsigned int next;	/* ring index of the next entry to write */
};

/*
 * Print PROMPT, then edit a line (cursor keys, Home/End, Backspace/Delete,
 * Ctrl-A/E/K/U/W, history Up/Down) starting from PREFILL (may be NULL).
 * On Enter stores a heap string in *LINE (free() it) and returns 0;
 * returns -ECANCELED on Ctrl-C, -EPIPE at end of input.
 * HISTORY may be NULL; non-empty lines are added to it.
 */
int readline(const char *prompt, const char *prefill,
	     struct readline_history *history, char **line);

/* Free every history entry. */
void readline_history_free(struct readline_history *history);

#endif
