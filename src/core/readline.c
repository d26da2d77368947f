/* SPDX-License-Identifier: MIT */
/* Line editing with history, redrawn with plain backspaces and reprints. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <core/console.h>
#include <core/process.h>
#include <core/readline.h>

#define LINE_INITIAL_CAPACITY 64
#define FIRST_PRINTABLE 0x20
#define LAST_PRINTABLE 0x7e

/* The line being edited and where the terminal's cursor is on it. */
struct line_editor {
	char *buf;		/* NUL-terminated */
	size_t len;
	size_t capacity;	/* bytes allocated, NUL included */
	size_t cursor;		/* editing position */
	size_t shown;		/* where the terminal cursor is on the line */
	struct readline_history *history;
	unsigned int recalled;	/* 0: own line; n: n-th newest entry */
	char *own_line;		/* the own line while browsing history */
	const struct readline_options *options;
	bool tabbed;		/* the previous key was a first Tab */
};

/* Make room for LEN characters and the NUL. */
static int editor_reserve(struct line_editor *ed, size_t len)
{
	size_t capacity = ed->capacity ? ed->capacity : LINE_INITIAL_CAPACITY;
	char *buf;

	if (len < ed->capacity)
		return 0;
	while (capacity <= len) {
		if (capacity > SIZE_MAX / 2)
			return -ENOMEM;
		capacity *= 2;
	}
	buf = realloc(ed->buf, capacity);
	if (!buf)
		return -ENOMEM;
	ed->buf = buf;
	ed->capacity = capacity;
	return 0;
}

/* Move the terminal cursor to POS by backspacing or reprinting. */
static void move_to(struct line_editor *ed, size_t pos)
{
	for (; ed->shown > pos; ed->shown--)
		putchar('\b');
	for (; ed->shown < pos; ed->shown++)
		putchar(ed->buf[ed->shown]);
}

/*
 * The line changed from position FROM on, and used to be OLD_LEN long:
 * reprint its tail, blank what is left of the old one, and put the
 * terminal cursor back at the editing position.
 */
static void redraw_from(struct line_editor *ed, size_t from, size_t old_len)
{
	size_t col;

	move_to(ed, from);
	for (col = from; col < ed->len; col++)
		putchar(ed->buf[col]);
	for (; col < old_len; col++)
		putchar(' ');
	ed->shown = col;
	move_to(ed, ed->cursor);
}

/* Remove COUNT characters starting at AT, leaving the cursor at AT. */
static void delete_range(struct line_editor *ed, size_t at, size_t count)
{
	size_t old_len = ed->len;

	if (!count)
		return;
	memmove(ed->buf + at, ed->buf + at + count, ed->len - at - count + 1);
	ed->len -= count;
	ed->cursor = at;
	redraw_from(ed, at, old_len);
}

static int insert_char(struct line_editor *ed, char c)
{
	size_t at = ed->cursor;
	int rc = editor_reserve(ed, ed->len + 1);

	if (rc)
		return rc;
	memmove(ed->buf + at + 1, ed->buf + at, ed->len - at + 1);
	ed->buf[at] = c;
	ed->len++;
	ed->cursor++;
	redraw_from(ed, at, ed->len);
	return 0;
}

/* Replace the whole line with TEXT, cursor at its end. */
static int replace_line(struct line_editor *ed, const char *text)
{
	size_t old_len = ed->len;
	size_t len = strlen(text);
	int rc = editor_reserve(ed, len);

	if (rc)
		return rc;
	move_to(ed, 0);
	memcpy(ed->buf, text, len + 1);
	ed->len = len;
	ed->cursor = len;
	redraw_from(ed, 0, old_len);
	return 0;
}

/* Start of the word before the cursor, as Ctrl-W deletes it. */
static size_t word_start(const struct line_editor *ed)
{
	size_t pos = ed->cursor;

	while (pos && ed->buf[pos - 1] == ' ')
		pos--;
	while (pos && ed->buf[pos - 1] != ' ')
		pos--;
	return pos;
}

/* The N-th newest history entry (1 is the newest). */
static const char *history_entry(const struct readline_history *history,
				 unsigned int n)
{
	unsigned int i = (history->next + READLINE_HISTORY_DEPTH - n) %
			 READLINE_HISTORY_DEPTH;

	return history->entries[i];
}

/*
 * Show history entry N (0: the line being written before browsing).
 * Entries are copied into the editor, so editing one leaves it intact.
 */
static int recall(struct line_editor *ed, unsigned int n)
{
	int rc;

	if (!ed->history || n > ed->history->count || n == ed->recalled)
		return 0;
	if (ed->recalled == 0) {
		free(ed->own_line);
		ed->own_line = strdup(ed->buf);
		if (!ed->own_line)
			return -ENOMEM;
	}
	rc = replace_line(ed, n ? history_entry(ed->history, n) :
			  ed->own_line);
	if (rc)
		return rc;
	ed->recalled = n;
	return 0;
}

