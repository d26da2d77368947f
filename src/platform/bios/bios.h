/* SPDX-License-Identifier: MIT */
/* What the BIOS platform's files share. */
#ifndef PLATFORM_BIOS_BIOS_H
#define PLATFORM_BIOS_BIOS_H

#include <stdint.h>
#include <arch/bootinfo.h>

/* The prefix's report, copied out of base memory at startup. */
extern struct boot_info bios_boot_info;

/* Give the heap every RAM range of the memory map that nicboot may use. */
void bios_memory_init(const struct boot_info *info);
/* Calibrate the time-stamp counter against the PIT. */
void bios_timer_init(void);
/* Store the SMBIOS system UUID as the "uuid" setting, if there is one. */
void smbios_init(void);
#endif
