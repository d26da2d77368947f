/* SPDX-License-Identifier: MIT */
/* One-shot timers kept in a list sorted by expiry, fired by the event loop. */
#include <stdint.h>
#include <core/list.h>
#include <core/time.h>
#include <core/timer.h>

/* Running timers, earliest expiry first; equal expiries in start order. */
static LIST_HEAD(running_timers);

void timer_init(struct timer *timer, void (*expired)(struct timer *timer))
{
	INIT_LIST_HEAD(&timer->list);
	timer->expires_us = 0;
	timer->running = false;
	timer->expired = expired;
}

/* Put TIMER into the sorted list, after every timer expiring no later. */
static void timer_insert_sorted(struct timer *timer)
{
	struct timer *pos;

	list_for_each_entry(pos, &running_timers, list) {
		if (pos->expires_us > timer->expires_us)
			break;
	}
	list_add_tail(&timer->list, &pos->list);
}

void timer_start_us(struct timer *timer, uint64_t us)
{
	uint64_t now = time_now_us();

	timer_stop(timer);
	timer->expires_us = us > UINT64_MAX - now ? UINT64_MAX : now + us;
	timer->running = true;
	timer_insert_sorted(timer);
}

void timer_start(struct timer *timer, uint32_t ms)
{
	timer_start_us(timer, (uint64_t)ms * US_PER_MS);
}

void timer_stop(struct timer *timer)
{
	list_del(&timer->list);
	timer->running = false;
}

/*
 * Expired timers move to a private list first, so a handler may start,
 * restart or stop any timer (itself included) without disturbing the
 * walk, and a timer restarted with no delay waits for the next run.
 */
void timers_run(void)
{
	LIST_HEAD(expired);
	uint64_t now = time_now_us();
	struct timer *timer;

	while (!list_empty(&running_timers)) {
		timer = list_first_entry(&running_timers, struct timer, list);
		if (timer->expires_us > now)
			break;
		list_del(&timer->list);
		list_add_tail(&timer->list, &expired);
	}
	while (!list_empty(&expired)) {
		timer = list_first_entry(&expired, struct timer, list);
		timer_stop(timer);
		timer->expired(timer);
	}
}

uint64_t timers_next_us(uint64_t now)
{
	const struct timer *first;

	if (list_empty(&running_timers))
		return UINT64_MAX;
	first = list_first_entry(&running_timers, struct timer, list);
	return first->expires_us > now ? first->expires_us - now : 0;
}
