/* SPDX-License-Identifier: MIT */
/*
 * The firmware's Simple Network Protocol instances as network devices:
 * each is opened exclusively where the firmware lets go of it, driven by
 * snpnet, and given back at shutdown.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <core/init.h>
#include <core/list.h>
#include <drivers/bus/pci.h>
#include <net/netdevice.h>
#include "drivers/net/snpnet.h"
#include "platform/efi/efi.h"

#define SNP_OPEN_CLAIM (EFI_OPEN_PROTOCOL_BY_DRIVER | EFI_OPEN_PROTOCOL_EXCLUSIVE)

/* An SNP taken from the firmware (or shared with it). */
struct efi_snp_claim {
	struct list_head list;
	EFI_HANDLE handle;
	struct net_device *netdev;
	bool exclusive;		/* opened by driver, to close and reconnect */
};

static LIST_HEAD(claims);
static EFI_GUID snp_guid = EFI_SIMPLE_NETWORK_PROTOCOL_GUID;
static EFI_GUID devpath_guid = EFI_DEVICE_PATH_PROTOCOL_GUID;

/* Name the PCI function HANDLE sits on ("0000:00:03.0"), or "snp". */
static void snp_location(EFI_HANDLE handle, char *buf)
{
	EFI_GUID pci_io_guid = EFI_PCI_IO_PROTOCOL_GUID;
	EFI_DEVICE_PATH *dp = efi_protocol(handle, &devpath_guid);
	EFI_HANDLE pci_handle;
	EFI_PCI_IO_PROTOCOL *io;
	UINTN seg, bus, dev, fn;

	snprintf(buf, PCI_LOCATION_LEN, "snp");
	if (!dp || efi_bs->LocateDevicePath(&pci_io_guid, &dp, &pci_handle))
		return;
	io = efi_protocol(pci_handle, &pci_io_guid);
	if (io && io->GetLocation(io, &seg, &bus, &dev, &fn) == EFI_SUCCESS)
		snprintf(buf, PCI_LOCATION_LEN, "%04x:%02x:%02x.%x",
			 (unsigned int)seg, (unsigned int)bus,
			 (unsigned int)dev, (unsigned int)fn);
}

/* Give HANDLE's SNP back to the firmware's network stack. */
static void release(EFI_HANDLE handle, bool exclusive)
{
	if (!exclusive)
		return;
	efi_bs->CloseProtocol(handle, &snp_guid, efi_image_handle, handle);
	efi_bs->ConnectController(handle, NULL, NULL, TRUE);
}

/*
 * Open HANDLE's SNP exclusively, which stops the firmware's network stack
 * on it. Where that is refused it is shared: EDK2's PXE client, which
 * loaded snponly.efi, holds the card and offers a SNP of its own on the
 * handle it loaded us from (nicboot runs at TPL_CALLBACK so that the
 * firmware's stack does not poll the card meanwhile). *EXCLUSIVE tells
 * which.
 */
static void *open_snp(EFI_HANDLE handle, bool *exclusive)
{
	void *snp = NULL;

	*exclusive = efi_bs->OpenProtocol(handle, &snp_guid, &snp,
					  efi_image_handle, handle,
					  SNP_OPEN_CLAIM) == EFI_SUCCESS;
	if (!*exclusive)
		snp = efi_protocol(handle, &snp_guid);
	return snp;
}

int efi_snp_probe_handle(EFI_HANDLE handle)
{
	char location[PCI_LOCATION_LEN];
	struct efi_snp_claim *claim;
	bool exclusive;
	void *snp;
	int rc;

	snp_location(handle, location);
	snp = open_snp(handle, &exclusive);
	if (!snp) {
		printf("snp: the card at %s has gone\n", location);
		return -ENODEV;
	}
	claim = malloc(sizeof(*claim));
	rc = claim ? snpnet_probe(snp, location, &claim->netdev) : -ENOMEM;
	if (rc) {
		printf("snp: card at %s: %s\n", location, strerror(rc));
		free(claim);
		release(handle, exclusive);
		return rc;
	}
	claim->handle = handle;
	claim->exclusive = exclusive;
	list_add_tail(&claim->list, &claims);
	return 0;
}

void efi_snp_probe_all(void)
{
	EFI_HANDLE *handles;
	UINTN count, i;

	if (efi_bs->LocateHandleBuffer(ByProtocol, &snp_guid, NULL, &count,
				       &handles) != EFI_SUCCESS)
		return;
	for (i = 0; i < count; i++)
		efi_snp_probe_handle(handles[i]);
	efi_bs->FreePool(handles);
}

/* Stop every SNP card and give it back to the firmware's network stack. */
static void efi_snp_shutdown(void)
{
	struct efi_snp_claim *claim, *tmp;

	list_for_each_entry_safe(claim, tmp, &claims, list) {
		list_del(&claim->list);
		snpnet_remove(claim->netdev);
		release(claim->handle, claim->exclusive);
		free(claim);
	}
}

SHUTDOWN_FN(efi_snp_shutdown_fn) = { INIT_NORMAL, efi_snp_shutdown };
