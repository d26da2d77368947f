/* SPDX-License-Identifier: MIT */
/* Fetching a URI into a new image through the opener for its scheme, with progress. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <core/command.h>
#include <core/download.h>
#include <core/time.h>

struct uri *cwuri;

/*
 * Redraw the progress line (in place, with "\r") at most this often, so
 * that a serial log of a long download stays short.
 */
#define PROGRESS_INTERVAL_US US_PER_SEC
/* Only transfers that last longer than this show progress at all. */
#define PROGRESS_DELAY_US US_PER_SEC

#define BYTES_PER_MIB (1024 * 1024)

int dl_fail(struct download *dl, int rc, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vsnprintf(dl->detail, sizeof(dl->detail), fmt, args);
	va_end(args);
	return rc;
}

const struct uri_opener *find_uri_opener(const char *scheme)
{
	const struct uri_opener *opener;

	for_each_table_entry(opener, uri_openers) {
		if (strcmp(opener->scheme, scheme) == 0)
			return opener;
	}
	return NULL;
}

unsigned long rate_tenths(uint64_t bytes, uint64_t us)
{
	return us ? (unsigned long)(bytes * 10 / us) : 0;
}

static void draw_progress(const struct download *dl, uint64_t now)
{
	unsigned long rate = rate_tenths(dl->done, now - dl->started_us);

	printf("\r  %llu.%llu MiB",
	       (unsigned long long)(dl->done / BYTES_PER_MIB),
	       (unsigned long long)(dl->done % BYTES_PER_MIB * 10 /
				    BYTES_PER_MIB));
	if (dl->total)
		printf(" of %llu MiB (%u%%)",
		       (unsigned long long)(dl->total / BYTES_PER_MIB),
		       (unsigned int)(dl->done * 100 / dl->total));
	printf(", %lu.%lu MB/s   ", rate / 10, rate % 10);
}

void download_progress(struct download *dl)
{
	uint64_t now = time_now_us();

	if (now - dl->started_us < PROGRESS_DELAY_US ||
	    now - dl->shown_us < PROGRESS_INTERVAL_US)
		return;
	dl->shown_us = now;
	draw_progress(dl, now);
}

void download_begin(struct download *dl)
{
	dl->started_us = time_now_us();
	dl->shown_us = dl->started_us;
}

void download_end(struct download *dl)
{
	uint64_t now = time_now_us();

	dl->image->fetch_us = now - dl->started_us;
	if (dl->shown_us != dl->started_us) {
		draw_progress(dl, now);
		printf("\n");
	}
}

/* Run the opener for DL's scheme and report the outcome on one line. */
static int run_opener(struct download *dl, const char *text)
{
	const struct uri_opener *opener = find_uri_opener(dl->uri->scheme);
	int rc;

	if (!opener)
		return command_error(text, -ENOTSUP,
				     "unsupported URI scheme \"%s\"",
				     dl->uri->scheme);
	download_begin(dl);
	rc = opener->fetch(dl);
	download_end(dl);
	if (rc && dl->detail[0])
		return command_error(text, rc, "%s (%s)", strerror(rc),
				     dl->detail);
	if (rc)
		return command_error(text, rc, "%s", strerror(rc));
	return 0;
}

/* Parse TEXT and resolve it against the current working URI. */
static struct uri *absolute_uri(const char *text)
{
	struct uri *uri = parse_uri(text);
	struct uri *resolved;

	if (!uri || !cwuri || uri_is_absolute(uri))
		return uri;
	resolved = resolve_uri(cwuri, uri);
	uri_free(uri);
	return resolved;
}

int fetch_image(const char *uri_text, const char *name, struct image **image)
{
	struct download dl;
	struct uri *uri = absolute_uri(uri_text);
	int rc;

	if (!uri)
		return -ENOMEM;
	if (!uri->scheme) {
		uri_free(uri);
		return command_error(uri_text, -EINVAL,
				     "not a URI (expected e.g. http://server/file)");
	}
	memset(&dl, 0, sizeof(dl));
	dl.uri = uri;
	dl.image = alloc_image(name, uri);
	rc = dl.image ? run_opener(&dl, uri_text) : -ENOMEM;
	if (rc == 0)
		*image = dl.image;
	else
		image_free(dl.image);
	uri_free(uri);
	return rc;
}

int download(const char *uri_text, const char *name, struct image **image)
{
	struct image *fetched;
	int rc = fetch_image(uri_text, name, &fetched);

	if (rc)
		return rc;
	register_image(fetched);
	if (image)
		*image = fetched;
	return 0;
}
