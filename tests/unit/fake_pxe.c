/* SPDX-License-Identifier: MIT */
/* The firmware side of the PXE API calls, faked for unit tests. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <drivers/bus/pci.h>
#include <arch/pxe_provider.h>
#include <arch/realmode.h>
#include <arch/rmlayout.h>
#include "fake_pxe.h"

#define FAKE_PCI_CONFIG_SIZE 0x40

uint8_t fake_lowmem[FAKE_LOWMEM_SIZE];
uint16_t fake_pci_busdevfn;
static struct net_device *fake_boot_netdev;

void fake_pxe_reset(struct net_device *netdev)
{
	memset(fake_lowmem, 0, sizeof(fake_lowmem));
	fake_boot_netdev = netdev;
}

void *fake_pxe_ptr(segoff16_t segoff)
{
	return fake_lowmem + (size_t)SEGOFF_SEG(segoff) * PARAGRAPH +
	       SEGOFF_OFF(segoff);
}

void *pxe_real_ptr(segoff16_t segoff)
{
	return fake_pxe_ptr(segoff);
}

struct net_device *pxe_netdev(void)
{
	return fake_boot_netdev;
}

uint16_t rm_segment(void)
{
	return FAKE_RM_SEGMENT;
}

void *rm_buffer(void)
{
	return fake_pxe_ptr(SEGOFF(FAKE_RM_SEGMENT, RM_BUFFER));
}

uint16_t fake_pxe_call(uint16_t opcode, void *params, size_t len,
		       segoff16_t segoff)
{
	const struct pxe_api_call *call;
	void *block = fake_pxe_ptr(segoff);
	uint16_t exit;

	for_each_table_entry(call, pxe_api_calls) {
		if (call->opcode != opcode)
			continue;
		if (call->params_len != len)
			return FAKE_PXE_BAD_CALL;
		memcpy(block, params, len);
		exit = call->handler(block);
		memcpy(params, block, len);
		return exit;
	}
	return FAKE_PXE_BAD_CALL;
}

/* A config space: vendor, device, revision, class, subsystem. */
static uint8_t fake_pci_config(const struct pci_device *pci,
			       unsigned int where)
{
	static const uint8_t space[FAKE_PCI_CONFIG_SIZE] = {
		[PCI_VENDOR_ID] = FAKE_PCI_VENDOR & 0xff,
		[PCI_VENDOR_ID + 1] = FAKE_PCI_VENDOR >> 8,
		[PCI_DEVICE_ID] = FAKE_PCI_DEVICE & 0xff,
		[PCI_DEVICE_ID + 1] = FAKE_PCI_DEVICE >> 8,
		[PCI_REVISION] = FAKE_PCI_REVISION,
		[PCI_CLASS_PROG] = FAKE_PCI_CLASS & 0xff,
		[PCI_CLASS_PROG + 1] = (FAKE_PCI_CLASS >> 8) & 0xff,
		[PCI_CLASS_PROG + 2] = FAKE_PCI_CLASS >> 16,
		[PCI_SUBSYSTEM_VENDOR_ID] = FAKE_PCI_SUBSYS_VENDOR & 0xff,
		[PCI_SUBSYSTEM_VENDOR_ID + 1] = FAKE_PCI_SUBSYS_VENDOR >> 8,
		[PCI_SUBSYSTEM_ID] = FAKE_PCI_SUBSYS_DEVICE & 0xff,
		[PCI_SUBSYSTEM_ID + 1] = FAKE_PCI_SUBSYS_DEVICE >> 8,
	};

	fake_pci_busdevfn = pci->busdevfn;
	return where < sizeof(space) ? space[where] : 0xff;
}

uint8_t pci_read_config8(const struct pci_device *pci, unsigned int where)
{
	return fake_pci_config(pci, where);
}

uint16_t pci_read_config16(const struct pci_device *pci, unsigned int where)
{
	return (uint16_t)(fake_pci_config(pci, where) |
			  fake_pci_config(pci, where + 1) << 8);
}
