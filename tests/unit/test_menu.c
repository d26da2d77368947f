/* SPDX-License-Identifier: MIT */
/* Tests of menu, item, choose, prompt, read, isset, iseq, inc and shell. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <core/command.h>
#include <core/console.h>
#include <core/script.h>
#include <core/settings.h>
#include "test.h"
#include "test_console.h"

#define KEY_UP_SEQ "\033[A"
#define KEY_DOWN_SEQ "\033[B"
#define KEY_END_SEQ "\033[F"
#define ESC_ALONE "\033"
#define CTRL_C "\003"

/* Run LINE with INPUT (LEN bytes) as the keys, then no more keys. */
static int run_keys(const char *line, const char *input, size_t len)
{
	int rc;

	test_console_start(input, len, false);
	rc = system(line);
	test_console_stop();
	return rc;
}

/* Run LINE with INPUT as the keys, then the end of input. */
static int run_keys_eof(const char *line, const char *input, size_t len)
{
	int rc;

	test_console_start(input, len, true);
	rc = system(line);
	test_console_stop();
	return rc;
}

/* The setting NAME's value as text (a static buffer), "" if unset. */
static const char *value(const char *name)
{
	static char buf[128];

	if (fetchf_setting(name, buf, sizeof(buf)) < 0)
		buf[0] = '\0';
	return buf;
}

static const char *output_has(const char *needle)
{
	return strstr(test_console_output(), needle);
}

#define MENU "menu Pick one; item --gap -- -- systems --; item a Alpha; " \
	     "item --key x b Bravo; item c Charlie; item --gap; "

UNIT_TEST(isset_and_iseq)
{
	CHECK_INT(run_keys("isset x", NULL, 0), 0);
	CHECK_INT(run_keys("isset ''", NULL, 0), STATUS_FALSE);
	CHECK_INT(run_keys("isset", NULL, 0), STATUS_FALSE);
	CHECK_INT(run_keys("isset ${no-such-setting}", NULL, 0), STATUS_FALSE);
	CHECK_INT(run_keys("iseq abc abc", NULL, 0), 0);
	CHECK_INT(run_keys("iseq abc abd", NULL, 0), STATUS_FALSE);
	CHECK_INT(run_keys("iseq '' ${no-such-setting}", NULL, 0), 0);
	/* A false test prints nothing; || consumes it. */
	CHECK_INT(run_keys("iseq a b || set r fallback", NULL, 0), 0);
	CHECK_STR(test_console_output(), "");
	CHECK_STR(value("r"), "fallback");
	CHECK_INT(run_keys("iseq a", NULL, 0), -EINVAL);
	CHECK(output_has("Usage: iseq VALUE VALUE"));
	storef_setting("r", NULL);
}

UNIT_TEST(isset_ends_a_script_quietly)
{
	const char *text = "isset ${nothing-here}\necho not reached\n";
	int rc;

	test_console_start(NULL, 0, false);
	rc = script_run(text, strlen(text), "t.ipxe");
	test_console_stop();
	CHECK_INT(rc, STATUS_FALSE);
	CHECK_STR(test_console_output(), "");
}

UNIT_TEST(prompt_any_key)
{
	CHECK_INT(run_keys("prompt Press a key", TEST_INPUT("z")), 0);
	CHECK_STR(test_console_output(), "Press a key\n");
	CHECK_INT(test_console_unread(), 0);
	CHECK_INT(run_keys("prompt", TEST_INPUT(CTRL_C)), STATUS_FALSE);
}

UNIT_TEST(prompt_wants_its_key)
{
	CHECK_INT(run_keys("prompt --key q Press q", TEST_INPUT("q")), 0);
	CHECK_INT(run_keys("prompt --key q Press q", TEST_INPUT("w")),
		  STATUS_FALSE);
	CHECK_INT(run_keys("prompt --key 0x02 --timeout 1000 Ctrl-B?",
			   TEST_INPUT("\002")), 0);
	/* F12 arrives as "ESC [ 24 ~" and is iPXE's 0x197e. */
	CHECK_INT(run_keys("prompt --key 0x197e F12?",
			   TEST_INPUT("\033[24~")), 0);
}

UNIT_TEST(prompt_timeout_fails)
{
	CHECK_INT(run_keys("prompt --timeout 30 Wait", NULL, 0), STATUS_FALSE);
	CHECK_STR(test_console_output(), "Wait\n");
	CHECK_INT(run_keys("prompt --timeout 30 x || set r timed-out", NULL, 0),
		  0);
	CHECK_STR(value("r"), "timed-out");
	storef_setting("r", NULL);
}

