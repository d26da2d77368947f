/* SPDX-License-Identifier: MIT */
/* Fuzz target: the kernel loaders' parsers (bzImage setup header, multiboot header and ELF32) and their exec paths. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <core/image.h>
#include <image/bzimage.h>
#include <image/multiboot.h>
#include "harness.h"

/* Scripts start "#!ipxe" or "#!nicboot". */
#define SCRIPT_FIRST_BYTE '#'

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_setup();
	return 0;
}

/* A parsed bzImage describes only bytes of the file; returns whether it parsed. */
static bool check_bzimage(const uint8_t *data, size_t size)
{
	struct bzimage bz;
	const char *why = NULL;

	if (bzimage_parse(data, size, &bz, &why)) {
		fuzz_check(why != NULL);
		return false;
	}
	fuzz_check(bz.pm_offset + bz.pm_len == size);
	fuzz_check(BZ_HDR_OFFSET + bz.hdr_len <= BZ_HDR_END_MAX);
	fuzz_check(bz.mem_len >= bz.pm_len);
	return true;
}

/* Every multiboot segment's source lies inside the file and fits its memory size. */
static bool check_multiboot(const uint8_t *data, size_t size)
{
	struct multiboot mb;
	const char *why = NULL;
	unsigned int i;

	if (multiboot_parse(data, size, &mb, &why)) {
		fuzz_check(why != NULL);
		return false;
	}
	fuzz_check(mb.nsegments >= 1 && mb.nsegments <= MB_MAX_SEGMENTS);
	for (i = 0; i < mb.nsegments; i++) {
		const uint8_t *src = mb.segments[i].src;

		fuzz_check(src >= data && src <= data + size);
		fuzz_check(mb.segments[i].filesz <= (size_t)(data + size - src));
		fuzz_check(mb.segments[i].filesz <= mb.segments[i].memsz);
	}
	return true;
}

/* Run the input as a kernel with one other image as its initrd or module: it must fail cleanly. */
static void check_exec(const uint8_t *data, size_t size)
{
	struct image *kernel = alloc_image("kernel", NULL);
	struct image *initrd = alloc_image("initrd", NULL);

	fuzz_check(kernel && initrd);
	fuzz_check(image_write(kernel, 0, data, size) == 0);
	fuzz_check(image_write(initrd, 0, "initrd", 6) == 0);
	register_image(initrd);
	fuzz_check(image_exec(kernel) != 0);
	unregister_image(initrd);
	image_free(kernel);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int blocks = fuzz_heap_blocks();
	uint8_t *copy = fuzz_memdup(data, size);
	bool kernel = check_bzimage(copy, size);

	kernel |= check_multiboot(copy, size);
	/* A kernel that also starts like a script would run as one: skip those. */
	if (kernel && copy[0] != SCRIPT_FIRST_BYTE)
		check_exec(copy, size);
	free(copy);
	fuzz_check_heap(blocks);
	return 0;
}
