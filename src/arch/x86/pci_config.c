/* SPDX-License-Identifier: MIT */
/* PCI config space through I/O ports 0xcf8/0xcfc (configuration mechanism 1). */
#include <stdint.h>
#include <arch/io.h>
#include <drivers/bus/pci.h>

#define PCI_CONFIG_ADDRESS 0xcf8
#define PCI_CONFIG_DATA 0xcfc
#define PCI_CONFIG_ENABLE 0x80000000u
#define PCI_CONFIG_BDF_SHIFT 8
#define PCI_CONFIG_REG_MASK 0xfc
#define PCI_CONFIG_BYTE_MASK 0x3
#define PCI_CONFIG_WORD_MASK 0x2

/* Select the dword holding WHERE; returns the data port for its byte. */
static uint16_t pci_config_select(const struct pci_device *pci,
				  unsigned int where)
{
	outl(PCI_CONFIG_ENABLE |
	     ((uint32_t)pci->busdevfn << PCI_CONFIG_BDF_SHIFT) |
	     (where & PCI_CONFIG_REG_MASK), PCI_CONFIG_ADDRESS);
	return PCI_CONFIG_DATA;
}

uint8_t pci_read_config8(const struct pci_device *pci, unsigned int where)
{
	return inb(pci_config_select(pci, where) + (where & PCI_CONFIG_BYTE_MASK));
}

uint16_t pci_read_config16(const struct pci_device *pci, unsigned int where)
{
	return inw(pci_config_select(pci, where) + (where & PCI_CONFIG_WORD_MASK));
}

uint32_t pci_read_config32(const struct pci_device *pci, unsigned int where)
{
	return inl(pci_config_select(pci, where));
}

void pci_write_config8(const struct pci_device *pci, unsigned int where,
		       uint8_t value)
{
	outb(value, pci_config_select(pci, where) + (where & PCI_CONFIG_BYTE_MASK));
}

void pci_write_config16(const struct pci_device *pci, unsigned int where,
			uint16_t value)
{
	outw(value, pci_config_select(pci, where) + (where & PCI_CONFIG_WORD_MASK));
}

void pci_write_config32(const struct pci_device *pci, unsigned int where,
			uint32_t value)
{
	outl(value, pci_config_select(pci, where));
}
