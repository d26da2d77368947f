/* SPDX-License-Identifier: MIT */
/* Startup and shutdown: runs the registered hooks level by level, once. */
#include <stdbool.h>
#include <core/init.h>

static bool started_up;
static bool shut_down;

/* Run every init function registered at LEVEL, in table order. */
static void run_init_level(enum init_level level)
{
	const struct init_fn *fn;

	for_each_table_entry(fn, init_fns) {
		if (fn->level == level)
			fn->init();
	}
}

/* Run every shutdown function registered at LEVEL, in table order. */
static void run_shutdown_level(enum init_level level)
{
	const struct shutdown_fn *fn;

	for_each_table_entry(fn, shutdown_fns) {
		if (fn->level == level)
			fn->shutdown();
	}
}

void startup(void)
{
	if (started_up)
		return;
	started_up = true;
	run_init_level(INIT_EARLY);
	run_init_level(INIT_NORMAL);
	run_init_level(INIT_LATE);
}

void shutdown(void)
{
	if (shut_down)
		return;
	shut_down = true;
	run_shutdown_level(INIT_LATE);
	run_shutdown_level(INIT_NORMAL);
	run_shutdown_level(INIT_EARLY);
}
