/* SPDX-License-Identifier: MIT */
/* Line editing with history for the shell and the read/prompt commands. */
#ifndef CORE_READLINE_H
#define CORE_READLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

/*
 * Tab completion: for the word that ends at CURSOR in LINE, store in
 * *INSERT a heap string to insert at the cursor (the common part of every
 * name that fits, "" if none). With LIST set (Tab pressed twice) and more
 * than one name fitting, print them on a line of their own and return 1
 * so the editor draws the line again; else return 0, or -ENOMEM.
 */
typedef int (*readline_completer)(const char *line, size_t cursor, bool list,
				  char **insert);

struct readline_options {
	const char *prompt;	/* may be NULL */
	const char *prefill;	/* may be NULL */
	struct readline_history *history;	/* may be NULL */
	/* How long to wait for the first key; WAIT_FOREVER for ever. */
	uint32_t timeout_ms;
	readline_completer complete;	/* NULL: Tab does nothing */
};

/* readline() with every option; -ETIMEDOUT if no key came in time. */
int readline_with(const struct readline_options *options, char **line);

/* Free every history entry. */
void readline_history_free(struct readline_history *history);

#endif
