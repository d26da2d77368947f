/* SPDX-License-Identifier: MIT */
/*
 * The one cooperative event loop. Each step polls the permanent processes
 * (e.g. network devices), runs the dynamic processes once, and fires
 * expired timers. Every wait in nicboot is a loop over step() with a
 * timeout that the user can cancel with Ctrl-C.
 */
#ifndef CORE_PROCESS_H
#define CORE_PROCESS_H

#include <stdint.h>
#include <stdbool.h>
#include <core/list.h>
#include <core/table.h>

/* A process that runs as long as it is added. */
struct process {
	struct list_head list;
	const char *name;
	void (*step)(struct process *process);
};

void process_init(struct process *process, const char *name,
		  void (*step)(struct process *process));
void process_add(struct process *process);
void process_del(struct process *process);

/* A process that runs for the whole life of the program, linked in by table. */
struct permanent_process {
	const char *name;
	void (*step)(void);
};
TABLE_DECLARE(const struct permanent_process, permanent_processes);
#define PERMANENT_PROCESS(ident) \
	static const struct permanent_process ident \
	TABLE_ENTRY(const struct permanent_process, permanent_processes)

/* One iteration of the event loop. */
void step(void);

/* Wait forever (no timeout). */
#define WAIT_FOREVER UINT32_MAX

/*
 * Run the event loop until DONE(CTX) is true, TIMEOUT_MS passes, or the
 * user presses Ctrl-C. Sleeps through the platform when nothing is due.
 * Returns 0, -ETIMEDOUT or -ECANCELED.
 */
int wait_for(bool (*done)(void *ctx), void *ctx, uint32_t timeout_ms);

/*
 * Like wait_for() but Ctrl-C does not end the wait: for readers of the
 * console, which take Ctrl-C as a key. Returns 0 or -ETIMEDOUT.
 */
int wait_for_uncancellable(bool (*done)(void *ctx), void *ctx,
			   uint32_t timeout_ms);

/*
 * Wait until *RC is no longer -EINPROGRESS (an operation's result field),
 * with the same timeout and cancel rules. Returns *RC, or -ETIMEDOUT or
 * -ECANCELED if the wait ended first.
 */
int wait_rc(volatile int *rc, uint32_t timeout_ms);

/* Sleep MS milliseconds while the event loop keeps running; cancellable. */
int sleep_ms(uint32_t ms);

#endif
