/* SPDX-License-Identifier: MIT */
/*
 * Fetching a URI into an image: the scheme's opener (tftp, http) is found
 * by table; it runs to completion in the event loop, cancellable, and
 * reports progress.
 */
#ifndef CORE_DOWNLOAD_H
#define CORE_DOWNLOAD_H

#include <stdint.h>
#include <core/image.h>
#include <core/table.h>
#include <core/uri.h>

/* The state of one download, shared between the opener and progress. */
struct download {
	struct image *image;	/* destination */
	const struct uri *uri;	/* what is fetched (absolute) */
	uint64_t total;		/* expected size, 0 if unknown */
	uint64_t done;		/* bytes received so far */
	uint64_t started_us;	/* when the transfer began */
	uint64_t shown_us;	/* when progress was last drawn */
	/*
	 * Set by the opener on failure to say who said what: "TFTP server
	 * 10.0.0.1: File not found". download() prints it with the URI.
	 */
	char detail[160];
};

/* Fill DL->detail like snprintf; returns RC so openers can `return dl_fail(...)`. */
int dl_fail(struct download *dl, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

struct uri_opener {
	const char *scheme;
	/* Fetch DL->uri into DL->image; return 0 or a negative error. */
	int (*fetch)(struct download *dl);
};
TABLE_DECLARE(const struct uri_opener, uri_openers);
#define URI_OPENER(ident) \
	static const struct uri_opener ident \
	TABLE_ENTRY(const struct uri_opener, uri_openers)
/* The opener for SCHEME ("tftp"), or NULL if none is linked. */
const struct uri_opener *find_uri_opener(const char *scheme);

/*
 * Fetch URI_TEXT (resolved against the current working URI) into a new
 * registered image named NAME (NULL: the last path segment). Prints one
 * clear error on failure. *IMAGE receives the image if not NULL.
 */
int download(const char *uri_text, const char *name, struct image **image);
/* The same without registering: *IMAGE receives the new image, the caller's to free. */
int fetch_image(const char *uri_text, const char *name, struct image **image);

/* Megabytes (10^6) per second for BYTES in US microseconds, times ten (0 if US is 0). */
unsigned long rate_tenths(uint64_t bytes, uint64_t us);

/* Record progress; redraws the progress line at most a few times a second. */
void download_progress(struct download *dl);
/* Start DL's clock (and its progress display's). */
void download_begin(struct download *dl);
/* Stop DL's clock into its image; end the progress line if one was drawn. */
void download_end(struct download *dl);

/* The URI relative references resolve against (set by scripts later). */
extern struct uri *cwuri;

#endif
