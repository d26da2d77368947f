/* SPDX-License-Identifier: MIT */
/*
 * EFI applications as an image type: a PE32+ x86-64 EFI application
 * (a boot loader, a shell, a Linux EFI-stub kernel) is loaded from memory
 * with LoadImage(), given its arguments as UCS-2 load options and the
 * other images as its initrd, and started; when it returns, so does the
 * command that ran it, and the script goes on.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <core/command.h>
#include <core/image.h>
#include <net/netdevice.h>
#include "platform/efi/efi.h"

/* The DOS header's signature and the offset of the PE header. */
#define MZ_SIGNATURE "MZ"
#define MZ_PE_OFFSET 0x3c
#define PE_SIGNATURE "PE\0\0"
#define PE_SIGNATURE_LEN 4
/* COFF header (after the signature): machine; optional header: magic, subsystem. */
#define COFF_MACHINE 0
#define COFF_HEADER_LEN 20
#define OPT_MAGIC 0
#define OPT_SUBSYSTEM 68
#define PE_MACHINE_X86_64 0x8664
#define PE_OPT_MAGIC_PE32PLUS 0x20b
#define PE_SUBSYSTEM_EFI_APPLICATION 10

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
	return get16(p) | (uint32_t)get16(p + 2) << 16;
}

static int efi_image_probe(const struct image *image)
{
	const uint8_t *d = image->data;
	uint32_t pe;

	if (image->len < MZ_PE_OFFSET + sizeof(uint32_t) ||
	    memcmp(d, MZ_SIGNATURE, strlen(MZ_SIGNATURE)) != 0)
		return 0;
	pe = get32(d + MZ_PE_OFFSET);
	if (pe > image->len ||
	    image->len - pe < PE_SIGNATURE_LEN + COFF_HEADER_LEN + OPT_SUBSYSTEM + 2)
		return 0;
	d += pe;
	if (memcmp(d, PE_SIGNATURE, PE_SIGNATURE_LEN) != 0)
		return 0;
	d += PE_SIGNATURE_LEN;
	if (get16(d + COFF_MACHINE) != PE_MACHINE_X86_64)
		return 0;
	d += COFF_HEADER_LEN;
	return get16(d + OPT_MAGIC) == PE_OPT_MAGIC_PE32PLUS &&
	       get16(d + OPT_SUBSYSTEM) == PE_SUBSYSTEM_EFI_APPLICATION;
}

/*
 * Where IMAGE says it comes from: the network boot device nicboot offers
 * (its SNP and PXE Base Code) if a card has an address, else the device
 * on which the images are files (both have the images as files, so
 * `initrd=NAME` finds one), then a file path node with its name.
 */
static EFI_DEVICE_PATH *image_devpath(const struct image *image)
{
	EFI_DEVICE_PATH *device = efi_netboot_offer(image), *path;
	size_t name_len = strlen(image->name) + 1;
	size_t node_len = sizeof(EFI_DEVICE_PATH) + name_len * sizeof(CHAR16);
	EFI_DEVICE_PATH *node = malloc(node_len);
	CHAR16 *name = efi_ucs2_dup(image->name);

	if (!device)
		device = efi_file_device_path();
	path = NULL;
	if (device && node && name) {
		node->Type = MEDIA_DEVICE_PATH;
		node->SubType = MEDIA_FILEPATH_DP;
		node->Length[0] = (uint8_t)node_len;
		node->Length[1] = (uint8_t)(node_len >> 8);
		memcpy(node + 1, name, name_len * sizeof(CHAR16));
		path = efi_devpath_append(device, node);
	}
	free(node);
	free(name);
	return path;
}

/* The cards that were open before an image started, to reopen after. */
struct open_cards {
	struct net_device **netdevs;
	size_t count;
};

/* Close every card, so that no DMA runs while the image owns the machine. */
static void quiesce_network(struct open_cards *open)
{
	struct net_device *netdev;
	size_t n = 0;

	for_each_netdev(netdev)
		n++;
	open->netdevs = malloc(n * sizeof(*open->netdevs));
	open->count = 0;
	for_each_netdev(netdev) {
		if (netdev->is_open && open->netdevs)
			open->netdevs[open->count++] = netdev_get(netdev);
		netdev_close(netdev);
	}
}

/* The image came back: reopen the cards it found open. */
static void resume_network(struct open_cards *open)
{
	size_t i;

	for (i = 0; i < open->count; i++) {
		netdev_open(open->netdevs[i]);
		netdev_put(open->netdevs[i]);
	}
	free(open->netdevs);
}

/* Set the started image's load options to IMAGE's arguments. */
static int set_load_options(EFI_HANDLE handle, const struct image *image,
			    CHAR16 **options)
{
	EFI_GUID loaded_image_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	EFI_LOADED_IMAGE *loaded = efi_protocol(handle, &loaded_image_guid);

	*options = NULL;
	if (!loaded)
		return -ENODEV;
	if (!image->cmdline)
		return 0;
	*options = efi_ucs2_dup(image->cmdline);
	if (!*options)
		return -ENOMEM;
	loaded->LoadOptions = *options;
	loaded->LoadOptionsSize = (UINT32)((strlen(image->cmdline) + 1) *
					   sizeof(CHAR16));
	return 0;
}

/* Start the loaded HANDLE with IMAGE's initrd; its exit status as an error. */
static int start_image(EFI_HANDLE handle, const struct image *image)
{
	struct open_cards open;
	EFI_STATUS status;
	UINTN exit_len;
	CHAR16 *exit_data = NULL;
	int rc;

	rc = efi_initrd_install();
	if (rc) {
		efi_netboot_withdraw();
		return command_error(image->name, rc, "cannot offer the initrd");
	}
	quiesce_network(&open);
	efi_restore_tpl();
	status = efi_bs->StartImage(handle, &exit_len, &exit_data);
	efi_raise_tpl();
	efi_initrd_remove();
	efi_netboot_withdraw();
	resume_network(&open);
	if (exit_data)
		efi_bs->FreePool(exit_data);
	if (status != EFI_SUCCESS)
		return command_error(image->name, efi_to_errno(status),
				     "the EFI application ended with %s",
				     efi_strerror(status));
	return 0;
}

static int efi_image_exec(struct image *image)
{
	EFI_DEVICE_PATH *path = image_devpath(image);
	EFI_HANDLE handle = NULL;
	CHAR16 *options;
	EFI_STATUS status;
	int rc;

	if (!path) {
		efi_netboot_withdraw();
		return command_error(image->name, -ENOMEM, "no memory to load it");
	}
	efi_restore_tpl();
	status = efi_bs->LoadImage(FALSE, efi_image_handle, path, image->data,
				   image->len, &handle);
	efi_raise_tpl();
	free(path);
	if (status != EFI_SUCCESS) {
		efi_netboot_withdraw();
		return command_error(image->name, efi_to_errno(status),
				     "the firmware would not load it: %s",
				     efi_strerror(status));
	}
	rc = set_load_options(handle, image, &options);
	if (rc) {
		efi_bs->UnloadImage(handle);
		efi_netboot_withdraw();
		return command_error(image->name, rc, "cannot pass its arguments");
	}
	rc = start_image(handle, image);
	free(options);
	return rc;
}

IMAGE_TYPE(efi_image_type) = {
	.name = "efi",
	.probe = efi_image_probe,
	.exec = efi_image_exec,
};
