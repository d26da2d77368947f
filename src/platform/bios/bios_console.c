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

static unsigned int bios_console_disabled;
static uint64_t next_poll_us;

static void bios_putchar(int c)
{
	struct real_regs regs = {
		.eax = VIDEO_TELETYPE | (uint8_t)c,
		.ebx = VIDEO_PAGE0,
	};

	/* A terminal's newline is a carriage return and a line feed here. */
	if (c == '\n')
		bios_putchar('\r');
	real_int(INT_VIDEO, &regs);
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
