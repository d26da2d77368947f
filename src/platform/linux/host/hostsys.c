/* SPDX-License-Identifier: MIT */
/* nicboot-linux's system-call shim: the only code built against the host libc. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <time.h>
#include <unistd.h>

#include "platform/linux/hostsys.h"

long host_read(int fd, void *buf, size_t len)
{
	ssize_t n;

	do {
		n = read(fd, buf, len);
	} while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : n;
}

long host_write(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	size_t done = 0;

	while (done < len) {
		ssize_t n = write(fd, p + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		done += (size_t)n;
	}
	return (long)done;
}

int host_open_read(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

void host_close(int fd)
{
	close(fd);
}

long long host_file_size(int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -errno;
	return st.st_size;
}

int host_tap_open(const char *ifname)
{
	struct ifreq ifr;
	int fd;

	if (strlen(ifname) >= sizeof(ifr.ifr_name))
		return -ENAMETOOLONG;
	fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	strncpy(ifr.ifr_name, ifname, sizeof(ifr.ifr_name) - 1);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		int err = errno;

		close(fd);
		return -err;
	}
	return fd;
}

const char *host_strerror(int err)
{
	return strerror(-err);
}

uint64_t host_clock_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

int host_poll(const int *fds, uint8_t *ready, int nfds, uint64_t timeout_us)
{
	struct pollfd pfds[16];
	struct timespec ts;
	int i, n;

	if (nfds > (int)(sizeof(pfds) / sizeof(pfds[0])))
		nfds = (int)(sizeof(pfds) / sizeof(pfds[0]));
	for (i = 0; i < nfds; i++) {
		pfds[i].fd = fds[i];
		pfds[i].events = POLLIN;
		pfds[i].revents = 0;
	}
	ts.tv_sec = (time_t)(timeout_us / 1000000);
	ts.tv_nsec = (long)(timeout_us % 1000000) * 1000;
	n = ppoll(pfds, (nfds_t)nfds, &ts, NULL);
	for (i = 0; i < nfds; i++)
		ready[i] = (n > 0 && pfds[i].revents) ? 1 : 0;
	return n < 0 ? 0 : n;
}

void *host_alloc_pages(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

int host_isatty(int fd)
{
	return isatty(fd);
}

void host_random(void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t n = getrandom(p, len, 0);
		if (n <= 0)
			continue;
		p += n;
		len -= (size_t)n;
	}
}

void host_exit(int status)
{
	exit(status);
}
