/* SPDX-License-Identifier: MIT */
/*
 * Device paths for the network cards nicboot offers to the images it
 * starts: where the card is (its PCI function, or the firmware's SNP
 * device it sits on), then a MAC address node, and for the boot device
 * an IPv4 node with the addresses DHCP gave.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <core/compiler.h>
#include <drivers/bus/pci.h>
#include <net/netdevice.h>
#include "platform/efi/efi.h"

/* RFC 1700 hardware type of Ethernet, as the MAC node's IfType. */
#define IF_TYPE_ETHERNET 1
/* The IPv4 node's transport protocol (UDP: TFTP) and address origin. */
#define IPV4_PROTOCOL_UDP 17
#define IPV4_ADDRESS_FROM_DHCP 0
#define MAC_NODE_ADDRESS_LEN 32
/* A vendor GUID naming a card nicboot cannot place on a bus. */
#define NICBOOT_NETDEV_GUID \
	{ 0x5a0f7c31, 0x2d4e, 0x4b86, \
	  { 0x9e, 0x13, 0x7c, 0x52, 0xa8, 0x0b, 0x61, 0xd4 } }

/* The UEFI MAC address node (messaging, subtype 11). */
struct mac_node {
	EFI_DEVICE_PATH header;
	uint8_t address[MAC_NODE_ADDRESS_LEN];
	uint8_t if_type;
} __packed;

/* The UEFI 2.x IPv4 node (messaging, subtype 12); addresses in network order. */
struct ipv4_node {
	EFI_DEVICE_PATH header;
	uint32_t local;
	uint32_t remote;
	uint16_t local_port;
	uint16_t remote_port;
	uint16_t protocol;
	uint8_t static_address;
	uint32_t gateway;
	uint32_t netmask;
} __packed;

/* Fill in a device path node's header: TYPE, SUBTYPE and LEN bytes. */
static void set_node(EFI_DEVICE_PATH *node, uint8_t type, uint8_t subtype,
		     size_t len)
{
	node->Type = type;
	node->SubType = subtype;
	node->Length[0] = (uint8_t)len;
	node->Length[1] = (uint8_t)(len >> 8);
}

/* The device path of the PCI function at NETDEV's bus location, or NULL. */
static EFI_DEVICE_PATH *pci_path(const struct net_device *netdev)
{
	EFI_GUID pci_io_guid = EFI_PCI_IO_PROTOCOL_GUID;
	EFI_GUID devpath_guid = EFI_DEVICE_PATH_PROTOCOL_GUID;
	char location[PCI_LOCATION_LEN];
	EFI_DEVICE_PATH *found = NULL;
	EFI_HANDLE *handles;
	UINTN count, i, seg, bus, dev, fn;

	if (efi_bs->LocateHandleBuffer(ByProtocol, &pci_io_guid, NULL, &count,
				       &handles) != EFI_SUCCESS)
		return NULL;
	for (i = 0; i < count && !found; i++) {
		EFI_PCI_IO_PROTOCOL *io = efi_protocol(handles[i], &pci_io_guid);

		if (!io || io->GetLocation(io, &seg, &bus, &dev, &fn))
			continue;
		snprintf(location, sizeof(location), "%04x:%02x:%02x.%x",
			 (unsigned int)seg, (unsigned int)bus,
			 (unsigned int)dev, (unsigned int)fn);
		if (strcmp(location, netdev->bus_location) == 0)
			found = efi_protocol(handles[i], &devpath_guid);
	}
	efi_bs->FreePool(handles);
	return found;
}

/*
 * The device path of a firmware SNP with NETDEV's MAC address, or NULL:
 * snpnet's cards sit on one, whose path must not be repeated by the
 * handle nicboot adds.
 */
static EFI_DEVICE_PATH *snp_path(const struct net_device *netdev)
{
	EFI_GUID snp_guid = EFI_SIMPLE_NETWORK_PROTOCOL_GUID;
	EFI_GUID devpath_guid = EFI_DEVICE_PATH_PROTOCOL_GUID;
	EFI_DEVICE_PATH *found = NULL;
	EFI_HANDLE *handles;
	UINTN count, i;

	if (efi_bs->LocateHandleBuffer(ByProtocol, &snp_guid, NULL, &count,
				       &handles) != EFI_SUCCESS)
		return NULL;
	for (i = 0; i < count && !found; i++) {
		EFI_SIMPLE_NETWORK_PROTOCOL *snp =
			efi_protocol(handles[i], &snp_guid);

		if (!snp || !snp->Mode ||
		    memcmp(snp->Mode->CurrentAddress.Addr, netdev->hw_addr,
			   ETH_ALEN) != 0)
			continue;
		found = efi_protocol(handles[i], &devpath_guid);
	}
	efi_bs->FreePool(handles);
	return found;
}

/* A vendor node naming nicboot's cards, for a card with no better place. */
static EFI_DEVICE_PATH *vendor_path(void)
{
	static const struct {
		VENDOR_DEVICE_PATH vendor;
		EFI_DEVICE_PATH end;
	} __packed path = {
		.vendor = {
			.Header = {
				.Type = HARDWARE_DEVICE_PATH,
				.SubType = HW_VENDOR_DP,
				.Length = { sizeof(VENDOR_DEVICE_PATH), 0 },
			},
			.Guid = NICBOOT_NETDEV_GUID,
		},
		.end = {
			.Type = END_DEVICE_PATH_TYPE,
			.SubType = END_ENTIRE_DEVICE_PATH_SUBTYPE,
			.Length = { sizeof(EFI_DEVICE_PATH), 0 },
		},
	};

	return (EFI_DEVICE_PATH *)&path;
}

EFI_DEVICE_PATH *efi_netdev_path(const struct net_device *netdev)
{
	EFI_DEVICE_PATH *prefix = snp_path(netdev);
	struct mac_node mac;

	if (!prefix)
		prefix = pci_path(netdev);
	if (!prefix)
		prefix = vendor_path();
	memset(&mac, 0, sizeof(mac));
	set_node(&mac.header, MESSAGING_DEVICE_PATH, MSG_MAC_ADDR_DP,
		 sizeof(mac));
	memcpy(mac.address, netdev->ll_addr, ETH_ALEN);
	mac.if_type = IF_TYPE_ETHERNET;
	return efi_devpath_append(prefix, &mac.header);
}

EFI_DEVICE_PATH *efi_ipv4_path(const EFI_DEVICE_PATH *card,
			       const struct efi_ipv4_config *config)
{
	struct ipv4_node ip;

	memset(&ip, 0, sizeof(ip));
	set_node(&ip.header, MESSAGING_DEVICE_PATH, MSG_IPv4_DP, sizeof(ip));
	ip.local = config->address;
	ip.remote = config->server;
	ip.protocol = IPV4_PROTOCOL_UDP;
	ip.static_address = IPV4_ADDRESS_FROM_DHCP;
	ip.gateway = config->gateway;
	ip.netmask = config->netmask;
	return efi_devpath_append(card, &ip.header);
}
