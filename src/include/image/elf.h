/* SPDX-License-Identifier: MIT */
/* ELF32 file and program headers (little-endian i386), as kernel loaders read them. */
#ifndef IMAGE_ELF_H
#define IMAGE_ELF_H

#include <stdint.h>
#include <core/compiler.h>

#define ELF_MAGIC "\177ELF"
#define ELF_MAGIC_LEN 4
#define EI_CLASS 4
#define EI_DATA 5
#define ELFCLASS32 1
#define ELFDATA2LSB 1
#define EM_386 3
#define PT_LOAD 1

struct elf32_ehdr {
	uint8_t e_ident[16];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint32_t e_entry;
	uint32_t e_phoff;
	uint32_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
} __packed;

struct elf32_phdr {
	uint32_t p_type;
	uint32_t p_offset;
	uint32_t p_vaddr;
	uint32_t p_paddr;
	uint32_t p_filesz;
	uint32_t p_memsz;
	uint32_t p_flags;
	uint32_t p_align;
} __packed;

#endif
