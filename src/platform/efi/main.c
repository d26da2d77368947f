/* SPDX-License-Identifier: MIT */
/* The UEFI application's C entry: take over from the firmware, find the cards, boot. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <core/autoboot.h>
#include <core/init.h>
#include <core/platform.h>
#include <net/dhcp.h>
#include "platform/efi/efi.h"

/* RFC 4578 client system architecture: x64 UEFI. */
#define EFI_X64_CLIENT_ARCHITECTURE 7

const uint16_t dhcp_client_architecture = EFI_X64_CLIENT_ARCHITECTURE;

EFI_SYSTEM_TABLE *efi_systab;
EFI_BOOT_SERVICES *efi_bs;
EFI_HANDLE efi_image_handle;
EFI_LOADED_IMAGE *efi_loaded_image;

/* Back at the firmware's TPL before the cards are given back to it. */
SHUTDOWN_FN(efi_tpl_shutdown_fn) = { INIT_LATE, efi_restore_tpl };

const char *platform_name(void)
{
	return "efi";
}

/* Seed the protocol randomness from the time-stamp counter. */
static void seed_random(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	srandom(lo ^ hi ^ (uint32_t)(uintptr_t)efi_systab);
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab);

/* Called by gnu-efi's crt0 once the image has relocated itself. */
EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	EFI_GUID loaded_image_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;

	efi_systab = systab;
	efi_bs = systab->BootServices;
	efi_image_handle = image;
	efi_loaded_image = efi_protocol(image, &loaded_image_guid);
	/* The boot manager's watchdog would reset us in five minutes. */
	efi_bs->SetWatchdogTimer(0, 0, 0, NULL);
	efi_timer_init();
	efi_memory_init();
	seed_random();
	startup();
	efi_smbios_init();
	efi_probe_network();
	efi_raise_tpl();
	firmware_main("UEFI");
	shutdown();
	printf("Returning to the firmware\n");
	efi_memory_release();
	return EFI_SUCCESS;
}
