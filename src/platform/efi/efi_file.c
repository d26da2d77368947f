/* SPDX-License-Identifier: MIT */
/*
 * The registered images as a read-only file system, on the device that
 * EFI applications nicboot starts come from: a Linux EFI stub too old
 * for the LoadFile2 initrd (or told so) reads `initrd=NAME` from it, and
 * a boot loader finds its files by name.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <core/compiler.h>
#include <core/image.h>
#include "platform/efi/efi.h"

/* A fixed vendor GUID naming nicboot's image device. */
#define NICBOOT_DEVICE_GUID \
	{ 0x3c1e5f0a, 0x9b7d, 0x4e22, \
	  { 0x8d, 0x51, 0x6a, 0x0f, 0x93, 0xc4, 0x2e, 0x17 } }
#define PATH_SEPARATOR '\\'

/* An open file: an image, or the root directory (IMAGE NULL). */
struct efi_file {
	EFI_FILE_PROTOCOL file;
	struct image *image;
	UINT64 pos;
};

struct device_path {
	VENDOR_DEVICE_PATH vendor;
	EFI_DEVICE_PATH end;
} __packed;

static struct device_path device_path = {
	.vendor = {
		.Header = {
			.Type = HARDWARE_DEVICE_PATH,
			.SubType = HW_VENDOR_DP,
			.Length = { sizeof(VENDOR_DEVICE_PATH), 0 },
		},
		.Guid = NICBOOT_DEVICE_GUID,
	},
	.end = {
		.Type = END_DEVICE_PATH_TYPE,
		.SubType = END_ENTIRE_DEVICE_PATH_SUBTYPE,
		.Length = { sizeof(EFI_DEVICE_PATH), 0 },
	},
};

static EFI_HANDLE device_handle;
static struct efi_file root;

/* The image a file name (UCS-2, any directories ignored) names, or NULL. */
static struct image *image_named(const CHAR16 *name)
{
	char ascii[IMAGE_NAME_LEN];
	const CHAR16 *base = name;
	size_t i;

	for (; *name; name++) {
		if (*name == PATH_SEPARATOR)
			base = name + 1;
	}
	for (i = 0; base[i] && i + 1 < sizeof(ascii); i++) {
		if (base[i] > 0x7f)
			return NULL;
		ascii[i] = (char)base[i];
	}
	if (base[i])
		return NULL;
	ascii[i] = '\0';
	return find_image(ascii);
}

static EFI_STATUS EFIAPI file_open(EFI_FILE_PROTOCOL *this,
				   EFI_FILE_PROTOCOL **new, CHAR16 *name,
				   UINT64 mode, UINT64 attributes);
static EFI_STATUS EFIAPI file_close(EFI_FILE_PROTOCOL *this);
static EFI_STATUS EFIAPI file_delete(EFI_FILE_PROTOCOL *this);
static EFI_STATUS EFIAPI file_read(EFI_FILE_PROTOCOL *this, UINTN *len,
				   VOID *buf);
static EFI_STATUS EFIAPI file_write(EFI_FILE_PROTOCOL *this, UINTN *len,
				    VOID *buf);
static EFI_STATUS EFIAPI file_get_position(EFI_FILE_PROTOCOL *this,
					   UINT64 *pos);
static EFI_STATUS EFIAPI file_set_position(EFI_FILE_PROTOCOL *this,
					   UINT64 pos);
static EFI_STATUS EFIAPI file_get_info(EFI_FILE_PROTOCOL *this,
				       EFI_GUID *type, UINTN *len, VOID *buf);
static EFI_STATUS EFIAPI file_set_info(EFI_FILE_PROTOCOL *this,
				       EFI_GUID *type, UINTN len, VOID *buf);
static EFI_STATUS EFIAPI file_flush(EFI_FILE_PROTOCOL *this);

static const EFI_FILE_PROTOCOL file_ops = {
	.Revision = EFI_FILE_PROTOCOL_REVISION,
	.Open = file_open,
	.Close = file_close,
	.Delete = file_delete,
	.Read = file_read,
	.Write = file_write,
	.GetPosition = file_get_position,
	.SetPosition = file_set_position,
	.GetInfo = file_get_info,
	.SetInfo = file_set_info,
	.Flush = file_flush,
};

