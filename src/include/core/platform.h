/* SPDX-License-Identifier: MIT */
/*
 * The platform interface: what each platform (bios, efi, linux) provides to
 * the platform-free code. Nothing outside src/platform and src/arch knows
 * which platform it runs on.
 */
#ifndef CORE_PLATFORM_H
#define CORE_PLATFORM_H

#include <stdint.h>
#include <core/compiler.h>

/* Monotonic microsecond clock. */
uint64_t platform_time_us(void);
/*
 * Nothing is due for up to MAX_US microseconds: let the CPU rest until an
 * input event (key, packet) may have arrived or MAX_US has passed.
 */
void platform_idle(uint64_t max_us);
/* Power off (firmware) or exit (host) with STATUS. */
void __noreturn platform_poweroff(int status);
void __noreturn platform_reboot(void);
/* A short platform name: "linux", "bios", "efi". */
const char *platform_name(void);

#endif
