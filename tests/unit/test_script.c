/* SPDX-License-Identifier: MIT */
/* Tests of the command language: words, quotes, expansion, && || ;, scripts. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <core/command.h>
#include <core/script.h>
#include <core/settings.h>
#include "test.h"
#include "test_console.h"

#define RECORD_SIZE 4096
#define CTRL_C "\003"
/* A line with this many words is long but must still work. */
#define MANY_WORDS 2000

/* What the ts_rec command saw: "[argv0|argv1|...]" per run. */
static char record[RECORD_SIZE];
/* How many times ts_count has run. */
static unsigned int count_runs;

static void record_reset(void)
{
	record[0] = '\0';
	count_runs = 0;
}

static void record_append(const char *s)
{
	size_t len = strlen(record);

	snprintf(record + len, sizeof(record) - len, "%s", s);
}

/* Record ARGV and succeed. */
static int ts_rec_exec(int argc, char **argv)
{
	int i;

	record_append("[");
	for (i = 0; i < argc; i++) {
		if (i)
			record_append("|");
		record_append(argv[i]);
	}
	record_append("]");
	return 0;
}

COMMAND(ts_rec_command) = {
	.name = "ts_rec",
	.exec = ts_rec_exec,
	.usage = "[WORD...]",
	.summary = "Test: record the words",
};

/* Fail with -N (default 2, ENOENT) and no message of its own. */
static int ts_fail_exec(int argc, char **argv)
{
	return argc > 1 ? -atoi(argv[1]) : -ENOENT;
}

COMMAND(ts_fail_command) = {
	.name = "ts_fail",
	.exec = ts_fail_exec,
	.usage = "[N]",
	.summary = "Test: fail with -N",
};

/* Count runs; fail once the count reaches N. */
static int ts_count_exec(int argc, char **argv)
{
	count_runs++;
	return count_runs >= (unsigned int)atoi(argv[1]) ? -ERANGE : 0;
}

COMMAND(ts_count_command) = {
	.name = "ts_count",
	.exec = ts_count_exec,
	.usage = "N",
	.summary = "Test: count, fail at N",
};

/* Scripts run by ts_chain, by number. */
static const char *const chained_scripts[] = {
	"ts_rec inner\nexit 0\nts_rec not-reached\n",
	"ts_rec inner\nexit 4\n",
	"ts_rec inner\nts_fail 5\n",
	"goto end\nts_rec skipped\n:end\nts_rec inner-end\n",
	"ts_chain 4\n",
};

/* Run chained script N (as "inner.ipxe") and return its status. */
static int ts_chain_exec(int argc, char **argv)
{
	const char *text = chained_scripts[atoi(argv[1])];

	return script_run(text, strlen(text), "inner.ipxe");
}

COMMAND(ts_chain_command) = {
	.name = "ts_chain",
	.exec = ts_chain_exec,
	.usage = "N",
	.summary = "Test: run a script from inside a script",
};

/* Run LINE with output captured and the record cleared. */
static int run(const char *line)
{
	int rc;

	record_reset();
	test_console_start(NULL, 0, false);
	rc = system(line);
	test_console_stop();
	return rc;
}

/* Run script TEXT named "t.ipxe" with output captured. */
static int run_script(const char *text)
{
	int rc;

	record_reset();
	test_console_start(NULL, 0, false);
	rc = script_run(text, strlen(text), "t.ipxe");
	test_console_stop();
	return rc;
}

/* Run the shell on INPUT (then end of input) with output captured. */
static int run_shell(const char *input, size_t len)
{
	int rc;

	record_reset();
	test_console_start(input, len, true);
	rc = shell();
	test_console_stop();
	return rc;
}

static bool output_has(const char *text)
{
	return strstr(test_console_output(), text) != NULL;
}

/* --- words and quotes ---------------------------------------------------- */

UNIT_TEST(script_words_split_on_whitespace)
{
	CHECK_INT(run("  ts_rec a  b\tc   "), 0);
	CHECK_STR(record, "[ts_rec|a|b|c]");
	CHECK_STR(test_console_output(), "");
}

