/* SPDX-License-Identifier: MIT */
/* Multiboot 1 kernels: ELF32 or a.out-kludge segments in the boot zone, the other images as modules. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <byteswap.h>
#include <core/command.h>
#include <core/compiler.h>
#include <core/image.h>
#include <core/segment.h>
#include <image/elf.h>
#include <image/multiboot.h>

#define MB_LOADER_NAME "nicboot"
#define MB_MODULE_ALIGN 4096
#define KIB 1024
#define LOW_MEMORY_END 0x100000ull
#define FOUR_GIB 0x100000000ull

long multiboot_find_header(const uint8_t *data, size_t len)
{
	size_t end = MIN(len, (size_t)MB_SEARCH_LEN), off;
	struct mb_header h;

	for (off = 0; off + offsetof(struct mb_header, header_addr) <= end;
	     off += MB_HEADER_ALIGN) {
		memcpy(&h, data + off, offsetof(struct mb_header, header_addr));
		if (le32_to_cpu(h.magic) == MB_HEADER_MAGIC &&
		    (uint32_t)(le32_to_cpu(h.magic) + le32_to_cpu(h.flags) +
			       le32_to_cpu(h.checksum)) == 0)
			return (long)off;
	}
	return -1;
}

/* The one segment the a.out kludge's addresses describe (header at file offset OFF). */
static int parse_aout(const uint8_t *data, size_t len, size_t off,
		      struct multiboot *mb, const char **why)
{
	struct mb_header h;
	uint32_t header_addr, load, load_end, bss_end, file_off, filesz;

	if (off + sizeof(h) > len) {
		*why = "multiboot header truncated";
		return -ENOEXEC;
	}
	memcpy(&h, data + off, sizeof(h));
	header_addr = le32_to_cpu(h.header_addr);
	load = le32_to_cpu(h.load_addr);
	load_end = le32_to_cpu(h.load_end_addr);
	bss_end = le32_to_cpu(h.bss_end_addr);
	if (load > header_addr || header_addr - load > off) {
		*why = "a.out kludge: load_addr does not fit the header's place";
		return -ENOEXEC;
	}
	file_off = (uint32_t)off - (header_addr - load);
	filesz = load_end ? load_end - load : (uint32_t)(len - file_off);
	if ((load_end && load_end < load) || filesz > len - file_off ||
	    (bss_end && (bss_end < load || bss_end - load < filesz))) {
		*why = "a.out kludge: load_end_addr or bss_end_addr out of range";
		return -ENOEXEC;
	}
	mb->segments[0] = (struct boot_segment){
		.phys = load,
		.src = data + file_off,
		.filesz = filesz,
		.memsz = bss_end ? bss_end - load : filesz,
	};
	mb->nsegments = 1;
	mb->entry = le32_to_cpu(h.entry_addr);
	return 0;
}

/* Whether the ELF header at DATA is a 32-bit little-endian i386 file whose program headers fit. */
static bool elf_valid(const uint8_t *data, size_t len, struct elf32_ehdr *eh)
{
	if (len < sizeof(*eh))
		return false;
	memcpy(eh, data, sizeof(*eh));
	return memcmp(eh->e_ident, ELF_MAGIC, ELF_MAGIC_LEN) == 0 &&
	       eh->e_ident[EI_CLASS] == ELFCLASS32 &&
	       eh->e_ident[EI_DATA] == ELFDATA2LSB &&
	       le16_to_cpu(eh->e_machine) == EM_386 &&
	       le16_to_cpu(eh->e_phentsize) >= sizeof(struct elf32_phdr) &&
	       le32_to_cpu(eh->e_phoff) +
	       (uint64_t)le16_to_cpu(eh->e_phnum) *
	       le16_to_cpu(eh->e_phentsize) <= len;
}

/* Add PT_LOAD header PH as a segment; the entry point moves with it if it lies inside. */
static int add_elf_segment(const uint8_t *data, size_t len,
			   const struct elf32_phdr *ph, uint32_t e_entry,
			   struct multiboot *mb, const char **why)
{
	uint32_t off = le32_to_cpu(ph->p_offset), filesz = le32_to_cpu(ph->p_filesz);
	uint32_t memsz = le32_to_cpu(ph->p_memsz), vaddr = le32_to_cpu(ph->p_vaddr);
	uint32_t paddr = le32_to_cpu(ph->p_paddr);

	if ((uint64_t)off + filesz > len || filesz > memsz) {
		*why = "ELF program header out of range";
		return -ENOEXEC;
	}
	if (mb->nsegments == MB_MAX_SEGMENTS) {
		*why = "too many ELF segments";
		return -ENOTSUP;
	}
	mb->segments[mb->nsegments++] = (struct boot_segment){
		.phys = paddr, .src = data + off, .filesz = filesz, .memsz = memsz,
	};
	if (e_entry >= vaddr && e_entry - vaddr < memsz)
		mb->entry = e_entry - vaddr + paddr;
	return 0;
}

