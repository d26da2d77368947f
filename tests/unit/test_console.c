/* SPDX-License-Identifier: MIT */
/* Tests of the console multiplexer, with a scripted test console driver. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <core/console.h>
#include <core/process.h>
#include <core/time.h>
#include "test.h"
#include "test_console.h"

#define TEST_OUTPUT_SIZE 16384
/* A lone ESC is only the Escape key after the console's sequence timeout. */
#define ESC_WAIT_MIN_MS 40
/* Generous bound for "returned promptly", even on a loaded machine. */
#define PROMPT_MS 500
/* How the runner's failure reports begin. */
#define FAIL_MARK "FAIL "
/* More keys than the console's read-ahead ring holds. */
#define FLOOD_LEN 300

static const unsigned char *input_bytes;
static size_t input_len;
static size_t input_pos;
static bool input_eof;
static char output[TEST_OUTPUT_SIZE];
static size_t output_len;
static unsigned int test_disabled =
	CONSOLE_DISABLED_INPUT | CONSOLE_DISABLED_OUTPUT;
static unsigned int saved_stdio_disabled;

static void test_putchar(int c)
{
	if (output_len < sizeof(output) - 1)
		output[output_len++] = (char)c;
	output[output_len] = '\0';
}

static bool test_iskey(void)
{
	return input_pos < input_len || input_eof;
}

static int test_getchar(void)
{
	if (input_pos < input_len)
		return input_bytes[input_pos++];
	return KEY_EOF;
}

CONSOLE_DRIVER(test_console) = {
	.name = "test",
	.putchar = test_putchar,
	.iskey = test_iskey,
	.getchar = test_getchar,
	.disabled = &test_disabled,
};

/*
 * Host stdout is silenced while the test console runs, so failures
 * reported meanwhile went only into the capture: repeat them.
 */
static void echo_captured_failures(void)
{
	const char *fail = strstr(output, FAIL_MARK);
	const char *end;

	while (fail) {
		end = strchr(fail, '\n');
		if (!end)
			end = fail + strlen(fail);
		printf("%.*s\n", (int)(end - fail), fail);
		fail = strstr(end, FAIL_MARK);
	}
}

/* Throw away keys the console read ahead (only the ring is readable now). */
static void drop_read_ahead(void)
{
	while (iskey())
		getkey(0);
}

void test_console_start(const char *input, size_t len, bool eof_after)
{
	const struct console_driver *stdio = find_console("stdio");

	if (stdio) {
		saved_stdio_disabled = *stdio->disabled;
		*stdio->disabled |= CONSOLE_DISABLED_INPUT |
				    CONSOLE_DISABLED_OUTPUT;
	}
	drop_read_ahead();
	input_bytes = (const unsigned char *)input;
	input_len = len;
	input_pos = 0;
	input_eof = eof_after;
	output_len = 0;
	output[0] = '\0';
	test_disabled = 0;
}

void test_console_stop(void)
{
	const struct console_driver *stdio = find_console("stdio");

	test_disabled = CONSOLE_DISABLED_INPUT | CONSOLE_DISABLED_OUTPUT;
	drop_read_ahead();
	if (stdio)
		*stdio->disabled = saved_stdio_disabled;
	echo_captured_failures();
}

const char *test_console_output(void)
{
	return output;
}

size_t test_console_unread(void)
{
	return input_len - input_pos;
}

static bool never_done(void *ctx)
{
	return false;
}

UNIT_TEST(console_find)
{
	const struct console_driver *console = find_console("test");

	CHECK(console != NULL);
	if (console)
		CHECK_STR(console->name, "test");
	CHECK(find_console("no-such-console") == NULL);
}

UNIT_TEST(console_output)
{
	test_console_start(TEST_INPUT(""), false);
	CHECK_INT(printf("a%db%s", 12, "cd"), 6);
	CHECK_INT(putchar('x'), 'x');
	CHECK_INT(putchar(0xe9), 0xe9);
	CHECK(puts("hi") >= 0);
	printf("line\n");
	test_console_stop();
	CHECK_STR(test_console_output(), "a12bcdx\xe9hi\nline\n");
}

UNIT_TEST(console_output_disabled)
{
	test_console_start(TEST_INPUT(""), false);
	test_disabled = CONSOLE_DISABLED_OUTPUT;
	printf("hidden");
	putchar('h');
	puts("hidden");
	test_console_stop();
	CHECK_STR(test_console_output(), "");
}

UNIT_TEST(console_plain_keys)
{
	test_console_start(TEST_INPUT("ab"), false);
	CHECK(iskey());
	CHECK_INT(getkey(0), 'a');
	CHECK_INT(getkey(0), 'b');
	CHECK(!iskey());
	CHECK_INT(getkey(0), -ETIMEDOUT);
	test_console_stop();
}

