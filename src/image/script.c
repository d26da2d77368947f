/* SPDX-License-Identifier: MIT */
/* Script images: a file that starts "#!ipxe" or "#!nicboot" runs as commands. */
#include <stdbool.h>
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
 * image_exec() takes a running image off the list, so the script's own
 * `imgfree` or a chain of the same name cannot free the text under it.
 */
static int script_exec(struct image *image)
{
	return script_run((const char *)image->data, image->len, image->name);
}

IMAGE_TYPE(script_image_type) = {
	.name = "script",
	.probe = script_probe,
	.exec = script_exec,
};
