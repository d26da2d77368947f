/* SPDX-License-Identifier: MIT */
/*
 * Startup and shutdown hooks, registered by table and run in order of
 * level: early (settings, consoles), normal (devices), late (anything that
 * needs devices).
 */
#ifndef CORE_INIT_H
#define CORE_INIT_H

#include <core/table.h>

enum init_level {
	INIT_EARLY = 1,
	INIT_NORMAL,
	INIT_LATE,
};

struct init_fn {
	enum init_level level;
	void (*init)(void);
};
TABLE_DECLARE(const struct init_fn, init_fns);
#define INIT_FN(ident) \
	static const struct init_fn ident TABLE_ENTRY(const struct init_fn, init_fns)

/* Called before control passes to a booted image or the program exits. */
struct shutdown_fn {
	enum init_level level;	/* run in reverse level order */
	void (*shutdown)(void);
};
TABLE_DECLARE(const struct shutdown_fn, shutdown_fns);
#define SHUTDOWN_FN(ident) \
	static const struct shutdown_fn ident \
	TABLE_ENTRY(const struct shutdown_fn, shutdown_fns)

/* Run every init function, level by level. */
void startup(void);
/* Run every shutdown function, last level first (quiesce devices). */
void shutdown(void);

#endif