UNIT_TEST(console_input_disabled)
{
	test_console_start(TEST_INPUT("a"), false);
	test_disabled = CONSOLE_DISABLED_INPUT;
	CHECK(!iskey());
	CHECK_INT(getkey(0), -ETIMEDOUT);
	CHECK_INT(test_console_unread(), 1);
	test_console_stop();
}

UNIT_TEST(console_getkey_timeout)
{
	uint64_t start = time_now_ms();
	uint64_t elapsed;

	test_console_start(TEST_INPUT(""), false);
	CHECK_INT(getkey(20), -ETIMEDOUT);
	elapsed = time_now_ms() - start;
	CHECK(elapsed >= 20);
	CHECK(elapsed < 20 + PROMPT_MS);
	test_console_stop();
}

UNIT_TEST(console_escape_arrows)
{
	test_console_start(TEST_INPUT("\033[A\033[B\033[C\033[D"
				      "\033OA\033OD\033[1;5C"), false);
	CHECK_INT(getkey(0), KEY_UP);
	CHECK_INT(getkey(0), KEY_DOWN);
	CHECK_INT(getkey(0), KEY_RIGHT);
	CHECK_INT(getkey(0), KEY_LEFT);
	CHECK_INT(getkey(0), KEY_UP);
	CHECK_INT(getkey(0), KEY_LEFT);
	CHECK_INT(getkey(0), KEY_RIGHT);
	CHECK_INT(getkey(0), -ETIMEDOUT);
	test_console_stop();
}

UNIT_TEST(console_escape_editing_keys)
{
	test_console_start(TEST_INPUT("\033[H\033[F\033OH\033OF"
				      "\033[1~\033[4~\033[7~\033[8~"
				      "\033[3~\033[5~\033[6~"), false);
	CHECK_INT(getkey(0), KEY_HOME);
	CHECK_INT(getkey(0), KEY_END);
	CHECK_INT(getkey(0), KEY_HOME);
	CHECK_INT(getkey(0), KEY_END);
	CHECK_INT(getkey(0), KEY_HOME);
	CHECK_INT(getkey(0), KEY_END);
	CHECK_INT(getkey(0), KEY_HOME);
	CHECK_INT(getkey(0), KEY_END);
	CHECK_INT(getkey(0), KEY_DELETE);
	CHECK_INT(getkey(0), KEY_PAGE_UP);
	CHECK_INT(getkey(0), KEY_PAGE_DOWN);
	CHECK_INT(getkey(0), -ETIMEDOUT);
	test_console_stop();
}

UNIT_TEST(console_lone_escape)
{
	uint64_t start = time_now_ms();

	test_console_start(TEST_INPUT("\033"), false);
	CHECK_INT(getkey(WAIT_FOREVER), KEY_ESC);
	CHECK(time_now_ms() - start >= ESC_WAIT_MIN_MS);
	CHECK_INT(getkey(0), -ETIMEDOUT);
	test_console_stop();
}

UNIT_TEST(console_escape_then_key)
{
	test_console_start(TEST_INPUT("\033x\033\033[A"), false);
	CHECK_INT(getkey(0), KEY_ESC);
	CHECK_INT(getkey(0), 'x');
	CHECK_INT(getkey(0), KEY_ESC);
	CHECK_INT(getkey(0), KEY_UP);
	test_console_stop();
}

/* Other "ESC [ N ~" keys come as iPXE's codes (F12 is 0x197e). */
UNIT_TEST(console_unknown_sequences_skipped)
{
	test_console_start(TEST_INPUT("\033[2~a\033[99Zb\033OQc"
				      "\033[99999999999999~d\033[42~e"), false);
	CHECK_INT(getkey(0), KEY_ANSI(2, '~'));
	CHECK_INT(getkey(0), 'a');
	CHECK_INT(getkey(0), 'b');
	CHECK_INT(getkey(0), 'c');
	CHECK_INT(getkey(0), 'd');
	CHECK_INT(getkey(0), KEY_ANSI(42, '~'));
	CHECK_INT(getkey(0), 'e');
	CHECK_INT(getkey(0), -ETIMEDOUT);
	test_console_stop();
}

UNIT_TEST(console_broken_sequences)
{
	/* A control byte inside a sequence ends it and is still a key. */
	test_console_start(TEST_INPUT("\033[1\rX\033[\003\033O\177"), false);
	CHECK_INT(getkey(0), KEY_ENTER);
	CHECK_INT(getkey(0), 'X');
	CHECK_INT(getkey(0), KEY_CTRL('C'));
	CHECK_INT(getkey(0), KEY_BACKSPACE);
	CHECK_INT(getkey(0), -ETIMEDOUT);
	test_console_stop();
}

