/* SPDX-License-Identifier: MIT */
/* Formatted output (freestanding subset of <stdio.h>), printed to the console. */
#ifndef STDIO_H
#define STDIO_H

#include <stdarg.h>
#include <stddef.h>
#include <core/compiler.h>

#define EOF (-1)

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
	__printf(3, 0);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
/* Like snprintf but never returns more than size - 1 (0 if size is 0). */
int vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
	__printf(3, 0);
int scnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
/* Allocate the formatted string into *strp (free() it); returns length or -ENOMEM. */
int asprintf(char **strp, const char *fmt, ...) __printf(2, 3);
int vasprintf(char **strp, const char *fmt, va_list args) __printf(2, 0);

/* Console output: defined by the console layer. */
int printf(const char *fmt, ...) __printf(1, 2);
int vprintf(const char *fmt, va_list args) __printf(1, 0);
int putchar(int c);
int puts(const char *s);

/*
 * The core formatter: calls EMIT(ctx, c) for each output character and
 * returns the number of characters produced.
 */
int vcprintf(void (*emit)(void *ctx, char c), void *ctx, const char *fmt,
	     va_list args) __printf(3, 0);

#endif
