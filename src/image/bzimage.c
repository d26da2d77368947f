/* SPDX-License-Identifier: MIT */
/* Linux kernels (bzImage, boot protocol 2.02 and later) entered through the 32-bit boot protocol. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <byteswap.h>
#include <core/command.h>
#include <core/compiler.h>
#include <core/image.h>
#include <core/segment.h>
#include <image/bzimage.h>

/* Versions of the boot protocol that added what we use. */
#define BZ_V2_02 0x0202
#define BZ_V2_03 0x0203		/* initrd_addr_max */
#define BZ_V2_04 0x0204		/* 32-bit syssize */
#define BZ_V2_05 0x0205		/* relocatable kernels */
#define BZ_V2_06 0x0206		/* cmdline_size */
#define BZ_V2_10 0x020a		/* pref_address, init_size */
/* Before 2.03 initrds had to end below this; before 2.06 lines were this long. */
#define BZ_OLD_INITRD_MAX 0x37ffffff
#define BZ_OLD_CMDLINE_MAX 255
/* Without init_size, the room a kernel decompresses into is guessed as three times its size. */
#define BZ_OLD_MEM_FACTOR 3
/* setup_sects 0 means 4 (very old kernels). */
#define BZ_DEFAULT_SETUP_SECTS 4
/* Non-relocatable bzImages load here. */
#define BZ_LOAD_HIGH 0x100000
#define BZ_SYSSIZE_UNIT 16
/* Initrds are concatenated at 4-byte boundaries, in page-aligned memory. */
#define BZ_INITRD_ALIGN 4
#define BZ_INITRD_BUF_ALIGN 4096
/* The largest kernel_alignment Linux can be configured with (CONFIG_PHYSICAL_ALIGN). */
#define BZ_MAX_ALIGN 0x1000000
#define FOUR_GIB 0x100000000ull
/* screen_info for an 80x25 VGA text screen (mode 3); VIDEO_TYPE_VGAC. */
#define VGA_TEXT_MODE 3
#define VGA_COLS 80
#define VGA_LINES 25
#define VGA_FONT_HEIGHT 16
#define VIDEO_TYPE_VGAC 0x22
#define INITRD_ARG "initrd="

static uint16_t hdr16(const uint8_t *data, size_t off)
{
	uint16_t v;

	memcpy(&v, data + off, sizeof(v));
	return le16_to_cpu(v);
}

static uint32_t hdr32(const uint8_t *data, size_t off)
{
	uint32_t v;

	memcpy(&v, data + off, sizeof(v));
	return le32_to_cpu(v);
}

#define HDR_OFF(field) (BZ_HDR_OFFSET + offsetof(struct bz_setup_header, field))
#define HDR_END(field) \
	(HDR_OFF(field) + sizeof(((struct bz_setup_header *)0)->field))

/* Whether the LEN bytes at DATA start with a setup header ("HdrS" and the boot flag). */
static bool has_setup_header(const uint8_t *data, size_t len)
{
	return len >= HDR_END(version) &&
	       hdr16(data, HDR_OFF(boot_flag)) == BZ_BOOT_FLAG &&
	       hdr32(data, HDR_OFF(header)) == BZ_HDRS_MAGIC;
}

static bool is_power_of_two(uint32_t x)
{
	return x && !(x & (x - 1));
}

/* Fill the fields that depend on the protocol version; the header is known to be long enough. */
static int parse_versioned(const uint8_t *data, struct bzimage *bz,
			   const char **why)
{
	uint16_t v = bz->version;

	bz->initrd_max = v >= BZ_V2_03 ? hdr32(data, HDR_OFF(initrd_addr_max))
				       : BZ_OLD_INITRD_MAX;
	bz->cmdline_max = v >= BZ_V2_06 ? hdr32(data, HDR_OFF(cmdline_size))
					: BZ_OLD_CMDLINE_MAX;
	bz->relocatable = v >= BZ_V2_05 && data[HDR_OFF(relocatable_kernel)];
	bz->alignment = bz->relocatable ?
			hdr32(data, HDR_OFF(kernel_alignment)) : 0;
	if (bz->relocatable &&
	    (!is_power_of_two(bz->alignment) || bz->alignment > BZ_MAX_ALIGN)) {
		*why = "kernel_alignment is not a power of two up to 16 MiB";
		return -ENOEXEC;
	}
	if (v >= BZ_V2_10) {
		uint64_t pref;

		memcpy(&pref, data + HDR_OFF(pref_address), sizeof(pref));
		bz->pref_address = le64_to_cpu(pref);
		bz->mem_len = hdr32(data, HDR_OFF(init_size));
	} else {
		bz->pref_address = BZ_LOAD_HIGH;
		bz->mem_len = bz->pm_len > UINT32_MAX / BZ_OLD_MEM_FACTOR ?
			      0 : (uint32_t)bz->pm_len * BZ_OLD_MEM_FACTOR;
	}
	if (bz->mem_len < bz->pm_len) {
		*why = "init_size is smaller than the kernel";
		return -ENOEXEC;
	}
	return 0;
}

