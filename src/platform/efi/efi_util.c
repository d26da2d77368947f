/* SPDX-License-Identifier: MIT */
/* Small helpers over boot services: TPL, protocols, tables, status codes, device paths, UCS-2. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <core/compiler.h>
#include "platform/efi/efi.h"

/* Room for "EFI status 0x8000000000000000". */
#define STATUS_TEXT_LEN 32

struct status_name {
	EFI_STATUS status;
	const char *name;
	int rc;
};

static const struct status_name status_names[] = {
	{ EFI_LOAD_ERROR, "EFI_LOAD_ERROR", -ENOEXEC },
	{ EFI_INVALID_PARAMETER, "EFI_INVALID_PARAMETER", -EINVAL },
	{ EFI_UNSUPPORTED, "EFI_UNSUPPORTED", -ENOTSUP },
	{ EFI_BUFFER_TOO_SMALL, "EFI_BUFFER_TOO_SMALL", -ENOBUFS },
	{ EFI_NOT_READY, "EFI_NOT_READY", -EAGAIN },
	{ EFI_DEVICE_ERROR, "EFI_DEVICE_ERROR", -EIO },
	{ EFI_OUT_OF_RESOURCES, "EFI_OUT_OF_RESOURCES", -ENOMEM },
	{ EFI_NOT_FOUND, "EFI_NOT_FOUND", -ENOENT },
	{ EFI_ACCESS_DENIED, "EFI_ACCESS_DENIED", -EACCES },
	{ EFI_TIMEOUT, "EFI_TIMEOUT", -ETIMEDOUT },
	{ EFI_NOT_STARTED, "EFI_NOT_STARTED", -ENETDOWN },
	{ EFI_ALREADY_STARTED, "EFI_ALREADY_STARTED", -EALREADY },
	{ EFI_ABORTED, "EFI_ABORTED", -ECANCELED },
	{ EFI_SECURITY_VIOLATION, "EFI_SECURITY_VIOLATION", -EACCES },
};

static EFI_TPL saved_tpl;
static bool tpl_raised;

void efi_raise_tpl(void)
{
	if (tpl_raised)
		return;
	saved_tpl = efi_bs->RaiseTPL(TPL_CALLBACK);
	tpl_raised = true;
}

void efi_restore_tpl(void)
{
	if (!tpl_raised)
		return;
	efi_bs->RestoreTPL(saved_tpl);
	tpl_raised = false;
}

void *efi_protocol(EFI_HANDLE handle, EFI_GUID *guid)
{
	void *interface = NULL;

	if (efi_bs->HandleProtocol(handle, guid, &interface) != EFI_SUCCESS)
		return NULL;
	return interface;
}

void *efi_find_table(EFI_GUID *guid)
{
	UINTN i;

	for (i = 0; i < efi_systab->NumberOfTableEntries; i++) {
		EFI_CONFIGURATION_TABLE *t = &efi_systab->ConfigurationTable[i];

		if (memcmp(&t->VendorGuid, guid, sizeof(*guid)) == 0)
			return t->VendorTable;
	}
	return NULL;
}

const char *efi_strerror(EFI_STATUS status)
{
	static char text[STATUS_TEXT_LEN];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(status_names); i++) {
		if (status_names[i].status == status)
			return status_names[i].name;
	}
	snprintf(text, sizeof(text), "EFI status %#llx",
		 (unsigned long long)status);
	return text;
}

int efi_to_errno(EFI_STATUS status)
{
	unsigned int i;

	if (status == EFI_SUCCESS)
		return 0;
	for (i = 0; i < ARRAY_SIZE(status_names); i++) {
		if (status_names[i].status == status)
			return status_names[i].rc;
	}
	return -EIO;
}

/* Length in bytes of device path DP, end node included. */
static size_t efi_devpath_len(const EFI_DEVICE_PATH *dp)
{
	const EFI_DEVICE_PATH *node = dp;

	while (!IsDevicePathEnd(node) &&
	       (size_t)DevicePathNodeLength(node) >= sizeof(*node))
		node = NextDevicePathNode(node);
	return (size_t)((const uint8_t *)node - (const uint8_t *)dp) +
	       sizeof(*node);
}

EFI_DEVICE_PATH *efi_devpath_append(const EFI_DEVICE_PATH *dp,
				    const EFI_DEVICE_PATH *node)
{
	size_t prefix = dp ? efi_devpath_len(dp) - sizeof(*dp) : 0;
	size_t len = DevicePathNodeLength(node);
	uint8_t *path = malloc(prefix + len + sizeof(*dp));
	EFI_DEVICE_PATH *end;

	if (!path)
		return NULL;
	if (prefix)
		memcpy(path, dp, prefix);
	memcpy(path + prefix, node, len);
	end = (EFI_DEVICE_PATH *)(path + prefix + len);
	SetDevicePathEndNode(end);
	return (EFI_DEVICE_PATH *)path;
}

/* Bytes are taken as Latin-1: command lines and file names are ASCII. */
CHAR16 *efi_ucs2_dup(const char *text)
{
	size_t i, len = strlen(text);
	CHAR16 *ucs2 = malloc((len + 1) * sizeof(*ucs2));

	if (!ucs2)
		return NULL;
	for (i = 0; i <= len; i++)
		ucs2[i] = (uint8_t)text[i];
	return ucs2;
}
