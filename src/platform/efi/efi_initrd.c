/* SPDX-License-Identifier: MIT */
/*
 * The initrd for a Linux EFI-stub kernel: the LoadFile2 protocol on a
 * handle whose device path is the vendor media node
 * LINUX_EFI_INITRD_MEDIA_GUID, where the stub looks for it (Linux 5.8+).
 * The initrd is every registered image, in order, each padded to 4
 * bytes (cpio archives may be concatenated); the kernel being booted is
 * off the image list while it runs.
 */
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <core/compiler.h>
#include <core/image.h>
#include "platform/efi/efi.h"

#define LINUX_EFI_INITRD_MEDIA_GUID \
	{ 0x5568e427, 0x68fc, 0x4f3d, \
	  { 0xac, 0x74, 0xca, 0x55, 0x52, 0x31, 0xcc, 0x68 } }
#define EFI_LOAD_FILE2_PROTOCOL_GUID \
	{ 0x4006c0c1, 0xfcb3, 0x403e, \
	  { 0x99, 0x6d, 0x4a, 0x6c, 0x87, 0x24, 0xe0, 0x6d } }
#define INITRD_ALIGN 4

/* The vendor media node and the end node, as one device path. */
struct initrd_devpath {
	VENDOR_DEVICE_PATH vendor;
	EFI_DEVICE_PATH end;
} __packed;

static struct initrd_devpath initrd_path = {
	.vendor = {
		.Header = {
			.Type = MEDIA_DEVICE_PATH,
			.SubType = MEDIA_VENDOR_DP,
			.Length = { sizeof(VENDOR_DEVICE_PATH), 0 },
		},
		.Guid = LINUX_EFI_INITRD_MEDIA_GUID,
	},
	.end = {
		.Type = END_DEVICE_PATH_TYPE,
		.SubType = END_ENTIRE_DEVICE_PATH_SUBTYPE,
		.Length = { sizeof(EFI_DEVICE_PATH), 0 },
	},
};

static EFI_GUID devpath_guid = EFI_DEVICE_PATH_PROTOCOL_GUID;
static EFI_GUID load_file2_guid = EFI_LOAD_FILE2_PROTOCOL_GUID;
static EFI_HANDLE initrd_handle;

/* Bytes of the initrd: every registered image, each padded. */
static size_t initrd_len(void)
{
	struct image *image;
	size_t len = 0;

	for_each_image(image)
		len += ALIGN_UP(image->len, INITRD_ALIGN);
	return len;
}

/* LoadFile2: the size when BUFFER is missing or short, else the initrd. */
static EFI_STATUS EFIAPI initrd_load(EFI_LOAD_FILE_PROTOCOL *this,
				     EFI_DEVICE_PATH *path, BOOLEAN boot_policy,
				     UINTN *size, VOID *buffer)
{
	size_t total = initrd_len();
	uint8_t *p = buffer;
	struct image *image;

	if (!size)
		return EFI_INVALID_PARAMETER;
	if (boot_policy)
		return EFI_UNSUPPORTED;
	if (!buffer || *size < total) {
		*size = total;
		return EFI_BUFFER_TOO_SMALL;
	}
	for_each_image(image) {
		size_t padded = ALIGN_UP(image->len, INITRD_ALIGN);

		memcpy(p, image->data, image->len);
		memset(p + image->len, 0, padded - image->len);
		p += padded;
	}
	*size = total;
	return EFI_SUCCESS;
}

static EFI_LOAD_FILE_PROTOCOL initrd_load_file = { .LoadFile = initrd_load };

int efi_initrd_install(void)
{
	EFI_STATUS status;

	if (!initrd_len())
		return 0;
	initrd_handle = NULL;
	status = efi_bs->InstallProtocolInterface(&initrd_handle, &devpath_guid,
						  EFI_NATIVE_INTERFACE,
						  &initrd_path);
	if (status == EFI_SUCCESS)
		status = efi_bs->InstallProtocolInterface(&initrd_handle,
							  &load_file2_guid,
							  EFI_NATIVE_INTERFACE,
							  &initrd_load_file);
	if (status != EFI_SUCCESS) {
		efi_initrd_remove();
		return efi_to_errno(status);
	}
	return 0;
}

void efi_initrd_remove(void)
{
	if (!initrd_handle)
		return;
	efi_bs->UninstallProtocolInterface(initrd_handle, &load_file2_guid,
					   &initrd_load_file);
	efi_bs->UninstallProtocolInterface(initrd_handle, &devpath_guid,
					   &initrd_path);
	initrd_handle = NULL;
}
