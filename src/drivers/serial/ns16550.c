/* SPDX-License-Identifier: MIT */
/* A 16550 UART as a console, polled: COM1 at 115200 8N1 unless configured otherwise. */
#include <stdbool.h>
#include <stdint.h>
#include <core/console.h>
#include <core/init.h>
#include <config/general.h>
#include <arch/io.h>

#define UART_CLOCK_HZ 1843200u
#define UART_DIVISOR_BASE (UART_CLOCK_HZ / 16)

/* Registers, as offsets from the base port. */
#define UART_RBR 0	/* receive buffer (read) */
#define UART_THR 0	/* transmit holding (write) */
#define UART_DLL 0	/* divisor low (with DLAB) */
#define UART_IER 1
#define UART_DLM 1	/* divisor high (with DLAB) */
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_SCR 7

#define UART_LCR_8N1 0x03
#define UART_LCR_DLAB 0x80
#define UART_FCR_ENABLE_CLEAR 0x07
#define UART_MCR_DTR_RTS 0x03
#define UART_LSR_DATA_READY 0x01
#define UART_LSR_THR_EMPTY 0x20
/* Give up on a transmitter that never drains (no UART there) after this. */
#define UART_TX_SPINS 100000
/* Written to and read back from the scratch register to detect a UART. */
#define UART_PROBE_BYTE 0x5a

static unsigned int serial_disabled = CONSOLE_DISABLED_OUTPUT |
				      CONSOLE_DISABLED_INPUT;

static void serial_putchar(int c)
{
	unsigned int spins;

	for (spins = 0; spins < UART_TX_SPINS; spins++) {
		if (inb(CONSOLE_SERIAL_PORT + UART_LSR) & UART_LSR_THR_EMPTY)
			break;
	}
	outb((uint8_t)c, CONSOLE_SERIAL_PORT + UART_THR);
}

static bool serial_iskey(void)
{
	return inb(CONSOLE_SERIAL_PORT + UART_LSR) & UART_LSR_DATA_READY;
}

static int serial_getchar(void)
{
	return inb(CONSOLE_SERIAL_PORT + UART_RBR);
}

CONSOLE_DRIVER(serial_console) = {
	.name = "serial",
	.putchar = serial_putchar,
	.iskey = serial_iskey,
	.getchar = serial_getchar,
	.disabled = &serial_disabled,
};

/* Program the line settings, if a UART answers at the port. */
static void serial_init(void)
{
	uint16_t port = CONSOLE_SERIAL_PORT;
	uint16_t divisor = UART_DIVISOR_BASE / CONSOLE_SERIAL_BAUD;

	outb(UART_PROBE_BYTE, port + UART_SCR);
	if (inb(port + UART_SCR) != UART_PROBE_BYTE)
		return;
	outb(0, port + UART_IER);
	outb(UART_LCR_8N1 | UART_LCR_DLAB, port + UART_LCR);
	outb((uint8_t)divisor, port + UART_DLL);
	outb((uint8_t)(divisor >> 8), port + UART_DLM);
	outb(UART_LCR_8N1, port + UART_LCR);
	outb(UART_FCR_ENABLE_CLEAR, port + UART_FCR);
	outb(UART_MCR_DTR_RTS, port + UART_MCR);
	while (serial_iskey())
		serial_getchar();
	serial_disabled = 0;
}

INIT_FN(serial_init_fn) = { INIT_EARLY, serial_init };
