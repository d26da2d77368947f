/* SPDX-License-Identifier: MIT */
/* The multiboot loader: header search, ELF32 and a.out-kludge segments, refusals. */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <byteswap.h>
#include <core/image.h>
#include <image/elf.h>
#include <image/multiboot.h>
#include "test.h"
#include "test_console.h"

#define FILE_LEN 0x3000
#define PHDR_OFF sizeof(struct elf32_ehdr)
#define HEADER_OFF 0x1000

static void put32(uint8_t *p, size_t off, uint32_t v)
{
	v = cpu_to_le32(v);
	memcpy(p + off, &v, sizeof(v));
}

/* A multiboot header with FLAGS at OFF (checksum right). */
static void put_header(uint8_t *f, size_t off, uint32_t flags)
{
	put32(f, off, MB_HEADER_MAGIC);
	put32(f, off + 4, flags);
	put32(f, off + 8, -(MB_HEADER_MAGIC + flags));
}

static void put_phdr(uint8_t *f, unsigned int i, uint32_t off, uint32_t vaddr,
		     uint32_t paddr, uint32_t filesz, uint32_t memsz)
{
	struct elf32_phdr ph = {
		.p_type = cpu_to_le32(PT_LOAD), .p_offset = cpu_to_le32(off),
		.p_vaddr = cpu_to_le32(vaddr), .p_paddr = cpu_to_le32(paddr),
		.p_filesz = cpu_to_le32(filesz), .p_memsz = cpu_to_le32(memsz),
	};

	memcpy(f + PHDR_OFF + i * sizeof(ph), &ph, sizeof(ph));
}

/* An ELF32 kernel: text at 1 MiB, data plus bss at 2 MiB, linked high (vaddr != paddr). */
static void make_elf(uint8_t *f)
{
	struct elf32_ehdr eh = {
		.e_machine = cpu_to_le16(EM_386),
		.e_entry = cpu_to_le32(0xc0100010),
		.e_phoff = cpu_to_le32(PHDR_OFF),
		.e_phentsize = cpu_to_le16(sizeof(struct elf32_phdr)),
		.e_phnum = cpu_to_le16(2),
	};

	memset(f, 0, FILE_LEN);
	memcpy(eh.e_ident, ELF_MAGIC, ELF_MAGIC_LEN);
	eh.e_ident[EI_CLASS] = ELFCLASS32;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	memcpy(f, &eh, sizeof(eh));
	put_phdr(f, 0, HEADER_OFF, 0xc0100000, 0x100000, 0x1000, 0x1000);
	put_phdr(f, 1, 0x2000, 0xc0200000, 0x200000, 0x800, 0x4000);
	put_header(f, HEADER_OFF, MB_PAGE_ALIGN | MB_MEMORY_INFO);
}

UNIT_TEST(multiboot_finds_header_in_first_8k_only)
{
	static uint8_t f[FILE_LEN];

	memset(f, 0, sizeof(f));
	CHECK_INT(multiboot_find_header(f, sizeof(f)), -1);
	put_header(f, 0x1ffc - 8, 0);
	CHECK_INT(multiboot_find_header(f, sizeof(f)), 0x1ffc - 8);
	memset(f, 0, sizeof(f));
	put_header(f, 0x2000, 0);
	CHECK_INT(multiboot_find_header(f, sizeof(f)), -1);
	memset(f, 0, sizeof(f));
	put_header(f, 0x102, 0);		/* not 4-byte aligned */
	CHECK_INT(multiboot_find_header(f, sizeof(f)), -1);
	put_header(f, 0x100, 0);
	put32(f, 0x108, 0);			/* bad checksum */
	CHECK_INT(multiboot_find_header(f, sizeof(f)), -1);
	put_header(f, 0x100, 0);
	CHECK_INT(multiboot_find_header(f, 0x10b), -1);	/* cut short */
}

UNIT_TEST(multiboot_parses_elf_segments)
{
	static uint8_t f[FILE_LEN];
	struct multiboot mb;
	const char *why = NULL;

	make_elf(f);
	CHECK_INT(multiboot_parse(f, sizeof(f), &mb, &why), 0);
	CHECK_INT(mb.nsegments, 2);
	CHECK_INT(mb.segments[0].phys, 0x100000);
	CHECK(mb.segments[0].src == f + HEADER_OFF);
	CHECK_INT(mb.segments[1].phys, 0x200000);
	CHECK_INT(mb.segments[1].filesz, 0x800);
	CHECK_INT(mb.segments[1].memsz, 0x4000);
	/* The entry point is translated from its virtual address. */
	CHECK_INT(mb.entry, 0x100010);
}