int bzimage_parse(const uint8_t *data, size_t len, struct bzimage *bz,
		  const char **why)
{
	size_t setup_sects;

	memset(bz, 0, sizeof(*bz));
	if (!has_setup_header(data, len)) {
		*why = "not a bzImage (no HdrS setup header)";
		return -ENOEXEC;
	}
	bz->version = hdr16(data, HDR_OFF(version));
	if (bz->version < BZ_V2_02) {
		*why = "boot protocol older than 2.02 (a pre-2.4 kernel)";
		return -ENOTSUP;
	}
	bz->hdr_len = MIN((size_t)BZ_JUMP_END + data[BZ_JUMP_OFFSET],
			  (size_t)BZ_HDR_END_MAX) - BZ_HDR_OFFSET;
	setup_sects = data[HDR_OFF(setup_sects)] ? data[HDR_OFF(setup_sects)]
						 : BZ_DEFAULT_SETUP_SECTS;
	bz->pm_offset = (setup_sects + 1) * BZ_SECTOR;
	if (bz->pm_offset >= len ||
	    BZ_HDR_OFFSET + MAX(bz->hdr_len, sizeof(struct bz_setup_header)) >
	    bz->pm_offset) {
		*why = "truncated (setup code longer than the file)";
		return -ENOEXEC;
	}
	if (!(data[HDR_OFF(loadflags)] & BZ_LOADED_HIGH)) {
		*why = "a zImage (loads below 1 MiB), not a bzImage";
		return -ENOTSUP;
	}
	bz->pm_len = len - bz->pm_offset;
	if (bz->version >= BZ_V2_04 &&
	    (uint64_t)hdr32(data, HDR_OFF(syssize)) * BZ_SYSSIZE_UNIT >
	    bz->pm_len + BZ_SYSSIZE_UNIT - 1) {
		*why = "truncated (shorter than its syssize)";
		return -ENOEXEC;
	}
	return parse_versioned(data, bz, why);
}

bool bzimage_cmdline_names(const char *cmdline, const char *name)
{
	size_t arg_len = strlen(INITRD_ARG), name_len = strlen(name);
	const char *p = cmdline;

	while (p && *p) {
		size_t word = strcspn(p, " ");

		if (word == arg_len + name_len &&
		    strncmp(p, INITRD_ARG, arg_len) == 0 &&
		    strncmp(p + arg_len, name, name_len) == 0)
			return true;
		p += word;
		p += strspn(p, " ");
	}
	return false;
}

/* Everything a boot allocates, freed if it fails. */
struct bz_load {
	struct bzimage bz;
	struct image *image;
	uint8_t *kernel;		/* relocatable: the block it runs in */
	struct bz_boot_params *params;
	char *cmdline;
	uint8_t *initrds;		/* the block of the concatenation, if made */
	uint32_t initrd_phys;
	uint32_t initrd_len;
	struct boot_segment segment;	/* non-relocatable: at 1 MiB */
	struct boot_entry entry;
};

static void bz_load_free(struct bz_load *ld)
{
	free(ld->kernel);
	free(ld->params);
	free(ld->cmdline);
	free(ld->initrds);
}

/* The 32-bit physical address of LEN bytes at PTR; -ERANGE if they are not below 4 GiB. */
static int phys32(const void *ptr, size_t len, uint32_t *phys)
{
	uint64_t p = boot_phys(ptr);

	if (p + len > FOUR_GIB)
		return -ERANGE;
	*phys = (uint32_t)p;
	return 0;
}

static int zone_error(struct bz_load *ld, int rc, uint64_t start, uint64_t len)
{
	struct phys_range zone = boot_zone();

	return command_error(ld->image->name, rc,
			     "kernel is not relocatable and needs 0x%llx-0x%llx,"
			     " outside the memory kept for kernels (0x%llx-0x%llx)",
			     (unsigned long long)start,
			     (unsigned long long)(start + len),
			     (unsigned long long)zone.start,
			     (unsigned long long)zone.end);
}

/*
 * A relocatable kernel runs where it is loaded: a heap block of mem_len
 * bytes, aligned as it asks, at or above pref_address (the kernel would
 * otherwise decompress at pref_address, outside the block).
 */