/* The segments of an ELF32 kernel at their physical addresses (p_paddr). */
static int parse_elf(const uint8_t *data, size_t len, struct multiboot *mb,
		     const char **why)
{
	struct elf32_ehdr eh;
	struct elf32_phdr ph;
	unsigned int i;
	int rc;

	if (!elf_valid(data, len, &eh)) {
		*why = "not an ELF32 i386 file and no a.out kludge addresses";
		return -ENOEXEC;
	}
	mb->entry = le32_to_cpu(eh.e_entry);
	for (i = 0; i < le16_to_cpu(eh.e_phnum); i++) {
		memcpy(&ph, data + le32_to_cpu(eh.e_phoff) +
		       i * le16_to_cpu(eh.e_phentsize), sizeof(ph));
		if (le32_to_cpu(ph.p_type) != PT_LOAD || !ph.p_memsz)
			continue;
		rc = add_elf_segment(data, len, &ph, le32_to_cpu(eh.e_entry),
				     mb, why);
		if (rc)
			return rc;
	}
	if (!mb->nsegments) {
		*why = "ELF file has nothing to load";
		return -ENOEXEC;
	}
	return 0;
}

int multiboot_parse(const uint8_t *data, size_t len, struct multiboot *mb,
		    const char **why)
{
	long off = multiboot_find_header(data, len);
	uint32_t flags;

	memset(mb, 0, sizeof(*mb));
	if (off < 0) {
		*why = "no multiboot header in the first 8 KiB";
		return -ENOEXEC;
	}
	memcpy(&flags, data + off + offsetof(struct mb_header, flags),
	       sizeof(flags));
	mb->flags = le32_to_cpu(flags);
	if (mb->flags & MB_REQUIRED_MASK & ~(MB_PAGE_ALIGN | MB_MEMORY_INFO)) {
		*why = "kernel requires multiboot features nicboot lacks"
		       " (video mode or others)";
		return -ENOTSUP;
	}
	if (mb->flags & MB_AOUT_KLUDGE)
		return parse_aout(data, len, (size_t)off, mb, why);
	return parse_elf(data, len, mb, why);
}

/* Everything a boot allocates, freed if it fails. */
struct mb_load {
	struct image *image;
	struct multiboot mb;
	uint8_t *info;			/* mbi, module list, memory map, strings */
	size_t info_len;
	size_t info_used;
	void **modules;			/* blocks holding page-aligned copies of the other images */
	unsigned int nmodules;
	struct boot_entry entry;	/* EBX: the information structure */
};

static void mb_load_free(struct mb_load *ld)
{
	unsigned int i;

	for (i = 0; ld->modules && i < ld->nmodules; i++)
		free(ld->modules[i]);
	free(ld->modules);
	free(ld->info);
}

/* The 32-bit physical address of PTR (the caller made sure it is below 4 GiB). */
static uint32_t phys(const void *ptr)
{
	return (uint32_t)boot_phys(ptr);
}

/* LEN bytes from the information block (sized up front, so never short). */
static void *info_take(struct mb_load *ld, size_t len)
{
	void *p = ld->info + ld->info_used;

	ld->info_used += len;
	return p;
}

/* "NAME ARGS" (or "NAME"): what GRUB gives as a kernel's or module's command line. */
static size_t cmdline_len(const struct image *image)
{
	return strlen(image->name) +
	       (image->cmdline ? 1 + strlen(image->cmdline) : 0) + 1;
}

static uint32_t put_cmdline(struct mb_load *ld, const struct image *image)
{
	char *s = info_take(ld, cmdline_len(image));

	snprintf(s, cmdline_len(image), "%s%s%s", image->name,
		 image->cmdline ? " " : "", image->cmdline ? image->cmdline : "");
	return phys(s);
}

static int check_segments(struct mb_load *ld)
{
	struct phys_range zone = boot_zone();
	unsigned int i;

	for (i = 0; i < ld->mb.nsegments; i++) {
		const struct boot_segment *s = &ld->mb.segments[i];

		if (segment_check(s->phys, s->memsz))
			return command_error(ld->image->name, -ERANGE,
					     "segment 0x%llx-0x%llx lies outside"
					     " the memory kept for kernels"
					     " (0x%llx-0x%llx)",
					     (unsigned long long)s->phys,
					     (unsigned long long)(s->phys + s->memsz),
					     (unsigned long long)zone.start,
					     (unsigned long long)zone.end);
	}
	return 0;
}

/* Page-aligned copies of every image but the kernel, in registration order. */
static int copy_modules(struct mb_load *ld)
{
	const struct image *image;
	unsigned int n = 0;
	void *block, *copy;

	for_each_image(image)
		n += image != ld->image;
	ld->modules = calloc(n ? n : 1, sizeof(*ld->modules));
	if (!ld->modules)
		return -ENOMEM;
	for_each_image(image) {
		if (image == ld->image)
			continue;
		if (image->len > SIZE_MAX - MB_MODULE_ALIGN)
			return -ENOMEM;
		block = malloc(image->len + MB_MODULE_ALIGN);
		if (!block)
			return command_error(ld->image->name, -ENOMEM,
					     "no memory for module %s", image->name);
		ld->modules[ld->nmodules++] = block;
		copy = phys_align(block, MB_MODULE_ALIGN);
		memcpy(copy, image->data, image->len);
		if (boot_phys(copy) + image->len > FOUR_GIB)
			return -ERANGE;
	}
	return 0;
}