UNIT_TEST(multiboot_refuses_bad_elf)
{
	static uint8_t f[FILE_LEN];
	struct multiboot mb;
	const char *why = NULL;

	make_elf(f);
	put_phdr(f, 1, 0x2000, 0xc0200000, 0x200000, 0x2000, 0x4000);
	CHECK_INT(multiboot_parse(f, sizeof(f), &mb, &why), -ENOEXEC);
	make_elf(f);
	put_phdr(f, 1, 0x2000, 0xc0200000, 0x200000, 0x800, 0x400);
	CHECK_INT(multiboot_parse(f, sizeof(f), &mb, &why), -ENOEXEC);
	make_elf(f);
	f[EI_CLASS] = 2;
	CHECK_INT(multiboot_parse(f, sizeof(f), &mb, &why), -ENOEXEC);
	make_elf(f);
	put32(f, offsetof(struct elf32_ehdr, e_phoff), FILE_LEN - 8);
	CHECK_INT(multiboot_parse(f, sizeof(f), &mb, &why), -ENOEXEC);
	/* Video mode (flag 2) is a requirement nicboot cannot meet. */
	make_elf(f);
	put_header(f, HEADER_OFF, MB_PAGE_ALIGN | 0x4);
	CHECK_INT(multiboot_parse(f, sizeof(f), &mb, &why), -ENOTSUP);
}

/* The a.out kludge: the header says where the file goes, ELF or not. */
UNIT_TEST(multiboot_parses_aout_kludge)
{
	static uint8_t f[FILE_LEN];
	struct multiboot mb;
	const char *why = NULL;
	size_t h = 0x40;

	memset(f, 0, sizeof(f));
	put_header(f, h, MB_AOUT_KLUDGE);
	put32(f, h + 12, 0x100040);		/* header_addr */
	put32(f, h + 16, 0x100000);		/* load_addr */
	put32(f, h + 20, 0x100100);		/* load_end_addr */
	put32(f, h + 24, 0x100200);		/* bss_end_addr */
	put32(f, h + 28, 0x100060);		/* entry_addr */
	CHECK_INT(multiboot_parse(f, sizeof(f), &mb, &why), 0);
	CHECK_INT(mb.nsegments, 1);
	CHECK_INT(mb.segments[0].phys, 0x100000);
	CHECK(mb.segments[0].src == f);
	CHECK_INT(mb.segments[0].filesz, 0x100);
	CHECK_INT(mb.segments[0].memsz, 0x200);
	CHECK_INT(mb.entry, 0x100060);

	put32(f, h + 20, 0);			/* load to the end of the file */
	put32(f, h + 24, 0);			/* no bss */
	CHECK_INT(multiboot_parse(f, sizeof(f), &mb, &why), 0);
	CHECK_INT(mb.segments[0].filesz, FILE_LEN);
	CHECK_INT(mb.segments[0].memsz, FILE_LEN);

	put32(f, h + 16, 0x100080);		/* load_addr after the header */
	CHECK_INT(multiboot_parse(f, sizeof(f), &mb, &why), -ENOEXEC);
	put32(f, h + 16, 0x100000);
	put32(f, h + 20, 0x100000 + FILE_LEN + 1);	/* past the file */
	CHECK_INT(multiboot_parse(f, sizeof(f), &mb, &why), -ENOEXEC);
	put32(f, h + 20, 0x100100);
	put32(f, h + 24, 0x1000ff);		/* bss ends before the data */
	CHECK_INT(multiboot_parse(f, sizeof(f), &mb, &why), -ENOEXEC);
}

/* The host program has no boot zone: a kernel at fixed addresses is refused, naming them. */
UNIT_TEST(multiboot_exec_on_host_names_segment)
{
	struct image *kernel = alloc_image("mb.elf", NULL);
	static uint8_t f[FILE_LEN];

	make_elf(f);
	CHECK_INT(image_write(kernel, 0, f, sizeof(f)), 0);
	test_console_start(NULL, 0, true);
	CHECK_INT(image_exec(kernel), -ERANGE);
	CHECK(strstr(test_console_output(), "0x100000-0x101000") != NULL);
	test_console_stop();
	image_free(kernel);
}
