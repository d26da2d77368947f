/* SPDX-License-Identifier: MIT */
/*
 * The Linux x86 boot protocol (Documentation/arch/x86/boot.rst): the setup
 * header a bzImage carries at 0x1f1, the "zero page" (struct boot_params)
 * a loader hands the kernel's 32-bit entry, and the pure functions of the
 * loader, exposed for the unit tests.
 */
#ifndef IMAGE_BZIMAGE_H
#define IMAGE_BZIMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <core/compiler.h>

#define BZ_HDR_OFFSET 0x1f1
#define BZ_BOOT_FLAG 0xaa55
#define BZ_HDRS_MAGIC 0x53726448	/* "HdrS" */
#define BZ_SECTOR 512
/* The setup header ends at 0x202 plus the byte at 0x201 (the jump's offset). */
#define BZ_JUMP_OFFSET 0x201
#define BZ_JUMP_END 0x202
/* Where struct boot_params stops holding setup header bytes. */
#define BZ_HDR_END_MAX 0x290

/* loadflags */
#define BZ_LOADED_HIGH 0x01
/* type_of_loader: a loader with no assigned ID. */
#define BZ_LOADER_UNDEFINED 0xff

struct bz_setup_header {
	uint8_t setup_sects;
	uint16_t root_flags;
	uint32_t syssize;
	uint16_t ram_size;
	uint16_t vid_mode;
	uint16_t root_dev;
	uint16_t boot_flag;
	uint8_t jump[2];
	uint32_t header;
	uint16_t version;
	uint32_t realmode_swtch;
	uint16_t start_sys_seg;
	uint16_t kernel_version;
	uint8_t type_of_loader;
	uint8_t loadflags;
	uint16_t setup_move_size;
	uint32_t code32_start;
	uint32_t ramdisk_image;
	uint32_t ramdisk_size;
	uint32_t bootsect_kludge;
	uint16_t heap_end_ptr;
	uint8_t ext_loader_ver;
	uint8_t ext_loader_type;
	uint32_t cmd_line_ptr;
	uint32_t initrd_addr_max;	/* 2.03 */
	uint32_t kernel_alignment;	/* 2.05 */
	uint8_t relocatable_kernel;	/* 2.05 */
	uint8_t min_alignment;		/* 2.10 */
	uint16_t xloadflags;		/* 2.12 */
	uint32_t cmdline_size;		/* 2.06 */
	uint32_t hardware_subarch;
	uint64_t hardware_subarch_data;
	uint32_t payload_offset;
	uint32_t payload_length;
	uint64_t setup_data;
	uint64_t pref_address;		/* 2.10 */
	uint32_t init_size;		/* 2.10 */
	uint32_t handover_offset;
	uint32_t kernel_info_offset;	/* 2.15 */
} __packed;

#define BZ_HDR_AT(field, off) \
	_Static_assert(BZ_HDR_OFFSET + offsetof(struct bz_setup_header, field) \
		       == (off), #field)
BZ_HDR_AT(boot_flag, 0x1fe);
BZ_HDR_AT(header, 0x202);
BZ_HDR_AT(type_of_loader, 0x210);
BZ_HDR_AT(code32_start, 0x214);
BZ_HDR_AT(cmd_line_ptr, 0x228);
BZ_HDR_AT(cmdline_size, 0x238);
BZ_HDR_AT(pref_address, 0x258);
BZ_HDR_AT(kernel_info_offset, 0x268);

/* Text-mode screen as the BIOS left it, for the kernel's VGA console. */
struct bz_screen_info {
	uint8_t orig_x;
	uint8_t orig_y;
	uint16_t ext_mem_k;
	uint16_t orig_video_page;
	uint8_t orig_video_mode;
	uint8_t orig_video_cols;
	uint8_t flags;
	uint8_t unused2;
	uint16_t orig_video_ega_bx;
	uint16_t unused3;
	uint8_t orig_video_lines;
	uint8_t orig_video_is_vga;
	uint16_t orig_video_points;
	uint8_t rest[0x40 - 0x12];
} __packed;

struct bz_e820_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
} __packed;

#define BZ_E820_MAX 128
#define BZ_BOOT_PARAMS_SIZE 4096

struct bz_boot_params {
	struct bz_screen_info screen_info;		/* 0x000 */
	uint8_t pad1[0x1e8 - 0x40];
	uint8_t e820_entries;				/* 0x1e8 */
	uint8_t pad2[BZ_HDR_OFFSET - 0x1e9];
	struct bz_setup_header hdr;			/* 0x1f1 */
	uint8_t pad3[0x2d0 - BZ_HDR_OFFSET - sizeof(struct bz_setup_header)];
	struct bz_e820_entry e820_table[BZ_E820_MAX];	/* 0x2d0 */
	uint8_t pad4[BZ_BOOT_PARAMS_SIZE - 0x2d0 - BZ_E820_MAX * 20];
} __packed;

_Static_assert(sizeof(struct bz_boot_params) == BZ_BOOT_PARAMS_SIZE, "zero page");
_Static_assert(offsetof(struct bz_boot_params, hdr) == BZ_HDR_OFFSET, "hdr");

/* What a loader needs to know about a bzImage, from its setup header. */
struct bzimage {
	uint16_t version;	/* boot protocol, 0x20f for 2.15 */
	size_t hdr_len;		/* setup header bytes from 0x1f1 to copy */
	size_t pm_offset;	/* the protected-mode kernel in the file */
	size_t pm_len;
	bool relocatable;
	uint32_t alignment;	/* of the load address, if relocatable */
	uint64_t pref_address;	/* where the kernel runs (and a relocatable one prefers to load) */
	uint32_t mem_len;	/* memory it needs there: init_size, or an estimate */
	uint32_t initrd_max;	/* highest address an initrd byte may have */
	uint32_t cmdline_max;	/* longest command line, without the NUL */
};

/*
 * Check the setup header of the LEN-byte kernel at DATA and fill BZ.
 * Returns 0, -ENOEXEC (not a bzImage) or -ENOTSUP, with *WHY saying what
 * is wrong.
 */
int bzimage_parse(const uint8_t *data, size_t len, struct bzimage *bz,
		  const char **why);

/*
 * Whether the kernel command line CMDLINE (may be NULL) has a word
 * `initrd=NAME`: if it names any image, only the images it names are
 * the kernel's initrds (otherwise every image but the kernel is).
 */
bool bzimage_cmdline_names(const char *cmdline, const char *name);

#endif
