/* SPDX-License-Identifier: MIT */
/*
 * The network boot device an EFI image finds when nicboot starts it, laid
 * out as the firmware's own PXE client does: the card's handle (path
 * .../MAC) with nicboot's SNP, and below it the image's device handle
 * (path .../MAC/IPv4) with the PXE Base Code and the images' file system.
 * GRUB's efinet takes the card from the first and its configuration from
 * the second's DHCP ACK.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <core/image.h>
#include <core/uri.h>
#include <net/inet.h>
#include <net/ipv4.h>
#include <net/netdevice.h>
#include "platform/efi/efi.h"

static EFI_HANDLE device_handle;

/*
 * The card IMAGE boots from: the one the route to the server it came from
 * leaves by (when its URI names the server by address), else the first
 * open one with an address.
 */
static struct net_device *boot_netdev(const struct image *image)
{
	struct net_device *netdev;
	uint32_t server, src;

	if (image->uri && image->uri->host &&
	    inet_aton(image->uri->host, &server) &&
	    ipv4_route_lookup(server, &src, &netdev) == 0 && netdev->is_open)
		return netdev;
	for_each_netdev(netdev) {
		if (netdev->is_open && ipv4_netdev_route(netdev))
			return netdev;
	}
	return NULL;
}

EFI_DEVICE_PATH *efi_netboot_offer(const struct image *image)
{
	struct net_device *netdev = boot_netdev(image);
	EFI_DEVICE_PATH *card, *path;
	EFI_HANDLE handle;

	if (!netdev)
		return NULL;
	card = efi_snp_offer(netdev);
	if (!card)
		return NULL;
	path = efi_pxebc_offer(netdev, card, &handle);
	if (path && efi_file_install(handle) == 0) {
		device_handle = handle;
		return path;
	}
	efi_pxebc_withdraw();
	efi_snp_withdraw();
	return NULL;
}

void efi_netboot_withdraw(void)
{
	if (!device_handle)
		return;
	efi_file_uninstall(device_handle);
	device_handle = NULL;
	efi_pxebc_withdraw();
	efi_snp_withdraw();
}
