/* SPDX-License-Identifier: MIT */
/* Time from the CPU's time-stamp counter, calibrated against the firmware's Stall(). */
#include <stdint.h>
#include <core/platform.h>
#include <core/time.h>
#include "platform/efi/efi.h"

#define CALIBRATE_US 10000

static uint64_t tsc_start;
static uint64_t tsc_per_us = 1;

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

void efi_timer_init(void)
{
	uint64_t t0 = rdtsc();

	efi_bs->Stall(CALIBRATE_US);
	tsc_start = rdtsc();
	tsc_per_us = (tsc_start - t0) / CALIBRATE_US;
	if (!tsc_per_us)
		tsc_per_us = 1;
}

uint64_t platform_time_us(void)
{
	return (rdtsc() - tsc_start) / tsc_per_us;
}

/*
 * The cards are polled, and the firmware's timer interrupt would wake
 * a halt only every few milliseconds: spin gently and poll again.
 */
void platform_idle(uint64_t max_us)
{
	__asm__ volatile("pause");
}
