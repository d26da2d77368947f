/* SPDX-License-Identifier: MIT */
/* What firmware does once it is up: offer the shell, then run the embedded script or boot from the network. */
#ifndef CORE_AUTOBOOT_H
#define CORE_AUTOBOOT_H

/*
 * Try each network device in turn: open it, configure it by DHCP and run
 * the boot file the DHCP server names. Returns only if nothing booted
 * (the last error), or with the status of a script that ended.
 */
int autoboot(void);

/*
 * The firmware's main flow: the banner and Ctrl-B prompt, then the
 * embedded script if one was built in, else autoboot(); the shell if
 * Ctrl-B was pressed or booting failed. Returns when the user leaves it.
 */
int firmware_main(const char *where);

#endif
