/* SPDX-License-Identifier: MIT */
/* The last step of booting a kernel: leave nicboot's segments for flat ones and jump. */
#ifndef ARCH_BOOTJUMP_H
#define ARCH_BOOTJUMP_H

/* The flat 4 GiB selectors the kernel starts with (Linux's __BOOT_CS, __BOOT_DS). */
#define BOOT_SEL_CS 0x10
#define BOOT_SEL_DS 0x18

#ifndef __ASSEMBLER__
#include <stdint.h>
#include <core/compiler.h>

/*
 * Load a GDT with flat code and data segments (base 0), reload every
 * segment register with them and jump to physical address ENTRY with
 * EAX, EBX and ESI as given and ECX, EDI, EBP zero (EDX holds ENTRY).
 * Interrupts must be off and nothing may be left running.
 */
void __noreturn boot_jump(uint32_t entry, uint32_t eax, uint32_t ebx,
			  uint32_t esi);
#endif

#endif
