/* SPDX-License-Identifier: MIT */
/*
 * The firmware's console (ConOut and ConIn) as a console. When the
 * firmware's console already includes a terminal on a serial port (OVMF
 * under qemu, servers' console redirection), the 16550 console stops, so
 * that each character reaches the serial line once.
 */
#include <stdbool.h>
#include <stdint.h>
#include <core/compiler.h>
#include <core/console.h>
#include <core/init.h>
#include <core/time.h>
#include "platform/efi/efi.h"

/* Characters gathered before a call to OutputString(). */
#define OUT_BUFFER_LEN 128
/* While nothing is typed, ask ConIn at most this often (each ask is slow). */
#define KEY_POLL_INTERVAL_US 10000


static unsigned int efi_console_disabled;
static CHAR16 out_buffer[OUT_BUFFER_LEN + 1];
static unsigned int out_fill;
static EFI_INPUT_KEY pending_key;
static bool key_pending;
static uint64_t next_poll_us;

static void efi_console_flush(void)
{
	if (!out_fill)
		return;
	out_buffer[out_fill] = 0;
	efi_systab->ConOut->OutputString(efi_systab->ConOut, out_buffer);
	out_fill = 0;
}

/* Output is sent a line (or a progress update) at a time. */
static void efi_putchar(int c)
{
	if (c == '\n')
		efi_putchar('\r');
	out_buffer[out_fill++] = (uint8_t)c;
	if (c == '\n' || c == '\r' || out_fill == OUT_BUFFER_LEN)
		efi_console_flush();
}

static bool efi_iskey(void)
{
	uint64_t now;

	efi_console_flush();
	if (key_pending)
		return true;
	now = time_now_us();
	if (now < next_poll_us)
		return false;
	if (efi_systab->ConIn->ReadKeyStroke(efi_systab->ConIn,
					     &pending_key) == EFI_SUCCESS) {
		key_pending = true;
		return true;
	}
	next_poll_us = now + KEY_POLL_INTERVAL_US;
	return false;
}

/* The KEY_ code for an EFI scan code (SCAN_* from eficon.h), or 0. */
static int scan_key(uint16_t scan)
{
	static const struct { uint16_t scan; int key; } keys[] = {
		{ SCAN_UP, KEY_UP }, { SCAN_DOWN, KEY_DOWN },
		{ SCAN_LEFT, KEY_LEFT }, { SCAN_RIGHT, KEY_RIGHT },
		{ SCAN_HOME, KEY_HOME }, { SCAN_END, KEY_END },
		{ SCAN_DELETE, KEY_DELETE }, { SCAN_PAGE_UP, KEY_PAGE_UP },
		{ SCAN_PAGE_DOWN, KEY_PAGE_DOWN }, { SCAN_ESC, KEY_ESC },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		if (keys[i].scan == scan)
			return keys[i].key;
	}
	return 0;
}

static int efi_getchar(void)
{
	key_pending = false;
	if (pending_key.UnicodeChar)
		return pending_key.UnicodeChar & 0xff;
	return scan_key(pending_key.ScanCode);
}

CONSOLE_DRIVER(efi_console) = {
	.name = "efi",
	.putchar = efi_putchar,
	.iskey = efi_iskey,
	.getchar = efi_getchar,
	.disabled = &efi_console_disabled,
};

/* Whether device path DP goes through a UART. */
static bool devpath_has_uart(EFI_DEVICE_PATH *dp)
{
	while (!IsDevicePathEnd(dp) &&
	       (size_t)DevicePathNodeLength(dp) >= sizeof(*dp)) {
		if (DevicePathType(dp) == MESSAGING_DEVICE_PATH &&
		    DevicePathSubType(dp) == MSG_UART_DP)
			return true;
		dp = NextDevicePathNode(dp);
	}
	return false;
}

/* Whether one of the firmware's text outputs is a serial terminal. */
static bool firmware_has_serial_console(void)
{
	EFI_GUID text_out_guid = EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL_GUID;
	EFI_GUID devpath_guid = EFI_DEVICE_PATH_PROTOCOL_GUID;
	EFI_HANDLE *handles;
	UINTN count, i;
	bool found = false;

	if (efi_bs->LocateHandleBuffer(ByProtocol, &text_out_guid, NULL,
				       &count, &handles) != EFI_SUCCESS)
		return false;
	for (i = 0; i < count && !found; i++) {
		EFI_DEVICE_PATH *dp = efi_protocol(handles[i], &devpath_guid);

		found = dp && devpath_has_uart(dp);
	}
	efi_bs->FreePool(handles);
	return found;
}

/* After the serial console's own set-up (INIT_EARLY). */
static void efi_console_init(void)
{
	const struct console_driver *serial = find_console("serial");

	if (serial && firmware_has_serial_console())
		*serial->disabled |= CONSOLE_DISABLED_OUTPUT |
				     CONSOLE_DISABLED_INPUT;
}

INIT_FN(efi_console_init_fn) = { INIT_NORMAL, efi_console_init };

SHUTDOWN_FN(efi_console_shutdown_fn) = { INIT_EARLY, efi_console_flush };
