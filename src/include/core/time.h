/* SPDX-License-Identifier: MIT */
/* Monotonic time, from the platform's clock. */
#ifndef CORE_TIME_H
#define CORE_TIME_H

#include <stdint.h>

#define MS_PER_SEC 1000
#define US_PER_MS 1000
#define US_PER_SEC 1000000

/* Microseconds since an arbitrary start; never goes backwards. */
uint64_t time_now_us(void);
/* Milliseconds since the same start. */
uint64_t time_now_ms(void);
/* Busy-wait for US microseconds: only for short hardware delays in drivers. */
void udelay(uint32_t us);
void mdelay(uint32_t ms);

#endif
