/* SPDX-License-Identifier: MIT */
/* The time-stamp counter calibrated against PIT channel 2; idling. */
#include <stdint.h>
#include <core/platform.h>
#include <core/time.h>
#include <arch/io.h>
#include <arch/tsc.h>
#include "platform/bios/bios.h"

#define PIT_HZ 1193182u
#define PIT_CHANNEL2 0x42
#define PIT_COMMAND 0x43
/* Channel 2, low then high byte, mode 0 (interrupt on terminal count). */
#define PIT_CH2_MODE0 0xb0
/* Port 0x61: bit 0 gates channel 2, bit 1 drives the speaker, bit 5 is OUT2. */
#define PORT_B 0x61
#define PORT_B_GATE2 0x01
#define PORT_B_SPEAKER 0x02
#define PORT_B_OUT2 0x20
#define CALIBRATE_MS 10
#define CALIBRATE_COUNT (PIT_HZ / (MS_PER_SEC / CALIBRATE_MS))

void bios_timer_init(void)
{
	uint8_t port_b = inb(PORT_B) & ~PORT_B_SPEAKER;
	uint64_t t0, t1;

	outb(port_b & ~PORT_B_GATE2, PORT_B);
	outb(PIT_CH2_MODE0, PIT_COMMAND);
	outb(CALIBRATE_COUNT & 0xff, PIT_CHANNEL2);
	outb(CALIBRATE_COUNT >> 8, PIT_CHANNEL2);
	outb(port_b | PORT_B_GATE2, PORT_B);
	t0 = rdtsc();
	while (!(inb(PORT_B) & PORT_B_OUT2))
		;
	t1 = rdtsc();
	outb(port_b & ~PORT_B_GATE2, PORT_B);
	tsc_clock_start(t0, t1, CALIBRATE_MS * US_PER_MS);
}

/*
 * Interrupts stay off in protected mode, so there is nothing to halt
 * for: the loop polls the cards and consoles again at once. Not even a
 * PAUSE: under qemu's TCG each one leaves the virtual CPU's loop and
 * takes the emulator's global lock, which the thread delivering the
 * card's frames needs too (HTTP on virtio-net went 1.4x faster without).
 */
void platform_idle(uint64_t max_us)
{
}