static int place_relocatable(struct bz_load *ld)
{
	const struct bzimage *bz = &ld->bz;
	uint32_t phys;
	uint8_t *run;
	int rc;

	if ((uint64_t)bz->mem_len + bz->alignment > SIZE_MAX)
		return -ENOMEM;
	ld->kernel = malloc((size_t)bz->mem_len + bz->alignment);
	if (!ld->kernel)
		return command_error(ld->image->name, -ENOMEM,
				     "no %u bytes of memory to run the kernel in",
				     bz->mem_len);
	run = phys_align(ld->kernel, bz->alignment);
	rc = phys32(run, bz->mem_len, &phys);
	if (rc || phys < bz->pref_address)
		return command_error(ld->image->name, -ENOMEM,
				     "the kernel must run between 0x%llx and 4 GiB;"
				     " the free memory is at 0x%llx",
				     (unsigned long long)bz->pref_address,
				     (unsigned long long)boot_phys(run));
	memcpy(run, ld->image->data + bz->pm_offset, bz->pm_len);
	ld->entry.entry = phys;
	return 0;
}

/*
 * A non-relocatable kernel is copied to 1 MiB at handoff and runs at
 * pref_address: both ranges must lie in the boot zone.
 */
static int place_fixed(struct bz_load *ld)
{
	const struct bzimage *bz = &ld->bz;

	if (segment_check(BZ_LOAD_HIGH, bz->pm_len))
		return zone_error(ld, -ERANGE, BZ_LOAD_HIGH, bz->pm_len);
	if (segment_check(bz->pref_address, bz->mem_len))
		return zone_error(ld, -ERANGE, bz->pref_address, bz->mem_len);
	ld->segment = (struct boot_segment){
		.phys = BZ_LOAD_HIGH,
		.src = ld->image->data + bz->pm_offset,
		.filesz = bz->pm_len,
		.memsz = bz->pm_len,
	};
	ld->entry.segments = &ld->segment;
	ld->entry.nsegments = 1;
	ld->entry.entry = BZ_LOAD_HIGH;
	return 0;
}

static int set_cmdline(struct bz_load *ld)
{
	const char *args = ld->image->cmdline ? ld->image->cmdline : "";
	size_t len = strlen(args);
	uint32_t phys;

	if (len > ld->bz.cmdline_max)
		return command_error(ld->image->name, -E2BIG,
				     "command line is %zu bytes; this kernel takes"
				     " at most %u", len, ld->bz.cmdline_max);
	ld->cmdline = malloc(len + 1);
	if (!ld->cmdline)
		return -ENOMEM;
	memcpy(ld->cmdline, args, len + 1);
	if (phys32(ld->cmdline, len + 1, &phys))
		return -ERANGE;
	ld->params->hdr.cmd_line_ptr = cpu_to_le32(phys);
	return 0;
}

/* Whether IMAGE is one of the kernel's initrds (FILTERED: the command line names some). */
static bool is_initrd(const struct bz_load *ld, const struct image *image,
		      bool filtered)
{
	return image != ld->image && image->len &&
	       (!filtered || bzimage_cmdline_names(ld->image->cmdline,
						   image->name));
}

/* Whether the kernel's command line names an image with initrd=. */
static bool initrds_filtered(const struct bz_load *ld)
{
	const struct image *image;

	for_each_image(image) {
		if (image != ld->image &&
		    bzimage_cmdline_names(ld->image->cmdline, image->name))
			return true;
	}
	return false;
}

/* Concatenate the initrds, each padded to 4 bytes, into one page-aligned block. */
static int gather_initrds(struct bz_load *ld, bool filtered, size_t total,
			  const void **data)
{
	const struct image *image;
	size_t off = 0;
	uint8_t *dest;

	if (total > SIZE_MAX - BZ_INITRD_BUF_ALIGN)
		return -ENOMEM;
	ld->initrds = malloc(total + BZ_INITRD_BUF_ALIGN);
	if (!ld->initrds)
		return command_error(ld->image->name, -ENOMEM,
				     "no %zu bytes of memory for the initrds",
				     total);
	dest = phys_align(ld->initrds, BZ_INITRD_BUF_ALIGN);
	for_each_image(image) {
		if (!is_initrd(ld, image, filtered))
			continue;
		memcpy(dest + off, image->data, image->len);
		memset(dest + off + image->len, 0,
		       ALIGN_UP(image->len, BZ_INITRD_ALIGN) - image->len);
		off += ALIGN_UP(image->len, BZ_INITRD_ALIGN);
	}
	*data = dest;
	return 0;
}

