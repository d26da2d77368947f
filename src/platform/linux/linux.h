/* SPDX-License-Identifier: MIT */
/* Start-up of the Linux host platform, shared by main and the test runner. */
#ifndef PLATFORM_LINUX_LINUX_H
#define PLATFORM_LINUX_LINUX_H

/* Give the heap its memory and seed the random generator. */
void linux_platform_init(void);

/* Descriptors whose readability wakes platform_idle() (stdin, taps). */
void linux_watch_fd(int fd);
void linux_unwatch_fd(int fd);

#endif