UNIT_TEST(prompt_bad_options)
{
	CHECK_INT(run_keys("prompt --key", NULL, 0), -EINVAL);
	CHECK_INT(run_keys("prompt --key 0xzz x", NULL, 0), -EINVAL);
	CHECK(output_has("invalid key: 0xzz"));
	CHECK_INT(run_keys("prompt --timeout soon x", NULL, 0), -EINVAL);
	CHECK(output_has("invalid timeout (ms): soon"));
}

UNIT_TEST(read_into_setting)
{
	CHECK_INT(run_keys("read answer", TEST_INPUT("forty two\r")), 0);
	CHECK_STR(value("answer"), "forty two");
	/* The current value is the starting text. */
	CHECK_INT(run_keys("read answer", TEST_INPUT("!\r")), 0);
	CHECK_STR(value("answer"), "forty two!");
	CHECK_INT(run_keys("read answer:ipv4", TEST_INPUT("\025" "10.1.2.3\r")),
		  0);
	CHECK_STR(value("answer"), "10.1.2.3");
	storef_setting("answer", NULL);
}

UNIT_TEST(read_cancel_and_timeout)
{
	CHECK_INT(run_keys("set v keep; read v", TEST_INPUT("zz" CTRL_C)),
		  STATUS_FALSE);
	CHECK_STR(value("v"), "keep");
	CHECK_INT(run_keys("read --timeout 30 v", NULL, 0), STATUS_FALSE);
	CHECK_STR(value("v"), "keep");
	CHECK_INT(run_keys("read ip", TEST_INPUT("300.1.1.1\r")), -EINVAL);
	CHECK(output_has("invalid value for ip:ipv4"));
	CHECK_INT(run_keys("read", NULL, 0), -EINVAL);
	storef_setting("v", NULL);
}

UNIT_TEST(choose_with_enter_and_arrows)
{
	CHECK_INT(run_keys(MENU "choose sel", TEST_INPUT("\r")), 0);
	CHECK_STR(value("sel"), "a");
	CHECK(output_has("Pick one"));
	CHECK(output_has("  -- systems --"));
	CHECK(output_has("> Alpha"));
	CHECK(output_has("a chosen"));
	CHECK_INT(run_keys(MENU "choose sel",
			   TEST_INPUT(KEY_DOWN_SEQ KEY_DOWN_SEQ KEY_DOWN_SEQ
				      KEY_UP_SEQ "\r")), 0);
	CHECK_STR(value("sel"), "b");
	/* Redraws move back up over the block: title, 5 lines, help. */
	CHECK(output_has("\033[7A"));
	CHECK_INT(run_keys(MENU "choose sel", TEST_INPUT(KEY_END_SEQ "\r")), 0);
	CHECK_STR(value("sel"), "c");
	storef_setting("sel", NULL);
}

UNIT_TEST(choose_shortcut_default_and_gaps)
{
	CHECK_INT(run_keys(MENU "choose sel", TEST_INPUT("x")), 0);
	CHECK_STR(value("sel"), "b");
	CHECK_INT(run_keys(MENU "choose --default c sel", TEST_INPUT("\r")), 0);
	CHECK_STR(value("sel"), "c");
	CHECK_INT(run_keys("menu; item a A; item --default b B; choose sel",
			   TEST_INPUT("\r")), 0);
	CHECK_STR(value("sel"), "b");
	/* An unknown default falls back to the first item. */
	CHECK_INT(run_keys(MENU "choose --default zz sel", TEST_INPUT("\r")),
		  0);
	CHECK_STR(value("sel"), "a");
	storef_setting("sel", NULL);
}

UNIT_TEST(choose_timeout_takes_the_default)
{
	CHECK_INT(run_keys(MENU "choose --timeout 30 --default c sel", NULL,
			   0), 0);
	CHECK_STR(value("sel"), "c");
	CHECK(output_has("1 s to go"));
	/* At the end of input the timeout counts as passed. */
	CHECK_INT(run_keys_eof(MENU "choose --timeout 5000 --default b sel",
			       NULL, 0), 0);
	CHECK_STR(value("sel"), "b");
	storef_setting("sel", NULL);
}

