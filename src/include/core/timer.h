/* SPDX-License-Identifier: MIT */
/* One-shot timers, run by the event loop when they expire. */
#ifndef CORE_TIMER_H
#define CORE_TIMER_H

#include <stdint.h>
#include <stdbool.h>
#include <core/list.h>

struct timer {
	struct list_head list;	/* in the sorted list of running timers */
	uint64_t expires_us;	/* absolute expiry time */
	bool running;
	void (*expired)(struct timer *timer);
};

void timer_init(struct timer *timer, void (*expired)(struct timer *timer));
/* (Re)start TIMER to expire MS milliseconds from now. */
void timer_start(struct timer *timer, uint32_t ms);
/* (Re)start TIMER to expire US microseconds from now. */
void timer_start_us(struct timer *timer, uint64_t us);
void timer_stop(struct timer *timer);

static inline bool timer_running(const struct timer *timer)
{
	return timer->running;
}

/* Run the handlers of every expired timer (called by the event loop). */
void timers_run(void);
/*
 * Microseconds from NOW (time_now_us(), which the event loop has just
 * read) until the earliest timer expires; UINT64_MAX if none runs.
 */
uint64_t timers_next_us(uint64_t now);

#endif
