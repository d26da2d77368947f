/* SPDX-License-Identifier: MIT */
/* The BIOS payload's C entry: take over from the prefix, find the cards, boot. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <core/autoboot.h>
#include <core/init.h>
#include <core/platform.h>
#include <drivers/bus/pci.h>
#include <net/dhcp.h>
#include <arch/io.h>
#include <arch/realmode.h>
#include <arch/tsc.h>
#include "platform/bios/bios.h"

/* RFC 4578 client system architecture: x86 BIOS. */
#define BIOS_CLIENT_ARCHITECTURE 0
/* int 18h: tell the BIOS this device could not boot; it tries the next. */
#define INT_BOOT_FAILURE 0x18

const uint16_t dhcp_client_architecture = BIOS_CLIENT_ARCHITECTURE;

struct boot_info bios_boot_info;

const char *platform_name(void)
{
	return "bios";
}

/* What started us, for the banner. */
static const char *prefix_name(void)
{
	switch (bios_boot_info.prefix) {
	case PREFIX_ROM:
		return "PCI option ROM";
	case PREFIX_USB:
		return "USB/disk";
	case PREFIX_KPXE:
		return "PXE chainload, UNDI";
	case PREFIX_PXE:
		return "PXE chainload";
	default:
		return "lkrn";
	}
}

/* Seed the protocol randomness from the time-stamp counter. */
static void seed_random(void)
{
	uint64_t tsc = rdtsc();

	srandom((uint32_t)tsc ^ (uint32_t)(tsc >> 32) ^
		(uint32_t)virt_to_bus(&bios_boot_info));
}

/* Quiesce the cards before anything else owns the machine. */
static void pci_shutdown(void)
{
	pci_remove_all();
}

SHUTDOWN_FN(pci_shutdown_fn) = { INIT_NORMAL, pci_shutdown };

void __noreturn bios_main(uint32_t info_phys);

void __noreturn bios_main(uint32_t info_phys)
{
	struct real_regs regs = { .eax = 0 };
	uint32_t prefer;

	memcpy(&bios_boot_info, phys_to_virt(info_phys), sizeof(bios_boot_info));
	realmode_init((uint16_t)bios_boot_info.rm_segment);
	bios_timer_init();
	bios_memory_init(&bios_boot_info);
	seed_random();
	startup();
	smbios_init();
	/* The card whose ROM started us first (nicboot.pxe: the PXE ROM's). */
	prefer = PCI_NO_PREFERENCE;
	if (bios_boot_info.prefix == PREFIX_ROM ||
	    bios_boot_info.prefix == PREFIX_PXE)
		prefer = bios_boot_info.busdevfn;
	pci_probe_all(prefer);
	firmware_main(prefix_name());
	shutdown();
	printf("Returning to the BIOS\n");
	real_int(INT_BOOT_FAILURE, &regs);
	platform_poweroff(0);
}