UNIT_TEST(choose_cancelled)
{
	CHECK_INT(run_keys(MENU "choose sel || set sel cancelled",
			   TEST_INPUT(ESC_ALONE)), 0);
	CHECK_STR(value("sel"), "cancelled");
	CHECK_INT(run_keys(MENU "choose sel", TEST_INPUT(CTRL_C)),
		  STATUS_FALSE);
	CHECK_INT(run_keys_eof(MENU "choose sel", NULL, 0), STATUS_FALSE);
	storef_setting("sel", NULL);
}

UNIT_TEST(choose_keep_and_named_menus)
{
	CHECK_INT(run_keys("menu --name m1 First; item --menu m1 one 1; "
			   "choose --menu m1 --keep sel", TEST_INPUT("\r")), 0);
	CHECK_STR(value("sel"), "one");
	CHECK_INT(run_keys("choose --menu m1 sel", TEST_INPUT("\r")), 0);
	/* Without --keep the menu is gone now. */
	CHECK_INT(run_keys("choose --menu m1 sel", NULL, 0), -ENOENT);
	CHECK(output_has("no menu \"m1\""));
	CHECK_INT(run_keys("item --menu nope a A", NULL, 0), -ENOENT);
	CHECK_INT(run_keys("menu --name m2; menu --name m2 --delete; "
			   "menu --name m2 --delete", NULL, 0), -ENOENT);
	storef_setting("sel", NULL);
}

UNIT_TEST(choose_needs_an_item)
{
	CHECK_INT(run_keys("menu Empty; item --gap nothing; choose sel", NULL,
			   0), -ENOENT);
	CHECK(output_has("menu has no item to choose"));
	CHECK_INT(run_keys("menu; choose", NULL, 0), -EINVAL);
	CHECK_INT(run_keys("menu --delete", NULL, 0), 0);
}

UNIT_TEST(choose_long_menu_scrolls)
{
	char line[4096] = "menu Long";
	size_t len;
	int i;

	for (i = 0; i < 40; i++) {
		len = strlen(line);
		snprintf(line + len, sizeof(line) - len, "; item i%d Item %d",
			 i, i);
	}
	len = strlen(line);
	snprintf(line + len, sizeof(line) - len, "; choose --default i39 sel");
	CHECK_INT(run_keys(line, TEST_INPUT("\r")), 0);
	CHECK_STR(value("sel"), "i39");
	/* The window holds the selection, not the first items. */
	CHECK(output_has("> Item 39"));
	CHECK(!output_has("  Item 0\n"));
	storef_setting("sel", NULL);
}

UNIT_TEST(choose_scrolls_back_to_the_separators_on_top)
{
	char line[4096] = "menu Long; item --gap -- Header";
	size_t len;
	int i;

	for (i = 0; i < 30; i++) {
		len = strlen(line);
		snprintf(line + len, sizeof(line) - len, "; item i%d Item %d",
			 i, i);
	}
	len = strlen(line);
	snprintf(line + len, sizeof(line) - len,
		 "; choose --default i29 sel");
	/* Home from the bottom: the header is on screen again. */
	CHECK_INT(run_keys(line, TEST_INPUT("\033[H\r")), 0);
	CHECK_STR(value("sel"), "i0");
	CHECK(strstr(strrchr(test_console_output(), 'L'), "  Header\n"));
	storef_setting("sel", NULL);
}

UNIT_TEST(menu_redefined_replaces_the_old_one)
{
	CHECK_INT(run_keys("menu Old; item a A; menu New; item b B; choose sel",
			   TEST_INPUT("\r")), 0);
	CHECK_STR(value("sel"), "b");
	CHECK(!output_has("Old"));
	storef_setting("sel", NULL);
}

UNIT_TEST(inc_counts_attempts)
{
	CHECK_INT(run_keys("inc tries; inc tries; inc tries 10", NULL, 0), 0);
	CHECK_STR(value("tries"), "12");
	CHECK_INT(run_keys("set tries many; inc tries", NULL, 0), -EINVAL);
	CHECK(output_has("tries is not a number: many"));
	CHECK_INT(run_keys("inc tries -1", NULL, 0), -EINVAL);
	CHECK_INT(run_keys("inc", NULL, 0), -EINVAL);
	storef_setting("tries", NULL);
}

UNIT_TEST(shell_command_from_a_script)
{
	const char *text = "shell\necho after\n";
	int rc;

	test_console_start(TEST_INPUT("echo inside\nexit\n"), true);
	rc = script_run(text, strlen(text), "t.ipxe");
	test_console_stop();
	CHECK_INT(rc, 0);
	CHECK(output_has("inside\n"));
	CHECK(output_has("after\n"));
}
