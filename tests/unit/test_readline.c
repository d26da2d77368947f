/* SPDX-License-Identifier: MIT */
/* Tests of line editing and history, typed through the test console. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <core/console.h>
#include <core/readline.h>
#include "test.h"
#include "test_console.h"

#define PROMPT "> "
#define PROMPT_LEN (sizeof(PROMPT) - 1)
#define UP "\033[A"
#define DOWN "\033[B"
#define RIGHT "\033[C"
#define LEFT "\033[D"
#define HOME "\033[H"
#define END "\033[F"
#define DEL "\033[3~"
#define BS "\177"
#define CTRL_A "\001"
#define CTRL_C "\003"
#define CTRL_E "\005"
#define CTRL_K "\013"
#define CTRL_U "\025"
#define CTRL_W "\027"
#define SCREEN_WIDTH 2048
#define LONG_LINE 1000
#define MANY_LINES (READLINE_HISTORY_DEPTH + 8)

/*
 * What a dumb terminal shows: the output's last line before its final
 * newline, and the cursor column at that point.
 */
struct screen {
	char line[SCREEN_WIDTH + 1];
	size_t cursor;
};

static void render(const char *out, struct screen *screen)
{
	char row[SCREEN_WIDTH + 1];
	size_t col = 0, width = 0;

	memset(screen, 0, sizeof(*screen));
	for (; *out; out++) {
		if (*out == '\n') {
			memcpy(screen->line, row, width);
			screen->line[width] = '\0';
			screen->cursor = col;
			col = width = 0;
		} else if (*out == '\b') {
			if (col)
				col--;
		} else if (col < SCREEN_WIDTH) {
			row[col++] = *out;
			if (col > width)
				width = col;
		}
	}
}

/* Does the screen line read PROMPT and TEXT, then only blanks? */
static bool shows(const struct screen *screen, const char *text)
{
	const char *rest = screen->line + PROMPT_LEN;

	if (strncmp(screen->line, PROMPT, PROMPT_LEN) != 0 ||
	    strncmp(rest, text, strlen(text)) != 0)
		return false;
	for (rest += strlen(text); *rest == ' '; rest++)
		;
	return *rest == '\0';
}

/* Type INPUT into readline(); keep the rendered screen in SCREEN. */
static int type_line(const char *input, size_t len, bool eof_after,
		     const char *prefill, struct readline_history *history,
		     char **line, struct screen *screen)
{
	int rc;

	test_console_start(input, len, eof_after);
	rc = readline(PROMPT, prefill, history, line);
	test_console_stop();
	render(test_console_output(), screen);
	return rc;
}

/* Type INPUT, check that the line and the screen both read EXPECTED. */
static void check_typed(const char *input, size_t len, const char *prefill,
			struct readline_history *history,
			const char *expected)
{
	struct screen screen;
	char *line = NULL;

	CHECK_INT(type_line(input, len, false, prefill, history, &line,
			    &screen), 0);
	CHECK_STR(line, expected);
	if (!shows(&screen, expected))
		test_fail(__FILE__, __LINE__, "screen shows \"%s\", not \"%s\"",
			  screen.line, expected);
	free(line);
}

UNIT_TEST(readline_plain)
{
	struct screen screen;
	char *line = NULL;

	CHECK_INT(type_line(TEST_INPUT("hello world\r"), false, NULL, NULL,
			    &line, &screen), 0);
	CHECK_STR(line, "hello world");
	CHECK(shows(&screen, "hello world"));
	CHECK_INT(screen.cursor, PROMPT_LEN + 11);
	free(line);
	check_typed(TEST_INPUT("\r"), NULL, NULL, "");
	check_typed(TEST_INPUT("unix\n"), NULL, NULL, "unix");
}

UNIT_TEST(readline_insert_in_middle)
{
	struct screen screen;
	char *line = NULL;

	CHECK_INT(type_line(TEST_INPUT("abc" LEFT LEFT "XY\r"), false, NULL,
			    NULL, &line, &screen), 0);
	CHECK_STR(line, "aXYbc");
	CHECK(shows(&screen, "aXYbc"));
	CHECK_INT(screen.cursor, PROMPT_LEN + 3);
	free(line);
}