UNIT_TEST(script_empty_line)
{
	CHECK_INT(run(""), 0);
	CHECK_INT(run("   \t "), 0);
	CHECK_INT(run("# just a comment"), 0);
	CHECK_STR(record, "");
	CHECK_STR(test_console_output(), "");
}

UNIT_TEST(script_quotes_group_words)
{
	CHECK_INT(run("ts_rec \"a b\" 'c  d' e\"f g\"h 'x'\"y\"z"), 0);
	CHECK_STR(record, "[ts_rec|a b|c  d|ef gh|xyz]");
	CHECK_INT(run("ts_rec \"it's\" 'say \"hi\"'"), 0);
	CHECK_STR(record, "[ts_rec|it's|say \"hi\"]");
}

UNIT_TEST(script_empty_quotes_are_words)
{
	CHECK_INT(run("ts_rec \"\" '' x \"\""), 0);
	CHECK_STR(record, "[ts_rec|||x|]");
}

UNIT_TEST(script_backslash_escapes)
{
	CHECK_INT(run("ts_rec a\\ b \\\"q\\\" \\\\ \\$x \\'s \\#n \\;"), 0);
	CHECK_STR(record, "[ts_rec|a b|\"q\"|\\|$x|'s|#n|;]");
	CHECK_INT(run("ts_rec \"a\\\"b\\\\c\\$d\""), 0);
	CHECK_STR(record, "[ts_rec|a\"b\\c$d]");
	CHECK_INT(run("ts_rec 'a\\b'"), 0);
	CHECK_STR(record, "[ts_rec|a\\b]");
}

UNIT_TEST(script_backslash_kept_before_ordinary)
{
	CHECK_INT(run("ts_rec boot\\x64\\wdsnbp.com \"c:\\dir\" end\\"), 0);
	CHECK_STR(record, "[ts_rec|boot\\x64\\wdsnbp.com|c:\\dir|end\\]");
}

UNIT_TEST(script_comments)
{
	CHECK_INT(run("ts_rec a # b c"), 0);
	CHECK_STR(record, "[ts_rec|a]");
	CHECK_INT(run("ts_rec a#b \"#c\" '#d' \\#e"), 0);
	CHECK_STR(record, "[ts_rec|a#b|#c|#d|#e]");
	CHECK_INT(run("ts_rec a #; ts_rec b"), 0);
	CHECK_STR(record, "[ts_rec|a]");
}

UNIT_TEST(script_many_words)
{
	size_t len = MANY_WORDS * 2 + 8;
	char *line = malloc(len);
	size_t i;

	CHECK(line != NULL);
	if (!line)
		return;
	strcpy(line, "ts_rec");
	for (i = 0; i < MANY_WORDS; i++)
		strcat(line, " x");
	CHECK_INT(run(line), 0);
	CHECK_INT(strlen(record), strlen("[ts_rec]") + 2 * MANY_WORDS);
	free(line);
}

/* --- expansion ----------------------------------------------------------- */

UNIT_TEST(script_expansion_and_quoting)
{
	CHECK_INT(storef_setting("ts_v", "42"), 0);
	CHECK_INT(run("ts_rec ${ts_v} \"${ts_v}\" '${ts_v}' \\${ts_v} "
		      "x${ts_v}y \"$\"'{ts_v}'"), 0);
	CHECK_STR(record, "[ts_rec|42|42|${ts_v}|${ts_v}|x42y|${ts_v}]");
	CHECK_INT(storef_setting("ts_v", NULL), 0);
}

UNIT_TEST(script_expansion_never_splits)
{
	CHECK_INT(storef_setting("ts_v", "a b;  && c"), 0);
	CHECK_INT(run("ts_rec ${ts_v} end"), 0);
	CHECK_STR(record, "[ts_rec|a b;  && c|end]");
	CHECK_INT(storef_setting("ts_v", NULL), 0);
}

