/* SPDX-License-Identifier: MIT */
/* What the UEFI platform's files share: the firmware's tables and handles. */
#ifndef PLATFORM_EFI_EFI_H
#define PLATFORM_EFI_EFI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <efi.h>

struct image;
struct net_device;

/* The system table, boot services and this image, from efi_main(). */
extern EFI_SYSTEM_TABLE *efi_systab;
extern EFI_BOOT_SERVICES *efi_bs;
extern EFI_HANDLE efi_image_handle;
/* This image's loaded-image protocol (its device, its command line). */
extern EFI_LOADED_IMAGE *efi_loaded_image;

/*
 * Run at TPL_CALLBACK, so that the firmware's own network stack (its
 * MNP's receive timer) cannot take frames from an SNP nicboot shares with
 * it; back at the caller's TPL to start images and at the end.
 */
void efi_raise_tpl(void);
void efi_restore_tpl(void);

/* Calibrate the time-stamp counter against the firmware's Stall(). */
void efi_timer_init(void);
/* Give the heap most of the free memory below 4 GiB. */
void efi_memory_init(void);
/* Give the heap's memory back to the firmware: nothing may use it after. */
void efi_memory_release(void);
/* Store the SMBIOS system UUID as the "uuid" setting, if there is one. */
void efi_smbios_init(void);
/* Find the network cards this application drives and register them. */
void efi_probe_network(void);

/* The configuration table entry with GUID, or NULL. */
void *efi_find_table(EFI_GUID *guid);
/* The protocol GUID on HANDLE, or NULL (HandleProtocol). */
void *efi_protocol(EFI_HANDLE handle, EFI_GUID *guid);
/* A printable name for an EFI_STATUS: "EFI_NOT_FOUND" or a number. */
const char *efi_strerror(EFI_STATUS status);
/* A nicboot error code for an EFI_STATUS. */
int efi_to_errno(EFI_STATUS status);

/* A new device path: DP (may be NULL) followed by NODE, then an end node. */
EFI_DEVICE_PATH *efi_devpath_append(const EFI_DEVICE_PATH *dp,
				    const EFI_DEVICE_PATH *node);

/* TEXT (its bytes taken as Latin-1) as a new UCS-2 string; NULL on failure. */
CHAR16 *efi_ucs2_dup(const char *text);

/* Claim the PCI cards nicboot drives itself; connect the firmware to the other network cards. */
void efi_pci_probe(void);
/* Drive SNP cards through snpnet: every SNP the firmware has, or HANDLE's. */
void efi_snp_probe_all(void);
int efi_snp_probe_handle(EFI_HANDLE handle);

/*
 * The device path of the handle where the registered images are files
 * (SimpleFileSystem), installed on first use; NULL if the firmware
 * refused. The images nicboot starts come from there.
 */
EFI_DEVICE_PATH *efi_file_device_path(void);

/* Offer the same file system on HANDLE too (the network boot device); 0 or an error. */
int efi_file_install(EFI_HANDLE handle);
void efi_file_uninstall(EFI_HANDLE handle);

/* A card's IPv4 configuration, in network order, for device paths and PXE. */
struct efi_ipv4_config {
	uint32_t address;
	uint32_t netmask;
	uint32_t gateway;
	uint32_t server;	/* the DHCP ACK's next server */
};

/*
 * NETDEV's device path (new, to free): where it is (the firmware's SNP
 * device it sits on, else its PCI function, else a vendor node), then a
 * MAC address node.
 */
EFI_DEVICE_PATH *efi_netdev_path(const struct net_device *netdev);
/* CARD's path with an IPv4 node for CONFIG after it (new, to free). */
EFI_DEVICE_PATH *efi_ipv4_path(const EFI_DEVICE_PATH *card,
			       const struct efi_ipv4_config *config);

/*
 * nicboot's SNP over NETDEV on a new handle with NETDEV's device path,
 * which it returns (NULL if that failed); one at a time. Withdrawn (the
 * card closed if the image left it initialized) by efi_snp_withdraw().
 */
EFI_DEVICE_PATH *efi_snp_offer(struct net_device *netdev);
void efi_snp_withdraw(void);
/*
 * Divert the offered card's received frames to its SNP queue (DIVERT),
 * or give them to nicboot's stack; only while the image has the SNP
 * initialized.
 */
void efi_snp_divert(bool divert);

/*
 * The PXE Base Code over NETDEV (its cached DHCP packets, TFTP) on a new
 * handle *HANDLE whose path is CARD's with an IPv4 node, which it returns
 * (NULL if NETDEV has no address or that failed); one at a time.
 */
EFI_DEVICE_PATH *efi_pxebc_offer(struct net_device *netdev,
				 const EFI_DEVICE_PATH *card,
				 EFI_HANDLE *handle);
void efi_pxebc_withdraw(void);

/*
 * Offer IMAGE its boot card (the one towards the server it came from, or
 * the first open one with an address): SNP on the card's handle, PXE
 * Base Code and the images' file system on a child handle with an IPv4
 * node, whose device path it returns, to load the image from; NULL if
 * there is no such card. Undone by efi_netboot_withdraw().
 */
EFI_DEVICE_PATH *efi_netboot_offer(const struct image *image);
void efi_netboot_withdraw(void);

/*
 * Offer the registered images as a Linux initrd through LoadFile2 at the
 * Linux initrd media path (nothing if there are none); undone by
 * efi_initrd_remove().
 */
int efi_initrd_install(void);
void efi_initrd_remove(void);

#endif
