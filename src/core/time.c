/* SPDX-License-Identifier: MIT */
/* Monotonic time from the platform clock, and short busy-wait delays. */
#include <stdint.h>
#include <core/platform.h>
#include <core/time.h>

uint64_t time_now_us(void)
{
	return platform_time_us();
}

uint64_t time_now_ms(void)
{
	return platform_time_us() / US_PER_MS;
}

void udelay(uint32_t us)
{
	uint64_t end = platform_time_us() + us;

	while (platform_time_us() < end)
		;
}

void mdelay(uint32_t ms)
{
	uint64_t end = platform_time_us() + (uint64_t)ms * US_PER_MS;

	while (platform_time_us() < end)
		;
}
