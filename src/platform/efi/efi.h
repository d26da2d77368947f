/* SPDX-License-Identifier: MIT */
/* What the UEFI platform's files share: the firmware's tables and handles. */
#ifndef PLATFORM_EFI_EFI_H
#define PLATFORM_EFI_EFI_H

#include <stddef.h>
#include <stdint.h>
#include <efi.h>

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

/*
 * Offer the registered images as a Linux initrd through LoadFile2 at the
 * Linux initrd media path (nothing if there are none); undone by
 * efi_initrd_remove().
 */
int efi_initrd_install(void);
void efi_initrd_remove(void);

#endif