/*
 * The initrds: a single one stays where it was downloaded, several are
 * concatenated; either must end below the kernel's initrd_addr_max.
 */
static int set_initrds(struct bz_load *ld)
{
	bool filtered = initrds_filtered(ld);
	const struct image *image, *only = NULL;
	size_t total = 0, count = 0;
	const void *data = NULL;
	int rc;

	for_each_image(image) {
		if (!is_initrd(ld, image, filtered))
			continue;
		only = image;
		count++;
		total += ALIGN_UP(image->len, BZ_INITRD_ALIGN);
	}
	if (!count)
		return 0;
	if (count == 1) {
		data = only->data;
		total = only->len;
	} else {
		rc = gather_initrds(ld, filtered, total, &data);
		if (rc)
			return rc;
	}
	if (phys32(data, total, &ld->initrd_phys) ||
	    ld->initrd_phys + (uint64_t)total - 1 > ld->bz.initrd_max)
		return command_error(ld->image->name, -ERANGE,
				     "initrd (%zu bytes) lies above the kernel's"
				     " limit 0x%x", total, ld->bz.initrd_max);
	ld->initrd_len = (uint32_t)total;
	ld->params->hdr.ramdisk_image = cpu_to_le32(ld->initrd_phys);
	ld->params->hdr.ramdisk_size = cpu_to_le32(ld->initrd_len);
	return 0;
}

static void set_memmap(struct bz_boot_params *params)
{
	struct memmap_entry map[MEMMAP_MAX];
	unsigned int n = boot_memmap(map, MIN(MEMMAP_MAX, BZ_E820_MAX)), i;

	for (i = 0; i < n; i++) {
		params->e820_table[i].addr = cpu_to_le64(map[i].base);
		params->e820_table[i].size = cpu_to_le64(map[i].len);
		params->e820_table[i].type = cpu_to_le32(map[i].type);
	}
	params->e820_entries = (uint8_t)n;
}

/*
 * An 80x25 VGA text screen with the cursor on its last line, so that the
 * kernel's VGA console starts below what is already shown.
 */
static void set_screen(struct bz_screen_info *si)
{
	si->orig_y = VGA_LINES - 1;
	si->orig_video_mode = VGA_TEXT_MODE;
	si->orig_video_cols = VGA_COLS;
	si->orig_video_lines = VGA_LINES;
	si->orig_video_is_vga = VIDEO_TYPE_VGAC;
	si->orig_video_points = cpu_to_le16(VGA_FONT_HEIGHT);
}

/* The zero page: the kernel's own setup header, then what the loader fills in. */
static int build_params(struct bz_load *ld)
{
	struct bz_boot_params *params;
	int rc;

	params = ld->params = zalloc(sizeof(*params));
	if (!params)
		return -ENOMEM;
	/*
	 * loadflags stay as the kernel set them: CAN_USE_HEAP and
	 * heap_end_ptr concern the 16-bit setup code, which the 32-bit
	 * entry skips.
	 */
	memcpy(&params->hdr, ld->image->data + BZ_HDR_OFFSET, ld->bz.hdr_len);
	params->hdr.type_of_loader = BZ_LOADER_UNDEFINED;
	params->hdr.code32_start = cpu_to_le32(ld->entry.entry);
	set_screen(&params->screen_info);
	set_memmap(params);
	rc = set_cmdline(ld);
	if (!rc)
		rc = set_initrds(ld);
	if (!rc)
		rc = phys32(params, sizeof(*params), &ld->entry.esi);
	return rc;
}

static int bzimage_probe(const struct image *image)
{
	return has_setup_header(image->data, image->len);
}

static int bzimage_exec(struct image *image)
{
	struct bz_load ld = { .image = image };
	const char *why;
	int rc;

	rc = bzimage_parse(image->data, image->len, &ld.bz, &why);
	if (rc)
		return command_error(image->name, rc, "%s", why);
	rc = ld.bz.relocatable ? place_relocatable(&ld) : place_fixed(&ld);
	if (!rc)
		rc = build_params(&ld);
	if (!rc) {
		printf("Booting Linux (boot protocol %u.%02u) at 0x%x, initrds %u"
		       " bytes at 0x%x\n", ld.bz.version >> 8,
		       ld.bz.version & 0xff, ld.entry.entry, ld.initrd_len,
		       ld.initrd_phys);
		rc = boot_start(&ld.entry);
	}
	bz_load_free(&ld);
	return rc;
}

IMAGE_TYPE(bzimage_image_type) = {
	.name = "bzImage",
	.probe = bzimage_probe,
	.exec = bzimage_exec,
};
