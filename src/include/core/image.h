/* SPDX-License-Identifier: MIT */
/*
 * Images: named blobs in memory (downloaded files, scripts, kernels) with
 * the URI they came from and their command line.
 */
#ifndef CORE_IMAGE_H
#define CORE_IMAGE_H

#include <stddef.h>
#include <stdint.h>
#include <core/list.h>
#include <core/table.h>
#include <core/uri.h>

#define IMAGE_NAME_LEN 64

struct image {
	struct list_head list;
	char name[IMAGE_NAME_LEN];
	struct uri *uri;	/* where it came from (may be NULL) */
	char *cmdline;		/* arguments (imgargs), may be NULL */
	uint8_t *data;
	size_t len;		/* bytes of content */
	size_t alloc;		/* bytes allocated for data */
	uint64_t fetch_us;	/* how long its download took (0: not downloaded) */
	unsigned int flags;
};

/* Chosen by `kernel`/`imgselect`: what `boot` with no name runs. */
#define IMAGE_SELECTED 0x1
/* Freed after it has run (`chain --autofree`) instead of kept. */
#define IMAGE_AUTOFREE 0x2

extern struct list_head images;
#define for_each_image(image) list_for_each_entry(image, &images, list)

/* A new unregistered image named NAME (may be NULL: derived from URI later). */
struct image *alloc_image(const char *name, const struct uri *uri);
/* Add to the list, replacing any image of the same name. */
int register_image(struct image *image);
void unregister_image(struct image *image);
/* Free an image that is not registered. */
void image_free(struct image *image);
struct image *find_image(const char *name);

/* Select IMAGE for `boot` (and no other image). */
void image_select(struct image *image);
/* The image `kernel`/`imgselect` selected, or NULL. */
struct image *find_selected_image(void);

/* Set the image's arguments to ARGV's ARGC words joined by spaces (none clears them). */
int image_set_cmdline(struct image *image, int argc, char **argv);

/* Make room for TOTAL bytes of content (when the size is known up front). */
int image_reserve(struct image *image, size_t total);
/* Copy LEN bytes to OFFSET, growing the image as needed. */
int image_write(struct image *image, uint64_t offset, const void *data,
		size_t len);

/* A format nicboot can run: a script, a kernel... (one file per type in src/image). */
struct image_type {
	const char *name;
	/* Whether IMAGE is in this format. */
	int (*probe)(const struct image *image);
	/*
	 * Run IMAGE. A script returns its status; a kernel returns only if it
	 * could not be started.
	 */
	int (*exec)(struct image *image);
};
TABLE_DECLARE(const struct image_type, image_types);
#define IMAGE_TYPE(ident) \
	static const struct image_type ident \
	TABLE_ENTRY(const struct image_type, image_types)

/*
 * Run IMAGE with the first type whose probe accepts it; -ENOEXEC (with a
 * message naming the image) if no type does.
 *
 * While it runs, IMAGE is taken off the image list (so `imgfree` in a
 * script cannot free the script under its own feet), and the current
 * working URI is IMAGE's own, so relative URIs in a script resolve against
 * the script's location. Afterwards both are restored, unless IMAGE was
 * marked IMAGE_AUTOFREE: then it is freed.
 *
 * Initrds: a loader booting a kernel takes every image on the list as an
 * initrd, in the order they were fetched (`initrd` is `imgfetch`). The
 * kernel itself is not on the list while it runs, so it is never one.
 */
int image_exec(struct image *image);

#endif
