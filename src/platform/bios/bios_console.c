/* SPDX-License-Identifier: MIT */
/* The BIOS text screen (int 10h) and keyboard (int 16h) as a console. */
#include <stdbool.h>
#include <stdint.h>
#include <core/console.h>
#include <core/time.h>
#include <arch/realmode.h>

#define INT_VIDEO 0x10
#define VIDEO_TELETYPE 0x0e00
#define VIDEO_PAGE0 0x0000
#define INT_KEYBOARD 0x16
#define KBD_READ 0x0000
#define KBD_CHECK 0x0100
#define KBD_ASCII_MASK 0xff
#define KBD_SCAN_SHIFT 8
/*
 * Each keyboard check is a trip to real mode; while nothing is typed we
 * look at most this often so the trips do not slow the network down.
 */
#define KBD_POLL_INTERVAL_US 20000

/* Scan codes of the keys that have no ASCII code. */
#define SCAN_UP 0x48
#define SCAN_DOWN 0x50
#define SCAN_LEFT 0x4b
#define SCAN_RIGHT 0x4d
#define SCAN_HOME 0x47
#define SCAN_END 0x4f
#define SCAN_DELETE 0x53
#define SCAN_PAGE_UP 0x49
#define SCAN_PAGE_DOWN 0x51

/* Video BIOS functions for the ANSI subset below, and text attributes. */
#define VIDEO_SET_CURSOR 0x0200
#define VIDEO_GET_CURSOR 0x0300
#define VIDEO_WRITE_CHAR_ATTR 0x0900
#define VIDEO_GET_MODE 0x0f00
#define ATTR_NORMAL 0x07
#define ATTR_REVERSE 0x70
#define SGR_REVERSE 7
#define BYTE_SHIFT 8
#define ANSI_PARAM_MAX 1000

static unsigned int bios_console_disabled;
static uint64_t next_poll_us;

/* Where an escape sequence being written has got to. */
enum ansi_state { ANSI_TEXT, ANSI_AFTER_ESC, ANSI_CSI };
static enum ansi_state ansi_state;
static unsigned int ansi_param;
static uint8_t text_attr = ATTR_NORMAL;

static void video_call(uint32_t ax, uint32_t bx, uint32_t cx, uint32_t dx,
		       struct real_regs *regs)
{
	*regs = (struct real_regs){ .eax = ax, .ebx = bx, .ecx = cx,
				    .edx = dx };
	real_int(INT_VIDEO, regs);
}

/* Cursor up N rows (ESC [ N A), staying in the column. */
static void ansi_cursor_up(unsigned int n)
{
	struct real_regs regs;
	unsigned int row;

	video_call(VIDEO_GET_CURSOR, VIDEO_PAGE0, 0, 0, &regs);
	row = (regs.edx >> BYTE_SHIFT) & 0xff;
	row = n < row ? row - n : 0;
	video_call(VIDEO_SET_CURSOR, VIDEO_PAGE0, 0,
		   row << BYTE_SHIFT | (regs.edx & 0xff), &regs);
}

/* Blank from the cursor to the end of its line (ESC [ K); it stays put. */
static void ansi_erase_line(void)
{
	struct real_regs regs;
	unsigned int columns, column;

	video_call(VIDEO_GET_MODE, 0, 0, 0, &regs);
	columns = (regs.eax >> BYTE_SHIFT) & 0xff;
	video_call(VIDEO_GET_CURSOR, VIDEO_PAGE0, 0, 0, &regs);
	column = regs.edx & 0xff;
	if (column < columns)
		video_call(VIDEO_WRITE_CHAR_ATTR | ' ', VIDEO_PAGE0 | ATTR_NORMAL,
			   columns - column, 0, &regs);
}

/* The end of "ESC [ PARAM FINAL": the sequences nicboot's menus use. */
static void ansi_final(int final)
{
	if (final == 'A')
		ansi_cursor_up(ansi_param ? ansi_param : 1);
	else if (final == 'K')
		ansi_erase_line();
	else if (final == 'm')
		text_attr = ansi_param == SGR_REVERSE ? ATTR_REVERSE :
			    ATTR_NORMAL;
}

/*
 * Take C if it belongs to an escape sequence (cursor up, erase line,
 * reverse video; others are dropped), so the screen shows menus as an
 * ANSI terminal does.
 */
static bool ansi_filter(int c)
{
	switch (ansi_state) {
	case ANSI_TEXT:
		if (c != KEY_ESC)
			return false;
		ansi_state = ANSI_AFTER_ESC;
		return true;
	case ANSI_AFTER_ESC:
		ansi_state = c == '[' ? ANSI_CSI : ANSI_TEXT;
		ansi_param = 0;
		return true;
	case ANSI_CSI:
		if (c >= '0' && c <= '9') {
			if (ansi_param < ANSI_PARAM_MAX)
				ansi_param = ansi_param * 10 +
					     (unsigned int)(c - '0');
		} else if (c != ';') {
			ansi_state = ANSI_TEXT;
			ansi_final(c);
		}
		return true;
	}
	return false;
}

static void bios_putchar(int c)
{
	struct real_regs regs;

	if (ansi_filter(c))
		return;
	/* A terminal's newline is a carriage return and a line feed here. */
	if (c == '\n')
		bios_putchar('\r');
	/* Teletype output keeps a cell's attribute: set it first. */
	if (text_attr != ATTR_NORMAL && c >= ' ')
		video_call(VIDEO_WRITE_CHAR_ATTR | (uint8_t)c,
			   VIDEO_PAGE0 | text_attr, 1, 0, &regs);
	video_call(VIDEO_TELETYPE | (uint8_t)c, VIDEO_PAGE0, 0, 0, &regs);
}

static bool bios_iskey(void)
{
	struct real_regs regs = { .eax = KBD_CHECK };
	uint64_t now = time_now_us();

	if (now < next_poll_us)
		return false;
	real_int(INT_KEYBOARD, &regs);
	if (regs.eflags & EFLAGS_ZF) {
		next_poll_us = now + KBD_POLL_INTERVAL_US;
		return false;
	}
	return true;
}

/* The KEY_ code for an extended key's scan code, or 0. */
static int extended_key(uint8_t scan)
{
	static const struct { uint8_t scan; int key; } keys[] = {
		{ SCAN_UP, KEY_UP }, { SCAN_DOWN, KEY_DOWN },
		{ SCAN_LEFT, KEY_LEFT }, { SCAN_RIGHT, KEY_RIGHT },
		{ SCAN_HOME, KEY_HOME }, { SCAN_END, KEY_END },
		{ SCAN_DELETE, KEY_DELETE }, { SCAN_PAGE_UP, KEY_PAGE_UP },
		{ SCAN_PAGE_DOWN, KEY_PAGE_DOWN },
	};
	unsigned int i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (keys[i].scan == scan)
			return keys[i].key;
	}
	return 0;
}

static int bios_getchar(void)
{
	struct real_regs regs = { .eax = KBD_READ };
	uint8_t ascii;

	real_int(INT_KEYBOARD, &regs);
	ascii = regs.eax & KBD_ASCII_MASK;
	/* Extended keys have ASCII 0 or 0xe0. */
	if (ascii && ascii != 0xe0)
		return ascii;
	return extended_key((uint8_t)(regs.eax >> KBD_SCAN_SHIFT));
}

CONSOLE_DRIVER(bios_console) = {
	.name = "screen",
	.putchar = bios_putchar,
	.iskey = bios_iskey,
	.getchar = bios_getchar,
	.disabled = &bios_console_disabled,
};
