/* SPDX-License-Identifier: MIT */
/* The platform interface on a Linux host: clock, idling in poll(), heap, exit. */
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <core/heap.h>
#include <core/init.h>
#include <core/platform.h>
#include <config/general.h>
#include <net/dhcp.h>
#include "platform/linux/hostsys.h"
#include "platform/linux/linux.h"

#define MAX_WATCHED_FDS 16

/* RFC 4578 client architecture 0: the host program speaks as an x86 BIOS PXE client. */
#define LINUX_CLIENT_ARCHITECTURE 0

const uint16_t dhcp_client_architecture = LINUX_CLIENT_ARCHITECTURE;

static int watched_fds[MAX_WATCHED_FDS];
static int n_watched_fds;

void linux_watch_fd(int fd)
{
	if (n_watched_fds < MAX_WATCHED_FDS)
		watched_fds[n_watched_fds++] = fd;
}

void linux_unwatch_fd(int fd)
{
	int i;

	for (i = 0; i < n_watched_fds; i++) {
		if (watched_fds[i] == fd) {
			watched_fds[i] = watched_fds[--n_watched_fds];
			return;
		}
	}
}

void linux_platform_init(void)
{
	void *heap = host_alloc_pages(LINUX_HEAP_SIZE);
	unsigned int seed;

	if (!heap) {
		static const char msg[] = "nicboot: cannot reserve the heap\n";
		host_write(HOST_STDERR, msg, sizeof(msg) - 1);
		host_exit(1);
	}
	heap_add_region(heap, LINUX_HEAP_SIZE);
	host_random(&seed, sizeof(seed));
	srandom(seed);
}

uint64_t platform_time_us(void)
{
	return host_clock_us();
}

void platform_idle(uint64_t max_us)
{
	uint8_t ready[MAX_WATCHED_FDS];

	host_poll(watched_fds, ready, n_watched_fds, max_us);
}

void platform_poweroff(int status)
{
	shutdown();
	host_exit(status);
}

void platform_reboot(void)
{
	shutdown();
	host_exit(0);
}

const char *platform_name(void)
{
	return "linux";
}
