/* SPDX-License-Identifier: MIT */
/* The host program's console: standard output and standard input. */
#include <stdbool.h>
#include <stdint.h>
#include <core/console.h>
#include <core/init.h>
#include "platform/linux/hostsys.h"
#include "platform/linux/linux.h"

#define STDIO_OUT_BUFFER 4096

static char out_buffer[STDIO_OUT_BUFFER];
static size_t out_fill;
static bool stdin_closed;
static unsigned int stdio_disabled;

static void stdio_flush(void)
{
	if (out_fill)
		host_write(HOST_STDOUT, out_buffer, out_fill);
	out_fill = 0;
}

/*
 * Output is buffered and flushed at each newline, when full, and whenever
 * the program waits for input, so a progress line shows without a
 * system call per character.
 */
static void stdio_putchar(int c)
{
	out_buffer[out_fill++] = (char)c;
	if (c == '\n' || c == '\r' || out_fill == sizeof(out_buffer))
		stdio_flush();
}

static bool stdio_iskey(void)
{
	uint8_t ready = 0;
	int fd = HOST_STDIN;

	stdio_flush();
	if (stdin_closed)
		return true;
	return host_poll(&fd, &ready, 1, 0) > 0 && ready;
}

static int stdio_getchar(void)
{
	unsigned char c;

	if (stdin_closed || host_read(HOST_STDIN, &c, 1) != 1) {
		/* Stop waking on a descriptor that is readable for ever. */
		if (!stdin_closed)
			linux_unwatch_fd(HOST_STDIN);
		stdin_closed = true;
		return KEY_EOF;
	}
	return c;
}

CONSOLE_DRIVER(stdio_console) = {
	.name = "stdio",
	.putchar = stdio_putchar,
	.iskey = stdio_iskey,
	.getchar = stdio_getchar,
	.disabled = &stdio_disabled,
};

static void stdio_console_init(void)
{
	linux_watch_fd(HOST_STDIN);
}

INIT_FN(stdio_console_init_fn) = { INIT_EARLY, stdio_console_init };

static void stdio_console_shutdown(void)
{
	stdio_flush();
}

SHUTDOWN_FN(stdio_console_shutdown_fn) = { INIT_EARLY, stdio_console_shutdown };
