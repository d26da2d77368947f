# SPDX-License-Identifier: MIT
# What goes into bin/nicboot-linux, the host program.
LINUX_FEATURES := libc core console settings uri shell cmd_basic cmd_settings \
	net tcp dhcp dns tftp http image multiboot bzimage power

# Freestanding platform code (nicboot's own headers, no host libc).
LINUX_PLATFORM_SRCS := \
	src/platform/linux/platform.c src/platform/linux/stdio_console.c \
	src/drivers/net/tap.c src/platform/linux/segment.c
LINUX_MAIN_SRCS := src/platform/linux/main.c
# The only files compiled against the host's C library: the system-call shim.
LINUX_HOSTED_SRCS := src/platform/linux/host/hostsys.c src/platform/linux/host/main.c