static void put_modules(struct mb_load *ld, struct mb_info *mbi)
{
	struct mb_module *mods = info_take(ld, ld->nmodules * sizeof(*mods));
	const struct image *image;
	unsigned int i = 0;
	uint32_t start;

	for_each_image(image) {
		if (image == ld->image)
			continue;
		start = phys(phys_align(ld->modules[i], MB_MODULE_ALIGN));
		mods[i].mod_start = cpu_to_le32(start);
		mods[i].mod_end = cpu_to_le32(start + (uint32_t)image->len);
		mods[i].string = cpu_to_le32(put_cmdline(ld, image));
		i++;
	}
	mbi->mods_count = cpu_to_le32(ld->nmodules);
	mbi->mods_addr = cpu_to_le32(phys(mods));
	mbi->flags |= cpu_to_le32(MBI_MODS);
}

/* The memory map, and mem_lower/mem_upper from the RAM at 0 and at 1 MiB. */
static void put_memory(struct mb_load *ld, struct mb_info *mbi,
		       const struct memmap_entry *map, unsigned int n)
{
	struct mb_mmap_entry *mm = info_take(ld, n * sizeof(*mm));
	unsigned int i;

	for (i = 0; i < n; i++) {
		mm[i].size = cpu_to_le32(sizeof(mm[i]) - sizeof(mm[i].size));
		mm[i].base_addr = cpu_to_le64(map[i].base);
		mm[i].length = cpu_to_le64(map[i].len);
		mm[i].type = cpu_to_le32(map[i].type);
		if (map[i].type != MEMMAP_RAM)
			continue;
		if (map[i].base == 0)
			mbi->mem_lower = cpu_to_le32((uint32_t)MIN(map[i].len,
						     LOW_MEMORY_END) / KIB);
		if (map[i].base <= LOW_MEMORY_END &&
		    map[i].base + map[i].len > LOW_MEMORY_END)
			mbi->mem_upper = cpu_to_le32((uint32_t)MIN(
				(map[i].base + map[i].len - LOW_MEMORY_END) / KIB,
				(uint64_t)UINT32_MAX));
	}
	mbi->mmap_length = cpu_to_le32(n * sizeof(*mm));
	mbi->mmap_addr = cpu_to_le32(phys(mm));
	mbi->flags |= cpu_to_le32(MBI_MEMORY | MBI_MMAP);
}

/* Size the information block for N map entries, then fill it in. */
static int build_info(struct mb_load *ld)
{
	struct memmap_entry map[MEMMAP_MAX];
	unsigned int n = boot_memmap(map, MEMMAP_MAX);
	const struct image *image;
	struct mb_info *mbi;
	char *name;

	ld->info_len = sizeof(*mbi) + n * sizeof(struct mb_mmap_entry) +
		       ld->nmodules * sizeof(struct mb_module) +
		       sizeof(MB_LOADER_NAME) + cmdline_len(ld->image);
	for_each_image(image) {
		if (image != ld->image)
			ld->info_len += cmdline_len(image);
	}
	ld->info = zalloc(ld->info_len);
	if (!ld->info)
		return -ENOMEM;
	if (boot_phys(ld->info) + ld->info_len > FOUR_GIB)
		return -ERANGE;
	mbi = info_take(ld, sizeof(*mbi));
	put_memory(ld, mbi, map, n);
	put_modules(ld, mbi);
	mbi->cmdline = cpu_to_le32(put_cmdline(ld, ld->image));
	name = info_take(ld, sizeof(MB_LOADER_NAME));
	memcpy(name, MB_LOADER_NAME, sizeof(MB_LOADER_NAME));
	mbi->boot_loader_name = cpu_to_le32(phys(name));
	mbi->flags |= cpu_to_le32(MBI_CMDLINE | MBI_LOADER_NAME);
	ld->entry.ebx = phys(mbi);
	return 0;
}

static int multiboot_probe(const struct image *image)
{
	return multiboot_find_header(image->data, image->len) >= 0;
}

static int multiboot_exec(struct image *image)
{
	struct mb_load ld = { .image = image };
	const char *why;
	int rc;

	rc = multiboot_parse(image->data, image->len, &ld.mb, &why);
	if (rc)
		return command_error(image->name, rc, "%s", why);
	rc = check_segments(&ld);
	if (!rc)
		rc = copy_modules(&ld);
	if (!rc)
		rc = build_info(&ld);
	if (!rc) {
		ld.entry.entry = ld.mb.entry;
		ld.entry.eax = MB_BOOT_MAGIC;
		ld.entry.segments = ld.mb.segments;
		ld.entry.nsegments = ld.mb.nsegments;
		printf("Booting multiboot kernel at 0x%x with %u modules\n",
		       ld.mb.entry, ld.nmodules);
		rc = boot_start(&ld.entry);
	}
	mb_load_free(&ld);
	return rc;
}

IMAGE_TYPE(multiboot_image_type) = {
	.name = "multiboot",
	.probe = multiboot_probe,
	.exec = multiboot_exec,
};