UNIT_TEST(readline_cursor_bounds)
{
	check_typed(TEST_INPUT("ab" LEFT LEFT LEFT LEFT "<" RIGHT RIGHT RIGHT
			       RIGHT RIGHT ">\r"), NULL, NULL, "<ab>");
}

UNIT_TEST(readline_backspace_and_delete)
{
	check_typed(TEST_INPUT("abcd" LEFT LEFT BS DEL "\r"), NULL, NULL,
		    "ad");
	check_typed(TEST_INPUT("abc\010\010\r"), NULL, NULL, "a");
	check_typed(TEST_INPUT(BS DEL "x" DEL HOME BS "\r"), NULL, NULL, "x");
}

UNIT_TEST(readline_home_end)
{
	check_typed(TEST_INPUT("bc" HOME "a" END "d\r"), NULL, NULL, "abcd");
	check_typed(TEST_INPUT("bc" CTRL_A "a" CTRL_E "d\r"), NULL, NULL,
		    "abcd");
}

UNIT_TEST(readline_kill_to_end)
{
	check_typed(TEST_INPUT("hello world" CTRL_A RIGHT RIGHT RIGHT RIGHT
			       RIGHT CTRL_K "!\r"), NULL, NULL, "hello!");
	check_typed(TEST_INPUT("abc" CTRL_K "\r"), NULL, NULL, "abc");
}

UNIT_TEST(readline_kill_to_start)
{
	struct screen screen;
	char *line = NULL;

	CHECK_INT(type_line(TEST_INPUT("hello world" LEFT LEFT LEFT LEFT
				       LEFT CTRL_U "\r"), false, NULL, NULL,
			    &line, &screen), 0);
	CHECK_STR(line, "world");
	CHECK(shows(&screen, "world"));
	CHECK_INT(screen.cursor, PROMPT_LEN);
	free(line);
}

UNIT_TEST(readline_delete_word)
{
	check_typed(TEST_INPUT("foo bar  " CTRL_W "\r"), NULL, NULL, "foo ");
	check_typed(TEST_INPUT("one two" CTRL_W CTRL_W CTRL_W "\r"), NULL,
		    NULL, "");
	check_typed(TEST_INPUT("one two" LEFT LEFT CTRL_W "\r"), NULL, NULL,
		    "one wo");
}

UNIT_TEST(readline_prefill)
{
	check_typed(TEST_INPUT("X\r"), "boot", NULL, "bootX");
	check_typed(TEST_INPUT(CTRL_U "new\r"), "old", NULL, "new");
}

UNIT_TEST(readline_ignores_other_keys)
{
	check_typed(TEST_INPUT("a\002\tb\033c\033[6~\r"), NULL, NULL, "abc");
}

UNIT_TEST(readline_cancel)
{
	struct readline_history history = { .count = 0 };
	struct screen screen;
	char *line = (char *)"unchanged";

	CHECK_INT(type_line(TEST_INPUT("abc" CTRL_C "def\r"), false, NULL,
			    &history, &line, &screen), -ECANCELED);
	CHECK(line == NULL);
	CHECK_INT(history.count, 0);
	readline_history_free(&history);
}

UNIT_TEST(readline_end_of_input)
{
	struct screen screen;
	char *line = NULL;

	CHECK_INT(type_line(TEST_INPUT(""), true, NULL, NULL, &line, &screen),
		  -EPIPE);
	CHECK(line == NULL);
	CHECK_INT(type_line(TEST_INPUT("last"), true, NULL, NULL, &line,
			    &screen), 0);
	CHECK_STR(line, "last");
	free(line);
}

UNIT_TEST(readline_long_line)
{
	static char input[LONG_LINE + 1];
	struct screen screen;
	char *line = NULL;
	size_t i;

	for (i = 0; i < LONG_LINE; i++)
		input[i] = (char)('a' + i % 26);
	input[LONG_LINE] = '\r';
	CHECK_INT(type_line(input, sizeof(input), false, NULL, NULL, &line,
			    &screen), 0);
	CHECK(line != NULL);
	if (line) {
		CHECK_INT(strlen(line), LONG_LINE);
		CHECK_MEM(line, input, LONG_LINE);
	}
	free(line);
}

