/* SPDX-License-Identifier: MIT */
/* Tests of the clock, delays and one-shot timers. */
#include <stdbool.h>
#include <stdint.h>
#include <errno.h>
#include <core/compiler.h>
#include <core/process.h>
#include <core/time.h>
#include <core/timer.h>
#include "test.h"

/* Generous bound for "fired promptly", even on a loaded machine. */
#define SLACK_MS 200
#define MAX_FIRED 8

struct test_timer {
	struct timer timer;
	int id;
	unsigned int fired;
	uint64_t fired_at_us;
	unsigned int restarts_left;
	struct test_timer *victim;	/* stopped by this timer's handler */
	struct test_timer *started;	/* started by this timer's handler */
};

static int fired_order[MAX_FIRED];
static unsigned int fired_count;

static void reset_fired(void)
{
	fired_count = 0;
}

static void record_fired(struct timer *timer)
{
	struct test_timer *tt = container_of(timer, struct test_timer, timer);

	tt->fired++;
	tt->fired_at_us = time_now_us();
	if (fired_count < MAX_FIRED)
		fired_order[fired_count] = tt->id;
	fired_count++;
	if (tt->victim)
		timer_stop(&tt->victim->timer);
	if (tt->started)
		timer_start(&tt->started->timer, 0);
	if (tt->restarts_left) {
		tt->restarts_left--;
		timer_start(timer, 0);
	}
}

static void test_timer_init(struct test_timer *tt, int id)
{
	*tt = (struct test_timer){ .id = id };
	timer_init(&tt->timer, record_fired);
}

static bool all_fired(void *ctx)
{
	return fired_count >= *(unsigned int *)ctx;
}

/* Run the event loop until N timers fired; returns wait_for()'s result. */
static int wait_fired(unsigned int n, uint32_t timeout_ms)
{
	return wait_for(all_fired, &n, timeout_ms);
}

UNIT_TEST(timer_clock_and_delays)
{
	uint64_t start = time_now_us();
	uint64_t ms = time_now_ms();

	CHECK(ms >= start / US_PER_MS);
	udelay(2000);
	CHECK(time_now_us() - start >= 2000);
	start = time_now_us();
	mdelay(3);
	CHECK(time_now_us() - start >= 3 * US_PER_MS);
	CHECK(time_now_ms() >= ms + 5);
	start = time_now_us();
	udelay(0);
	mdelay(0);
	CHECK(time_now_us() - start < SLACK_MS * US_PER_MS);
}

UNIT_TEST(timer_fire_in_order)
{
	struct test_timer a, b, c;
	uint64_t start = time_now_us();

	reset_fired();
	test_timer_init(&a, 1);
	test_timer_init(&b, 2);
	test_timer_init(&c, 3);
	timer_start(&c.timer, 9);
	timer_start(&a.timer, 3);
	timer_start(&b.timer, 6);
	CHECK(timer_running(&a.timer));
	CHECK(timer_running(&b.timer));
	CHECK(timer_running(&c.timer));
	CHECK_INT(wait_fired(3, 1000), 0);
	CHECK_INT(fired_count, 3);
	CHECK_INT(fired_order[0], 1);
	CHECK_INT(fired_order[1], 2);
	CHECK_INT(fired_order[2], 3);
	CHECK(a.fired_at_us - start >= 3 * US_PER_MS);
	CHECK(b.fired_at_us - start >= 6 * US_PER_MS);
	CHECK(c.fired_at_us - start >= 9 * US_PER_MS);
	CHECK(c.fired_at_us - start < (9 + SLACK_MS) * US_PER_MS);
	CHECK(!timer_running(&a.timer));
	CHECK(!timer_running(&b.timer));
	CHECK(!timer_running(&c.timer));
}

