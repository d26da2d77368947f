/* SPDX-License-Identifier: MIT */
/* Power off and reset through the runtime services' ResetSystem(). */
#include <stdio.h>
#include <core/init.h>
#include <core/platform.h>
#include "platform/efi/efi.h"

static void __noreturn reset(EFI_RESET_TYPE type)
{
	shutdown();
	efi_systab->RuntimeServices->ResetSystem(type, EFI_SUCCESS, 0, NULL);
	printf("The firmware did not reset the machine; halted\n");
	for (;;)
		__asm__ volatile("hlt");
}

void platform_poweroff(int status)
{
	reset(EfiResetShutdown);
}

void platform_reboot(void)
{
	reset(EfiResetCold);
}
