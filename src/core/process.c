/* SPDX-License-Identifier: MIT */
/* The cooperative event loop: processes, timers, and waits on both. */
#include <stdint.h>
#include <errno.h>
#include <core/compiler.h>
#include <core/console.h>
#include <core/platform.h>
#include <core/process.h>
#include <core/time.h>
#include <core/timer.h>

/*
 * Longest sleep between two steps, so devices that cannot wake the
 * platform (polled NICs, a serial port) are still serviced.
 */
#define IDLE_CAP_US (10 * US_PER_MS)
/* Looking for Ctrl-C costs a console poll: do it at most this often. */
#define INTERRUPT_CHECK_US (50 * US_PER_MS)

/* Dynamic processes, in the order they were added. */
static LIST_HEAD(processes);

void process_init(struct process *process, const char *name,
		  void (*step_fn)(struct process *process))
{
	INIT_LIST_HEAD(&process->list);
	process->name = name;
	process->step = step_fn;
}

void process_add(struct process *process)
{
	if (list_empty(&process->list))
		list_add_tail(&process->list, &processes);
}

void process_del(struct process *process)
{
	list_del(&process->list);
}

static void run_permanent_processes(void)
{
	const struct permanent_process *process;

	for_each_table_entry(process, permanent_processes)
		process->step();
}

/*
 * Run each dynamic process once. A cursor (a process with no step) walks
 * the list just ahead of the one that runs, so a step may delete itself
 * or any other process, or run a nested step(), which skips the cursor.
 */
static void run_dynamic_processes(void)
{
	struct process cursor = { .step = NULL };
	struct process *process;

	list_add(&cursor.list, &processes);
	while (cursor.list.next != &processes) {
		process = list_entry(cursor.list.next, struct process, list);
		list_del(&cursor.list);
		list_add(&cursor.list, &process->list);
		if (process->step)
			process->step(process);
	}
	list_del(&cursor.list);
}

void step(void)
{
	run_permanent_processes();
	run_dynamic_processes();
	timers_run();
}

/* Absolute deadline TIMEOUT_MS from NOW; UINT64_MAX for WAIT_FOREVER. */
static uint64_t deadline_after(uint64_t now, uint32_t timeout_ms)
{
	if (timeout_ms == WAIT_FOREVER)
		return UINT64_MAX;
	return now + (uint64_t)timeout_ms * US_PER_MS;
}

/* Sleep until the next timer, DEADLINE, or the idle cap, whichever is first. */
static void idle_until_due(uint64_t now, uint64_t deadline)
{
	uint64_t idle_us = MIN(timers_next_us(now), deadline - now);

	idle_us = MIN(idle_us, (uint64_t)IDLE_CAP_US);
	if (idle_us)
		platform_idle(idle_us);
}

/* The loop behind every wait; Ctrl-C ends it only if CANCELLABLE. */
static int wait_loop(bool (*done)(void *ctx), void *ctx, uint32_t timeout_ms,
		     bool cancellable)
{
	uint64_t now = time_now_us();
	uint64_t deadline = deadline_after(now, timeout_ms);
	uint64_t next_interrupt_check = now;

	while (!done(ctx)) {
		step();
		if (done(ctx))
			break;
		now = time_now_us();
		if (now >= deadline)
			return -ETIMEDOUT;
		if (cancellable && now >= next_interrupt_check) {
			if (console_interrupted())
				return -ECANCELED;
			next_interrupt_check = now + INTERRUPT_CHECK_US;
		}
		idle_until_due(now, deadline);
	}
	return 0;
}

int wait_for(bool (*done)(void *ctx), void *ctx, uint32_t timeout_ms)
{
	return wait_loop(done, ctx, timeout_ms, true);
}

int wait_for_uncancellable(bool (*done)(void *ctx), void *ctx,
			   uint32_t timeout_ms)
{
	return wait_loop(done, ctx, timeout_ms, false);
}

static bool rc_settled(void *ctx)
{
	const volatile int *rc = ctx;

	return *rc != -EINPROGRESS;
}

int wait_rc(volatile int *rc, uint32_t timeout_ms)
{
	int err = wait_for(rc_settled, (void *)(uintptr_t)rc, timeout_ms);

	return err ? err : *rc;
}

static bool never_done(void *ctx)
{
	return false;
}

int sleep_ms(uint32_t ms)
{
	int rc = wait_for(never_done, NULL, ms);

	return rc == -ETIMEDOUT ? 0 : rc;
}
