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

#endif
