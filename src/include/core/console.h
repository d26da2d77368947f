/* SPDX-License-Identifier: MIT */
/*
 * The console multiplexer: output goes to every enabled console driver
 * (serial, screen, host stdout); input comes from whichever has a key.
 * Escape sequences from terminals are decoded into KEY_ codes.
 */
#ifndef CORE_CONSOLE_H
#define CORE_CONSOLE_H

#include <stdint.h>
#include <stdbool.h>
#include <core/table.h>

/* Keys beyond ASCII, as returned by getkey(). */
#define KEY_CTRL(c) ((c) & 0x1f)
#define KEY_BACKSPACE 0x08
#define KEY_TAB 0x09
#define KEY_ENTER 0x0d
#define KEY_ESC 0x1b
#define KEY_DEL_CHAR 0x7f
#define KEY_UP 0x101
#define KEY_DOWN 0x102
#define KEY_RIGHT 0x103
#define KEY_LEFT 0x104
#define KEY_HOME 0x105
#define KEY_END 0x106
#define KEY_DELETE 0x107
#define KEY_PAGE_UP 0x108
#define KEY_PAGE_DOWN 0x109
/*
 * Any other "ESC [ N ~" key (F5 is N = 15 ... F12 is 24), numbered as
 * iPXE numbers it so that `prompt --key 0x197e` means F12 here too.
 */
#define KEY_ANSI(n, final) ((((n) + 1) << 8) | (final))
/* End of input (host stdin closed): the shell exits. */
#define KEY_EOF 0x1ff

#define CONSOLE_DISABLED_OUTPUT 0x1
#define CONSOLE_DISABLED_INPUT 0x2

struct console_driver {
	const char *name;
	/* Write one byte; NULL for input-only consoles. */
	void (*putchar)(int c);
	/* Is a byte waiting? NULL for output-only consoles. */
	bool (*iskey)(void);
	/* Read one byte (only called after iskey()); may return KEY_EOF. */
	int (*getchar)(void);
	/* Runtime state: CONSOLE_DISABLED_* bits. */
	unsigned int *disabled;
};
TABLE_DECLARE(const struct console_driver, consoles);
#define CONSOLE_DRIVER(ident) \
	static const struct console_driver ident \
	TABLE_ENTRY(const struct console_driver, consoles)

/* Is a key waiting on any console? */
bool iskey(void);
/*
 * Wait up to TIMEOUT_MS (WAIT_FOREVER for ever) for a key, running the
 * event loop meanwhile. Returns the key (ASCII or KEY_*), or -ETIMEDOUT.
 */
int getkey(uint32_t timeout_ms);
/* Has the user pressed Ctrl-C since the last call? Consumes that key only. */
bool console_interrupted(void);
/* The console driver called NAME, or NULL. */
const struct console_driver *find_console(const char *name);

#endif
