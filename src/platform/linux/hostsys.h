/* SPDX-License-Identifier: MIT */
/*
 * The system-call shim between nicboot-linux's freestanding code and the
 * host C library. Only fixed-size types cross it, so both sides can
 * include it.
 */
#ifndef PLATFORM_LINUX_HOSTSYS_H
#define PLATFORM_LINUX_HOSTSYS_H

#include <stddef.h>
#include <stdint.h>

#define HOST_STDIN 0
#define HOST_STDOUT 1
#define HOST_STDERR 2

/* Each returns a byte count, or a negative host errno. */
long host_read(int fd, void *buf, size_t len);
long host_write(int fd, const void *buf, size_t len);
/* Open PATH for reading; returns a descriptor or a negative host errno. */
int host_open_read(const char *path);
void host_close(int fd);
/* Size of the file open as FD, or a negative host errno. */
long long host_file_size(int fd);

/*
 * Attach to the TAP interface IFNAME (created if the caller may), without
 * packet information headers, non-blocking: each host_read() returns one
 * Ethernet frame or a negative host errno when none is waiting, each
 * host_write() sends one. Returns a descriptor or a negative host errno.
 */
int host_tap_open(const char *ifname);
/* The host's message for the negative host errno ERR. */
const char *host_strerror(int err);

/* CLOCK_MONOTONIC in microseconds. */
uint64_t host_clock_us(void);
/*
 * Wait up to TIMEOUT_US for any of FDS to become readable; returns the
 * number ready, 0 on timeout. READY[i] is set for each ready descriptor.
 */
int host_poll(const int *fds, uint8_t *ready, int nfds, uint64_t timeout_us);
/* Anonymous zero-filled memory, reserved lazily; NULL on failure. */
void *host_alloc_pages(size_t len);
int host_isatty(int fd);
/* Fill BUF with random bytes from the kernel. */
void host_random(void *buf, size_t len);
void host_exit(int status) __attribute__((noreturn));

/* The freestanding entry point, called by the shim's main(). */
int linux_main(int argc, char **argv);

#endif
