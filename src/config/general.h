/* SPDX-License-Identifier: MIT */
/* Compile-time defaults shared by every image. */
#ifndef CONFIG_GENERAL_H
#define CONFIG_GENERAL_H

/* Product name and version shown in banners and the HTTP User-Agent. */
#define PRODUCT_NAME "nicboot"
#define PRODUCT_VERSION "0.1"

/* Shell prompt. */
#define SHELL_PROMPT "nicboot> "

/* Heap for the host program (bytes): large enough for big downloads. */
#define LINUX_HEAP_SIZE (1024UL * 1024 * 1024)

/* The serial console: I/O port and speed (`make SERIAL_PORT=0x2f8 SERIAL_BAUD=9600`). */
#ifndef CONSOLE_SERIAL_PORT
#define CONSOLE_SERIAL_PORT 0x3f8
#endif
#ifndef CONSOLE_SERIAL_BAUD
#define CONSOLE_SERIAL_BAUD 115200
#endif

/*
 * How long firmware offers Ctrl-B for the shell before it boots
 * (`make BANNER_MS=N`; with 0 only a Ctrl-B already waiting counts, as
 * one typed on the BIOS keyboard before the banner). Every boot of every
 * machine waits it out, so it is short; the cards come up behind it
 * (autoboot.c).
 */
#ifndef BANNER_TIMEOUT_MS
#define BANNER_TIMEOUT_MS 1000
#endif

#endif