UNIT_TEST(script_unset_expands_to_empty_word)
{
	CHECK_INT(run("ts_rec ${ts_nothing} x ${ts_nothing}y"), 0);
	CHECK_STR(record, "[ts_rec||x|y]");
}

UNIT_TEST(script_nested_expansion)
{
	CHECK_INT(storef_setting("ts_which", "ts_v"), 0);
	CHECK_INT(storef_setting("ts_v", "deep"), 0);
	CHECK_INT(run("ts_rec ${${ts_which}}"), 0);
	CHECK_STR(record, "[ts_rec|deep]");
	CHECK_INT(storef_setting("ts_which", NULL), 0);
	CHECK_INT(storef_setting("ts_v", NULL), 0);
}

UNIT_TEST(script_expansion_right_before_each_command)
{
	CHECK_INT(run("set ts_v 1 && ts_rec ${ts_v}; set ts_v 2; "
		      "ts_rec ${ts_v}"), 0);
	CHECK_STR(record, "[ts_rec|1][ts_rec|2]");
	CHECK_INT(storef_setting("ts_v", NULL), 0);
}

UNIT_TEST(script_command_name_expanded)
{
	CHECK_INT(storef_setting("ts_cmd", "ts_rec"), 0);
	CHECK_INT(run("${ts_cmd} a"), 0);
	CHECK_STR(record, "[ts_rec|a]");
	CHECK_INT(storef_setting("ts_cmd", NULL), 0);
	CHECK_INT(run("${ts_cmd} a"), -EUNKNOWN_CMD);
	CHECK_STR(test_console_output(), "(empty): command name is empty\n");
}

/* --- separators ---------------------------------------------------------- */

UNIT_TEST(script_semicolon_runs_both)
{
	CHECK_INT(run("ts_rec a; ts_rec b ; ts_rec c ;"), 0);
	CHECK_STR(record, "[ts_rec|a][ts_rec|b][ts_rec|c]");
	CHECK_INT(run("ts_fail 3; ts_rec b"), 0);
	CHECK_STR(record, "[ts_rec|b]");
	CHECK_INT(run("ts_rec b; ts_fail 3"), -3);
	CHECK_INT(run("; ; ts_rec a;;"), 0);
	CHECK_STR(record, "[ts_rec|a;]");
	CHECK_INT(run("ts_rec a ;;"), 0);
	CHECK_STR(record, "[ts_rec|a|;]");
}

UNIT_TEST(script_and_or)
{
	CHECK_INT(run("ts_rec a && ts_rec b"), 0);
	CHECK_STR(record, "[ts_rec|a][ts_rec|b]");
	CHECK_INT(run("ts_fail 3 && ts_rec no"), -3);
	CHECK_STR(record, "");
	CHECK_INT(run("ts_fail 3 || ts_rec yes"), 0);
	CHECK_STR(record, "[ts_rec|yes]");
	CHECK_INT(run("ts_rec a || ts_rec no"), 0);
	CHECK_STR(record, "[ts_rec|a]");
	CHECK_INT(run("ts_fail 3 || ts_fail 4"), -4);
}

UNIT_TEST(script_and_or_left_to_right)
{
	CHECK_INT(run("ts_fail || ts_rec b && ts_rec c"), 0);
	CHECK_STR(record, "[ts_rec|b][ts_rec|c]");
	CHECK_INT(run("ts_rec a || ts_rec b && ts_rec c"), 0);
	CHECK_STR(record, "[ts_rec|a][ts_rec|c]");
	CHECK_INT(run("ts_fail 3 && ts_rec b || ts_rec c"), 0);
	CHECK_STR(record, "[ts_rec|c]");
	CHECK_INT(run("ts_fail 3 && ts_rec b && ts_rec c"), -3);
	CHECK_STR(record, "");
	CHECK_INT(run("ts_fail 3 && ts_rec b; ts_rec c"), 0);
	CHECK_STR(record, "[ts_rec|c]");
}

