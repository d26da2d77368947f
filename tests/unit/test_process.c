/* SPDX-License-Identifier: MIT */
/* Tests of the event loop, its waits, and the startup levels. */
#include <stdbool.h>
#include <stdint.h>
#include <errno.h>
#include <core/compiler.h>
#include <core/init.h>
#include <core/process.h>
#include <core/time.h>
#include <core/timer.h>
#include "test.h"

/* Generous bound for "returned promptly", even on a loaded machine. */
#define SLACK_MS 200
#define WAIT_MS 30
#define STARTUP_LOG_SIZE 8

struct test_process {
	struct process process;
	unsigned int steps;
	unsigned int stop_after;	/* delete itself after this many */
	struct test_process *victim;	/* deleted on the first step */
	bool nest;			/* nest a step() in the first step */
};

static char startup_log[STARTUP_LOG_SIZE];
static unsigned int startup_log_len;

static void log_startup(char level)
{
	if (startup_log_len < sizeof(startup_log) - 1)
		startup_log[startup_log_len++] = level;
}

static void startup_late(void)
{
	log_startup('L');
}

static void startup_early(void)
{
	log_startup('E');
}

static void startup_normal(void)
{
	log_startup('N');
}

/* Registered out of order, to show that the level decides. */
INIT_FN(test_late_fn) = { INIT_LATE, startup_late };
INIT_FN(test_early_fn) = { INIT_EARLY, startup_early };
INIT_FN(test_normal_fn) = { INIT_NORMAL, startup_normal };

static void test_step(struct process *process)
{
	struct test_process *tp =
		container_of(process, struct test_process, process);

	tp->steps++;
	if (tp->steps == 1 && tp->victim)
		process_del(&tp->victim->process);
	if (tp->steps == 1 && tp->nest)
		step();
	if (tp->steps == tp->stop_after)
		process_del(process);
}

static void test_process_init(struct test_process *tp)
{
	*tp = (struct test_process){ .stop_after = 0 };
	process_init(&tp->process, "test", test_step);
}

static bool never_done(void *ctx)
{
	return false;
}

static bool always_done(void *ctx)
{
	return true;
}

static bool steps_reached(void *ctx)
{
	const struct test_process *tp = ctx;

	return tp->steps >= 5;
}

UNIT_TEST(init_startup_levels)
{
	startup();
	CHECK_STR(startup_log, "ENL");
}

UNIT_TEST(process_self_removal)
{
	struct test_process tp;
	int i;

	test_process_init(&tp);
	tp.stop_after = 3;
	process_add(&tp.process);
	for (i = 0; i < 6; i++)
		step();
	CHECK_INT(tp.steps, 3);
	process_del(&tp.process);
}

UNIT_TEST(process_delete_next_one)
{
	struct test_process a, b, c;

	test_process_init(&a);
	test_process_init(&b);
	test_process_init(&c);
	a.victim = &b;
	a.stop_after = 1;
	process_add(&a.process);
	process_add(&b.process);
	process_add(&c.process);
	step();
	step();
	CHECK_INT(a.steps, 1);
	CHECK_INT(b.steps, 0);
	CHECK_INT(c.steps, 2);
	process_del(&c.process);
	step();
	CHECK_INT(c.steps, 2);
}

UNIT_TEST(process_add_twice_runs_once)
{
	struct test_process tp;

	test_process_init(&tp);
	process_add(&tp.process);
	process_add(&tp.process);
	step();
	CHECK_INT(tp.steps, 1);
	process_del(&tp.process);
	process_del(&tp.process);
	step();
	CHECK_INT(tp.steps, 1);
}

UNIT_TEST(process_nested_step)
{
	struct test_process a, b;

	test_process_init(&a);
	test_process_init(&b);
	a.nest = true;
	process_add(&a.process);
	process_add(&b.process);
	step();
	CHECK_INT(a.steps, 2);
	CHECK_INT(b.steps, 2);
	step();
	CHECK_INT(a.steps, 3);
	CHECK_INT(b.steps, 3);
	process_del(&a.process);
	process_del(&b.process);
}

UNIT_TEST(process_wait_for_done)
{
	struct test_process tp;

	test_process_init(&tp);
	process_add(&tp.process);
	CHECK_INT(wait_for(steps_reached, &tp, 1000), 0);
	CHECK_INT(tp.steps, 5);
	process_del(&tp.process);
	CHECK_INT(wait_for(always_done, NULL, 0), 0);
}

UNIT_TEST(process_wait_for_timeout)
{
	uint64_t start = time_now_us();
	uint64_t elapsed;

	CHECK_INT(wait_for(never_done, NULL, WAIT_MS), -ETIMEDOUT);
	elapsed = time_now_us() - start;
	CHECK(elapsed >= WAIT_MS * US_PER_MS);
	CHECK(elapsed < (WAIT_MS + SLACK_MS) * US_PER_MS);
	start = time_now_us();
	CHECK_INT(wait_for(never_done, NULL, 0), -ETIMEDOUT);
	CHECK(time_now_us() - start < SLACK_MS * US_PER_MS);
}

UNIT_TEST(process_sleep)
{
	uint64_t start = time_now_us();
	uint64_t elapsed;

	CHECK_INT(sleep_ms(WAIT_MS), 0);
	elapsed = time_now_us() - start;
	CHECK(elapsed >= WAIT_MS * US_PER_MS);
	CHECK(elapsed < (WAIT_MS + SLACK_MS) * US_PER_MS);
	CHECK_INT(sleep_ms(0), 0);
}

/* The operation a timer completes in the wait_rc tests. */
struct pending_op {
	struct timer timer;
	volatile int rc;
	int result;
};

static void complete_op(struct timer *timer)
{
	struct pending_op *op = container_of(timer, struct pending_op, timer);

	op->rc = op->result;
}

UNIT_TEST(process_wait_rc)
{
	struct pending_op op = { .rc = -EINPROGRESS, .result = 0 };

	timer_init(&op.timer, complete_op);
	timer_start(&op.timer, 3);
	CHECK_INT(wait_rc(&op.rc, 1000), 0);
	op.rc = -EINPROGRESS;
	op.result = -ENOENT;
	timer_start(&op.timer, 3);
	CHECK_INT(wait_rc(&op.rc, 1000), -ENOENT);
	op.rc = -EINPROGRESS;
	timer_start(&op.timer, 1000);
	CHECK_INT(wait_rc(&op.rc, 5), -ETIMEDOUT);
	timer_stop(&op.timer);
	op.rc = -EIO;
	CHECK_INT(wait_rc(&op.rc, 0), -EIO);
}

UNIT_TEST(process_wait_wakes_for_timer)
{
	struct pending_op op = { .rc = -EINPROGRESS, .result = 0 };
	uint64_t start = time_now_us();

	timer_init(&op.timer, complete_op);
	timer_start(&op.timer, 25);
	CHECK_INT(wait_rc(&op.rc, WAIT_FOREVER), 0);
	CHECK(time_now_us() - start >= 25 * US_PER_MS);
	CHECK(time_now_us() - start < (25 + SLACK_MS) * US_PER_MS);
}