UNIT_TEST(timer_equal_expiry_in_start_order)
{
	struct test_timer a, b;

	reset_fired();
	test_timer_init(&a, 1);
	test_timer_init(&b, 2);
	timer_start_us(&a.timer, 0);
	timer_start_us(&b.timer, 0);
	timers_run();
	CHECK_INT(fired_count, 2);
	CHECK_INT(fired_order[0], 1);
	CHECK_INT(fired_order[1], 2);
}

UNIT_TEST(timer_rearm)
{
	struct test_timer t;
	uint64_t start = time_now_us();

	reset_fired();
	test_timer_init(&t, 1);
	timer_start(&t.timer, 2);
	timer_start(&t.timer, 30);
	CHECK_INT(sleep_ms(10), 0);
	CHECK_INT(t.fired, 0);
	CHECK(timer_running(&t.timer));
	CHECK_INT(wait_fired(1, 1000), 0);
	CHECK_INT(t.fired, 1);
	CHECK(t.fired_at_us - start >= 30 * US_PER_MS);
	CHECK_INT(sleep_ms(5), 0);
	CHECK_INT(t.fired, 1);
}

UNIT_TEST(timer_stop_before_expiry)
{
	struct test_timer t;

	reset_fired();
	test_timer_init(&t, 1);
	timer_stop(&t.timer);
	timer_start(&t.timer, 2);
	timer_stop(&t.timer);
	timer_stop(&t.timer);
	CHECK(!timer_running(&t.timer));
	CHECK_INT(sleep_ms(5), 0);
	CHECK_INT(t.fired, 0);
}

UNIT_TEST(timer_stop_other_from_handler)
{
	struct test_timer a, b;

	reset_fired();
	test_timer_init(&a, 1);
	test_timer_init(&b, 2);
	a.victim = &b;
	timer_start(&a.timer, 1);
	timer_start(&b.timer, 1);
	mdelay(3);
	timers_run();
	CHECK_INT(a.fired, 1);
	CHECK_INT(b.fired, 0);
	CHECK(!timer_running(&b.timer));
}

UNIT_TEST(timer_stop_self_from_handler)
{
	struct test_timer a;

	reset_fired();
	test_timer_init(&a, 1);
	a.victim = &a;
	a.restarts_left = 0;
	timer_start(&a.timer, 0);
	timers_run();
	CHECK_INT(a.fired, 1);
	CHECK(!timer_running(&a.timer));
}

UNIT_TEST(timer_restart_self_from_handler)
{
	struct test_timer t;

	reset_fired();
	test_timer_init(&t, 1);
	t.restarts_left = 2;
	timer_start(&t.timer, 0);
	timers_run();
	CHECK_INT(t.fired, 1);
	CHECK(timer_running(&t.timer));
	CHECK_INT(wait_fired(3, 1000), 0);
	CHECK_INT(t.fired, 3);
	CHECK(!timer_running(&t.timer));
}

UNIT_TEST(timer_start_new_from_handler)
{
	struct test_timer a, b;

	reset_fired();
	test_timer_init(&a, 1);
	test_timer_init(&b, 2);
	a.started = &b;
	timer_start(&a.timer, 0);
	timers_run();
	CHECK_INT(a.fired, 1);
	CHECK_INT(b.fired, 0);
	CHECK(timer_running(&b.timer));
	CHECK_INT(wait_fired(2, 1000), 0);
	CHECK_INT(b.fired, 1);
}

UNIT_TEST(timer_next_expiry)
{
	struct test_timer t;
	uint64_t next;

	test_timer_init(&t, 1);
	timer_start(&t.timer, 50);
	next = timers_next_us(time_now_us());
	CHECK(next <= 50 * US_PER_MS);
	CHECK(next > 50 * US_PER_MS - SLACK_MS * US_PER_MS / 10);
	timer_start_us(&t.timer, 0);
	mdelay(1);
	CHECK_INT(timers_next_us(time_now_us()), 0);
	timer_start_us(&t.timer, UINT64_MAX);
	CHECK_INT(t.timer.expires_us, UINT64_MAX);
	timer_stop(&t.timer);
}
