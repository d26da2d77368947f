/* SPDX-License-Identifier: MIT */
/*
 * BIOS console redirection: when the system BIOS copies the text screen
 * to the serial port itself (SeaBIOS under qemu -nographic, server
 * BIOSes' "console redirection"), it hooks int 10h in front of the video
 * BIOS. Then the screen console stops writing, so that each character
 * reaches the serial line once, from the serial console.
 */
#include <stdint.h>
#include <string.h>
#include <core/console.h>
#include <core/init.h>
#include <arch/io.h>
#include <arch/rmlayout.h>

#define IVT_INT10 (0x10 * 4)
#define IVT_SEGMENT 2
#define VIDEO_BIOS_SEGMENT 0xc000
#define SYSTEM_BIOS_SEGMENT 0xf000
#define ROM_SIGNATURE 0xaa55

/* Whether int 10h goes to the system BIOS although a video BIOS is present. */
static int screen_redirected(void)
{
	uint16_t vector_seg, video_sig;

	memcpy(&vector_seg, phys_to_virt(IVT_INT10 + IVT_SEGMENT),
	       sizeof(vector_seg));
	memcpy(&video_sig,
	       phys_to_virt((uint32_t)VIDEO_BIOS_SEGMENT * PARAGRAPH),
	       sizeof(video_sig));
	return video_sig == ROM_SIGNATURE && vector_seg == SYSTEM_BIOS_SEGMENT;
}

static void sercon_init(void)
{
	const struct console_driver *screen = find_console("screen");
	const struct console_driver *serial = find_console("serial");

	if (screen && serial &&
	    !(*serial->disabled & CONSOLE_DISABLED_OUTPUT) &&
	    screen_redirected())
		*screen->disabled |= CONSOLE_DISABLED_OUTPUT;
}

/* After the serial console's own set-up (INIT_EARLY). */
INIT_FN(sercon_init_fn) = { INIT_NORMAL, sercon_init };
