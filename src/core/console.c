/* SPDX-License-Identifier: MIT */
/* The console multiplexer: output to every console, keys decoded from any. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <core/console.h>
#include <core/process.h>
#include <core/time.h>

/* Keys read ahead (while looking for Ctrl-C) and not yet taken by getkey(). */
#define INPUT_RING_SIZE 128
/* After ESC, how long to wait for the next byte of an escape sequence. */
#define ESC_SEQUENCE_TIMEOUT_MS 50
/* Bytes after "ESC [" before a sequence is given up as garbage. */
#define CSI_MAX_LENGTH 16
/* Numeric parameters beyond this are not keys: stop accumulating. */
#define CSI_PARAM_MAX 1000
/* "ESC [ N ~" with N below this is a key (KEY_ANSI), above it garbage. */
#define ANSI_KEY_PARAM_MAX 255
/* First and last byte that end a CSI sequence, and first parameter byte. */
#define CSI_FINAL_FIRST 0x40
#define CSI_FINAL_LAST 0x7e
#define CSI_PARAM_FIRST 0x20
#define KEY_INTERRUPT KEY_CTRL('C')

/* CSI "n~" parameters of the editing keys (VT220 and xterm numbering). */
enum vt_key_code {
	VT_HOME = 1,
	VT_INSERT,
	VT_DELETE,
	VT_END,
	VT_PAGE_UP,
	VT_PAGE_DOWN,
	VT_HOME_RXVT,
	VT_END_RXVT,
};

static uint16_t input_ring[INPUT_RING_SIZE];
static unsigned int ring_head;
static unsigned int ring_count;
/* The last byte decoded was CR: a LF right after it is the same Enter. */
static bool last_was_cr;

/* --- output ------------------------------------------------------------ */

static bool console_disabled(const struct console_driver *console,
			     unsigned int flag)
{
	return console->disabled && (*console->disabled & flag);
}

static void console_putc(int c)
{
	const struct console_driver *console;

	for_each_table_entry(console, consoles) {
		if (console->putchar &&
		    !console_disabled(console, CONSOLE_DISABLED_OUTPUT))
			console->putchar(c);
	}
}

static void console_emit(void *ctx, char c)
{
	console_putc((unsigned char)c);
}

int vprintf(const char *fmt, va_list args)
{
	return vcprintf(console_emit, NULL, fmt, args);
}

int printf(const char *fmt, ...)
{
	va_list args;
	int len;

	va_start(args, fmt);
	len = vprintf(fmt, args);
	va_end(args);
	return len;
}

int putchar(int c)
{
	console_putc((unsigned char)c);
	return (unsigned char)c;
}

int puts(const char *s)
{
	int len = 0;

	while (s[len])
		console_putc((unsigned char)s[len++]);
	console_putc('\n');
	return len + 1;
}

const struct console_driver *find_console(const char *name)
{
	const struct console_driver *console;

	for_each_table_entry(console, consoles) {
		if (strcmp(console->name, name) == 0)
			return console;
	}
	return NULL;
}

/* --- the read-ahead ring ---------------------------------------------- */

static unsigned int ring_index(unsigned int i)
{
	return (ring_head + i) % INPUT_RING_SIZE;
}

static void ring_push(int key)
{
	input_ring[ring_index(ring_count++)] = (uint16_t)key;
}

static int ring_pop(void)
{
	int key = input_ring[ring_head];

	ring_head = ring_index(1);
	ring_count--;
	return key;
}

/* Put KEY back in front; only after a key was taken, so there is room. */
static void ring_unget(int key)
{
	ring_head = ring_index(INPUT_RING_SIZE - 1);
	input_ring[ring_head] = (uint16_t)key;
	ring_count++;
}

/* Remove every Ctrl-C from the ring, keeping the other keys in order. */
static bool ring_take_interrupts(void)
{
	unsigned int i, kept = 0;
	int key;

	for (i = 0; i < ring_count; i++) {
		key = input_ring[ring_index(i)];
		if (key != KEY_INTERRUPT)
			input_ring[ring_index(kept++)] = (uint16_t)key;
	}
	if (kept == ring_count)
		return false;
	ring_count = kept;
	return true;
}

/* --- raw input ---------------------------------------------------------- */

static bool console_can_read(const struct console_driver *console)
{
	return console->iskey && console->getchar &&
	       !console_disabled(console, CONSOLE_DISABLED_INPUT);
}

/* One byte (or KEY_EOF) from the first console that has one, or -EAGAIN. */
static int read_console_byte(void)
{
	const struct console_driver *console;

	for_each_table_entry(console, consoles) {
		if (console_can_read(console) && console->iskey())
			return console->getchar();
	}
	return -EAGAIN;
}

bool iskey(void)
{
	const struct console_driver *console;

	if (ring_count)
		return true;
	for_each_table_entry(console, consoles) {
		if (console_can_read(console) && console->iskey())
			return true;
	}
	return false;
}

/*
 * Move waiting bytes into the ring. Stops when the ring is full (the rest
 * stay with the console) and after end of input, which repeats for ever.
 */
