/* SPDX-License-Identifier: MIT */
/*
 * The command language: a line holds commands separated by ";", "&&" and
 * "||", with "quoted" and 'quoted' words and ${setting} expansion; a
 * script is lines with "#" comments, ":label" lines and "goto".
 *
 * Details, compatible with iPXE scripts:
 * - Words are split on whitespace. "..." groups words and expands
 *   ${...} inside; '...' groups words and expands nothing. A backslash
 *   outside single quotes makes the next character ordinary, when that
 *   character is special here (whitespace, quotes, backslash, "$", ";",
 *   "&", "|", "#"); before any other character it is kept, so paths like
 *   boot\x64\wdsnbp.com pass through.
 * - ";", "&&" and "||" separate commands where they are unquoted and
 *   followed by whitespace or the end of the line ("set x 42; echo" splits,
 *   "ds=nocloud-net;s=http://..." stays one word). "&&" runs the next
 *   command only if the status so far is 0, "||" only if it is not, ";"
 *   always; a skipped command leaves the status as it was, so
 *   `a || b && c` runs c when a or b succeeded. A line may end in "||"
 *   (`chain x ||`): the failure is consumed and the status is 0.
 * - "#" at the start of a word starts a comment.
 * - Each command's words are expanded just before it runs, so
 *   `set x 1 && echo ${x}` prints 1. An expansion never splits a word.
 * - A script line ending in a backslash continues on the next line.
 * - A script stops at the first line whose status is not 0 (so a failure
 *   is consumed only by a later "||" command that succeeds), and at
 *   `exit`.
 */
#ifndef CORE_SCRIPT_H
#define CORE_SCRIPT_H

#include <stddef.h>
#include <stdbool.h>

/* Run one command line; returns the status of the last command run. */
int system(const char *line);

/*
 * Run the script TEXT (LEN bytes; a "#!ipxe" or "#!nicboot" first line is
 * accepted). NAME is used in error messages ("boot.ipxe line 3: ...").
 * Returns the status of the last command, or N after `exit N`.
 */
int script_run(const char *text, size_t len, const char *name);

/* The interactive shell; returns when the user types `exit` or input ends. */
int shell(void);

/*
 * Set by the `exit` command: the running script or shell stops, with
 * status exit_status. system() and script_run() clear it when they start,
 * script_run() and shell() when they stop because of it.
 */
extern bool exit_requested;
extern int exit_status;

/* Print "NAME line N: " if a script is running, for error messages. */
void script_print_location(void);

/* Is a script running (as opposed to a line typed at the shell)? */
bool script_is_running(void);

#endif
