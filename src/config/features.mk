# SPDX-License-Identifier: MIT
# The source files behind each feature. An image lists the features it
# links in (see linux.mk); registration is by linker table, so leaving a
# feature out of that list removes it with nothing else to change.

# The freestanding C library subset.
FEATURE_libc := \
	src/core/string.c src/core/ctype.c src/core/vsprintf.c \
	src/core/strtoul.c src/core/random.c src/core/errno.c \
	src/core/assert.c

# Heap, buffers, time, event loop, startup.
FEATURE_core := \
	src/core/malloc.c src/core/iobuf.c src/core/time.c src/core/timer.c \
	src/core/process.c src/core/init.c

# Console multiplexer and line editing.
FEATURE_console := src/core/console.c src/core/readline.c

# Typed settings store and ${} expansion.
FEATURE_settings := src/core/settings.c src/core/settings_types.c \
	src/core/settings_builtin.c src/core/smbios.c

FEATURE_uri := src/core/uri.c

# Command language, shell and the base commands.
FEATURE_shell := \
	src/core/script.c src/core/shell.c src/core/command.c \
	src/core/getopt.c
FEATURE_cmd_basic := src/core/cmd_basic.c src/core/cmd_prompt.c \
	src/core/cmd_menu.c
FEATURE_cmd_settings := src/core/cmd_settings.c

# Network devices, Ethernet, ARP, IPv4, ICMP, UDP and their commands.
FEATURE_net := \
	src/net/netdevice.c src/net/ethernet.c src/net/arp.c src/net/inet.c \
	src/net/ipv4.c src/net/icmp.c src/net/udp.c src/net/cmd_net.c
FEATURE_tcp := src/net/tcp.c
FEATURE_dhcp := src/net/dhcp.c src/net/dhcp_options.c src/net/cmd_dhcp.c
FEATURE_dns := src/net/dns.c
FEATURE_tftp := src/net/tftp.c
FEATURE_http := src/net/http.c src/net/http_response.c src/core/base64.c
# Images in memory, downloads by URI scheme, SHA-256, the image commands
# and the image formats nicboot runs.
FEATURE_image := \
	src/core/image.c src/core/download.c src/core/sha256.c \
	src/core/cmd_image.c src/image/script.c
# Kernel formats: Linux bzImage and multiboot (they need the platform's
# boot zone and handoff, core/segment.h).
FEATURE_bzimage := src/image/bzimage.c
FEATURE_multiboot := src/image/multiboot.c
# poweroff and reboot.
FEATURE_power := src/core/cmd_power.c
# Firmware's main flow: banner, embedded script, network boot.
FEATURE_firmware := src/core/autoboot.c src/core/embedded.S
