/* SPDX-License-Identifier: MIT */
/* The bzImage loader: setup header checks, protocol defaults, initrd= names, and a refused boot. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <byteswap.h>
#include <core/image.h>
#include <image/bzimage.h>
#include "test.h"
#include "test_console.h"

#define SETUP_SECTS 1
#define PM_OFFSET ((SETUP_SECTS + 1) * BZ_SECTOR)
#define PM_LEN 0x1000
#define KERNEL_LEN (PM_OFFSET + PM_LEN)
/* The jump at 0x200 skips to the end of a 2.15 header (0x26c). */
#define JUMP_TO_0X26C (0x26c - BZ_JUMP_END)

static void put16(uint8_t *p, size_t off, uint16_t v)
{
	v = cpu_to_le16(v);
	memcpy(p + off, &v, sizeof(v));
}

static void put32(uint8_t *p, size_t off, uint32_t v)
{
	v = cpu_to_le32(v);
	memcpy(p + off, &v, sizeof(v));
}

#define FIELD(f) (BZ_HDR_OFFSET + offsetof(struct bz_setup_header, f))

/* A modern (2.15) relocatable kernel, as Debian's, with a tiny body. */
static void make_kernel(uint8_t *k)
{
	memset(k, 0, KERNEL_LEN);
	k[FIELD(setup_sects)] = SETUP_SECTS;
	put32(k, FIELD(syssize), PM_LEN / 16);
	put16(k, FIELD(boot_flag), BZ_BOOT_FLAG);
	k[BZ_JUMP_OFFSET] = JUMP_TO_0X26C;
	put32(k, FIELD(header), BZ_HDRS_MAGIC);
	put16(k, FIELD(version), 0x020f);
	k[FIELD(loadflags)] = BZ_LOADED_HIGH;
	put32(k, FIELD(initrd_addr_max), 0x7fffffff);
	put32(k, FIELD(kernel_alignment), 0x200000);
	k[FIELD(relocatable_kernel)] = 1;
	put32(k, FIELD(cmdline_size), 2047);
	put32(k, FIELD(pref_address), 0x1000000);
	put32(k, FIELD(init_size), 0x40000);
}

UNIT_TEST(bzimage_parses_modern_header)
{
	static uint8_t k[KERNEL_LEN];
	struct bzimage bz;
	const char *why = NULL;

	make_kernel(k);
	CHECK_INT(bzimage_parse(k, sizeof(k), &bz, &why), 0);
	CHECK_INT(bz.version, 0x020f);
	CHECK_INT(bz.pm_offset, PM_OFFSET);
	CHECK_INT(bz.pm_len, PM_LEN);
	CHECK_INT(bz.hdr_len, 0x26c - BZ_HDR_OFFSET);
	CHECK(bz.relocatable);
	CHECK_INT(bz.alignment, 0x200000);
	CHECK_INT(bz.pref_address, 0x1000000);
	CHECK_INT(bz.mem_len, 0x40000);
	CHECK_INT(bz.initrd_max, 0x7fffffff);
	CHECK_INT(bz.cmdline_max, 2047);
}

/* 2.02: no initrd_addr_max, cmdline_size, relocation or init_size yet. */
UNIT_TEST(bzimage_old_protocol_defaults)
{
	static uint8_t k[KERNEL_LEN];
	struct bzimage bz;
	const char *why = NULL;

	make_kernel(k);
	put16(k, FIELD(version), 0x0202);
	CHECK_INT(bzimage_parse(k, sizeof(k), &bz, &why), 0);
	CHECK(!bz.relocatable);
	CHECK_INT(bz.initrd_max, 0x37ffffff);
	CHECK_INT(bz.cmdline_max, 255);
	CHECK_INT(bz.pref_address, 0x100000);
	CHECK_INT(bz.mem_len, 3 * PM_LEN);
}

UNIT_TEST(bzimage_refuses_bad_headers)
{
	static uint8_t k[KERNEL_LEN];
	struct bzimage bz;
	const char *why = NULL;

	make_kernel(k);
	put32(k, FIELD(header), 0);
	CHECK_INT(bzimage_parse(k, sizeof(k), &bz, &why), -ENOEXEC);
	CHECK(why && strstr(why, "HdrS"));

	make_kernel(k);
	put16(k, FIELD(version), 0x0201);
	CHECK_INT(bzimage_parse(k, sizeof(k), &bz, &why), -ENOTSUP);

	make_kernel(k);
	k[FIELD(loadflags)] = 0;
	CHECK_INT(bzimage_parse(k, sizeof(k), &bz, &why), -ENOTSUP);
	CHECK(strstr(why, "zImage") != NULL);

	make_kernel(k);
	put32(k, FIELD(syssize), PM_LEN / 16 + 1);
	CHECK_INT(bzimage_parse(k, sizeof(k), &bz, &why), -ENOEXEC);

	make_kernel(k);
	k[FIELD(setup_sects)] = 200;
	CHECK_INT(bzimage_parse(k, sizeof(k), &bz, &why), -ENOEXEC);

	make_kernel(k);
	put32(k, FIELD(kernel_alignment), 0x300000);
	CHECK_INT(bzimage_parse(k, sizeof(k), &bz, &why), -ENOEXEC);

	make_kernel(k);
	put32(k, FIELD(init_size), PM_LEN - 1);
	CHECK_INT(bzimage_parse(k, sizeof(k), &bz, &why), -ENOEXEC);

	CHECK_INT(bzimage_parse(k, 0x200, &bz, &why), -ENOEXEC);
}

UNIT_TEST(bzimage_initrd_names_on_command_line)
{
	CHECK(bzimage_cmdline_names("initrd=a.img console=ttyS0", "a.img"));
	CHECK(bzimage_cmdline_names("quiet  initrd=b", "b"));
	CHECK(!bzimage_cmdline_names("initrd=a.imgx", "a.img"));
	CHECK(!bzimage_cmdline_names("xinitrd=a", "a"));
	CHECK(!bzimage_cmdline_names("initrd=a", "b"));
	CHECK(!bzimage_cmdline_names(NULL, "a"));
}

/*
 * The host program recognises a kernel but cannot boot it: the loader
 * fails cleanly (no leak, not "unknown format").
 */
UNIT_TEST(bzimage_exec_on_host_fails_cleanly)
{
	struct image *kernel = alloc_image("vmlinuz", NULL);
	static uint8_t k[KERNEL_LEN];
	int rc;

	make_kernel(k);
	CHECK_INT(image_write(kernel, 0, k, sizeof(k)), 0);
	test_console_start(NULL, 0, true);
	rc = image_exec(kernel);
	test_console_stop();
	CHECK(rc < 0 && rc != -ENOEXEC);
	image_free(kernel);
}