/* Remember LINE unless it is empty or repeats the newest entry. */
static void history_add(struct readline_history *history, const char *line)
{
	char *copy;

	if (!*line)
		return;
	if (history->count && strcmp(history_entry(history, 1), line) == 0)
		return;
	/* History is a convenience: without memory, the line is not kept. */
	copy = strdup(line);
	if (!copy)
		return;
	free(history->entries[history->next]);
	history->entries[history->next] = copy;
	history->next = (history->next + 1) % READLINE_HISTORY_DEPTH;
	if (history->count < READLINE_HISTORY_DEPTH)
		history->count++;
}

void readline_history_free(struct readline_history *history)
{
	unsigned int i;

	for (i = 0; i < READLINE_HISTORY_DEPTH; i++) {
		free(history->entries[i]);
		history->entries[i] = NULL;
	}
	history->count = 0;
	history->next = 0;
}

/* Insert TEXT at the cursor. */
static int insert_text(struct line_editor *ed, const char *text)
{
	int rc = 0;

	while (*text && !rc)
		rc = insert_char(ed, *text++);
	return rc;
}

/*
 * Tab: insert what the completer offers; on a second Tab it may list the
 * names instead, and then the prompt and line are drawn anew below them.
 */
static int complete(struct line_editor *ed)
{
	const char *prompt = ed->options->prompt;
	char *insert = NULL;
	int rc;

	rc = ed->options->complete(ed->buf, ed->cursor, ed->tabbed, &insert);
	if (rc > 0) {
		printf("%s%s", prompt ? prompt : "", ed->buf);
		ed->shown = ed->len;
		move_to(ed, ed->cursor);
	}
	if (rc >= 0 && insert)
		rc = insert_text(ed, insert);
	free(insert);
	return rc < 0 ? rc : 0;
}

static bool is_printable(int key)
{
	return key >= FIRST_PRINTABLE && key <= LAST_PRINTABLE;
}

/*
 * Apply one editing KEY. Returns 0 to go on editing, 1 when the line is
 * finished, or a negative error that ends the edit.
 */
static int edit_key(struct line_editor *ed, int key)
{
	switch (key) {
	case KEY_ENTER:
		return 1;
	case KEY_CTRL('C'):
		return -ECANCELED;
	case KEY_EOF:
		return ed->len ? 1 : -EPIPE;
	case KEY_BACKSPACE:
		if (ed->cursor)
			delete_range(ed, ed->cursor - 1, 1);
		return 0;
	case KEY_DELETE:
		if (ed->cursor < ed->len)
			delete_range(ed, ed->cursor, 1);
		return 0;
	case KEY_LEFT:
		if (ed->cursor)
			move_to(ed, --ed->cursor);
		return 0;
	case KEY_RIGHT:
		if (ed->cursor < ed->len)
			move_to(ed, ++ed->cursor);
		return 0;
	case KEY_HOME:
	case KEY_CTRL('A'):
		ed->cursor = 0;
		move_to(ed, 0);
		return 0;
	case KEY_END:
	case KEY_CTRL('E'):
		ed->cursor = ed->len;
		move_to(ed, ed->len);
		return 0;
	case KEY_CTRL('K'):
		delete_range(ed, ed->cursor, ed->len - ed->cursor);
		return 0;
	case KEY_CTRL('U'):
		delete_range(ed, 0, ed->cursor);
		return 0;
	case KEY_CTRL('W'):
		delete_range(ed, word_start(ed), ed->cursor - word_start(ed));
		return 0;
	case KEY_UP:
		return recall(ed, ed->recalled + 1);
	case KEY_DOWN:
		return ed->recalled ? recall(ed, ed->recalled - 1) : 0;
	case KEY_TAB:
		return ed->options->complete ? complete(ed) : 0;
	default:
		return is_printable(key) ? insert_char(ed, (char)key) : 0;
	}
}

/* Apply KEY, remembering a first Tab (a second one lists, a third inserts). */
static int edit_key_tracked(struct line_editor *ed, int key)
{
	bool second_tab = ed->tabbed;
	int rc = edit_key(ed, key);

	ed->tabbed = key == KEY_TAB && !second_tab;
	return rc;
}

/*
 * Edit until Enter, Ctrl-C, end of input or an error; the first key must
 * come within the options' timeout.
 */
static int edit_line(struct line_editor *ed)
{
	int key = getkey(ed->options->timeout_ms);
	int rc;

	if (key < 0)
		rc = key;
	else
		rc = edit_key_tracked(ed, key);
	while (rc == 0)
		rc = edit_key_tracked(ed, getkey(WAIT_FOREVER));
	putchar('\n');
	return rc < 0 ? rc : 0;
}

int readline_with(const struct readline_options *options, char **line)
{
	struct line_editor ed = {
		.history = options->history,
		.options = options,
	};
	int rc;

	*line = NULL;
	if (options->prompt)
		printf("%s", options->prompt);
	rc = replace_line(&ed, options->prefill ? options->prefill : "");
	if (rc == 0)
		rc = edit_line(&ed);
	free(ed.own_line);
	if (rc) {
		free(ed.buf);
		return rc;
	}
	if (options->history)
		history_add(options->history, ed.buf);
	*line = ed.buf;
	return 0;
}

int readline(const char *prompt, const char *prefill,
	     struct readline_history *history, char **line)
{
	struct readline_options options = {
		.prompt = prompt,
		.prefill = prefill,
		.history = history,
		.timeout_ms = WAIT_FOREVER,
	};

	return readline_with(&options, line);
}
