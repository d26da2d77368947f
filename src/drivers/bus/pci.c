/* SPDX-License-Identifier: MIT */
/* PCI BAR and capability helpers, and matching devices to drivers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <core/list.h>
#include <drivers/bus/pci.h>

#define PCI_CLASS_SHIFT 8
/* Capability list: ID at +0, next pointer at +1; low two bits reserved. */
#define PCI_CAP_NEXT 1
#define PCI_CAP_PTR_MASK 0xfc
/* A corrupt list cannot hold more entries than fit in config space. */
#define PCI_CAP_MAX_ENTRIES 48

static LIST_HEAD(pci_devices);

uint64_t pci_bar_start(const struct pci_device *pci, unsigned int bar)
{
	unsigned int reg = PCI_BAR0 + 4 * bar;
	uint32_t low = pci_read_config32(pci, reg);
	uint64_t high = 0;

	if (low & PCI_BAR_SPACE_IO)
		return low & PCI_BAR_IO_MASK;
	if ((low & PCI_BAR_MEM_TYPE_MASK) == PCI_BAR_MEM_TYPE_64 &&
	    bar + 1 < PCI_BAR_COUNT)
		high = pci_read_config32(pci, reg + 4);
	return (high << 32) | (low & PCI_BAR_MEM_MASK);
}

bool pci_bar_is_io(const struct pci_device *pci, unsigned int bar)
{
	return pci_read_config32(pci, PCI_BAR0 + 4 * bar) & PCI_BAR_SPACE_IO;
}

void pci_enable_device(const struct pci_device *pci)
{
	uint16_t cmd = pci_read_config16(pci, PCI_COMMAND);

	cmd |= PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER |
	       PCI_COMMAND_INTX_DISABLE;
	pci_write_config16(pci, PCI_COMMAND, cmd);
}

void pci_disable_bus_master(const struct pci_device *pci)
{
	uint16_t cmd = pci_read_config16(pci, PCI_COMMAND);

	pci_write_config16(pci, PCI_COMMAND, cmd & ~PCI_COMMAND_MASTER);
}

unsigned int pci_find_capability(const struct pci_device *pci,
				 unsigned int id, unsigned int start)
{
	unsigned int pos, n;

	if (!(pci_read_config16(pci, PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return 0;
	pos = start ? pci_read_config8(pci, start + PCI_CAP_NEXT)
		    : pci_read_config8(pci, PCI_CAPABILITY_LIST);
	for (n = 0; n < PCI_CAP_MAX_ENTRIES; n++) {
		pos &= PCI_CAP_PTR_MASK;
		if (!pos)
			return 0;
		if (pci_read_config8(pci, pos) == id)
			return pos;
		pos = pci_read_config8(pci, pos + PCI_CAP_NEXT);
	}
	return 0;
}

void pci_location(const struct pci_device *pci, char *buf)
{
	snprintf(buf, PCI_LOCATION_LEN, "0000:%02x:%02x.%x",
		 PCI_BUS(pci->busdevfn), PCI_SLOT(pci->busdevfn),
		 PCI_FUNC(pci->busdevfn));
}

/* The driver and ID entry for VENDOR:DEVICE, or NULL. */
static const struct pci_driver *pci_match(uint16_t vendor, uint16_t device,
					  const struct pci_device_id **id)
{
	const struct pci_driver *driver;
	unsigned int i;

	for_each_table_entry(driver, pci_drivers) {
		for (i = 0; i < driver->id_count; i++) {
			if (driver->ids[i].vendor == vendor &&
			    driver->ids[i].device == device) {
				*id = &driver->ids[i];
				return driver;
			}
		}
	}
	return NULL;
}

bool pci_has_driver(uint16_t vendor, uint16_t device)
{
	const struct pci_device_id *id;

	return pci_match(vendor, device, &id) != NULL;
}

/* Whether the function at BUSDEVFN is already claimed. */
static bool pci_claimed(uint16_t busdevfn)
{
	struct pci_device *pci;

	list_for_each_entry(pci, &pci_devices, list) {
		if (pci->busdevfn == busdevfn)
			return true;
	}
	return false;
}

bool pci_probe_device(const struct pci_device *found)
{
	struct pci_device probe = *found, *pci;
	const struct pci_device_id *id;
	const struct pci_driver *driver;
	char loc[PCI_LOCATION_LEN];
	int rc;

	if (pci_claimed(probe.busdevfn))
		return false;
	probe.vendor = pci_read_config16(&probe, PCI_VENDOR_ID);
	probe.device = pci_read_config16(&probe, PCI_DEVICE_ID);
	driver = pci_match(probe.vendor, probe.device, &id);
	if (!driver)
		return false;
	pci = malloc(sizeof(*pci));
	if (!pci)
		return false;
	*pci = probe;
	pci->class = pci_read_config32(pci, PCI_REVISION) >> PCI_CLASS_SHIFT;
	pci->driver = driver;
	pci->id_name = id->name;
	rc = driver->probe(pci);
	if (rc) {
		pci_location(pci, loc);
		printf("%s %s (%04x:%04x) at %s: %s\n", driver->name, id->name,
		       pci->vendor, pci->device, loc, strerror(rc));
		pci_disable_bus_master(pci);
		free(pci);
		return false;
	}
	list_add_tail(&pci->list, &pci_devices);
	return true;
}

void pci_remove_all(void)
{
	struct pci_device *pci, *tmp;

	list_for_each_entry_safe(pci, tmp, &pci_devices, list) {
		list_del(&pci->list);
		pci->driver->remove(pci);
		pci_disable_bus_master(pci);
		free(pci);
	}
}