UNIT_TEST(console_overlong_sequence)
{
	int key, i;

	test_console_start(TEST_INPUT("\033[1111111111111111111111111111A"),
			   false);
	for (i = 0; i < 40; i++) {
		key = getkey(0);
		if (key == -ETIMEDOUT)
			break;
		CHECK(key == '1' || key == 'A');
	}
	CHECK_INT(key, -ETIMEDOUT);
	test_console_stop();
}

UNIT_TEST(console_truncated_sequence)
{
	test_console_start(TEST_INPUT("\033["), false);
	CHECK_INT(getkey(ESC_WAIT_MIN_MS * 3), -ETIMEDOUT);
	CHECK_INT(test_console_unread(), 0);
	test_console_stop();
}

UNIT_TEST(console_enter_and_backspace)
{
	test_console_start(TEST_INPUT("\177\n\r\n\r\010x"), false);
	CHECK_INT(getkey(0), KEY_BACKSPACE);
	CHECK_INT(getkey(0), KEY_ENTER);
	CHECK_INT(getkey(0), KEY_ENTER);
	CHECK_INT(getkey(0), KEY_ENTER);
	CHECK_INT(getkey(0), KEY_BACKSPACE);
	CHECK_INT(getkey(0), 'x');
	CHECK_INT(getkey(0), -ETIMEDOUT);
	test_console_stop();
}

UNIT_TEST(console_end_of_input)
{
	test_console_start(TEST_INPUT("a"), true);
	CHECK_INT(getkey(0), 'a');
	CHECK_INT(getkey(0), KEY_EOF);
	CHECK_INT(getkey(WAIT_FOREVER), KEY_EOF);
	CHECK(!console_interrupted());
	CHECK_INT(getkey(0), KEY_EOF);
	test_console_stop();
}

UNIT_TEST(console_interrupt_keeps_other_keys)
{
	test_console_start(TEST_INPUT("ab\003cd"), false);
	CHECK(console_interrupted());
	CHECK(!console_interrupted());
	CHECK_INT(test_console_unread(), 0);
	CHECK_INT(getkey(0), 'a');
	CHECK_INT(getkey(0), 'b');
	CHECK_INT(getkey(0), 'c');
	CHECK_INT(getkey(0), 'd');
	CHECK_INT(getkey(0), -ETIMEDOUT);
	test_console_stop();
}

UNIT_TEST(console_no_interrupt_keeps_keys)
{
	test_console_start(TEST_INPUT("\033[Ax"), false);
	CHECK(!console_interrupted());
	CHECK_INT(getkey(0), KEY_UP);
	CHECK_INT(getkey(0), 'x');
	test_console_stop();
}

UNIT_TEST(console_getkey_returns_ctrl_c)
{
	test_console_start(TEST_INPUT("\003"), false);
	CHECK_INT(getkey(WAIT_FOREVER), KEY_CTRL('C'));
	test_console_stop();
}

UNIT_TEST(console_ctrl_c_cancels_wait)
{
	uint64_t start = time_now_ms();

	test_console_start(TEST_INPUT("x\003y"), false);
	CHECK_INT(wait_for(never_done, NULL, 5 * PROMPT_MS), -ECANCELED);
	CHECK(time_now_ms() - start < PROMPT_MS);
	CHECK_INT(getkey(0), 'x');
	CHECK_INT(getkey(0), 'y');
	CHECK_INT(sleep_ms(1), 0);
	test_console_stop();
}

UNIT_TEST(console_ctrl_c_cancels_sleep)
{
	test_console_start(TEST_INPUT("\003"), false);
	CHECK_INT(sleep_ms(5 * PROMPT_MS), -ECANCELED);
	test_console_stop();
}

UNIT_TEST(console_read_ahead_overflow)
{
	static char flood[FLOOD_LEN + 1];
	int i;

	for (i = 0; i < FLOOD_LEN; i++)
		flood[i] = (char)('a' + i % 26);
	flood[FLOOD_LEN] = '\003';
	test_console_start(flood, sizeof(flood), false);
	CHECK(!console_interrupted());
	CHECK(test_console_unread() > 0);
	for (i = 0; i < FLOOD_LEN; i++)
		CHECK_INT(getkey(0), 'a' + i % 26);
	CHECK_INT(getkey(0), KEY_CTRL('C'));
	CHECK_INT(getkey(0), -ETIMEDOUT);
	test_console_stop();
}