static void read_ahead(void)
{
	int key;

	while (ring_count < INPUT_RING_SIZE) {
		if (ring_count &&
		    input_ring[ring_index(ring_count - 1)] == KEY_EOF)
			return;
		key = read_console_byte();
		if (key < 0)
			return;
		ring_push(key);
	}
}

bool console_interrupted(void)
{
	read_ahead();
	return ring_take_interrupts();
}

static bool key_waiting(void *ctx)
{
	return iskey();
}

/* The next raw byte, waiting up to TIMEOUT_MS; -ETIMEDOUT if none came. */
static int wait_byte(uint32_t timeout_ms)
{
	int rc = wait_for_uncancellable(key_waiting, NULL, timeout_ms);

	if (rc)
		return rc;
	if (ring_count)
		return ring_pop();
	return read_console_byte();
}

/* --- escape sequences -------------------------------------------------- */

/* The key a sequence ending in FINAL with first parameter PARAM stands for. */
static int escape_sequence_key(int final, unsigned int param)
{
	switch (final) {
	case 'A':
		return KEY_UP;
	case 'B':
		return KEY_DOWN;
	case 'C':
		return KEY_RIGHT;
	case 'D':
		return KEY_LEFT;
	case 'H':
		return KEY_HOME;
	case 'F':
		return KEY_END;
	case '~':
		break;
	default:
		return -EAGAIN;
	}
	switch (param) {
	case VT_HOME:
	case VT_HOME_RXVT:
		return KEY_HOME;
	case VT_END:
	case VT_END_RXVT:
		return KEY_END;
	case VT_DELETE:
		return KEY_DELETE;
	case VT_PAGE_UP:
		return KEY_PAGE_UP;
	case VT_PAGE_DOWN:
		return KEY_PAGE_DOWN;
	default:
		if (param && param <= ANSI_KEY_PARAM_MAX)
			return (int)KEY_ANSI(param, '~');
		return -EAGAIN;
	}
}

/* A byte that cannot be inside a sequence ends it and is kept as a key. */
static bool keep_stray_byte(int c)
{
	if (c < 0)
		return false;
	if (c >= CSI_PARAM_FIRST && c <= CSI_FINAL_LAST)
		return false;
	ring_unget(c);
	return true;
}

/* Decode the rest of "ESC [ params final"; -EAGAIN if it is no known key. */
static int decode_csi(void)
{
	unsigned int param = 0, i;
	bool first_param = true;
	int c;

	for (i = 0; i < CSI_MAX_LENGTH; i++) {
		c = wait_byte(ESC_SEQUENCE_TIMEOUT_MS);
		if (keep_stray_byte(c) || c < 0)
			return -EAGAIN;
		if (c >= CSI_FINAL_FIRST)
			return escape_sequence_key(c, first_param ? param : 0);
		if (c == ';')
			first_param = false;
		else if (c >= '0' && c <= '9' && first_param &&
			 param < CSI_PARAM_MAX)
			param = param * 10 + (unsigned int)(c - '0');
	}
	return -EAGAIN;
}

/* Decode the rest of "ESC O final" (keypad in application mode). */
static int decode_ss3(void)
{
	int c = wait_byte(ESC_SEQUENCE_TIMEOUT_MS);

	if (keep_stray_byte(c) || c < 0)
		return -EAGAIN;
	return escape_sequence_key(c, 0);
}

/* After ESC: a sequence, or the Escape key itself if nothing follows soon. */
static int decode_escape(void)
{
	int c = wait_byte(ESC_SEQUENCE_TIMEOUT_MS);

	if (c < 0)
		return KEY_ESC;
	if (c == '[')
		return decode_csi();
	if (c == 'O')
		return decode_ss3();
	ring_unget(c);
	return KEY_ESC;
}

/* The key that starts with byte C; -EAGAIN if the input meant no key. */
static int decode_key(int c)
{
	bool after_cr = last_was_cr;

	last_was_cr = c == '\r';
	switch (c) {
	case KEY_ESC:
		return decode_escape();
	case KEY_DEL_CHAR:
		return KEY_BACKSPACE;
	case '\n':
		return after_cr ? -EAGAIN : KEY_ENTER;
	default:
		return c;
	}
}

/* Milliseconds left until DEADLINE_US, for a new wait. */
static uint32_t remaining_ms(uint64_t deadline_us)
{
	uint64_t now = time_now_us();
	uint64_t left;

	if (deadline_us == UINT64_MAX)
		return WAIT_FOREVER;
	if (now >= deadline_us)
		return 0;
	left = (deadline_us - now + US_PER_MS - 1) / US_PER_MS;
	return left < WAIT_FOREVER ? (uint32_t)left : WAIT_FOREVER - 1;
}

int getkey(uint32_t timeout_ms)
{
	uint64_t deadline = UINT64_MAX;
	int key;

	if (timeout_ms != WAIT_FOREVER)
		deadline = time_now_us() + (uint64_t)timeout_ms * US_PER_MS;
	do {
		key = wait_byte(remaining_ms(deadline));
		if (key >= 0)
			key = decode_key(key);
	} while (key == -EAGAIN);
	return key;
}
