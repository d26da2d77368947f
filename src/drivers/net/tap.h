/* SPDX-License-Identifier: MIT */
/* The host TAP network driver of nicboot-linux (`--net tap:IFNAME`). */
#ifndef DRIVERS_NET_TAP_H
#define DRIVERS_NET_TAP_H

/*
 * Attach to the Linux TAP interface IFNAME and register it as the next
 * netN, with a random locally administered MAC (52:54:00:xx:xx:xx).
 * Prints why on failure and returns -ENODEV (cannot attach) or -ENOMEM.
 */
int tap_probe(const char *ifname);

#endif
