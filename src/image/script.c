/* SPDX-License-Identifier: MIT */
/* Script images: a file that starts "#!ipxe" or "#!nicboot" runs as commands. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <ctype.h>
#include <core/image.h>
#include <core/script.h>

static const char *const script_magics[] = { "#!ipxe", "#!nicboot" };

/* Whether the image starts with MAGIC followed by white space or its end. */
static bool starts_with_magic(const struct image *image, const char *magic)
{
	size_t len = strlen(magic);

	if (image->len < len || memcmp(image->data, magic, len) != 0)
		return false;
	return image->len == len || isspace(image->data[len]);
}

static int script_probe(const struct image *image)
{
	size_t i;

	for (i = 0; i < sizeof(script_magics) / sizeof(script_magics[0]); i++) {
		if (starts_with_magic(image, script_magics[i]))
			return 1;
	}
	return 0;
}

/*
 * Run a copy: the script may free its own image (`imgfree`) or replace
 * it (a chain of the same name) while it runs.
 */
static int script_exec(struct image *image)
{
	char name[IMAGE_NAME_LEN];
	char *text = malloc(image->len ? image->len : 1);
	size_t len = image->len;
	int rc;

	if (!text)
		return -ENOMEM;
	memcpy(text, image->data, len);
	snprintf(name, sizeof(name), "%s", image->name);
	rc = script_run(text, len, name);
	free(text);
	return rc;
}

IMAGE_TYPE(script_image_type) = {
	.name = "script",
	.probe = script_probe,
	.exec = script_exec,
};