UNIT_TEST(script_separator_must_end_a_word)
{
	CHECK_INT(run("ts_rec 42; ts_rec x"), 0);
	CHECK_STR(record, "[ts_rec|42][ts_rec|x]");
	CHECK_INT(run("ts_rec ds=nocloud-net;s=http://x/ a&&b c||d"), 0);
	CHECK_STR(record, "[ts_rec|ds=nocloud-net;s=http://x/|a&&b|c||d]");
	CHECK_INT(run("ts_rec a&& ts_rec b&&"), -ESYNTAX);
	CHECK_INT(run("ts_rec a&& ts_rec b"), 0);
	CHECK_STR(record, "[ts_rec|a][ts_rec|b]");
}

UNIT_TEST(script_quoted_separators_are_words)
{
	CHECK_INT(run("ts_rec \";\" '&&' \\|| x"), 0);
	CHECK_STR(record, "[ts_rec|;|&&||||x]");
}

/* --- syntax errors ------------------------------------------------------- */

UNIT_TEST(script_unterminated_quotes)
{
	CHECK_INT(run("ts_rec a; ts_rec \"b"), -ESYNTAX);
	CHECK_STR(record, "");
	CHECK_STR(test_console_output(),
		  "syntax error: unterminated double quote\n");
	CHECK_INT(run("ts_rec 'b"), -ESYNTAX);
	CHECK_STR(test_console_output(),
		  "syntax error: unterminated single quote\n");
	CHECK_INT(run("ts_rec \"b\\\""), -ESYNTAX);
}

UNIT_TEST(script_dangling_operators)
{
	CHECK_INT(run("ts_rec a &&"), -ESYNTAX);
	CHECK_STR(record, "");
	CHECK_STR(test_console_output(),
		  "syntax error: \"&&\" needs a command after it\n");
	CHECK_INT(run("|| ts_rec a"), -ESYNTAX);
	CHECK_STR(test_console_output(),
		  "syntax error: \"||\" needs a command before it\n");
	CHECK_INT(run("ts_rec a || && ts_rec b"), -ESYNTAX);
	CHECK_INT(run("ts_rec a && ; ts_rec b"), -ESYNTAX);
	CHECK_INT(run("ts_rec a ; && ts_rec b"), -ESYNTAX);
	CHECK_INT(run("ts_rec a && # comment"), -ESYNTAX);
	CHECK_STR(record, "");
}

/* iPXE scripts end a line in "||" to ignore a failure. */
UNIT_TEST(script_trailing_or_consumes_failure)
{
	CHECK_INT(run("ts_fail 5 ||"), 0);
	CHECK_INT(run("ts_rec a ||"), 0);
	CHECK_STR(record, "[ts_rec|a]");
	CHECK_INT(run("ts_fail 5 ;"), -5);
	CHECK_INT(run("ts_fail 5 || ;"), -ESYNTAX);
	CHECK_INT(run_script("ts_fail 3 ||\nts_rec next\n"), 0);
	CHECK_STR(record, "[ts_rec|next]");
}

/* --- failures and exit --------------------------------------------------- */

UNIT_TEST(script_failure_reported_once)
{
	CHECK_INT(run("ts_fail 2"), -ENOENT);
	CHECK_STR(test_console_output(),
		  "ts_fail: No such file or directory\n");
	CHECK_INT(run("nosuchcommand arg"), -EUNKNOWN_CMD);
	CHECK_STR(test_console_output(),
		  "nosuchcommand: command not found "
		  "(type `help` for the list)\n");
}

UNIT_TEST(script_exit_stops_the_line)
{
	CHECK_INT(run("ts_rec a; exit 3; ts_rec no"), 3);
	CHECK(exit_requested);
	CHECK_STR(record, "[ts_rec|a]");
	CHECK_INT(run("ts_rec a"), 0);
	CHECK(!exit_requested);
	CHECK_INT(run("ts_fail || exit 0 && ts_rec no"), 0);
	CHECK_STR(record, "");
	exit_requested = false;
}