static EFI_STATUS EFIAPI file_open(EFI_FILE_PROTOCOL *this,
				   EFI_FILE_PROTOCOL **new, CHAR16 *name,
				   UINT64 mode, UINT64 attributes)
{
	struct efi_file *file;
	struct image *image;

	if (mode != EFI_FILE_MODE_READ)
		return EFI_WRITE_PROTECTED;
	while (*name == PATH_SEPARATOR)
		name++;
	if (!*name || (name[0] == '.' && !name[1])) {
		*new = &root.file;
		return EFI_SUCCESS;
	}
	image = image_named(name);
	if (!image)
		return EFI_NOT_FOUND;
	file = malloc(sizeof(*file));
	if (!file)
		return EFI_OUT_OF_RESOURCES;
	file->file = file_ops;
	file->image = image;
	file->pos = 0;
	*new = &file->file;
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI file_close(EFI_FILE_PROTOCOL *this)
{
	if (this != &root.file)
		free(container_of(this, struct efi_file, file));
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI file_delete(EFI_FILE_PROTOCOL *this)
{
	file_close(this);
	return EFI_WARN_DELETE_FAILURE;
}

/* Read from an image; the root directory reads as empty. */
static EFI_STATUS EFIAPI file_read(EFI_FILE_PROTOCOL *this, UINTN *len,
				   VOID *buf)
{
	struct efi_file *file = container_of(this, struct efi_file, file);
	size_t size = file->image ? file->image->len : 0;
	size_t n = file->pos < size ? MIN(*len, size - file->pos) : 0;

	if (n)
		memcpy(buf, file->image->data + file->pos, n);
	file->pos += n;
	*len = n;
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI file_write(EFI_FILE_PROTOCOL *this, UINTN *len,
				    VOID *buf)
{
	return EFI_WRITE_PROTECTED;
}

static EFI_STATUS EFIAPI file_get_position(EFI_FILE_PROTOCOL *this,
					   UINT64 *pos)
{
	*pos = container_of(this, struct efi_file, file)->pos;
	return EFI_SUCCESS;
}

/* Position POS, or the end of the file for all ones. */
static EFI_STATUS EFIAPI file_set_position(EFI_FILE_PROTOCOL *this,
					   UINT64 pos)
{
	struct efi_file *file = container_of(this, struct efi_file, file);
	UINT64 size = file->image ? file->image->len : 0;

	file->pos = pos == UINT64_MAX ? size : pos;
	return EFI_SUCCESS;
}

/* EFI_FILE_INFO: name, size and attributes; nothing else is known. */
static EFI_STATUS EFIAPI file_get_info(EFI_FILE_PROTOCOL *this,
				       EFI_GUID *type, UINTN *len, VOID *buf)
{
	EFI_GUID info_guid = EFI_FILE_INFO_ID;
	struct efi_file *file = container_of(this, struct efi_file, file);
	const char *name = file->image ? file->image->name : "";
	size_t name_len = strlen(name) + 1, need, i;
	EFI_FILE_INFO *info = buf;

	if (memcmp(type, &info_guid, sizeof(info_guid)) != 0)
		return EFI_UNSUPPORTED;
	need = offsetof(EFI_FILE_INFO, FileName) + name_len * sizeof(CHAR16);
	if (*len < need) {
		*len = need;
		return EFI_BUFFER_TOO_SMALL;
	}
	memset(info, 0, need);
	info->Size = need;
	info->FileSize = file->image ? file->image->len : 0;
	info->PhysicalSize = info->FileSize;
	info->Attribute = EFI_FILE_READ_ONLY |
			  (file->image ? 0 : EFI_FILE_DIRECTORY);
	for (i = 0; i < name_len; i++)
		info->FileName[i] = (uint8_t)name[i];
	*len = need;
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI file_set_info(EFI_FILE_PROTOCOL *this,
				       EFI_GUID *type, UINTN len, VOID *buf)
{
	return EFI_WRITE_PROTECTED;
}

static EFI_STATUS EFIAPI file_flush(EFI_FILE_PROTOCOL *this)
{
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI open_volume(EFI_SIMPLE_FILE_SYSTEM_PROTOCOL *this,
				     EFI_FILE_PROTOCOL **volume)
{
	root.pos = 0;
	*volume = &root.file;
	return EFI_SUCCESS;
}

static EFI_SIMPLE_FILE_SYSTEM_PROTOCOL file_system = {
	.Revision = EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_REVISION,
	.OpenVolume = open_volume,
};

static EFI_GUID fs_guid = EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_GUID;

int efi_file_install(EFI_HANDLE handle)
{
	root.file = file_ops;
	return efi_to_errno(efi_bs->InstallProtocolInterface(
		&handle, &fs_guid, EFI_NATIVE_INTERFACE, &file_system));
}

void efi_file_uninstall(EFI_HANDLE handle)
{
	efi_bs->UninstallProtocolInterface(handle, &fs_guid, &file_system);
}

EFI_DEVICE_PATH *efi_file_device_path(void)
{
	EFI_GUID devpath_guid = EFI_DEVICE_PATH_PROTOCOL_GUID;
	EFI_HANDLE handle = NULL;

	if (device_handle)
		return &device_path.vendor.Header;
	root.file = file_ops;
	if (efi_bs->InstallProtocolInterface(&handle, &devpath_guid,
					     EFI_NATIVE_INTERFACE, &device_path))
		return NULL;
	if (efi_bs->InstallProtocolInterface(&handle, &fs_guid,
					     EFI_NATIVE_INTERFACE,
					     &file_system)) {
		efi_bs->UninstallProtocolInterface(handle, &devpath_guid,
						   &device_path);
		return NULL;
	}
	device_handle = handle;
	return &device_path.vendor.Header;
}
