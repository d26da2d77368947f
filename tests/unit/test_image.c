/* SPDX-License-Identifier: MIT */
/* The image list: naming, replacement, writes that grow the image, running. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <core/image.h>
#include <core/uri.h>
#include "test.h"
#include "test_console.h"

UNIT_TEST(image_name_from_uri_or_default)
{
	struct uri *uri = parse_uri("http://server/boot/vmlinuz?x=1");
	struct image *a = alloc_image(NULL, uri);
	struct image *b = alloc_image("given", uri);
	struct image *c = alloc_image(NULL, NULL);

	CHECK(a && b && c);
	CHECK_STR(a->name, "vmlinuz");
	CHECK_STR(b->name, "given");
	CHECK_STR(c->name, "img");
	CHECK(a->uri && a->uri != uri);
	image_free(a);
	image_free(b);
	image_free(c);
	uri_free(uri);
}

UNIT_TEST(image_register_replaces_same_name)
{
	struct image *first = alloc_image("same", NULL);
	struct image *second = alloc_image("same", NULL);

	register_image(first);
	register_image(second);
	CHECK(find_image("same") == second);
	unregister_image(second);
	CHECK(find_image("same") == NULL);
}

UNIT_TEST(image_write_grows_and_fills_gaps)
{
	struct image *image = alloc_image("w", NULL);
	uint8_t block[1000];
	uint64_t offset;
	size_t i;

	for (i = 0; i < sizeof(block); i++)
		block[i] = (uint8_t)i;
	for (offset = 0; offset < 100 * sizeof(block); offset += sizeof(block))
		CHECK_INT(image_write(image, offset, block, sizeof(block)), 0);
	CHECK_INT(image->len, 100 * sizeof(block));
	CHECK(image->alloc >= image->len);
	CHECK_MEM(image->data + 99 * sizeof(block), block, sizeof(block));
	/* A write past the end leaves zeros in between. */
	CHECK_INT(image_write(image, image->len + 10, "x", 1), 0);
	CHECK_INT(image->data[image->len - 2], 0);
	CHECK_INT(image->data[image->len - 1], 'x');
	image_free(image);
}

UNIT_TEST(image_write_rejects_offsets_beyond_memory)
{
	struct image *image = alloc_image("big", NULL);

	CHECK_INT(image_write(image, UINT64_MAX - 1, "ab", 2), -EFBIG);
	CHECK_INT(image->len, 0);
	image_free(image);
}

/* An empty write (a zero-length TFTP block) to an image with no data yet. */
UNIT_TEST(image_write_of_nothing_to_empty_image)
{
	struct image *image = alloc_image("empty", NULL);

	CHECK_INT(image_write(image, 0, NULL, 0), 0);
	CHECK_INT(image->len, 0);
	CHECK(image->data == NULL);
	image_free(image);
}

/* An image named NAME holding TEXT. */
static struct image *text_image(const char *name, const char *text)
{
	struct image *image = alloc_image(name, NULL);

	CHECK_INT(image_write(image, 0, text, strlen(text)), 0);
	return image;
}

UNIT_TEST(image_exec_runs_scripts_by_their_first_line)
{
	struct image *ipxe = text_image("a", "#!ipxe\nexit 7\n");
	struct image *own = text_image("b", "#!nicboot\r\nexit 3\n");

	CHECK_INT(image_exec(ipxe), 7);
	CHECK_INT(image_exec(own), 3);
	image_free(ipxe);
	image_free(own);
}

UNIT_TEST(image_exec_refuses_unknown_formats)
{
	struct image *binary = text_image("kernel", "\x7f" "ELF not a script");
	struct image *near = text_image("near", "#!ipxex\nexit 0\n");

	test_console_start(NULL, 0, true);
	CHECK_INT(image_exec(binary), -ENOEXEC);
	CHECK(strstr(test_console_output(), "kernel") != NULL);
	CHECK_INT(image_exec(near), -ENOEXEC);
	test_console_stop();
	image_free(binary);
	image_free(near);
}

/*
 * A running image is off the list (as in iPXE), so `imgfree` in a script
 * frees every other image but not the script under its own feet; it is
 * back on the list when it ends.
 */
UNIT_TEST(image_exec_script_may_free_itself)
{
	struct image *self = text_image("self", "#!ipxe\nimgfree\necho after\nexit 5\n");
	struct image *other = text_image("other", "data");

	register_image(self);
	register_image(other);
	test_console_start(NULL, 0, true);
	CHECK_INT(image_exec(self), 5);
	CHECK(strstr(test_console_output(), "after") != NULL);
	test_console_stop();
	CHECK(find_image("other") == NULL);
	CHECK(find_image("self") == self);
	unregister_image(self);
}
