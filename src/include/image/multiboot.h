/* SPDX-License-Identifier: MIT */
/*
 * Multiboot 1 (the GNU Multiboot Specification 0.6.96): the header a
 * kernel carries in its first 8 KiB, the information structure a loader
 * passes it, and the pure part of the loader, exposed for the unit tests.
 */
#ifndef IMAGE_MULTIBOOT_H
#define IMAGE_MULTIBOOT_H

#include <stddef.h>
#include <stdint.h>
#include <core/compiler.h>
#include <core/segment.h>

#define MB_HEADER_MAGIC 0x1badb002
#define MB_BOOT_MAGIC 0x2badb002	/* in EAX at entry */
#define MB_SEARCH_LEN 8192
#define MB_HEADER_ALIGN 4

/* Header flags: bits 0-15 are requirements a loader must meet or refuse. */
#define MB_PAGE_ALIGN 0x00000001
#define MB_MEMORY_INFO 0x00000002
#define MB_REQUIRED_MASK 0x0000ffff
#define MB_AOUT_KLUDGE 0x00010000

struct mb_header {
	uint32_t magic;
	uint32_t flags;
	uint32_t checksum;
	/* With MB_AOUT_KLUDGE: */
	uint32_t header_addr;
	uint32_t load_addr;
	uint32_t load_end_addr;
	uint32_t bss_end_addr;
	uint32_t entry_addr;
} __packed;

/* Information structure flags: which fields are valid. */
#define MBI_MEMORY 0x00000001
#define MBI_CMDLINE 0x00000004
#define MBI_MODS 0x00000008
#define MBI_MMAP 0x00000040
#define MBI_LOADER_NAME 0x00000200

struct mb_info {
	uint32_t flags;
	uint32_t mem_lower;		/* KiB from 0 */
	uint32_t mem_upper;		/* KiB from 1 MiB */
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count;
	uint32_t mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length;
	uint32_t mmap_addr;
	uint32_t drives_length;
	uint32_t drives_addr;
	uint32_t config_table;
	uint32_t boot_loader_name;
	uint32_t apm_table;
} __packed;

struct mb_module {
	uint32_t mod_start;
	uint32_t mod_end;
	uint32_t string;
	uint32_t reserved;
} __packed;

/* A memory map entry; size counts the bytes after itself. */
struct mb_mmap_entry {
	uint32_t size;
	uint64_t base_addr;
	uint64_t length;
	uint32_t type;
} __packed;

/* Most loadable segments a kernel may have. */
#define MB_MAX_SEGMENTS 8

/* A multiboot kernel as the loader sees it: where its pieces go. */
struct multiboot {
	uint32_t flags;			/* the header's */
	uint32_t entry;			/* physical */
	struct boot_segment segments[MB_MAX_SEGMENTS];	/* sources in the image */
	unsigned int nsegments;
};

/* Offset of the multiboot header in the LEN bytes at DATA, or -1. */
long multiboot_find_header(const uint8_t *data, size_t len);

/*
 * Parse the multiboot kernel at DATA: its header, then the a.out kludge
 * addresses or the ELF32 program headers. Returns 0, -ENOEXEC or -ENOTSUP
 * with *WHY saying what is wrong.
 */
int multiboot_parse(const uint8_t *data, size_t len, struct multiboot *mb,
		    const char **why);

#endif
