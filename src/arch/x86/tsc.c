/* SPDX-License-Identifier: MIT */
/* platform_time_us() from the time-stamp counter, once the platform calibrated it. */
#include <stdint.h>
#include <core/platform.h>
#include <arch/tsc.h>

static uint64_t tsc_start;
static uint64_t tsc_per_us = 1;

void tsc_clock_start(uint64_t t0, uint64_t t1, uint32_t us)
{
	tsc_per_us = (t1 - t0) / us;
	if (!tsc_per_us)
		tsc_per_us = 1;
	tsc_start = t1;
}

uint64_t platform_time_us(void)
{
	return (rdtsc() - tsc_start) / tsc_per_us;
}
