/* SPDX-License-Identifier: MIT */
/* The list of images in memory: downloaded files, scripts, kernels. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <core/command.h>
#include <core/download.h>
#include <core/image.h>

LIST_HEAD(images);

/* Name used when neither the caller nor the URI gives one. */
#define DEFAULT_IMAGE_NAME "img"

/* The last segment of a path: "/boot/vmlinuz" gives "vmlinuz". */
static const char *path_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static void image_set_name(struct image *image, const char *name,
			   const struct uri *uri)
{
	if (!name && uri && uri->path && *path_basename(uri->path))
		name = path_basename(uri->path);
	if (!name || !*name)
		name = DEFAULT_IMAGE_NAME;
	strlcpy(image->name, name, sizeof(image->name));
}

struct image *alloc_image(const char *name, const struct uri *uri)
{
	struct image *image = zalloc(sizeof(*image));

	if (!image)
		return NULL;
	INIT_LIST_HEAD(&image->list);
	if (uri) {
		image->uri = uri_dup(uri);
		if (!image->uri) {
			free(image);
			return NULL;
		}
	}
	image_set_name(image, name, uri);
	return image;
}

void image_free(struct image *image)
{
	if (!image)
		return;
	uri_free(image->uri);
	free(image->cmdline);
	free(image->data);
	free(image);
}

struct image *find_image(const char *name)
{
	struct image *image;

	for_each_image(image) {
		if (strcmp(image->name, name) == 0)
			return image;
	}
	return NULL;
}

int register_image(struct image *image)
{
	struct image *old = find_image(image->name);

	if (old)
		unregister_image(old);
	list_add_tail(&image->list, &images);
	return 0;
}

void unregister_image(struct image *image)
{
	list_del(&image->list);
	image_free(image);
}

int image_reserve(struct image *image, size_t total)
{
	uint8_t *data;

	if (total <= image->alloc)
		return 0;
	data = realloc(image->data, total);
	if (!data)
		return -ENOMEM;
	image->data = data;
	image->alloc = total;
	return 0;
}

/*
 * Grow geometrically when the final size is unknown, so that a download
 * of N bytes costs O(log N) reallocations, not one per packet.
 */
static int image_grow(struct image *image, size_t needed)
{
	size_t want = image->alloc ? image->alloc : needed;

	while (want < needed) {
		if (want > SIZE_MAX / 2)
			return image_reserve(image, needed);
		want *= 2;
	}
	if (image_reserve(image, want) == 0)
		return 0;
	return image_reserve(image, needed);
}

int image_write(struct image *image, uint64_t offset, const void *data,
		size_t len)
{
	uint64_t end = offset + len;
	int rc;

	if (end < offset || end > SIZE_MAX)
		return -EFBIG;
	if (!len)
		return 0;
	if (end > image->alloc) {
		rc = image_grow(image, (size_t)end);
		if (rc)
			return rc;
	}
	if (offset > image->len)
		memset(image->data + image->len, 0, (size_t)offset - image->len);
	memcpy(image->data + offset, data, len);
	if (end > image->len)
		image->len = (size_t)end;
	return 0;
}

int image_set_cmdline(struct image *image, int argc, char **argv)
{
	size_t len = 1;
	char *cmdline;
	int i;

	free(image->cmdline);
	image->cmdline = NULL;
	if (argc <= 0)
		return 0;
	for (i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	cmdline = malloc(len);
	if (!cmdline)
		return -ENOMEM;
	cmdline[0] = '\0';
	for (i = 0; i < argc; i++) {
		if (i)
			strcat(cmdline, " ");
		strcat(cmdline, argv[i]);
	}
	image->cmdline = cmdline;
	return 0;
}

void image_select(struct image *image)
{
	struct image *other;

	for_each_image(other)
		other->flags &= ~IMAGE_SELECTED;
	image->flags |= IMAGE_SELECTED;
}

struct image *find_selected_image(void)
{
	struct image *image;

	for_each_image(image) {
		if (image->flags & IMAGE_SELECTED)
			return image;
	}
	return NULL;
}

/* The first type that accepts IMAGE, or NULL. */
static const struct image_type *probe_image(const struct image *image)
{
	const struct image_type *type;

	for_each_table_entry(type, image_types) {
		if (type->probe(image))
			return type;
	}
	return NULL;
}

/* Run IMAGE with TYPE, off the list and with its URI as the working URI. */
static int run_detached(struct image *image, const struct image_type *type)
{
	bool registered = !list_empty(&image->list);
	struct uri *saved_cwuri = cwuri;
	int rc;

	list_del(&image->list);
	if (image->uri)
		cwuri = image->uri;
	rc = type->exec(image);
	cwuri = saved_cwuri;
	if (registered && (image->flags & IMAGE_AUTOFREE))
		image_free(image);
	else if (registered)
		register_image(image);
	return rc;
}

int image_exec(struct image *image)
{
	const struct image_type *type = probe_image(image);

	if (!type)
		return command_error(image->name, -ENOEXEC,
				     "not a format nicboot can run (%zu bytes)",
				     image->len);
	return run_detached(image, type);
}