UNIT_TEST(readline_history_recall)
{
	struct readline_history history = { .count = 0 };

	check_typed(TEST_INPUT("one\r"), NULL, &history, "one");
	check_typed(TEST_INPUT("two\r"), NULL, &history, "two");
	check_typed(TEST_INPUT("two\r"), NULL, &history, "two");
	check_typed(TEST_INPUT("\r"), NULL, &history, "");
	CHECK_INT(history.count, 2);
	check_typed(TEST_INPUT(UP "\r"), NULL, &history, "two");
	check_typed(TEST_INPUT(UP UP "\r"), NULL, &history, "one");
	CHECK_INT(history.count, 3);
	check_typed(TEST_INPUT(UP UP UP UP UP "\r"), NULL, &history, "one");
	check_typed(TEST_INPUT("new" UP UP DOWN DOWN DOWN "\r"), NULL,
		    &history, "new");
	check_typed(TEST_INPUT("longer line" UP "\r"), NULL, &history, "new");
	CHECK_INT(history.count, 4);
	readline_history_free(&history);
	CHECK_INT(history.count, 0);
}

UNIT_TEST(readline_history_edit_is_a_copy)
{
	struct readline_history history = { .count = 0 };
	struct screen screen;
	char *line = NULL;

	check_typed(TEST_INPUT("first\r"), NULL, &history, "first");
	check_typed(TEST_INPUT("second\r"), NULL, &history, "second");
	CHECK_INT(type_line(TEST_INPUT(UP BS BS "X" CTRL_C), false, NULL,
			    &history, &line, &screen), -ECANCELED);
	check_typed(TEST_INPUT(UP "\r"), NULL, &history, "second");
	check_typed(TEST_INPUT(UP UP BS "!" DOWN UP "\r"), NULL, &history,
		    "first");
	CHECK_INT(history.count, 3);
	CHECK_STR(history.entries[0], "first");
	CHECK_STR(history.entries[1], "second");
	CHECK_STR(history.entries[2], "first");
	readline_history_free(&history);
}

/* Fill BUF with COUNT Up keys and Enter; returns the length. */
static size_t up_keys_then_enter(char *buf, unsigned int count)
{
	size_t len = 0;

	while (count--) {
		memcpy(buf + len, UP, sizeof(UP) - 1);
		len += sizeof(UP) - 1;
	}
	buf[len++] = '\r';
	return len;
}

UNIT_TEST(readline_history_wraps)
{
	static char ups[(sizeof(UP) - 1) * MANY_LINES + 1];
	struct readline_history history = { .count = 0 };
	char input[16], newest[16], oldest[16];
	struct screen screen;
	char *line = NULL;
	int i, len;

	for (i = 0; i < MANY_LINES; i++) {
		len = snprintf(input, sizeof(input), "line%d\r", i);
		CHECK_INT(type_line(input, (size_t)len, false, NULL, &history,
				    &line, &screen), 0);
		free(line);
	}
	CHECK_INT(history.count, READLINE_HISTORY_DEPTH);
	snprintf(newest, sizeof(newest), "line%d", MANY_LINES - 1);
	snprintf(oldest, sizeof(oldest), "line%d",
		 MANY_LINES - READLINE_HISTORY_DEPTH);
	check_typed(ups, up_keys_then_enter(ups, 1), NULL, &history, newest);
	check_typed(ups, up_keys_then_enter(ups, MANY_LINES), NULL, &history,
		    oldest);
	/* Entering the oldest line again made it the newest one. */
	snprintf(oldest, sizeof(oldest), "line%d",
		 MANY_LINES - READLINE_HISTORY_DEPTH + 1);
	check_typed(ups, up_keys_then_enter(ups, READLINE_HISTORY_DEPTH),
		    NULL, &history, oldest);
	CHECK_INT(history.count, READLINE_HISTORY_DEPTH);
	readline_history_free(&history);
}
