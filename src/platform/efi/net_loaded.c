/* SPDX-License-Identifier: MIT */
/* bin/snponly.efi's card: the SNP of the device this image was loaded from, and no other. */
#include <stdio.h>
#include "platform/efi/efi.h"

void efi_probe_network(void)
{
	EFI_GUID snp_guid = EFI_SIMPLE_NETWORK_PROTOCOL_GUID;
	EFI_GUID devpath_guid = EFI_DEVICE_PATH_PROTOCOL_GUID;
	EFI_DEVICE_PATH *dp;
	EFI_HANDLE handle;

	dp = efi_loaded_image ? efi_protocol(efi_loaded_image->DeviceHandle,
					     &devpath_guid) : NULL;
	if (!dp || efi_bs->LocateDevicePath(&snp_guid, &dp, &handle)) {
		printf("snponly: the device this image came from has no "
		       "network interface (SNP); load it by network boot\n");
		return;
	}
	efi_snp_probe_handle(handle);
}
