/* SPDX-License-Identifier: MIT */
/* Time from the CPU's time-stamp counter, calibrated against the firmware's Stall(). */
#include <stdint.h>
#include <core/platform.h>
#include <core/time.h>
#include <arch/tsc.h>
#include "platform/efi/efi.h"

#define CALIBRATE_US 10000

void efi_timer_init(void)
{
	uint64_t t0 = rdtsc();

	efi_bs->Stall(CALIBRATE_US);
	tsc_clock_start(t0, rdtsc(), CALIBRATE_US);
}

/*
 * The cards are polled, and the firmware's timer interrupt would wake
 * a halt only every few milliseconds: poll again at once. No PAUSE, for
 * the reason the BIOS platform gives (platform/bios/timer.c).
 */
void platform_idle(uint64_t max_us)
{
}
