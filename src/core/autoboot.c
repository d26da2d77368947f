/* SPDX-License-Identifier: MIT */
/* Firmware's main flow: banner, Ctrl-B, embedded script or network boot, shell. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <core/autoboot.h>
#include <core/console.h>
#include <core/download.h>
#include <core/image.h>
#include <core/script.h>
#include <core/settings.h>
#include <core/time.h>
#include <config/general.h>
#include <net/dhcp.h>
#include <net/netdevice.h>

#define KEY_SHELL KEY_CTRL('B')
#define BOOT_URI_MAX 512
#define IPV4_TEXT_MAX 16

/* The script built in with `make EMBED=FILE`, if any (embedded.c). */
extern const char embedded_script[];
extern const uint32_t embedded_script_len;

/* Show the banner; true if the user pressed Ctrl-B within the timeout. */
static bool shell_requested(const char *where)
{
	uint64_t deadline = time_now_ms() + BANNER_TIMEOUT_MS;
	uint64_t now;
	int key;

	printf("\n%s %s (%s) -- press Ctrl-B for the %s shell\n",
	       PRODUCT_NAME, PRODUCT_VERSION, where, PRODUCT_NAME);
	do {
		now = time_now_ms();
		key = getkey(now < deadline ? (uint32_t)(deadline - now) : 0);
		if (key == KEY_SHELL)
			return true;
	} while (key >= 0);
	return false;
}

/*
 * The URI of NETDEV's boot file: the DHCP file name as it is if it has
 * a scheme, else tftp://NEXT-SERVER/NAME. -ENOENT if DHCP named none.
 */
static int boot_uri(struct net_device *netdev, char *uri, size_t len)
{
	char name[BOOT_URI_MAX];
	uint32_t server;
	const uint8_t *ip = (const uint8_t *)&server;

	if (fetch_string_setting(&netdev->settings, &filename_setting, name,
				 sizeof(name)) <= 0) {
		printf("%s: the DHCP server named no boot file (set its "
		       "filename option, or DHCP option 67)\n", netdev->name);
		return -ENOENT;
	}
	if (strstr(name, "://")) {
		snprintf(uri, len, "%s", name);
		return 0;
	}
	if (fetch_ipv4_setting(&netdev->settings, &next_server_setting,
			       &server) < 0 || !server) {
		printf("%s: boot file %s but no TFTP server (set the DHCP "
		       "server's next-server)\n", netdev->name, name);
		return -ENOENT;
	}
	snprintf(uri, len, "tftp://%u.%u.%u.%u/%s", ip[0], ip[1], ip[2], ip[3],
		 name[0] == '/' ? name + 1 : name);
	return 0;
}

/* Configure NETDEV and run its boot file. */
static int netboot(struct net_device *netdev)
{
	char uri[BOOT_URI_MAX];
	struct image *image;
	int rc;

	printf("%s: %s on %s\n", netdev->name, netdev->driver_name,
	       netdev->bus_location);
	rc = netdev_open(netdev);
	if (rc) {
		printf("%s: cannot open: %s\n", netdev->name, strerror(rc));
		return rc;
	}
	rc = dhcp(netdev);
	if (rc)
		return rc;
	rc = boot_uri(netdev, uri, sizeof(uri));
	if (rc)
		return rc;
	printf("%s: booting %s\n", netdev->name, uri);
	rc = download(uri, NULL, &image);
	if (rc)
		return rc;
	return image_exec(image);
}

int autoboot(void)
{
	struct net_device *netdev;
	int rc = -ENODEV;

	for_each_netdev(netdev) {
		rc = netboot(netdev);
		if (rc == 0 || rc == -ECANCELED || exit_requested)
			return rc;
	}
	if (rc == -ENODEV)
		printf("No network card that %s drives was found\n",
		       PRODUCT_NAME);
	return rc;
}

/*
 * Open every card before the banner's wait, so that links come up (and a
 * card's receiver settles; qemu's e1000 holds received frames for a
 * second after it is enabled) while the user decides; a card that fails
 * is reported when autoboot reaches it.
 */
static void open_all_netdevs(void)
{
	struct net_device *netdev;

	for_each_netdev(netdev)
		netdev_open(netdev);
}

int firmware_main(const char *where)
{
	int rc;

	open_all_netdevs();
	if (shell_requested(where))
		return shell();
	if (embedded_script_len)
		rc = script_run(embedded_script, embedded_script_len, "embedded");
	else
		rc = autoboot();
	if (rc == 0)
		return rc;
	printf("Nothing booted; the shell is open (type `help`)\n");
	return shell();
}