/* --- scripts ------------------------------------------------------------- */

UNIT_TEST(script_run_lines)
{
	CHECK_INT(run_script("#!ipxe\nts_rec a\n\n  ts_rec b c\n"), 0);
	CHECK_STR(record, "[ts_rec|a][ts_rec|b|c]");
	CHECK_INT(run_script("#!nicboot\r\nts_rec a\r\nts_rec b"), 0);
	CHECK_STR(record, "[ts_rec|a][ts_rec|b]");
	CHECK_INT(run_script("ts_rec no-header"), 0);
	CHECK_STR(record, "[ts_rec|no-header]");
	CHECK_INT(run_script(""), 0);
	CHECK_INT(run_script("#!ipxe\n"), 0);
	CHECK_STR(test_console_output(), "");
}

UNIT_TEST(script_failure_stops_with_location)
{
	CHECK_INT(run_script("#!ipxe\nts_rec a\nts_fail 2\nts_rec no\n"),
		  -ENOENT);
	CHECK_STR(record, "[ts_rec|a]");
	CHECK_STR(test_console_output(),
		  "t.ipxe line 3: ts_fail: No such file or directory\n");
	CHECK_INT(run_script("ts_rec a\nbogus x\nts_rec no\n"), -EUNKNOWN_CMD);
	CHECK(output_has("t.ipxe line 2: bogus: command not found"));
}

UNIT_TEST(script_or_consumes_failure)
{
	CHECK_INT(run_script("ts_fail 2 || ts_rec handled\nts_rec next\n"), 0);
	CHECK_STR(record, "[ts_rec|handled][ts_rec|next]");
	CHECK(output_has("t.ipxe line 1: ts_fail: No such file"));
}

UNIT_TEST(script_and_does_not_consume_failure)
{
	CHECK_INT(run_script("ts_fail 2 && ts_rec no\nts_rec no\n"), -ENOENT);
	CHECK_STR(record, "");
}

UNIT_TEST(script_syntax_error_names_line)
{
	CHECK_INT(run_script("ts_rec a\n\nts_rec \"open\nts_rec no\n"),
		  -ESYNTAX);
	CHECK_STR(record, "[ts_rec|a]");
	CHECK_STR(test_console_output(),
		  "t.ipxe line 3: syntax error: unterminated double quote\n");
}

UNIT_TEST(script_exit_status)
{
	CHECK_INT(run_script("ts_rec a\nexit 3\nts_rec no\n"), 3);
	CHECK(!exit_requested);
	CHECK_STR(record, "[ts_rec|a]");
	CHECK_INT(run_script("exit\nts_rec no\n"), 0);
	CHECK_STR(record, "");
	CHECK_INT(run_script("ts_fail 2 || exit 9\n"), 9);
}

UNIT_TEST(script_goto_forward)
{
	CHECK_INT(run_script("goto skip\nts_rec no\n:skip\nts_rec yes\n"), 0);
	CHECK_STR(record, "[ts_rec|yes]");
}

UNIT_TEST(script_goto_skips_rest_of_line)
{
	CHECK_INT(run_script("goto a; ts_rec no\n:a\nts_rec yes\n"), 0);
	CHECK_STR(record, "[ts_rec|yes]");
}

UNIT_TEST(script_goto_loop)
{
	CHECK_INT(run_script(":loop\n"
			     "ts_count 3 || goto done\n"
			     "ts_rec round\n"
			     "goto loop\n"
			     ":done\n"
			     "ts_rec end\n"), 0);
	CHECK_INT(count_runs, 3);
	CHECK_STR(record, "[ts_rec|round][ts_rec|round][ts_rec|end]");
}

