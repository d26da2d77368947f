/* SPDX-License-Identifier: MIT */
/*
 * PCI: config space access, driver matching and the bus scan. A driver
 * lists the vendor:device IDs it drives and registers with PCI_DRIVER();
 * pci_probe_device() offers a function to the first driver that claims
 * its ID. The BIOS finds functions by scanning the buses
 * (pci_probe_all()); UEFI by the firmware's PCI I/O handles.
 */
#ifndef DRIVERS_BUS_PCI_H
#define DRIVERS_BUS_PCI_H

#include <stdbool.h>
#include <stdint.h>
#include <core/list.h>
#include <core/table.h>

/* Config space registers (PCI Local Bus 3.0, section 6.1). */
#define PCI_VENDOR_ID		0x00
#define PCI_DEVICE_ID		0x02
#define PCI_COMMAND		0x04
#define PCI_STATUS		0x06
#define PCI_REVISION		0x08
#define PCI_CLASS_PROG		0x09
#define PCI_HEADER_TYPE		0x0e
#define PCI_BAR0		0x10
#define PCI_BAR_COUNT		6
#define PCI_SUBSYSTEM_VENDOR_ID	0x2c
#define PCI_SUBSYSTEM_ID	0x2e
#define PCI_CAPABILITY_LIST	0x34
#define PCI_INTERRUPT_LINE	0x3c
/* Type 1 (bridge) header: the highest bus number behind the bridge. */
#define PCI_SUBORDINATE_BUS	0x1a

#define PCI_COMMAND_IO		0x0001
#define PCI_COMMAND_MEMORY	0x0002
#define PCI_COMMAND_MASTER	0x0004
#define PCI_COMMAND_INTX_DISABLE 0x0400

#define PCI_STATUS_CAP_LIST	0x0010
#define PCI_HEADER_TYPE_MASK	0x7f
#define PCI_HEADER_MULTI_FUNCTION 0x80

#define PCI_BAR_SPACE_IO	0x1
#define PCI_BAR_MEM_TYPE_MASK	0x6
#define PCI_BAR_MEM_TYPE_64	0x4
#define PCI_BAR_IO_MASK		(~0x3u)
#define PCI_BAR_MEM_MASK	(~0xfu)

/* Capability IDs used by our drivers. */
#define PCI_CAP_ID_PM		0x01
#define PCI_CAP_ID_VNDR		0x09
#define PCI_CAP_ID_EXP		0x10

/* Bus/device/function packed as in config address: bus << 8 | dev << 3 | fn. */
#define PCI_BUSDEVFN(bus, dev, fn) \
	((uint16_t)(((bus) << 8) | ((dev) << 3) | (fn)))
#define PCI_BUS(bdf)	((bdf) >> 8)
#define PCI_SLOT(bdf)	(((bdf) >> 3) & 0x1f)
#define PCI_FUNC(bdf)	((bdf) & 0x7)

struct pci_driver;

/* One PCI function found by the scan. */
struct pci_device {
	struct list_head list;	/* in the list of claimed devices */
	uint16_t busdevfn;
	void *access;		/* the platform's config access (UEFI: PCI I/O) */
	uint16_t vendor;
	uint16_t device;
	uint32_t class;		/* class << 16 | subclass << 8 | prog-if */
	const struct pci_driver *driver;	/* the driver that claimed it */
	const char *id_name;	/* the name in the driver's ID list */
	void *priv;		/* the driver's */
};

struct pci_device_id {
	uint16_t vendor;
	uint16_t device;
	const char *name;	/* "82540EM", "virtio-net" */
};

struct pci_driver {
	const char *name;
	const struct pci_device_id *ids;
	unsigned int id_count;
	/*
	 * Claim PCI, register its net device; 0 or a negative error. After
	 * a failed probe the PCI layer turns bus mastering off.
	 */
	int (*probe)(struct pci_device *pci);
	/*
	 * Stop all DMA and unregister: the device is left quiet. The PCI
	 * layer turns bus mastering off afterwards.
	 */
	void (*remove)(struct pci_device *pci);
};

TABLE_DECLARE(const struct pci_driver, pci_drivers);
#define PCI_DRIVER(ident) \
	const struct pci_driver ident \
	TABLE_ENTRY(const struct pci_driver, pci_drivers)

/* Config space access (the platform or arch provides these). */
uint8_t pci_read_config8(const struct pci_device *pci, unsigned int where);
uint16_t pci_read_config16(const struct pci_device *pci, unsigned int where);
uint32_t pci_read_config32(const struct pci_device *pci, unsigned int where);
void pci_write_config8(const struct pci_device *pci, unsigned int where,
		       uint8_t value);
void pci_write_config16(const struct pci_device *pci, unsigned int where,
			uint16_t value);
void pci_write_config32(const struct pci_device *pci, unsigned int where,
			uint32_t value);

/*
 * The address BAR (0..5) decodes: an I/O port number or a memory
 * address (64-bit BARs read both halves); 0 if the BAR is unassigned.
 */
uint64_t pci_bar_start(const struct pci_device *pci, unsigned int bar);
/* Whether BAR decodes I/O space. */
bool pci_bar_is_io(const struct pci_device *pci, unsigned int bar);
/* Turn on memory and I/O decoding and bus mastering; mask INTx. */
void pci_enable_device(const struct pci_device *pci);
/* Turn off bus mastering: the device can no longer reach memory. */
void pci_disable_bus_master(const struct pci_device *pci);
/*
 * Config offset of the first capability ID at or after the capability at
 * START (0 = from the list head), or 0 if there is none.
 */
unsigned int pci_find_capability(const struct pci_device *pci,
				 unsigned int id, unsigned int start);
/* "0000:00:03.0" into BUF of at least PCI_LOCATION_LEN bytes. */
#define PCI_LOCATION_LEN 16
void pci_location(const struct pci_device *pci, char *buf);

/* Whether a linked driver lists VENDOR:DEVICE. */
bool pci_has_driver(uint16_t vendor, uint16_t device);
/*
 * Offer the function FOUND describes (busdevfn and access set) to its
 * driver, unless it is claimed already; true if a driver claimed it.
 */
bool pci_probe_device(const struct pci_device *found);
/*
 * Scan every bus (pci_scan.c), and offer each function to the drivers; with PREFER
 * set (a busdevfn, e.g. the card whose option ROM we are), that function
 * is probed first so it becomes net0. Returns how many were claimed.
 */
#define PCI_NO_PREFERENCE 0xffffffffu
unsigned int pci_probe_all(uint32_t prefer);
/* Remove every claimed device (before handing the machine to an OS). */
void pci_remove_all(void);

#endif
