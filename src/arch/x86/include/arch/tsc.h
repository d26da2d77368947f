/* SPDX-License-Identifier: MIT */
/* The CPU's time-stamp counter as the platforms' microsecond clock. */
#ifndef ARCH_TSC_H
#define ARCH_TSC_H

#include <stdint.h>

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/*
 * Start the clock: the counter read T0 and T1 around a wait of US
 * microseconds the platform timed by other means (PIT, Stall()).
 * platform_time_us() counts from T1.
 */
void tsc_clock_start(uint64_t t0, uint64_t t1, uint32_t us);

#endif