UNIT_TEST(script_goto_label_forms)
{
	CHECK_INT(run_script("goto b\n:a\nts_rec a\n  :b   trailing words\n"
			     "ts_rec b\n:bb\n"), 0);
	CHECK_STR(record, "[ts_rec|b]");
	CHECK_INT(storef_setting("ts_target", "x"), 0);
	CHECK_INT(run_script("goto ${ts_target}\nts_rec no\n:x\nts_rec x\n"),
		  0);
	CHECK_STR(record, "[ts_rec|x]");
	CHECK_INT(storef_setting("ts_target", NULL), 0);
}

UNIT_TEST(script_goto_missing_label)
{
	CHECK_INT(run_script("ts_rec a\ngoto nowhere\nts_rec no\n:now\n"),
		  -ENOENT);
	CHECK_STR(record, "[ts_rec|a]");
	CHECK_STR(test_console_output(),
		  "t.ipxe line 2: goto: no label :nowhere in t.ipxe\n");
	CHECK_INT(run_script("goto nowhere || ts_rec fallback\n"), 0);
	CHECK_STR(record, "[ts_rec|fallback]");
}

UNIT_TEST(script_goto_outside_script)
{
	CHECK_INT(run("goto x"), -ENOTSUP);
	CHECK_STR(test_console_output(), "goto: only works inside a script\n");
	CHECK_INT(run("goto"), -EINVAL);
	CHECK_STR(test_console_output(), "Usage: goto LABEL\n");
}

UNIT_TEST(script_goto_loop_interrupted)
{
	const char *text = ":top\ngoto top\n";
	int rc;

	test_console_start(TEST_INPUT(CTRL_C), false);
	rc = script_run(text, strlen(text), "t.ipxe");
	test_console_stop();
	CHECK_INT(rc, -ECANCELED);
	CHECK_STR(test_console_output(),
		  "t.ipxe line 2: goto: interrupted\n");
}

UNIT_TEST(script_line_continuation)
{
	CHECK_INT(run_script("ts_rec a \\\n  b\\\r\nc\nts_rec d\n"), 0);
	CHECK_STR(record, "[ts_rec|a|bc][ts_rec|d]");
	CHECK_INT(run_script("ts_rec a \\\\\nts_rec b\n"), 0);
	CHECK_STR(record, "[ts_rec|a|\\][ts_rec|b]");
	CHECK_INT(run_script("ts_rec a \\\nb\nts_fail 2\n"), -ENOENT);
	CHECK(output_has("t.ipxe line 3: ts_fail"));
	CHECK_INT(run_script("ts_rec last\\"), 0);
	CHECK_STR(record, "[ts_rec|last]");
}

UNIT_TEST(script_nul_byte_rejected)
{
	static const char text[] = "ts_rec a\nts_rec b\0c\nts_rec no\n";
	int rc;

	record_reset();
	test_console_start(NULL, 0, false);
	rc = script_run(text, sizeof(text) - 1, "t.ipxe");
	test_console_stop();
	CHECK_INT(rc, -ESYNTAX);
	CHECK_STR(record, "[ts_rec|a]");
	CHECK_STR(test_console_output(),
		  "t.ipxe line 2: syntax error: NUL character in line\n");
}

UNIT_TEST(script_length_is_respected)
{
	static const char text[] = "ts_rec a\nts_rec b\n";
	int rc;

	record_reset();
	test_console_start(NULL, 0, false);
	rc = script_run(text, strlen("ts_rec a\nts_r"), "t.ipxe");
	test_console_stop();
	CHECK_INT(rc, -EUNKNOWN_CMD);
	CHECK_STR(record, "[ts_rec|a]");
	CHECK(output_has("t.ipxe line 2: ts_r: command not found"));
}

/* --- scripts inside scripts ---------------------------------------------- */

UNIT_TEST(script_nested_exit_ends_inner_only)
{
	CHECK_INT(run_script("ts_chain 0\nts_rec outer\n"), 0);
	CHECK_STR(record, "[ts_rec|inner][ts_rec|outer]");
	CHECK_INT(run_script("ts_chain 1\nts_rec no\n"), 4);
	CHECK_STR(record, "[ts_rec|inner]");
	CHECK(!exit_requested);
}

