/* SPDX-License-Identifier: MIT */
/* Start-up, invariant checks and input readers shared by the fuzz targets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <core/console.h>
#include <core/heap.h>
#include <core/init.h>
#include "platform/linux/hostsys.h"
#include "platform/linux/linux.h"
#include "harness.h"

#define FUZZ_MESSAGE_MAX 256

/* Write MESSAGE to standard error, bypassing the silenced consoles. */
static void fuzz_report(const char *message)
{
	host_write(HOST_STDERR, message, strlen(message));
}

void fuzz_fail(const char *what, const char *file, int line)
{
	char message[FUZZ_MESSAGE_MAX];

	snprintf(message, sizeof(message), "fuzz: check failed: %s at %s:%d\n",
		 what, file, line);
	fuzz_report(message);
	__builtin_trap();
}

/* A heap error is a crash to keep, with the stack that found it. */
static void fuzz_heap_error(const char *problem, const void *ptr)
{
	char message[FUZZ_MESSAGE_MAX];

	snprintf(message, sizeof(message), "fuzz: heap: %s at %p\n", problem,
		 ptr);
	fuzz_report(message);
	__builtin_trap();
}

/* Millions of inputs would otherwise print millions of error messages. */
static void fuzz_silence_consoles(void)
{
	const struct console_driver *console;

	for_each_table_entry(console, consoles) {
		if (console->disabled)
			*console->disabled |= CONSOLE_DISABLED_OUTPUT |
					      CONSOLE_DISABLED_INPUT;
	}
}

void fuzz_setup(void)
{
	linux_platform_init();
	heap_error_handler = fuzz_heap_error;
	startup();
	fuzz_silence_consoles();
}

unsigned int fuzz_heap_blocks(void)
{
	struct heap_stats stats;

	heap_get_stats(&stats);
	return stats.blocks;
}

void fuzz_check_heap(unsigned int blocks)
{
	fuzz_check(heap_check() == 0);
	fuzz_check(fuzz_heap_blocks() == blocks);
}

uint8_t fuzz_byte(struct fuzz_input *in)
{
	const uint8_t *byte;

	return fuzz_take(in, 1, &byte) ? *byte : 0;
}

uint16_t fuzz_u16(struct fuzz_input *in)
{
	uint16_t high = fuzz_byte(in);

	return (uint16_t)(high << 8 | fuzz_byte(in));
}

size_t fuzz_take(struct fuzz_input *in, size_t len, const uint8_t **bytes)
{
	len = MIN(len, in->len);
	*bytes = in->data;
	in->data += len;
	in->len -= len;
	return len;
}

char *fuzz_string(struct fuzz_input *in)
{
	const uint8_t *end = memchr(in->data, '\0', in->len);
	size_t len = end ? (size_t)(end - in->data) : in->len;
	const uint8_t *bytes;
	char *text = malloc(len + 1);

	fuzz_take(in, end ? len + 1 : len, &bytes);
	if (!text)
		return NULL;
	memcpy(text, bytes, len);
	text[len] = '\0';
	return text;
}

void *fuzz_memdup(const void *data, size_t len)
{
	void *copy = malloc(len);

	if (copy)
		memcpy(copy, data, len);
	return copy;
}
