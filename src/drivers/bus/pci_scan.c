/* SPDX-License-Identifier: MIT */
/* The PCI bus scan by raw config space (BIOS): every function of every bus behind the host bridge. */
#include <stdint.h>
#include <drivers/bus/pci.h>

#define PCI_MAX_BUS 255
#define PCI_MAX_SLOT 31
#define PCI_MAX_FUNC 7
/* Vendor ID read from a slot with nothing in it. */
#define PCI_VENDOR_NONE 0xffff
#define PCI_HEADER_TYPE_BRIDGE 1

/* Probe each function of one slot; raises *MAX_BUS past any bridge. */
static unsigned int pci_scan_slot(unsigned int bus, unsigned int slot,
				  unsigned int *max_bus)
{
	unsigned int fn, found = 0, nfuncs = 1;

	for (fn = 0; fn < nfuncs; fn++) {
		struct pci_device probe = {
			.busdevfn = PCI_BUSDEVFN(bus, slot, fn),
		};
		uint8_t type;

		if (pci_read_config16(&probe, PCI_VENDOR_ID) == PCI_VENDOR_NONE)
			continue;
		type = pci_read_config8(&probe, PCI_HEADER_TYPE);
		if (fn == 0 && (type & PCI_HEADER_MULTI_FUNCTION))
			nfuncs = PCI_MAX_FUNC + 1;
		if ((type & PCI_HEADER_TYPE_MASK) == PCI_HEADER_TYPE_BRIDGE) {
			unsigned int sub = pci_read_config8(&probe,
							    PCI_SUBORDINATE_BUS);
			if (sub > *max_bus)
				*max_bus = sub;
		}
		if (pci_probe_device(&probe))
			found++;
	}
	return found;
}

unsigned int pci_probe_all(uint32_t prefer)
{
	unsigned int bus, slot, max_bus = 0, found = 0;
	struct pci_device preferred = { .busdevfn = (uint16_t)prefer };

	if (prefer != PCI_NO_PREFERENCE && pci_probe_device(&preferred))
		found++;
	for (bus = 0; bus <= max_bus && bus <= PCI_MAX_BUS; bus++) {
		for (slot = 0; slot <= PCI_MAX_SLOT; slot++)
			found += pci_scan_slot(bus, slot, &max_bus);
	}
	return found;
}