UNIT_TEST(script_nested_failure_names_inner)
{
	CHECK_INT(run_script("ts_rec outer\nts_chain 2\nts_rec no\n"), -5);
	CHECK_STR(record, "[ts_rec|outer][ts_rec|inner]");
	CHECK(output_has("inner.ipxe line 2: ts_fail: "));
	CHECK(!output_has("t.ipxe line"));
}

UNIT_TEST(script_nested_goto_stays_inner)
{
	CHECK_INT(run_script("ts_chain 3\nts_rec outer\n:end\n"), 0);
	CHECK_STR(record, "[ts_rec|inner-end][ts_rec|outer]");
}

UNIT_TEST(script_nesting_is_limited)
{
	CHECK_INT(run_script("ts_chain 4\n"), -ELOOP);
	CHECK(output_has("inner.ipxe: scripts nested more than 16 deep"));
}

/* --- the shell ----------------------------------------------------------- */

UNIT_TEST(script_shell_runs_lines_until_end_of_input)
{
	CHECK_INT(run_shell(TEST_INPUT("ts_rec a\nts_rec b c\n")), 0);
	CHECK_STR(record, "[ts_rec|a][ts_rec|b|c]");
	CHECK(output_has("nicboot> "));
	CHECK_INT(test_console_unread(), 0);
}

UNIT_TEST(script_shell_exit)
{
	CHECK_INT(run_shell(TEST_INPUT("ts_rec a\nexit 5\nts_rec no\n")), 5);
	CHECK_STR(record, "[ts_rec|a]");
	CHECK(!exit_requested);
}

UNIT_TEST(script_shell_ctrl_c_gives_new_prompt)
{
	CHECK_INT(run_shell(TEST_INPUT("ts_rec x" CTRL_C "ts_rec a\n")), 0);
	CHECK_STR(record, "[ts_rec|a]");
}

UNIT_TEST(script_shell_reports_failures_and_goes_on)
{
	CHECK_INT(run_shell(TEST_INPUT("ts_fail 2\nts_rec a\nts_fail 7\n")),
		  -7);
	CHECK_STR(record, "[ts_rec|a]");
	CHECK(output_has("ts_fail: No such file or directory\n"));
	CHECK(output_has("goto x\n") == false);
}

UNIT_TEST(script_shell_goto_is_an_error)
{
	CHECK_INT(run_shell(TEST_INPUT("goto x\n")), -ENOTSUP);
	CHECK(output_has("goto: only works inside a script\n"));
}

/* --- completion in the shell -------------------------------------------- */

UNIT_TEST(shell_tab_completes_command_names)
{
	/* "ts_r" fits only ts_rec: completed with a space. */
	CHECK_INT(run_shell(TEST_INPUT("ts_r\tone\n")), 0);
	CHECK_STR(record, "[ts_rec|one]");
	/* After a separator a command starts again; in other words, nothing. */
	CHECK_INT(run_shell(TEST_INPUT("ts_rec a && ts_r\tb\tc\n")), 0);
	CHECK_STR(record, "[ts_rec|a][ts_rec|bc]");
}

UNIT_TEST(shell_tab_twice_lists_the_names)
{
	/* "ts_c" fits ts_chain and ts_count: Tab twice lists both. */
	CHECK_INT(run_shell(TEST_INPUT("ts_c\t\t\003")), 0);
	CHECK(output_has("  ts_chain  ts_count\n"));
	CHECK(output_has("\nnicboot> ts_c"));
}

UNIT_TEST(shell_tab_completes_setting_names)
{
	storef_setting("tab-completed-name", "77");
	CHECK_INT(run_shell(TEST_INPUT("ts_rec ${tab-compl\t\n")), 0);
	CHECK_STR(record, "[ts_rec|77]");
	CHECK_INT(run_shell(TEST_INPUT("ts_rec ${builtin/platfo\t\n")), 0);
	CHECK_STR(record, "[ts_rec|linux]");
	storef_setting("tab-completed-name", NULL);
}
