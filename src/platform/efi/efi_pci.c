/* SPDX-License-Identifier: MIT */
/*
 * PCI on UEFI: config space through each device's PCI I/O protocol, and
 * the devices nicboot has a driver for taken from the firmware's drivers
 * (an exclusive open disconnects them) and given back at shutdown.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <core/init.h>
#include <core/list.h>
#include <drivers/bus/pci.h>
#include "platform/efi/efi.h"

/* What a driver needs of a device: its registers and DMA. */
#define PCI_ENABLE_ATTRIBUTES (EFI_PCI_IO_ATTRIBUTE_IO | \
			       EFI_PCI_IO_ATTRIBUTE_MEMORY | \
			       EFI_PCI_IO_ATTRIBUTE_BUS_MASTER)
#define PCI_OPEN_CLAIM (EFI_OPEN_PROTOCOL_BY_DRIVER | EFI_OPEN_PROTOCOL_EXCLUSIVE)
/* The class code byte of network controllers. */
#define PCI_CLASS_NETWORK 0x02
#define PCI_CLASS_CODE 0x0b

/* A device taken from the firmware, to give back at shutdown. */
struct efi_pci_claim {
	struct list_head list;
	EFI_HANDLE handle;
};

static LIST_HEAD(claims);
static EFI_GUID pci_io_guid = EFI_PCI_IO_PROTOCOL_GUID;

/* Read WIDTH-sized config register WHERE; all ones if the firmware fails. */
static uint32_t config_read(const struct pci_device *pci, unsigned int where,
			    EFI_PCI_IO_PROTOCOL_WIDTH width)
{
	EFI_PCI_IO_PROTOCOL *io = pci->access;
	uint32_t value = 0;

	if (io->Pci.Read(io, width, where, 1, &value) != EFI_SUCCESS)
		return UINT32_MAX;
	return value;
}

static void config_write(const struct pci_device *pci, unsigned int where,
			 EFI_PCI_IO_PROTOCOL_WIDTH width, uint32_t value)
{
	EFI_PCI_IO_PROTOCOL *io = pci->access;

	io->Pci.Write(io, width, where, 1, &value);
}

uint8_t pci_read_config8(const struct pci_device *pci, unsigned int where)
{
	return (uint8_t)config_read(pci, where, EfiPciIoWidthUint8);
}

uint16_t pci_read_config16(const struct pci_device *pci, unsigned int where)
{
	return (uint16_t)config_read(pci, where, EfiPciIoWidthUint16);
}

uint32_t pci_read_config32(const struct pci_device *pci, unsigned int where)
{
	return config_read(pci, where, EfiPciIoWidthUint32);
}

void pci_write_config8(const struct pci_device *pci, unsigned int where,
		       uint8_t value)
{
	config_write(pci, where, EfiPciIoWidthUint8, value);
}

void pci_write_config16(const struct pci_device *pci, unsigned int where,
			uint16_t value)
{
	config_write(pci, where, EfiPciIoWidthUint16, value);
}

void pci_write_config32(const struct pci_device *pci, unsigned int where,
			uint32_t value)
{
	config_write(pci, where, EfiPciIoWidthUint32, value);
}

/* Give HANDLE back to the firmware's drivers. */
static void release(EFI_HANDLE handle)
{
	efi_bs->CloseProtocol(handle, &pci_io_guid, efi_image_handle, handle);
	efi_bs->ConnectController(handle, NULL, NULL, TRUE);
}

/* Whether a linked driver lists the device behind IO. */
static bool have_driver(EFI_PCI_IO_PROTOCOL *io)
{
	struct pci_device pci = { .access = io };

	return pci_has_driver(pci_read_config16(&pci, PCI_VENDOR_ID),
			      pci_read_config16(&pci, PCI_DEVICE_ID));
}

/* Take HANDLE from the firmware and offer it to nicboot's drivers. */
static void probe_handle(EFI_HANDLE handle, EFI_PCI_IO_PROTOCOL *io)
{
	struct pci_device found = { .access = io };
	struct efi_pci_claim *claim;
	UINTN seg, bus, dev, fn;
	void *opened;
	EFI_STATUS status;

	if (io->GetLocation(io, &seg, &bus, &dev, &fn) != EFI_SUCCESS)
		return;
	found.busdevfn = PCI_BUSDEVFN(bus, dev, fn);
	status = efi_bs->OpenProtocol(handle, &pci_io_guid, &opened,
				      efi_image_handle, handle, PCI_OPEN_CLAIM);
	if (status != EFI_SUCCESS) {
		printf("efi: PCI %02x:%02x.%x is busy: %s\n", (unsigned int)bus,
		       (unsigned int)dev, (unsigned int)fn, efi_strerror(status));
		return;
	}
	io->Attributes(io, EfiPciIoAttributeOperationEnable,
		       PCI_ENABLE_ATTRIBUTES, NULL);
	claim = malloc(sizeof(*claim));
	if (!claim || !pci_probe_device(&found)) {
		free(claim);
		release(handle);
		return;
	}
	claim->handle = handle;
	list_add_tail(&claim->list, &claims);
}

/*
 * Claim the cards nicboot drives; connect the firmware's drivers to the
 * other network controllers, which a fast boot may have left unconnected,
 * so that their SNP appears.
 */
void efi_pci_probe(void)
{
	EFI_HANDLE *handles;
	UINTN count, i;

	if (efi_bs->LocateHandleBuffer(ByProtocol, &pci_io_guid, NULL, &count,
				       &handles) != EFI_SUCCESS)
		return;
	for (i = 0; i < count; i++) {
		EFI_PCI_IO_PROTOCOL *io = efi_protocol(handles[i], &pci_io_guid);
		struct pci_device pci = { .access = io };

		if (!io)
			continue;
		if (have_driver(io))
			probe_handle(handles[i], io);
		else if (pci_read_config8(&pci, PCI_CLASS_CODE) ==
			 PCI_CLASS_NETWORK)
			efi_bs->ConnectController(handles[i], NULL, NULL, TRUE);
	}
	efi_bs->FreePool(handles);
}

/* Quiesce the cards and hand them back to the firmware's drivers. */
static void efi_pci_shutdown(void)
{
	struct efi_pci_claim *claim, *tmp;

	pci_remove_all();
	list_for_each_entry_safe(claim, tmp, &claims, list) {
		list_del(&claim->list);
		release(claim->handle);
		free(claim);
	}
}

SHUTDOWN_FN(efi_pci_shutdown_fn) = { INIT_NORMAL, efi_pci_shutdown };
